"""Chapman-Enskog diffusion of N hard-sphere species beyond the first approximation: the
binary limit, Stefan-Maxwell at first order, Onsager symmetry, identical species."""
import numpy as np
import pytest

from analysis.theory import maxwell_stefan as ms
from analysis.theory.chapman_enskog import EXACT_ORDER, Binary
from analysis.theory.multicomponent import FickMatrix, _galerkin_fick

N, T = 2.4e25, 308.35
DT = {"species": ["H2", "N2", "CO2"], "molar_mass_kg_mol": [2.016e-3, 28.013e-3, 44.01e-3],
      "diameter_m": [2.722e-10, 3.755e-10, 4.605e-10]}


@pytest.fixture(scope="module")
def ternary():
    return FickMatrix(DT, N, T, order=6, grid=0)


def test_two_species_give_the_binary_converged_value():
    b = {"species": ["A", "B"], "molar_mass_kg_mol": [39.948e-3, 4.0026e-3], "diameter_m": [3.66e-10, 2.33e-10]}
    F = FickMatrix(b, 2.687e25, 273.15, order=EXACT_ORDER, grid=0)
    for y in (0.1, 0.5, 0.9):  # grid points of the binary interpolation: the same Galerkin solve
        assert F([y, 1 - y])[0, 0] == pytest.approx(Binary.from_summary(b).D(2.687e25, 273.15, y), rel=1e-9)


def test_the_first_approximation_is_stefan_maxwell_with_binary_coefficients(ternary):
    """Chapman and Cowling, sec. 18.3: at first order the N-species solution is the
    Stefan-Maxwell relation with each pair's [D_ij]_1. In reduced units the Galerkin matrix is
    that matrix times one constant (the unit conversion), to quadrature precision."""
    y = np.array([0.25, 0.45, 0.30])
    g1 = _galerkin_fick(ternary.m, ternary.S, ternary.Pt, y, 6, 1)
    r = g1 / ms.fick_matrix(y, ternary.pairs1())
    assert np.ptp(r) / r.mean() < 2e-3


def test_higher_orders_keep_onsager_symmetry(ternary):
    """[D]^-1 at any order has the Maxwell-Stefan form with symmetric effective D_ij: the four
    entries of the ternary [B] fix three D_ij consistently."""
    y = np.array([0.25, 0.45, 0.30])
    B = np.linalg.inv(ternary(y))
    # B_01 = -y0 (1/D01 - 1/D02), B_10 = -y1 (1/D01 - 1/D12), B_00 = y0/D02 + y1/D01 + y2/D02, ...
    # unknowns u = (1/D01, 1/D02, 1/D12): four linear equations
    A = np.array([[y[1], y[0] + y[2], 0.0],      # B_00
                  [-y[0], y[0], 0.0],            # B_01
                  [-y[1], 0.0, y[1]],            # B_10
                  [y[0], 0.0, y[1] + y[2]]])     # B_11
    b = np.array([B[0, 0], B[0, 1], B[1, 0], B[1, 1]])
    u, res, *_ = np.linalg.lstsq(A, b, rcond=None)
    assert np.abs(A @ u - b).max() < 2e-3 * np.abs(b).max()
    # and the higher order speeds hydrogen up against the binary Maxwell-Stefan value
    assert ternary(y)[0, 0] > 1.005 * ms.fick_matrix(y, ms.PairCoefficients(DT, N, T, 6)(y))[0, 0]


def test_identical_species_diffuse_as_self_diffusion():
    """Three labels of one gas: [D] = D_11 I, with D_11 / [D_11]_1 = 1.019 (Pekeris and Alterman)."""
    same = {"species": ["a", "b", "c"], "molar_mass_kg_mol": [0.04] * 3, "diameter_m": [3.6e-10] * 3}
    F = FickMatrix(same, N, T, order=6, grid=0)
    D = F([0.2, 0.3, 0.5])
    d1 = Binary.from_summary(same, 0, 1).d1(N, T)
    assert abs(D[0, 1]) < 1e-3 * D[0, 0] and abs(D[1, 0]) < 1e-3 * D[0, 0]
    assert D[0, 0] / d1 == pytest.approx(1.019, abs=0.002)
    assert D[1, 1] == pytest.approx(D[0, 0], rel=1e-3)


def test_the_composition_grid_matches_the_direct_solve(ternary):
    F = FickMatrix(DT, N, T, order=6)
    rng = np.random.default_rng(3)
    for y in rng.dirichlet([1, 1, 1], size=20):
        np.testing.assert_allclose(F(y), ternary(y), rtol=0, atol=2e-4 * np.abs(ternary(y)).max())
