"""The classical deflection angle chi(b, E) of a pair in a spherical potential (Hirschfelder, Curtiss
and Bird 1954, "Molecular Theory of Gases and Liquids", sec. 1.5), by deterministic quadrature, and
the Legendre transport cross-sections it implies. Reduced units of the potential (forms.py)."""
from __future__ import annotations

import functools

import numpy as np
from numpy.polynomial.legendre import legvander

_SCAN = np.geomspace(1.0, 0.02, 600)  # where the turning point is sought, relative to max(b, r_V)

# impact parameters (sigma) for the cross-section integrals: dense where chi varies fast (inside
# about 2 sigma, where orbiting happens at low energy), sparser in the tail; beyond 6 sigma the
# Lennard-Jones tail deflects by less than 1e-6 rad
B_GRID = np.concatenate([np.linspace(0.0, 2.5, 2501)[:-1], np.linspace(2.5, 6.0, 701)])


@functools.cache
def _nodes():
    """Gauss-Legendre nodes and weights on (0, 1) for the deflection integral after the
    substitution in `deflection_angle`. SciPy is imported here, not with the module: the
    engine imports this module through its config, and only potential models need SciPy
    (about 35 MB of resident memory and most of a second at start-up)."""
    # deferred: only potential models need SciPy, and the engine imports this module
    from scipy.special import roots_legendre
    s, w = roots_legendre(64)
    return 0.5 * (s + 1.0), 0.5 * w


def _F(pot, r, b, E):
    """1 - b^2/r^2 - V(r)/E: the radial kinetic energy over E; its outermost zero is the
    distance of closest approach."""
    return 1.0 - (b / r) ** 2 - pot.V(r) / E


def closest_approach(pot, b, E: float) -> np.ndarray:
    """The outermost zero r0 of F(r) for every impact parameter in b (HCB eq. 1.5-8). Where V <= 0
    beyond its outermost zero r_V, F > 0 for r > max(b, r_V) and r0 lies below that (a repulsive
    potential moves the start outwards): the first sign change on a geometric grid scanned
    inwards from there, then bisection to round-off."""
    b = np.atleast_1d(np.asarray(b, dtype=float))
    top = np.maximum(b, pot.r_zero) * (1.0 + 1e-12)
    while (out := _F(pot, top, b, E) <= 0.0).any():  # a potential still repulsive there: look further out
        top = np.where(out, 2.0 * top, top)
    r = top[:, None] * _SCAN[None, :]
    F = _F(pot, r, b[:, None], E)
    k = np.argmax(F <= 0.0, axis=1)  # first grid point inside the turning point
    rows = np.arange(b.size)
    if not (F[rows, k] <= 0.0).all():
        raise ValueError(f"no closest approach above {_SCAN[-1]:g} max(b, r_V) at E* = {E}")
    lo, hi = r[rows, k], r[rows, np.maximum(k - 1, 0)]  # F(lo) <= 0 < F(hi)
    hi = np.where(k == 0, top, hi)
    for _ in range(55):
        mid = 0.5 * (lo + hi)
        inside = _F(pot, mid, b, E) <= 0.0
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    return hi


def deflection_angle(pot, b, E: float) -> np.ndarray:
    """chi(b, E) = pi - 2 b int_r0^inf dr / (r^2 sqrt(F(r))) (HCB eq. 1.5-9), for every b. With
    u = r0/r and u = 1 - s^2 the integrand is regular at r0 (F vanishes linearly there):
    chi = pi - 4 (b/r0) int_0^1 s ds / sqrt(F(r0 / (1 - s^2)))."""
    b = np.atleast_1d(np.asarray(b, dtype=float))
    r0 = closest_approach(pot, b, E)
    s, w = _nodes()
    u = 1.0 - s * s
    F = _F(pot, r0[:, None] / u[None, :], b[:, None], E)
    return np.pi - 4.0 * (b / r0) * (np.sqrt(1.0 / np.maximum(F, 1e-300)) @ (w * s))


def legendre_cross_sections(pot, E: float, L: int, b=B_GRID) -> np.ndarray:
    """Q_l(E*) = 2 pi int_0^inf (1 - P_l(cos chi)) b db for l = 0..L, in units of sigma^2: the
    Legendre transport cross-sections the brackets take (Q_1 = Q^(1), Q_2 = (3/2) Q^(2))."""
    chi = deflection_angle(pot, b[1:], E)
    f = (1.0 - legvander(np.cos(chi), L)) * b[1:, None]
    return 2.0 * np.pi * np.trapezoid(np.vstack([np.zeros(L + 1), f]), b, axis=0)
