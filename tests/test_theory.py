"""Kinetic-theory references against values computed by hand and known limits."""
import math

import numpy as np
import pytest

from analysis import theory
from particlesim.constants import K_B

M_AR, M_HE = 6.6335e-26, 6.6465e-27


def test_first_approximation_by_hand():
    # 3/(8 n d^2) sqrt(kT / (2 pi mu)) for argon-helium at 273.15 K, n = 2.687e25 (worked by hand: 4.904e-5)
    d = theory.diffusion_ce1(2.687e25, 273.15, M_AR, M_HE, 3.66e-10, 2.33e-10)
    assert d == pytest.approx(4.904e-5, rel=1e-3)
    # T^(3/2)/p scaling at fixed p: D ~ T^1.5
    n2 = 2.687e25 * 273.15 / 546.3
    assert theory.diffusion_ce1(n2, 546.3, M_AR, M_HE, 3.66e-10, 2.33e-10) / d == pytest.approx(2 ** 1.5, rel=1e-12)


def test_collision_rate_and_effusion_by_hand():
    n = np.array([1e25, 2e25])
    Z = theory.collision_rates(n, [M_AR, M_AR], [3.66e-10, 3.66e-10], 300.0)
    g = math.sqrt(8 * K_B * 300 / (math.pi * M_AR / 2))
    s = math.pi * 3.66e-10 ** 2
    assert Z[0, 1] == pytest.approx(1e25 * 2e25 * s * g, rel=1e-12)
    assert Z[0, 0] == pytest.approx(0.5 * 1e50 * s * g, rel=1e-12)
    assert theory.effusion_flux(1e25, M_AR, 300.0) == pytest.approx(1e25 * math.sqrt(K_B * 300 / (2 * math.pi * M_AR)))
    # a drift of zero reduces to the plain effusion flux
    assert theory.drifting_effusion_flux(1e25, M_AR, 300.0, 0.0) == pytest.approx(theory.effusion_flux(1e25, M_AR, 300.0))


def test_equal_masses_second_approximation_lies_just_below_the_exact_1019():
    r2 = theory.diffusion_ratio(1.0, 1.0, 1.0, 1.0, 0.5, order=2)
    r6 = theory.diffusion_ratio(1.0, 1.0, 1.0, 1.0, 0.5, order=6)
    assert 1.015 < r2 < r6
    assert r6 == pytest.approx(1.019, abs=0.001)  # Pekeris and Alterman (1957)
    # self-diffusion does not depend on composition
    assert theory.diffusion_ratio(1.0, 1.0, 1.0, 1.0, 0.1, order=2) == pytest.approx(r2, abs=2e-4)


def test_light_trace_species_approaches_the_lorentz_limit_from_below():
    lorentz = 32.0 / (9.0 * math.pi)
    ratios = [theory.diffusion_ratio(1e-3, 1.0, 1.0, 1.0, 1e-4, order=k) for k in (2, 4, 6)]
    assert ratios[0] < ratios[1] < ratios[2] < lorentz
    assert ratios[2] > 1.11


def test_heavy_trace_species_tends_to_the_first_approximation():
    r = theory.diffusion_ratio(1000.0, 1.0, 1.0, 1.0, 1e-4, order=6)
    assert 1.0 <= r < 1.005


def test_unequal_masses_depend_on_composition():
    lo = theory.diffusion_ratio(39.948, 4.0026, 3.66, 2.33, 0.1, order=2)
    hi = theory.diffusion_ratio(39.948, 4.0026, 3.66, 2.33, 0.9, order=2)
    assert 1.0 < lo < hi
    assert hi < theory.diffusion_ratio(39.948, 4.0026, 3.66, 2.33, 0.9, order=6)


def test_thermal_diffusion_factor_has_the_isotopic_rigid_sphere_limit():
    # C&C sec. 10.31: alpha_T = (105/118)(m_A - m_B)/(m_A + m_B) for nearly equal rigid spheres
    a = theory.thermal_diffusion_factor(1.1, 1.0, 1.0, 1.0, 0.5, order=2, log2n=19)
    assert a == pytest.approx(105 / 118 * 0.1 / 2.1, rel=0.02)
    # the heavier species goes to the cold side: the sign follows the mass difference
    assert theory.thermal_diffusion_factor(1.0, 1.1, 1.0, 1.0, 0.5, order=2, log2n=19) < 0
    # higher orders raise it for a large mass ratio (argon-helium)
    a2 = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, 0.5, order=2)
    a4 = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, 0.5, order=4)
    assert 0.4 < a2 < a4 < 0.8
