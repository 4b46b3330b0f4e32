"""Thermal diffusion: the Soret separation in a closed tube with walls at two temperatures."""
from __future__ import annotations

import numpy as np

from analysis import theory
from analysis.measure.diffusion import local_slopes, plane_quantities, slope_window
from analysis.measure.profiles import block_profiles, interior_mask
from analysis.measure.stats import Estimate
from particlesim.constants import N_AV


def thermal_diffusion_factor(run, species="A", margin=None) -> dict:
    """alpha_T from the zero-flux steady state, dy_A/dz = -alpha_T y_A y_B dlnT/dz, with both
    slopes from straight-line fits over the interior (`margin` from each wall, default the
    larger of 5 mean free paths and L/10: outside the wall Knudsen layers). Per profile block,
    then batch mean and error over blocks. Positive: species A gathers on the cold side."""
    s = run.summary
    k = s.species.index(species)
    bp = block_profiles(run)
    L = s.length_m
    margin = max(5 * s.mean_free_path_m, 0.1 * L) if margin is None else margin
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


def thermal_diffusion_from_flux(run, species="A", margin=None) -> dict:
    """alpha_T from a tube that carries a flux (reservoir ends at two temperatures):
    N_A - y_A N = -c D (dy_A/dz + alpha_T y_A y_B dlnT/dz), solved for alpha_T at each
    interior plane with D the Chapman-Enskog value at the plane's n, T and y_A (converged
    order; the isothermal runs put DSMC on it within 0.5%). Per profile block, batch errors."""

    s = run.summary
    k = s.species.index(species)
    q = plane_quantities(run, species)
    bp = block_profiles(run)
    L = s.length_m
    margin = max(5 * s.mean_free_path_m, 0.1 * L) if margin is None else margin
    zp = q["z"]
    inner = (zp >= margin) & (zp <= L - margin)
    z = bp["z"]
    glt = local_slopes(z, np.log(bp["T"]), zp, slope_window(run))
    Tp = np.array([[np.interp(p, z, tb) for p in zp] for tb in bp["T"]])
    other = 1 - k
    binary = theory.pair_of(s, k, other)
    T_mid = float(np.mean(Tp))  # the ratio's (weak) temperature dependence for VHS/VSS, at the mean T
    y = q["y_A"]
    n = q["c"] * N_AV
    D = np.vectorize(lambda nn, TT, yy: binary.d1(nn, TT)
                     * float(binary.ratio(yy, theory.EXACT_ORDER, T_mid)))(n, Tp, y)
    J = q["N_A"] - y * q["N"]
    alpha = -(J / (q["c"] * D) + q["grad"]) / (y * (1 - y) * glt)
    per_block = alpha[:, inner].mean(axis=1)
    est = Estimate(float(per_block.mean()), float(per_block.std(ddof=1) / np.sqrt(per_block.size)), 1, per_block.size)
    return {"alpha_T": est, "y_mean": float(y[:, inner].mean()), "planes": alpha.mean(axis=0), "interior": inner}
