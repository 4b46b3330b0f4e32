"""Kinetic theory of gas in a capillary: free-molecular transmission, Knudsen diffusion,
the transition between Knudsen and molecular diffusion, and the dusty-gas model.

Formulas: docs/physics.md, "Walls, capillaries and the Knudsen regime of the bore".
Lengths in units of the radius where a function says so; SI otherwise.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy.integrate import quad

from particlesim.constants import K_B

# --------------------------------------------------------------------------- Clausing


def direct_transmission(ell):
    """Fraction of the molecules entering a circular tube of length ell (in radii) through one
    end (cosine law, uniform over the disk) that leave through the other without touching
    the wall: 1 + ell^2/2 - (ell/2) sqrt(ell^2 + 4)."""
    ell = np.asarray(ell, dtype=float)
    return 1.0 + 0.5 * ell * ell - 0.5 * ell * np.sqrt(ell * ell + 4.0)


def beyond(x):
    """P(> x): probability that a molecule re-emitted diffusely from the wall of a circular
    tube of radius 1 crosses the plane at axial distance x >= 0 ahead of it before it hits
    the wall again, (1/2) [(x^2 + 2) / sqrt(x^2 + 4) - x]. P(> 0) = 1/2: half go each way."""
    x = np.asarray(x, dtype=float)
    return 0.5 * ((x * x + 2.0) / np.sqrt(x * x + 4.0) - x)


def wall_kernel(x):
    """Density of the next wall hit at axial distance |x| from a diffuse re-emission,
    -dP(>|x|)/dx = (1/2) [1 - |x| (x^2 + 6) / (x^2 + 4)^(3/2)]; it integrates to 1 over x."""
    x = np.abs(np.asarray(x, dtype=float))
    return 0.5 * (1.0 - x * (x * x + 6.0) / (x * x + 4.0) ** 1.5)


@functools.lru_cache(maxsize=64)
def _clausing_solution(ell: float, panels: int = 0, order: int = 10):
    """Nodes x, weights wx and the wall-hit density n(x) of Clausing's equation (below)."""
    npan = panels or max(8, int(math.ceil(ell / 0.5)))
    g, w = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(0.0, ell, npan + 1)
    h = np.diff(edges)
    x = (edges[:-1, None] + 0.5 * h[:, None] * (g[None, :] + 1.0)).ravel()
    wx = (0.5 * h[:, None] * w[None, :]).ravel()
    K = wall_kernel(x[:, None] - x[None, :]) * wx[None, :]
    # singularity subtraction: int K(x_i - x') n(x') = sum K_ij w_j (n_j - n_i) + n_i int K(x_i - x')
    full = 1.0 - beyond(x) - beyond(ell - x)
    A = np.eye(x.size) - K + np.diag(K.sum(axis=1) - full)
    n = np.linalg.solve(A, 2.0 * beyond(x))
    return x, wx, n


@functools.lru_cache(maxsize=64)
def clausing_transmission(ell: float, panels: int = 0, order: int = 10) -> float:
    """Free-molecular transmission probability W of a circular tube of length ell = L/R with
    diffuse walls, from Clausing's integral equation (Clausing 1932; Berman 1965):

        n(x) = 2 P(> x) + int_0^ell n(x') K(x - x') dx',
        W = (1 + ell^2/2 - ell sqrt(ell^2 + 4)/2) + int_0^ell n(x) P(> ell - x) dx,

    n(x) the density of first and later wall hits per entering molecule (2 P(> x) is the
    density of first hits from the entrance disk, by reciprocity). Solved by Nystrom's method
    on Gauss-Legendre panels half a radius long, with the kink of K at x = x' taken out by
    singularity subtraction (int K exactly); doubling the panels changes W by less than 1e-8
    for ell up to 100 (tests/test_capillary_theory.py). W -> 1 for ell -> 0 and 8/(3 ell)
    for long tubes."""
    ell = float(ell)
    if ell <= 0.0:
        return 1.0
    x, wx, n = _clausing_solution(ell, panels, order)
    return float(direct_transmission(ell) + (n * beyond(ell - x) * wx).sum())


def clausing_density(ell: float, at) -> np.ndarray:
    """Density of the gas at the wall, in units of the reservoir's, at axial positions `at` (in
    radii) of a tube of length ell whose left end faces a reservoir and whose right end faces
    vacuum, without collisions: a diffuse wall re-emits what hits it, so the hit rate n(x)/2 per
    unit area (in units of the entering flux n0 v_mean/4) is the density n_w/n0 of an isotropic
    gas there. It is 1 deep in a semi-infinite tube; n(x) at any x by Nystrom interpolation of
    Clausing's equation (above)."""
    ell = float(ell)
    x, wx, n = _clausing_solution(ell)
    at = np.atleast_1d(np.asarray(at, dtype=float))
    K = wall_kernel(at[:, None] - x[None, :]) * wx[None, :]
    full = 1.0 - beyond(at) - beyond(ell - at)
    # n(a) (1 - full(a) + sum_j K_aj) = 2 P(> a) + sum_j K_aj n_j, the same subtraction as the solve
    return 0.5 * (2.0 * beyond(at) + K @ n) / (1.0 - full + K.sum(axis=1))


def knudsen_secant_diffusion(ell: float, x1: float, x2: float) -> float:
    """D / D_K that Fick's law gives in a collisionless tube of length ell (radii) between a
    reservoir and vacuum (or, by linearity, isotopic counter-diffusion between two pure
    reservoirs) when the gradient is the secant of the density between x1 and x2 (radii):
    D = J (x2 - x1) / (n(x1) - n(x2)) with J = W n0 v_mean / 4, so D / D_K = (3/8) W (x2 - x1) /
    (n_w(x1) - n_w(x2)) in units of n0 (D_K = (2/3) R v_mean). It tends to 1 for long tubes; the
    ends' jumps of density make a finite tube's interior slope steeper than 1/L."""
    nw = clausing_density(ell, [x1, x2])
    return float(3.0 / 8.0 * clausing_transmission(float(ell)) * (x2 - x1) / (nw[0] - nw[1]))


def long_tube_transmission(ell):
    """Knudsen's long-tube limit 8 R / (3 L)."""
    return 8.0 / (3.0 * np.asarray(ell, dtype=float))


# --------------------------------------------------------------------------- Knudsen diffusion


def mean_speed(m, T):
    return math.sqrt(8.0 * K_B * T / (math.pi * m))


def knudsen_diffusion(radius, m, T):
    """D_K = (2/3) R v_mean, the free-molecular diffusion coefficient of a long circular tube
    with diffuse walls (Knudsen 1909)."""
    return 2.0 / 3.0 * radius * mean_speed(m, T)


def bosanquet(d_molecular, d_knudsen):
    """Bosanquet's interpolation 1/D = 1/D_AB + 1/D_K."""
    return 1.0 / (1.0 / np.asarray(d_molecular) + 1.0 / np.asarray(d_knudsen))


# --------------------------------------------------------------------------- pressure-driven flow


@functools.lru_cache(maxsize=1)
def _t0_table():
    x = np.concatenate([np.linspace(0.0, 0.05, 251)[:-1], np.geomspace(0.05, 400.0, 1500)])
    vals = np.array([quad(lambda t, a=a: math.exp(-t * t - a / t) if t > 0 else 0.0, 0.0, np.inf,
                          epsabs=1e-14, epsrel=1e-12, limit=200)[0] for a in x])
    return x, vals


def abramowitz_t0(x):
    """T_0(x) = int_0^inf exp(-t^2 - x/t) dt (Abramowitz 1953), x >= 0; T_0(0) = sqrt(pi)/2.
    Tabulated by quadrature and interpolated (relative error below 1e-6)."""
    xs, vals = _t0_table()
    x = np.asarray(x, dtype=float)
    return np.where(x > xs[-1], 0.0, np.interp(x, xs, vals))


def _gauss(a, b, n):
    g, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (b - a) * (g + 1.0) + a, 0.5 * (b - a) * w


def poiseuille_flow_rate_bgk(delta: float, nr: int = 640, ntheta: int = 128, ns: int = 48) -> float:
    """Reduced flow rate G_P(delta) of fully developed, linearized pressure-driven flow through
    a long circular tube with diffuse walls, from the BGK model (Sharipov and Seleznev 1998,
    eqs. for the tube; Cercignani and Sernagiotto 1966 solved the same problem):

        G_P = -Mdot v0 / (pi R^3 dp/dz),  v0 = sqrt(2 kT / m),  delta = R p / (mu v0),

    so that G_P -> 8 / (3 sqrt(pi)) = 1.5045 in free-molecular flow and delta/4 + sigma_P
    (Poiseuille with velocity slip) in the continuum. Integrating the linearized BGK equation
    along straight characteristics from the wall (diffuse walls emit the undisturbed gas)
    gives, with the bulk velocity u(r) in units of v0 (R/p) dp/dz and r in units of R,

        u(r) = (1 / 2 pi) int_0^2pi dtheta int_0^L(r, theta) [2 delta u(|r - s e_theta|) - 1] T_0(delta s) ds,
        G_P = -4 int_0^1 u r dr,

    T_0 the Abramowitz function and L the distance to the wall. Solved as a linear system
    on `nr` radial nodes clustered at the wall (u varies fastest in the Knudsen layer),
    Gauss-Legendre in theta and in s (split at 4/delta, where T_0 has fallen by e^-5), and
    linear interpolation of u along each ray. Checks (tests/test_capillary_theory.py): the
    free-molecular limit, the published BGK values at delta = 0.01 to 0.08, and the slip-
    corrected Poiseuille limit."""
    delta = float(delta)
    t = np.linspace(0.0, 1.0, nr)
    r = 1.0 - (1.0 - t) ** 2  # nodes crowd towards the wall
    th, wth = _gauss(0.0, math.pi, ntheta)  # by symmetry, twice the half turn
    wth = 2.0 * wth
    A = np.zeros((nr, nr))
    b = np.zeros(nr)
    for i, ri in enumerate(r):
        c, sn = np.cos(th), np.sin(th)
        L = -ri * c + np.sqrt(np.maximum(1.0 - (ri * sn) ** 2, 0.0))
        split = np.minimum(L, 4.0 / delta) if delta > 0 else L
        s1, w1 = _gauss(0.0, 1.0, ns)
        s = np.concatenate([s1[None, :] * split[:, None], split[:, None] + s1[None, :] * (L - split)[:, None]], axis=1)
        ws = np.concatenate([w1[None, :] * split[:, None], w1[None, :] * (L - split)[:, None]], axis=1)
        weight = wth[:, None] * ws * abramowitz_t0(delta * s) / (2.0 * math.pi)
        rho = np.sqrt(np.maximum(ri * ri + s * s + 2.0 * ri * s * c[:, None], 0.0)).ravel()
        k = np.clip(np.searchsorted(r, rho) - 1, 0, nr - 2)
        f = np.clip((rho - r[k]) / (r[k + 1] - r[k]), 0.0, 1.0)
        wflat = weight.ravel()
        np.add.at(A[i], k, 2.0 * delta * wflat * (1.0 - f))
        np.add.at(A[i], k + 1, 2.0 * delta * wflat * f)
        b[i] = -wflat.sum()
    u = np.linalg.solve(np.eye(nr) - A, b)
    # int_0^1 u r dr with the same piecewise-linear u
    ur = u * r
    return float(-4.0 * np.sum(0.5 * (ur[1:] + ur[:-1]) * np.diff(r)))


# BGK values for the tube with diffuse walls at small delta, as tabulated by Sharipov and
# Seleznev (J. Phys. Chem. Ref. Data 27, 657, 1998) from Cercignani and Sernagiotto (1966)
PUBLISHED_BGK_TUBE = {0.01: 1.4768, 0.02: 1.4608, 0.04: 1.4391, 0.08: 1.4131}
FREE_MOLECULAR_FLOW_RATE = 8.0 / (3.0 * math.sqrt(math.pi))
