"""Transient closed-tube (Loschmidt) analysis: the decay of the first Fourier mode of y_A.

With zero-flux ends and Fick's law, y_A(z, t) - <y_A> = sum_k a_k(t) cos(k pi z / L) and
a_1(t) = a_1(0) exp(-D pi^2 t / L^2) (docs/physics.md, "Fluxes, average velocities and Fick's law"). The profile
blocks of a run are its time series: block b averages the steps it spans.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.measure.profiles import block_profiles
from analysis.measure.stats import Estimate


def mode_amplitudes(run, species="A", mode=1) -> pd.DataFrame:
    """a_mode(t) = (2/L) integral (y - <y>) cos(mode pi z / L) dz for every profile block."""
    s = run.summary
    k = s.species.index(species)
    bp = block_profiles(run)
    L = s.length_m
    z = bp["z"]
    dz = L / z.size
    y = bp["y"][:, k, :]
    a = (2.0 / L) * ((y - y.mean(axis=1, keepdims=True)) * np.cos(mode * math.pi * z / L)).sum(axis=1) * dz
    # block b covers sampled steps [b span / nb, (b + 1) span / nb): time at its middle
    nb_total = int(run.profiles["block"].max()) + 1
    span = int((s.planned_steps or s.steps)) - int(s.start_step)
    b = bp["blocks"]
    t = (s.start_step + (b + 0.5) * span / nb_total) * s.dt_s
    return pd.DataFrame({"t_s": t, "amplitude": a})


def mode_decay_diffusion(run, species="A", floor=0.1, t_min=None) -> dict:
    """D from the exponential decay of the first mode: a straight-line fit of ln a(t) over
    the blocks with a(t) above `floor` of its first value and t > t_min (default 10
    collision times, past the kinetic start-up). The returned error is the least-squares
    error scaled by the residual scatter; the noise of a(t) is correlated over the decay
    itself, so it understates the true error (two seeds of the equal-mass tube differ by ten
    of them): quote `replica_diffusion` over several seeds instead."""
    s = run.summary
    amp = mode_amplitudes(run, species)
    t_min = 10 * s.collision_time_s if t_min is None else t_min
    a0 = amp.amplitude.iloc[0]
    use = (amp.t_s > t_min) & (amp.amplitude > floor * abs(a0)) & (np.sign(amp.amplitude) == np.sign(a0))
    t, la = amp.t_s[use].to_numpy(), np.log(np.abs(amp.amplitude[use].to_numpy()))
    if t.size < 4:
        raise ValueError("fewer than 4 blocks in the fitting window; use more profile blocks")
    # weight by amplitude^2: the noise of ln a is noise(a) / a with roughly constant noise(a)
    w = np.abs(amp.amplitude[use].to_numpy()) ** 2
    A = np.vstack([np.ones_like(t), t]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    c0, slope = cov @ (A.T @ (w * la))
    resid = la - (c0 + slope * t)
    scale = math.sqrt((w * resid ** 2).sum() / max(t.size - 2, 1))
    L = s.length_m
    D = -slope * L ** 2 / math.pi ** 2
    err = math.sqrt(cov[1, 1]) * scale * L ** 2 / math.pi ** 2
    # scale is the scatter of a about the fitted line (weighted residuals of ln a times a)
    return {"D": Estimate(float(D), float(err), 1, int(t.size)), "amplitudes": amp, "used": use.to_numpy(),
            "line": (float(c0), float(slope)), "scatter": float(scale)}


def replica_diffusion(runs, species="A") -> Estimate:
    """Mean and standard error of the mode-decay D over independent runs (seeds)."""
    vals = np.array([mode_decay_diffusion(r, species)["D"].value for r in runs])
    return Estimate(float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(vals.size)), 1, int(vals.size))
