"""Continuum (Fick) solutions to set beside DSMC profiles."""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def steady_profile(z, N_A, N, c, D_of_y, z0, y0):
    """y_A(z) of steady isothermal, isobaric diffusion with constant fluxes N_A and N:
    N_A - y N = -c D(y) dy/dz (docs/physics.md, "Fluxes, average velocities and Fick's law"), through (z0, y0).

    With N = 0 and constant D this is a straight line; with N != 0 it is the Stefan-type
    exponential; D_of_y may depend on composition."""
    z = np.asarray(z, dtype=float)
    if not all(np.isfinite(v) for v in (N_A, N, c, z0, y0)) or c <= 0:
        return np.full(z.shape, np.nan)  # nothing to integrate (the integrator would never end on NaN)
    rhs = lambda _z, y: (y * N - N_A) / (c * D_of_y(np.clip(y, 0.0, 1.0)))
    out = np.empty_like(z)
    for mask, stop in ((z >= z0, z.max()), (z < z0, z.min())):
        if not mask.any():
            continue
        zs = z[mask]
        order = np.argsort(zs if stop > z0 else -zs)
        sol = solve_ivp(rhs, (z0, stop), [y0], t_eval=zs[order], rtol=1e-9, atol=1e-12)
        vals = np.empty(zs.size)
        vals[order] = sol.y[0]
        out[mask] = vals
    return out


def transient_profile(z_edges, y0, t_eval, D_of_y, left=None, right=None):
    """Transient 1D diffusion dy/dt = d/dz (D(y) dy/dz) at constant c and N = 0 (equimolar,
    isobaric), by finite volumes in z and an implicit (BDF) integrator in time.

    z_edges: cell edges (m); y0: initial cell values; t_eval: output times (s).
    left/right: a fixed mole fraction at that end (a reservoir), or None for a closed end
    (zero flux). Returns an array (len(t_eval), cells)."""
    z_edges = np.asarray(z_edges, dtype=float)
    zc = 0.5 * (z_edges[1:] + z_edges[:-1])
    h = np.diff(z_edges)

    def rhs(_t, y):
        y = np.clip(y, 0.0, 1.0)
        flux = np.zeros(y.size + 1)  # -D dy/dz at the edges
        d_int = D_of_y(0.5 * (y[1:] + y[:-1]))
        flux[1:-1] = -d_int * np.diff(y) / np.diff(zc)
        if left is not None:
            flux[0] = -D_of_y(left) * (y[0] - left) / (zc[0] - z_edges[0])
        if right is not None:
            flux[-1] = -D_of_y(right) * (right - y[-1]) / (z_edges[-1] - zc[-1])
        return -(flux[1:] - flux[:-1]) / h

    sol = solve_ivp(rhs, (0.0, float(np.max(t_eval))), np.asarray(y0, dtype=float), t_eval=t_eval,
                    method="BDF", rtol=1e-8, atol=1e-10)
    return sol.y.T


def profile_for_linear_inverse_d(z, L, beta):
    """Analytic steady profile for D = D0 / (1 + beta y), y(0) = 1, y(L) = 0, N = 0:
    z / L = [ln((1 + beta) / (1 + beta y))] / ln(1 + beta), so y = ((1 + beta)^(1 - z/L) - 1) / beta."""
    return ((1.0 + beta) ** (1.0 - np.asarray(z) / L) - 1.0) / beta
