"""The continuum Fick solvers against exact solutions."""
import math

import numpy as np

from analysis.theory.continuum import profile_for_linear_inverse_d, steady_profile, transient_profile


def test_steady_profile_for_composition_dependent_d_matches_the_analytic_one():
    L, beta, D0, c = 1e-6, 2.0, 5e-5, 44.6
    D = lambda y: D0 / (1 + beta * y)
    # N = 0: N_A = c D0 ln(1 + beta) / (beta L) from integrating N_A = -c D(y) dy/dz from y = 1 to 0
    NA = c * D0 * math.log(1 + beta) / (beta * L)
    z = np.linspace(0, L, 41)
    y = steady_profile(z, NA, 0.0, c, D, 0.0, 1.0)
    np.testing.assert_allclose(y, profile_for_linear_inverse_d(z, L, beta), atol=1e-6)
    assert abs(y[20] - 0.5) > 0.05  # visibly not straight


def test_transient_closed_tube_decays_its_first_mode_at_d_pi2_over_l2():
    L, D0, n = 1e-6, 5e-5, 200
    edges = np.linspace(0, L, n + 1)
    zc = 0.5 * (edges[1:] + edges[:-1])
    y0 = np.where(zc < L / 2, 1.0, 0.0)
    tau = L ** 2 / (math.pi ** 2 * D0)
    ys = transient_profile(edges, y0, [0.5 * tau, 1.5 * tau], lambda y: D0 + 0 * y)
    a = [(2 / L) * np.sum((yy - yy.mean()) * np.cos(math.pi * zc / L)) * (L / n) for yy in ys]
    assert abs(a[1] / a[0] - math.exp(-1.0)) < 2e-3
    assert abs(ys[-1].mean() - 0.5) < 1e-9  # closed ends conserve A


def test_transient_between_reservoirs_relaxes_to_the_steady_profile():
    L, D0, beta = 1e-6, 5e-5, 1.5
    edges = np.linspace(0, L, 101)
    zc = 0.5 * (edges[1:] + edges[:-1])
    D = lambda y: D0 / (1 + beta * y)
    ys = transient_profile(edges, np.zeros(100), [10 * L ** 2 / D0], D, left=1.0, right=0.0)
    np.testing.assert_allclose(ys[-1], profile_for_linear_inverse_d(zc, L, beta), atol=2e-3)
