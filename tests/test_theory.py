"""Kinetic-theory references against values computed by hand and known limits."""
import math

import numpy as np
import pytest

from analysis import theory
from analysis.theory import chapman_enskog
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
    a = theory.thermal_diffusion_factor(1.1, 1.0, 1.0, 1.0, 0.5, order=2)
    assert a == pytest.approx(105 / 118 * 0.1 / 2.1, rel=0.02)
    # the heavier species goes to the cold side: the sign follows the mass difference
    assert theory.thermal_diffusion_factor(1.0, 1.1, 1.0, 1.0, 0.5, order=2) < 0
    # higher orders raise it for a large mass ratio (argon-helium)
    a2 = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, 0.5, order=2)
    a4 = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, 0.5, order=4)
    assert 0.4 < a2 < a4 < 0.8


# --------------------------------------------------------------------------- VHS and VSS molecules

VSS_HE_AR = ((4.11e-10, 0.81, 1.40), (3.205e-10, 0.735, 1.33), (2.30e-10, 0.66, 1.26))  # Bird's presets, mixed
MM_AR, MM_HE = 39.948e-3, 4.0026e-3  # kg/mol, as the ratios take them


@pytest.mark.parametrize("pairs", [None, VSS_HE_AR, ((4e-10, 1.0, 1.0), (3.2e-10, 0.9, 1.0), (2.3e-10, 0.7, 1.0))])
def test_order_one_brackets_match_the_closed_form(pairs):
    """The brackets' own order-1 D (reduced units) against the closed form
    3 (alpha + 1) / (4 (5 - 2 omega)) sqrt(1 / (2 pi mu)): the VHS sigma(g) weight and the VSS
    deflection law enter the bracket integrals exactly."""
    mbar = 0.5 * (MM_AR + MM_HE)
    mu = (MM_AR / mbar) * (MM_HE / mbar) / ((MM_AR + MM_HE) / mbar)
    r1, _ = chapman_enskog._galerkin_d(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.3, 2, pairs)
    w, a = (0.5, 1.0) if pairs is None else pairs[1][1:]
    assert r1 == pytest.approx(3 * (a + 1) / (4 * (5 - 2 * w)) * math.sqrt(1 / (2 * math.pi * mu)), rel=1e-12)


def test_vhs_with_hard_sphere_parameters_is_the_hard_sphere():
    pairs = ((3.66e-10, 0.5, 1.0), (2.995e-10, 0.5, 1.0), (2.33e-10, 0.5, 1.0))
    for order in (2, 6):
        assert theory.diffusion_ratio(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.4, order, pairs=pairs) == pytest.approx(
            theory.diffusion_ratio(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.4, order), rel=1e-12)
    assert theory.diffusion_ce1_model(2.687e25, 300.0, 1e-26, 2e-26, 3e-10) == pytest.approx(
        theory.diffusion_ce1(2.687e25, 300.0, 1e-26, 2e-26, 3e-10, 3e-10), rel=1e-14)


def test_maxwell_molecules_make_the_first_approximation_exact():
    """omega = 1 (sigma g constant): every Sonine order gives [D]_1, and there is no thermal
    diffusion (Chapman and Cowling sec. 10.5), for isotropic and for VSS scattering."""
    for alpha in (1.0, 1.5):
        mx = ((3e-10, 1.0, alpha), (3e-10, 1.0, alpha), (3e-10, 1.0, alpha))
        assert theory.diffusion_ratio(MM_AR, MM_HE, 1, 1, 0.5, 6, pairs=mx) == pytest.approx(1.0, abs=1e-10)
    mx = ((3e-10, 1.0, 1.0),) * 3
    assert abs(theory.thermal_diffusion_factor(MM_AR, MM_HE, 1, 1, 0.5, 4, pairs=mx)) < 1e-10
    # against the hard-sphere value, 0.09 for this pair: the zero is resolved
    assert theory.thermal_diffusion_factor(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.5, 4) > 0.05


@pytest.mark.parametrize("omega", [0.5, 0.66, 0.81, 1.0])
def test_d1_grows_as_t_to_omega_plus_one_at_fixed_pressure(omega):
    D = lambda T: theory.diffusion_ce1_model(101325.0 / (K_B * T), T, 6.6e-26, 6.6e-27, 3.2e-10, omega, 1.3)
    assert math.log(D(600.0) / D(300.0)) / math.log(2.0) == pytest.approx(omega + 1.0, rel=1e-12)


def test_bird_presets_reproduce_birds_viscosities():
    """Each VHS and VSS preset gives Bird's tabulated viscosity at 273 K within 1% (a check on
    the transcription; the tabulated diameters have three digits)."""
    from particlesim.gases import molecular_mass
    from particlesim.molecules import BIRD_A, viscosity_model
    for name, (M, mu, w, d_vhs, d_vss, a) in BIRD_A.items():
        m = molecular_mass(M)
        assert viscosity_model(m, d_vhs, w, 1.0, 273.0) == pytest.approx(mu, rel=0.01), name
        assert viscosity_model(m, d_vss, w, a, 273.0) == pytest.approx(mu, rel=0.01), name


@pytest.mark.parametrize("omega", [None, 0.74])
def test_local_d1_factor_is_exact_for_power_laws(omega):
    """D_1 at a tube face's own n and T over D_1(n_ref, T_ref): n_ref / n (T / T_ref)^omega, exactly."""
    models = None if omega is None else (((4.1e-10, omega, 1.4),) * 2,) * 2
    pair = theory.Binary(0.039948, 0.0040026, 3.66e-10, 2.33e-10, models)
    n, T = np.array([2.687e25, 2.5e25]), np.array([273.15, 280.0])
    got = theory.local_d1_factor(pair, n, T, 2.687e25, 273.15)
    want = [pair.d1(x, t) / pair.d1(2.687e25, 273.15) for x, t in zip(n, T)]
    assert got == pytest.approx(want, rel=1e-12)
    assert got[1] == pytest.approx(2.687 / 2.5 * (280.0 / 273.15) ** (omega or 0.5), rel=1e-12)


@pytest.mark.validation  # four D_1 of a potential by quadrature: about a minute
def test_local_d1_factor_follows_a_potentials_d1_over_a_tubes_kelvin():
    """For Lennard-Jones the exponent drifts with T; over the +-1 K an open tube's Dufour warming
    spans it stays within 1e-5 of the pair's own D_1 (2e-6 measured)."""
    from analysis.theory.potential_binary import PotentialBinary  # deferred: only this test builds one
    from particlesim.potentials.pairs import PairPotential  # deferred: as above

    lj = [PairPotential("lennard_jones", p) for p in ((3.35e-10, 141.5), (2.98e-10, 41.0), (2.61e-10, 10.4))]
    pair = PotentialBinary(0.039948, 0.0040026, lj)
    T = np.array([272.15, 274.15])
    got = theory.local_d1_factor(pair, np.full(2, 2.687e25), T, 2.687e25, 273.15)
    want = [pair.d1(2.687e25, t) / pair.d1(2.687e25, 273.15) for t in T]
    assert got == pytest.approx(want, rel=1e-5)
    assert abs(got[1] - 1.0) > 1e-3  # the temperature does move D_1 here: the test is not vacuous
