"""Maxwell-Stefan theory: exact reductions, the binary limits, the two-bulb eigenvalue, and the
Duncan-Toor experiment's reverse diffusion, which Fick's law cannot give."""
import math

import numpy as np
import pytest
from scipy.optimize import brentq

from analysis.theory import maxwell_stefan as ms
from analysis.theory.chapman_enskog import Binary

INF = np.inf


def _matrix(d12, d13, d23):
    return np.array([[INF, d12, d13], [d12, INF, d23], [d13, d23, INF]])


def test_two_species_reduce_to_the_binary_coefficient():
    D = np.array([[INF, 3.3e-5], [3.3e-5, INF]])
    for y in (0.1, 0.5, 0.93):
        assert ms.fick_matrix([y, 1 - y], D)[0, 0] == pytest.approx(3.3e-5, rel=1e-12)


def test_equal_binary_coefficients_give_a_diagonal_fick_matrix():
    D = _matrix(2e-5, 2e-5, 2e-5)
    np.testing.assert_allclose(ms.fick_matrix([0.2, 0.3, 0.5], D), 2e-5 * np.eye(2), rtol=1e-12)


def test_fluxes_and_gradients_invert_each_other():
    D = _matrix(8.3e-5, 6.8e-5, 1.68e-5)
    y, c = np.array([0.25, 0.45, 0.30]), 40.0
    N = np.array([3.0, -1.2, -1.8])  # N = 0: equimolar, so J = N
    g = ms.gradients(y, N, c, D)
    assert g.sum() == pytest.approx(0.0, abs=1e-9 * np.abs(g).max())
    np.testing.assert_allclose(ms.diffusive_fluxes(y, g, c, D), N, rtol=1e-10)


def test_the_fick_matrix_has_cross_terms_that_drive_reverse_diffusion():
    """Duncan and Toor's mixture near its middle: the N2 row of [D] has a cross term of the size
    of its diagonal: H2 drags N2 along."""
    D = _matrix(83.3e-6, 68.0e-6, 16.8e-6)
    Dm = ms.fick_matrix([0.25, 0.5, 0.25], D)
    assert abs(Dm[1, 0]) > 0.3 * Dm[1, 1]


def test_steady_binary_tube_with_a_net_flux_follows_the_exponential_profile():
    """c D dy/dz = y N - N_A: y = N_A/N + (y0 - N_A/N) exp(N z / cD); N_A fixed by y(L)."""
    c, D, L, N = 44.6, 5.0e-5, 3e-6, -400.0
    Dm = np.array([[INF, D], [D, INF]])
    y0, yL = 0.9, 0.1
    e = math.exp(N * L / (c * D))
    NA = N * (yL - y0 * e) / (1 - e)
    z, y, Ni = ms.steady_tube([y0, 1 - y0], [yL, 1 - yL], L, c, Dm, N_total=N)
    assert Ni[0] == pytest.approx(NA, rel=1e-7)
    np.testing.assert_allclose(y[:, 0], NA / N + (y0 - NA / N) * np.exp(N * z / (c * D)), atol=1e-8)


def test_two_bulb_decay_rate_matches_the_exact_transcendental_root():
    """Equal bulbs: the slowest mode is odd about the middle, cot(kL/2) = k V / A, rate D k^2."""
    L, A, V, D = 3e-6, 1e-12, 3e-17, 5e-5
    k = brentq(lambda k: 1 / math.tan(k * L / 2) - k * V / A, 1e-3 / L, 0.999 * math.pi / L)
    assert ms.decay_rate(L, A, (V, V), D) == pytest.approx(D * k * k, rel=1e-5)
    # large bulbs: the quasi-steady tau = L V1 V2 / (A D (V1 + V2)), to order V_tube / V
    V1, V2 = 3e-14, 5e-14
    qs = A * D * (V1 + V2) / (L * V1 * V2)
    assert ms.decay_rate(L, A, (V1, V2), D) == pytest.approx(qs, rel=1e-3)


def test_two_bulb_cell_relaxes_at_the_eigenvalue_and_conserves_each_species():
    L, A, V, D = 3e-6, 1e-12, (3e-17, 2e-17), 5e-5
    Dm = np.array([[INF, D], [D, INF]])
    lam = ms.decay_rate(L, A, V, D)
    t = np.linspace(0, 4 / lam, 9)
    b1, b2, yt, _ = ms.two_bulb(L, A, V, 44.6, Dm, ([0.8, 0.2], [0.3, 0.7]), t, cells=80)
    rate = -np.diff(np.log(b1[:, 0] - b2[:, 0])) / np.diff(t)
    assert rate[-1] == pytest.approx(lam, rel=2e-3)  # 80 cells against the 200-cell eigenvalue
    held = V[0] * b1[:, 0] + V[1] * b2[:, 0] + A * L / yt.shape[1] * yt[:, :, 0].sum(axis=1)
    np.testing.assert_allclose(held, held[0], rtol=1e-7)


def test_duncan_toor_reverse_diffusion_in_maxwell_stefan_and_not_in_fick():
    """The experiment (AIChE J. 8, 38, 1962; D_ij at 35.2 C from Taylor and Krishna): N2 in bulb 2
    climbs from 0.499 to about 0.57 within hours, against its own gradient, and comes back;
    Fick's law with pseudo-binary D keeps it near 0.5."""
    from particlesim.constants import K_B, N_AV
    c = 101325 / (K_B * 308.35) / N_AV
    L, A, V = 85.9e-3, math.pi * 1.04e-3 ** 2, (77.99e-6, 78.63e-6)
    D = _matrix(83.3e-6, 68.0e-6, 16.8e-6)
    y0 = ([0.0, 0.50086, 0.49914], [0.50121, 0.49879, 0.0])
    t = np.linspace(0, 20 * 3600, 21)
    _, b2, _, _ = ms.two_bulb(L, A, V, c, D, y0, t, cells=30)
    _, f2, _, _ = ms.two_bulb(L, A, V, c, D, y0, t, cells=30, model="fick")
    k = int(np.argmax(b2[:, 1]))
    assert 0.56 < b2[k, 1] < 0.59 and 4 < t[k] / 3600 < 9
    assert np.abs(f2[:, 1] - 0.49879).max() < 0.005


def test_pair_coefficients_are_each_pairs_chapman_enskog_value():
    s = {"species": ["H2", "N2", "CO2"], "molar_mass_kg_mol": [2.016e-3, 28.013e-3, 44.01e-3],
         "diameter_m": [2.722e-10, 3.755e-10, 4.605e-10]}
    n, T = 2.4e25, 308.35
    P1, P6 = ms.PairCoefficients(s, n, T, 1), ms.PairCoefficients(s, n, T, 6)
    assert P1()[0, 2] == pytest.approx(Binary.from_summary(s, 0, 2).d1(n, T), rel=1e-12)
    y = np.array([0.2, 0.5, 0.3])
    # the higher approximation of a pair at its relative composition y_i / (y_i + y_j)
    assert P6(y)[1, 2] == pytest.approx(Binary.from_summary(s, 1, 2).D(n, T, 0.5 / 0.8), rel=2e-4)
    assert np.all(P6(y)[~np.eye(3, dtype=bool)] > P1()[~np.eye(3, dtype=bool)])
