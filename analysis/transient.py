"""Transient closed-tube (Loschmidt) analysis: the decay of the first Fourier mode of y_A.

With zero-flux ends and Fick's law, y_A(z, t) - <y_A> = sum_k a_k(t) cos(k pi z / L) and
a_1(t) = a_1(0) exp(-D pi^2 t / L^2) (physics.md, "Transient closed tube"). The profile
blocks of a run are its time series: block b averages the steps it spans.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .profiles import block_profiles
from .stats import Estimate


def mode_amplitudes(run, species="A", mode=1) -> pd.DataFrame:
    """a_mode(t) = (2/L) integral (y - <y>) cos(mode pi z / L) dz for every profile block."""
    s = run.summary
    k = s["species"].index(species)
    bp = block_profiles(run)
    L = s["length_m"]
    z = bp["z"]
    dz = L / z.size
    y = bp["y"][:, k, :]
    a = (2.0 / L) * ((y - y.mean(axis=1, keepdims=True)) * np.cos(mode * math.pi * z / L)).sum(axis=1) * dz
    # block b covers sampled steps [b span / nb, (b + 1) span / nb): time at its middle
    nb_total = int(run.profiles["block"].max()) + 1
    span = int(s.get("planned_steps", s["steps"])) - int(s["start_step"])
    b = bp["blocks"]
    t = (s["start_step"] + (b + 0.5) * span / nb_total) * s["dt_s"]
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
    t_min = 10 * s["collision_time_s"] if t_min is None else t_min
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
    L = s["length_m"]
    D = -slope * L ** 2 / math.pi ** 2
    err = math.sqrt(cov[1, 1]) * scale * L ** 2 / math.pi ** 2
    return {"D": Estimate(float(D), float(err), 1, int(t.size)), "amplitudes": amp, "used": use.to_numpy()}


def replica_diffusion(runs, species="A") -> Estimate:
    """Mean and standard error of the mode-decay D over independent runs (seeds)."""
    vals = np.array([mode_decay_diffusion(r, species)["D"].value for r in runs])
    return Estimate(float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(vals.size)), 1, int(vals.size))


def closed_tube_figure(run, species="A", levels=(0.75, 0.4, 0.15, 0.05), D_theory=None):
    """y_A(z) and p(z) at the first block and where the first mode has decayed to `levels`
    of its start, and the first-mode amplitude against time (with the decay D_theory gives)."""
    from .style import COLORS, figure
    bp = block_profiles(run)
    amp = mode_amplitudes(run, species)
    k = run.summary["species"].index(species)
    fig, axes = figure(nrows=2, ncols=2, figsize=(7.0, 5.0))
    axes = axes.ravel()
    a = np.abs(amp.amplitude.to_numpy())
    picks = [0] + [int(np.argmax(a < f * a[0])) for f in levels if (a < f * a[0]).any()]
    for i in picks:
        t = amp.t_s.iloc[i] * 1e9
        axes[0].plot(bp["z"] * 1e6, bp["y"][i, k], lw=1, label=f"{t:.1f} ns")
        axes[1].plot(bp["z"] * 1e6, bp["p"][i] / 1e3, lw=1, label=f"{t:.1f} ns")
    axes[0].set_xlabel("z (µm)")
    axes[0].set_ylabel(f"$y_{species}$")
    axes[0].legend(fontsize=7, frameon=False)
    axes[1].set_xlabel("z (µm)")
    axes[1].set_ylabel("p (kPa)")
    axes[1].text(0.98, 0.97, "the times of (a)", transform=axes[1].transAxes, ha="right", va="top", fontsize=7)
    axes[2].semilogy(amp.t_s * 1e9, np.abs(amp.amplitude), ".", color=COLORS["A"], ms=2, label="DSMC")
    if D_theory:  # the decay theory predicts: a0 exp(-pi^2 D t / L^2)
        tt = amp.t_s.to_numpy()
        axes[2].semilogy(tt * 1e9, a[0] * np.exp(-np.pi ** 2 * D_theory * (tt - tt[0]) / run.summary["length_m"] ** 2),
                         "-", color=COLORS["theory"], lw=1, label="Chapman-Enskog decay")
    floor = max(np.median(a[-max(3, a.size // 5):]) / 3.0, 1e-4 * a[0])  # below the noise the fit has no weight
    axes[2].set_ylim(floor, 1.3 * a[0])
    axes[2].set_xlabel("t (ns)")
    axes[2].set_ylabel("first-mode amplitude")
    axes[2].legend(fontsize=7, frameon=False)
    # molar- and mass-average velocities at the middle plane, per profile block
    from .fluxes import flux_series
    s = run.summary
    fl = flux_series(run)
    mid = len(s["planes_m"]) // 2
    M = np.asarray(s["molar_mass_kg_mol"])
    c = bp["c"][:, np.argmin(abs(bp["z"] - s["planes_m"][mid]))]
    rho = (bp["n_i"][:, :, np.argmin(abs(bp["z"] - s["planes_m"][mid]))] * M[None, :]).sum(axis=1) / 6.02214076e23
    nb = len(amp)
    per = max(fl.shape[0] // nb, 1)
    N = fl[: per * nb, mid, :].reshape(nb, per, -1).mean(axis=1)
    axes[3].plot(amp.t_s * 1e9, N.sum(axis=1) / c, lw=1, color=COLORS["B"], label=r"$v^*$")
    axes[3].plot(amp.t_s * 1e9, (N @ M) / rho, lw=1, color=COLORS["total"], label="$v$")
    axes[3].axhline(0, color="0.7", lw=0.8)
    axes[3].set_xlabel("t (ns)")
    axes[3].set_ylabel("velocity at mid-tube (m/s)")
    axes[3].legend(fontsize=7, frameon=False)
    for ax, tag in zip(axes, "abcd"):
        ax.set_title(f"({tag})", loc="left", fontsize=8)
    axes[0].legend(fontsize=7, frameon=False, loc="upper right")
    fig.tight_layout()
    return fig
