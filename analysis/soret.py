"""Thermal diffusion: the Soret separation in a closed tube with walls at two temperatures."""
from __future__ import annotations

import numpy as np

from .profiles import block_profiles, interior_mask
from .stats import Estimate


def thermal_diffusion_factor(run, species="A", margin=None) -> dict:
    """alpha_T from the zero-flux steady state, dy_A/dz = -alpha_T y_A y_B dlnT/dz, with both
    slopes from straight-line fits over the interior (`margin` from each wall, default the
    larger of 5 mean free paths and L/10: outside the wall Knudsen layers). Per profile block,
    then batch mean and error over blocks. Positive: species A gathers on the cold side."""
    s = run.summary
    k = s["species"].index(species)
    bp = block_profiles(run)
    L = s["length_m"]
    margin = max(5 * s["mean_free_path_m"], 0.1 * L) if margin is None else margin
    inner = interior_mask(bp["z"], L, margin)
    z = bp["z"][inner]
    vals, ys = [], []
    for b in range(bp["c"].shape[0]):
        y = bp["y"][b, k, inner]
        gy = np.polyfit(z, y, 1)[0]
        glt = np.polyfit(z, np.log(bp["T"][b, inner]), 1)[0]
        ym = y.mean()
        vals.append(-gy / (ym * (1 - ym) * glt))
        ys.append(ym)
    vals = np.asarray(vals)
    return {"alpha_T": Estimate(float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(vals.size)), 1, vals.size),
            "y_mean": float(np.mean(ys)), "margin_m": margin}
