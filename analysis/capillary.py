"""Kinetic theory of gas in a capillary: free-molecular transmission, Knudsen diffusion,
the transition between Knudsen and molecular diffusion, and the dusty-gas model.

Formulas: ../shared/physics.md ("Walls, capillaries and the Knudsen regime of the bore").
Lengths in units of the radius where a function says so; SI otherwise.
"""
from __future__ import annotations

import functools
import math

import numpy as np

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
    return float(direct_transmission(ell) + (n * beyond(ell - x) * wx).sum())


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
