"""Cell profiles: mole fractions, concentration, temperature and pressure per block."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.measure.stats import batch_error, local_lag1_autocorrelation
from particlesim.constants import K_B, N_AV
from particlesim.resolution import LAYER_MAX_SHARE, LAYER_MEAN_FREE_PATHS


def block_profiles(run) -> dict:
    """Arrays (block, cell[, species]) of n_i, y_i, c, T and p from the raw sums.

    Mixture T uses the mass-average velocity of the cell: T = (sum m v^2 - rho u^2 V) / (3 k N).
    """
    pr, s = run.profiles, run.summary
    nb = int(pr["block"].max()) + 1
    nsp, nc = len(s.species), int(s.cells)
    shape = (nb, nsp, nc)

    def col(k):
        return pr[k].to_numpy().reshape(shape)

    m = np.asarray(s.molar_mass_kg_mol)[None, :, None] / N_AV
    cnt, svz, sv2 = col("count"), col("sum_vz"), col("sum_v2")
    sv = [col("sum_vx"), svz, col("sum_vy")]
    samples = pr["samples"].to_numpy().reshape(shape)[:, 0, 0]
    keep = samples > 0
    vol = s.area_m2 * s.length_m / nc
    n_i = cnt[keep] * s.weight / (samples[keep, None, None] * vol)
    ntot = cnt[keep].sum(axis=1)
    mom2 = sum(((m * v[keep]).sum(axis=1)) ** 2 for v in sv)
    mass = (m * cnt[keep]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        T = ((m * sv2[keep]).sum(axis=1) - mom2 / mass) / (3.0 * K_B * ntot)
        y = n_i / n_i.sum(axis=1, keepdims=True)
    n = n_i.sum(axis=1)
    # momentum density = mass flux rho v (kg m^-2 s^-1), independent of the plane tallies
    rho_v = (m * svz[keep]).sum(axis=1) * s.weight / (samples[keep, None] * vol)
    return {"z": (np.arange(nc) + 0.5) * s.length_m / nc, "n_i": n_i, "y": y, "c": n / N_AV,
            "T": T, "p": n * K_B * T, "rho_v": rho_v, "weights": samples[keep], "blocks": np.flatnonzero(keep)}


def mean_profiles(run) -> pd.DataFrame:
    """Time-averaged profiles with batch-mean errors over the profile blocks."""
    bp = block_profiles(run)
    names = run.summary.species
    nb = bp["c"].shape[0]
    out = {"z_m": bp["z"]}

    def put(key, arr):
        # blocks shorter than the tube's slowest relaxation are correlated: AR(1) inflation with
        # the lag-1 autocorrelation pooled over the tenth of the tube around each cell
        out[key] = np.nanmean(arr, axis=0)
        if nb < 2:
            out[key + "_err"] = np.nan
            return
        out[key + "_err"] = batch_error(arr, rho=local_lag1_autocorrelation(arr, max(arr.shape[1] // 10, 1)))

    for k, name in enumerate(names):
        put(f"y_{name}", bp["y"][:, k, :])
    put("c_mol_m3", bp["c"])
    put("T_K", bp["T"])
    put("p_Pa", bp["p"])
    return pd.DataFrame(out)


def layer_margin(summary) -> float:
    """Where the interior starts (m from each end) for D and profile fits: 5 mean free paths of
    the species with the longest one, whose fast molecules carry the ends' Knudsen layers
    furthest (argon-helium: helium's, 2.9 times the smallest; measured in docs/method.md), at
    most a quarter of the tube. Runs written before the longest was recorded use the smallest."""
    return margin_for(summary.mean_free_path_max_m or summary.mean_free_path_m, summary.length_m)


def margin_for(mean_free_path_m: float, length_m: float) -> float:
    """The rule of `layer_margin` on plain numbers: 5 mean free paths, at most a quarter of the tube."""
    return min(LAYER_MEAN_FREE_PATHS * mean_free_path_m, LAYER_MAX_SHARE * length_m)


def interior_mask(z, length, margin):
    """Cells at least `margin` (m) from both ends: outside the Knudsen layers."""
    return (z >= margin) & (z <= length - margin)


def linear_fit(z, y, err=None):
    """Weighted straight line y = a + b z; returns (a, b, cov, chi2_per_dof)."""
    z, y = np.asarray(z), np.asarray(y)
    w = np.ones_like(y) if err is None else 1.0 / np.asarray(err) ** 2
    A = np.vstack([np.ones_like(z), z]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    a, b = cov @ (A.T @ (w * y))
    resid = y - (a + b * z)
    dof = max(len(z) - 2, 1)
    return a, b, cov, float((w * resid ** 2).sum() / dof)


def block_slope(run, species, margin):
    """dy/dz of a straight line through the interior cells, fitted block by block; the error
    is the batch error of the per-block slopes, so the covariance of neighbouring cells (one
    fluctuation moves many) is carried, which a fit to the mean profile with independent cell
    errors misses by a factor of several. Returns (slope, error, blocks)."""
    bp = block_profiles(run)
    k = run.summary.species.index(species)
    mask = interior_mask(bp["z"], run.summary.length_m, margin)
    z = bp["z"][mask]
    slopes = np.polyfit(z - z.mean(), bp["y"][:, k, mask].T, 1)[0]
    return float(slopes.mean()), float(batch_error(slopes)), slopes.size
