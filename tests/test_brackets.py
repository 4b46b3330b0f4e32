"""Exact bracket integrals (analysis/theory/brackets.py): the converged Chapman-Enskog values
against closed forms and published limits, and convergence with the Sonine order."""
import math

import numpy as np
import pytest

from analysis import theory
from analysis.theory import brackets, chapman_enskog

MM_AR, MM_HE = 39.948e-3, 4.0026e-3


def _ratios(m_a, m_b, d_a, d_b, y_a, order, pairs=None):
    """[D]_k / [D]_1 for k = 1..order from one set of brackets (the order-k Galerkin space is
    the first k Sonine functions, so the brackets of the highest order serve every lower one)."""
    m, S, Pt = chapman_enskog._brackets(float(m_a), float(m_b), float(d_a), float(d_b), order, pairs)
    x = np.array([y_a, 1.0 - y_a])
    A = chapman_enskog._collision_matrix(S, Pt, x, order)
    b = chapman_enskog._force_source(m, x, order)
    r = np.array([chapman_enskog._velocity_difference(A, b, x, m, order, k) for k in range(1, order + 1)])
    return r / r[0]


def test_brackets_are_symmetric_and_exact_at_every_order():
    """The like-species bracket S is a symmetric form (the linearized operator is self-adjoint),
    and the quadrature is exact: the leading block does not change when the order grows."""
    s4, p4 = brackets.pair_brackets(1.3, 0.7, brackets.PowerLaw(1.0, 0.74, 1.4), 4)
    s8, p8 = brackets.pair_brackets(1.3, 0.7, brackets.PowerLaw(1.0, 0.74, 1.4), 8)
    assert np.abs(s8 - s8.T).max() < 1e-12 * np.abs(s8).max()
    assert np.abs(s8[:4, :4] - s4).max() < 1e-12 * np.abs(s4).max()
    assert np.abs(p8[:4, :4] - p4).max() < 1e-12 * np.abs(p4).max()


def test_self_diffusion_of_hard_spheres_converges_to_1_01895():
    """Equal masses and sizes: order 2 is Chapman and Cowling's 1 + 1/58 exactly; the sequence
    rises monotonically (Galerkin) and settles at 1.018954 (C&C and Pekeris-Alterman: 1.019)."""
    r = _ratios(1.0, 1.0, 1.0, 1.0, 0.5, 10)
    assert r[1] == pytest.approx(1.0 + 1.0 / 58.0, abs=1e-12)
    assert (np.diff(r) > 0).all()
    assert abs(r[9] - r[7]) < 1e-6
    assert r[9] == pytest.approx(1.018954, abs=2e-6)


def test_isotopic_thermal_diffusion_is_105_over_118():
    """C&C sec. 10.31: alpha_T = (105/118)(m_A - m_B)/(m_A + m_B) at the first approximation
    for nearly equal rigid spheres (exact as the mass difference vanishes)."""
    dm = 1e-3
    a = theory.thermal_diffusion_factor(1.0 + dm, 1.0, 1.0, 1.0, 0.5, order=2)
    assert a / (dm / (2.0 + dm)) == pytest.approx(105 / 118, rel=1e-3)


def test_maxwell_molecules_make_every_order_exact():
    """sigma g constant (omega = 1): [D]_k = [D]_1 and alpha_T = 0 to round-off, for isotropic
    and VSS scattering alike."""
    for alpha in (1.0, 1.6):
        mx = ((3e-10, 1.0, alpha), (2.8e-10, 1.0, alpha), (2.6e-10, 1.0, alpha))
        r = _ratios(MM_AR, MM_HE, 1, 1, 0.5, 6, mx)
        assert np.abs(r - 1.0).max() < 1e-10
        assert abs(theory.thermal_diffusion_factor(MM_AR, MM_HE, 1, 1, 0.5, 4, pairs=mx)) < 1e-10


def test_light_trace_species_rises_towards_the_lorentz_gas():
    """Mass ratio 0.01, trace: the Sonine sequence rises monotonically towards 32 / (9 pi) from
    below; its tail is algebraic (the exact Lorentz perturbation is c / |c|, not a polynomial),
    so order 8 is still 0.6% short (docs/physics.md states the convergence)."""
    r = _ratios(0.01, 1.0, 1.0, 1.0, 1e-6, 8)
    lorentz = 32.0 / (9.0 * math.pi)
    assert (np.diff(r) > 0).all() and r[-1] < lorentz
    assert r[-1] == pytest.approx(1.12460, abs=1e-4)
    d = np.diff(r)
    assert d[-1] < 0.75 * d[-2]


def test_argon_helium_converges_with_the_order():
    """Hard-sphere argon-helium, equimolar: the order-10 value the reports use is within 1e-4 of
    order 12's tail estimate (differences shrink by about 0.6 per order)."""
    r = _ratios(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.5, 10)
    d = np.diff(r)
    assert (d > 0).all()
    tail = d[-1] * (d[-1] / d[-2]) / (1.0 - d[-1] / d[-2])  # geometric estimate of what is left
    assert 0 < tail < 1e-4
    assert theory.diffusion_ratio(MM_AR, MM_HE, 3.66e-10, 2.33e-10, 0.5, theory.EXACT_ORDER) == pytest.approx(r[9],
                                                                                                       rel=1e-12)


def test_viscosity_of_hard_spheres_converges_to_pekeris_alterman():
    """The tensor (viscosity) brackets: order 2 is Chapman and Cowling's 1 + 3/202 exactly, the
    series settles at 1.016034 (Pekeris and Alterman 1957: 1.01603; theory.VISCOSITY_CONVERGED),
    and Maxwell molecules give the first approximation at every order."""
    r = brackets.viscosity_ratios(brackets.PowerLaw(1.0), 8)
    assert r[1] == pytest.approx(1.0 + 3.0 / 202.0, abs=1e-12)
    assert (np.diff(r) > 0).all()
    assert r[-1] == pytest.approx(theory.VISCOSITY_CONVERGED, abs=1e-5)
    assert np.abs(brackets.viscosity_ratios(brackets.PowerLaw(1.0, 1.0, 1.5), 5) - 1.0).max() < 1e-10
