"""Continuum (Fick) solutions to set beside DSMC profiles."""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def steady_profile(z, N_A, N, c, D_of_y, z0, y0):
    """y_A(z) of steady isothermal, isobaric diffusion with constant fluxes N_A and N:
    N_A - y N = -c D(y) dy/dz (physics.md, "Fick's law and the steady tube"), through (z0, y0).

    With N = 0 and constant D this is a straight line; with N != 0 it is the Stefan-type
    exponential; D_of_y may depend on composition."""
    z = np.asarray(z, dtype=float)
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
