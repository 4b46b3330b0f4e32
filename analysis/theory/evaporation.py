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
    sources S_k to cell averages of Phi (exact for constant S in each cell), and the cell averages B
    of a unit inflow at x = 0."""
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
    return T, B


@lru_cache(maxsize=64)
def evaporation_condensation_flux(delta: float, n_cells: int = 240, n_speeds: int = 48) -> float:
    """J / (n0 v0 D) of the linearized BGK problem at rarefaction delta = p0 L / (mu v0)."""
    if delta < 0 or not math.isfinite(delta):
        raise ValueError(f"delta = {delta!r}; must be finite and >= 0")
    if delta == 0.0:
        return FREE_MOLECULAR
    edges = _grid(n_cells, delta)
    N = n_cells
    c, W = _speeds(n_speeds)
    A = np.zeros((3 * N, 3 * N))
    b = np.zeros(3 * N)
    blk = lambda r, q: (slice(r * N, (r + 1) * N), slice(q * N, (q + 1) * N))
    for cj, wj in zip(c, W):
        T, B = _transport(edges, delta / cj)
        T_r, B_r = T[::-1, ::-1], B[::-1]  # molecules moving towards -x: the mirror image
        for sign, Tm, Bm, inflow in ((1.0, T, B, 0.5), (-1.0, T_r, B_r, -0.5)):
            cx = sign * cj
            src = (1.0, 2.0 * cx, cx * cx - 0.5)  # S = nu + 2 c_x u + (c_x^2 - 1/2) tau
            row_w = (wj, wj * cx, wj * (2.0 / 3.0) * (cx * cx - 0.5))  # moments nu, u, tau of Phi
            for r in range(3):
                for q in range(3):
                    A[blk(r, q)] += row_w[r] * src[q] * Tm
                b[r * N:(r + 1) * N] += row_w[r] * inflow * Bm
            A[blk(2, 2)] += wj * (2.0 / 3.0) * Tm  # Psi: source tau, zero inflow, enters tau with weight 1
    m = np.linalg.solve(np.eye(3 * N) - A, b)
    u = m[N:2 * N]
    dx = np.diff(edges)
    return float((u * dx).sum())  # uniform in the exact solution; the cell mean
