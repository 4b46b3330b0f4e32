"""Evaporation and condensation of a pure vapour between two parallel condensed phases, across the
Knudsen range: the linearized BGK equation solved for the mass flux (docs/physics.md, "Interfaces
and the Stefan tube").

The surfaces at x = 0 and x = L, at one temperature T, hold saturation pressures p0 (1 + D/2)
and p0 (1 - D/2) and condense every molecule that strikes them (alpha = 1). With the molecular
velocity in units of v0 = sqrt(2kT/m) and x in units of L, the perturbation h of the Maxwellian
obeys c_x dh/dx = delta (nu + 2 c_x u + (c^2 - 3/2) tau - h) (linearized BGK, collision frequency
p/mu), delta = p0 L / (mu v0) the rarefaction parameter. Integrated over the transverse velocities
it splits into Phi (for nu, u, tau) and Psi (the transverse energy, for tau). For moments that are
constant within each cell the equations integrate exactly along each velocity, so the cell
moments solve one dense linear system (the discrete form of the integral equations of the
problem). The normalized flux J / (n0 v0 D) goes from 1/(2 sqrt(pi)) = 0.28209 without collisions
to 1/(2 |C4*|) in the continuum (Sone's jump coefficient C4*, linearized Boltzmann equation).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

FREE_MOLECULAR = 1.0 / (2.0 * math.sqrt(math.pi))


def _grid(n_cells: int, delta: float) -> np.ndarray:
    """Cell edges on [0, 1], fine at both surfaces where the Knudsen layers (width ~ 1/delta) lie:
    a cosine map, with the first cell no wider than a tenth of a mean free path."""
    edges = 0.5 * (1.0 - np.cos(np.pi * np.arange(n_cells + 1) / n_cells))
    if delta > 0:
        # blend towards uniform where the layers are wide anyway
        w = min(1.0, 10.0 / delta)
        edges = w * np.linspace(0.0, 1.0, n_cells + 1) + (1.0 - w) * edges
    return edges


def _speeds(n: int):
    """Nodes and weights on c > 0 for integrals with weight exp(-c^2) / sqrt(pi) (Gauss-Legendre
    on a square-root map of [0, 6], which clusters the nodes at slow molecules)."""
    t, w = np.polynomial.legendre.leggauss(n)
    s = 0.5 * (t + 1.0)  # (0, 1)
    c = 6.0 * s ** 2
    wc = 0.5 * w * 12.0 * s  # dc = 12 s ds
    return c, wc * np.exp(-c * c) / math.sqrt(math.pi)


def _transport(edges: np.ndarray, lam: float):
    """For molecules moving towards +x with attenuation lam = delta / c_x: the matrix T mapping cell
    sources S_k to cell averages of Phi (exact for constant S in each cell), the cell averages B
    of a unit inflow at x = 0, the row X mapping the sources to the value reaching x = 1, and the
    share of the inflow that reaches x = 1."""
    dx = np.diff(edges)
    a = lam * dx
    with np.errstate(over="ignore", invalid="ignore"):
        g = np.where(a > 1e-12, -np.expm1(-a) / a, 1.0 - 0.5 * a)  # mean of exp(-lam (x - x_i)) over cell i
    left = edges[:-1]
    # decay from the right edge of cell k to the left edge of cell i (k < i)
    gap = left[:, None] - edges[1:][None, :]
    T = np.where(gap >= 0.0, np.exp(-lam * np.maximum(gap, 0.0)) * (-np.expm1(-a))[None, :], 0.0) * g[:, None]
    T[np.diag_indices_from(T)] = 1.0 - g
    B = np.exp(-lam * left) * g
    X = -np.expm1(-a) * np.exp(-lam * (edges[-1] - edges[1:]))  # sources -> the value leaving at x = 1
    return T, B, X, math.exp(-lam * edges[-1])


@lru_cache(maxsize=64)
def evaporation_condensation_flux(delta: float, n_cells: int = 240, n_speeds: int = 48, alpha: float = 1.0) -> float:
    """J / (n0 v0 D) of the linearized BGK problem at rarefaction delta = p0 L / (mu v0), both
    surfaces with evaporation and condensation coefficient alpha (the molecules a surface does not
    take it re-emits diffusely at its temperature). Without collisions the flux is
    alpha / (2 - alpha) / (2 sqrt(pi))."""
    if delta < 0 or not math.isfinite(delta):
        raise ValueError(f"delta = {delta!r}; must be finite and >= 0")
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha = {alpha!r}; must be in (0, 1]")
    if delta == 0.0:
        return FREE_MOLECULAR * alpha / (2.0 - alpha)
    edges = _grid(n_cells, delta)
    N = n_cells
    c, W = _speeds(n_speeds)
    # unknowns: the cell moments nu, u, tau (3N), then the densities sigma_0, sigma_1 of the diffuse
    # re-emission at x = 0 and x = 1 (each surface sends alpha (+-D/2) + (1 - alpha) sigma)
    n = 3 * N + 2
    A = np.zeros((n, n))
    b = np.zeros(n)
    blk = lambda r, q: (slice(r * N, (r + 1) * N), slice(q * N, (q + 1) * N))
    for cj, wj in zip(c, W):
        T, B, X, e = _transport(edges, delta / cj)
        # molecules moving towards -x: the mirror image (inflow at x = 1, leaving at x = 0)
        for sign, Tm, Bm, Xm, inflow, home, away in ((1.0, T, B, X, 0.5, 0, 1), (-1.0, T[::-1, ::-1], B[::-1],
                                                                                X[::-1], -0.5, 1, 0)):
            cx = sign * cj
            src = (1.0, 2.0 * cx, cx * cx - 0.5)  # S = nu + 2 c_x u + (c_x^2 - 1/2) tau
            row_w = (wj, wj * cx, wj * (2.0 / 3.0) * (cx * cx - 0.5))  # moments nu, u, tau of Phi
            for r in range(3):
                for q in range(3):
                    A[blk(r, q)] += row_w[r] * src[q] * Tm
                b[r * N:(r + 1) * N] += row_w[r] * alpha * inflow * Bm
                A[r * N:(r + 1) * N, 3 * N + home] += row_w[r] * (1.0 - alpha) * Bm
            # the surface these molecules reach re-emits their flux: sigma = 2 sqrt(pi) int |c_x| Phi w
            k = 3 * N + away
            flux_w = 2.0 * math.sqrt(math.pi) * wj * cj
            for q in range(3):
                A[k, q * N:(q + 1) * N] += flux_w * src[q] * Xm
            b[k] += flux_w * e * alpha * inflow
            A[k, 3 * N + home] += flux_w * e * (1.0 - alpha)
            A[blk(2, 2)] += wj * (2.0 / 3.0) * Tm  # Psi: source tau, zero inflow, enters tau with weight 1
    m = np.linalg.solve(np.eye(n) - A, b)
    u = m[N:2 * N]
    dx = np.diff(edges)
    return float((u * dx).sum())  # uniform in the exact solution; the cell mean
