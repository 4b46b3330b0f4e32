"""Sweep tables and figures for tubes with walls: Clausing transmission, self-diffusion across
the Knudsen range of the bore, Knudsen's minimum of pressure-driven flow, Graham's law in a
capillary. Each function takes the sweep table (studies.sweep) and returns Markdown lines
and figures; `write_sweep_report` calls them for the series they know.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.load import load_run
from analysis.measure.profiles import interior_mask, margin_for
from analysis.measure.walls import section_profiles
from analysis.report import table as table_writer
from analysis.report.style import COLORS, figure, plain_log_ticks
from analysis.theory import capillary as cap
from particlesim.constants import N_AV

SERIES = ("clausing", "bore", "knudsen", "flow", "flow_resolution", "graham_bore")


def _combine(g, col):
    """Inverse-variance mean of col over replicas, with its error."""
    err = g[col + "_err"].to_numpy()
    w = 1.0 / err ** 2
    return float((w * g[col]).sum() / w.sum()), float(w.sum() ** -0.5)


def clausing(t: pd.DataFrame):
    rows = []
    for ell, g in t.groupby("length_over_radius"):
        W, err = _combine(g, "W")
        th = cap.clausing_transmission(float(ell))
        rows.append({"L/R": ell, "W (DSMC)": W, "error": err, "Clausing": th, "DSMC/Clausing - 1": W / th - 1,
                     "error of ratio": err / th, "z": (W - th) / err, "8R/3L": 8 / (3 * ell)})
    tab = pd.DataFrame(rows)
    fig, (ax, ax2) = figure(nrows=2, figsize=(4.2, 4.6), sharex=True, height_ratios=(2.2, 1))
    ell = np.geomspace(tab["L/R"].min() * 0.8, tab["L/R"].max() * 1.25, 80)
    ax.plot(ell, [cap.clausing_transmission(x) for x in ell], "-", color=COLORS["theory"], lw=1.2,
            label="Clausing's equation")
    long = ell >= 8.0  # the long-tube limit, drawn where it is meant to hold (it passes W = 1 at L = 8R/3)
    ax.plot(ell[long], 8 / (3 * ell[long]), ":", color=COLORS["theory"], lw=1, label=r"$8R/3L$ (long tubes)")
    ax.errorbar(tab["L/R"], tab["W (DSMC)"], yerr=tab["error"], fmt="o", ms=4, color=COLORS["A"], label="DSMC")
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain_log_ticks(ax)
    ax.set_ylabel("transmission probability $W$")
    ax.legend(frameon=False)
    ax2.errorbar(tab["L/R"], 100 * tab["DSMC/Clausing - 1"], yerr=100 * tab["error of ratio"], fmt="o", ms=4,
                 color=COLORS["A"])
    ax2.axhline(0.0, color=COLORS["theory"], lw=1)
    ax2.set_xlabel("$L/R$")
    ax2.set_ylabel("DSMC / Clausing - 1 (%)")
    lines = ["## Free-molecular transmission of a circular tube (Clausing)", "",
             "W from the molecules entering from the left reservoir and leaving into vacuum on the right "
             "(binomial error); Clausing's integral equation solved in analysis.theory.capillary.", "",
             table_writer.wide(tab, ".5g")]
    return lines, {"clausing": fig}, tab


def _pollard_present(radius, length):
    """First-order finite-length factor of Knudsen diffusion, 1 - 3a/(4L') for a tube of
    radius a and half-length L' (Pollard and Present 1948), i.e. 1 - 3R/(2L)."""
    return 1.0 - 3.0 * radius / (2.0 * length)


def self_diffusion(t: pd.DataFrame):
    rows = []
    for key, g in t.groupby("p_Pa", sort=True):
        D, err = _combine(g, "D")
        r = g.iloc[0]
        m = r.M_A_g_mol * 1e-3 / N_AV
        DK = cap.knudsen_diffusion(r.radius_m, m, r.T_K)
        D11 = r.D_conv  # converged Chapman-Enskog at the point's n and T (1.0191 [D]_1 for equal masses)
        bos = float(cap.bosanquet(D11, DK))
        rows.append({"lambda/R": r.mean_free_path_m / r.radius_m, "L/R": r.length_m / r.radius_m, "D (m^2/s)": D,
                     "error": err, "D/D_11": D / D11, "D/D_K": D / DK,
                     # first order in R/L: meaningful for long tubes only
                     "Pollard-Present D_K/D_K": (_pollard_present(r.radius_m, r.length_m)
                                                 if r.length_m >= 10 * r.radius_m else float("nan")),
                     "Bosanquet": bos, "D/Bosanquet - 1": D / bos - 1, "error of ratio": err / bos})
    tab = pd.DataFrame(rows).sort_values("lambda/R").reset_index(drop=True)
    fig, (ax, ax2) = figure(nrows=2, figsize=(4.2, 4.8), sharex=True, height_ratios=(2.2, 1))
    kn = np.geomspace(tab["lambda/R"].min() * 0.7, tab["lambda/R"].max() * 1.4, 100)
    # in units of D_11 at lambda/R: D_K / D_11 = (2/3 R v) / (1.0191 (3 pi / 16) lambda v) = c / Kn
    c = (2.0 / 3.0) / (1.0191 * 3.0 * math.pi / 16.0)
    ax.plot(kn, 1.0 / (1.0 + kn / c), "-", color=COLORS["theory"], lw=1.2, label=r"Bosanquet $1/D = 1/D_{11} + 1/D_K$")
    far = kn >= 0.3
    ax.plot(kn[far], c / kn[far], ":", color=COLORS["theory"], lw=1, label=r"$D_K = \frac{2}{3} R \bar v$")
    ax.axhline(1.0, color=COLORS["theory"], ls="--", lw=1, label=r"$D_{11}$ = 1.0191 $[D]_1$")
    ax.errorbar(tab["lambda/R"], tab["D/D_11"], yerr=tab["error"] * tab["D/D_11"] / tab["D (m^2/s)"], fmt="o", ms=4,
                color=COLORS["A"], label="DSMC")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(tab["D/D_11"].min() * 0.5, 2.0)
    ax.set_ylabel(r"$D_{\rm eff} / D_{11}$")
    ax.legend(frameon=False, fontsize=7)
    ax2.errorbar(tab["lambda/R"], 100 * tab["D/Bosanquet - 1"], yerr=100 * tab["error of ratio"], fmt="o", ms=4,
                 color=COLORS["A"])
    ax2.axhline(0.0, color=COLORS["theory"], lw=1)
    ax2.set_xlabel(r"$\lambda / R$")
    ax2.set_ylabel("DSMC / Bosanquet - 1 (%)")
    worst = tab.loc[tab["D/Bosanquet - 1"].abs().idxmax()]
    lines = ["## Self-diffusion in a capillary across the Knudsen range of the bore", "",
             "Equal-mass labels between pure reservoirs at equal pressure, diffuse walls; D from Fick on J_A "
             "over the interior planes (batch errors). D_11 is the converged Chapman-Enskog self-diffusion "
             "coefficient at the point's n and T; D_K = (2/3) R v_mean.", "",
             table_writer.wide(tab, ".4g"), "",
             f"Largest deviation from Bosanquet: {100 * worst['D/Bosanquet - 1']:+.1f}% "
             f"(+- {100 * worst['error of ratio']:.1f}%) at lambda/R = {worst['lambda/R']:.3g}."]
    return lines, {"capillary_self_diffusion": fig}, tab


def _estimator_window(r) -> tuple:
    """Where the interior D's secant runs (m): from the first interior face's lower cell centre to
    the last one's upper, the faces within the layer margin of the ends left out (as fick_diffusion;
    equal-mass labels, so the longest mean free path is the row's)."""
    L, nc = float(r.length_m), int(r.cells)
    dz = L / nc
    faces = np.arange(1, nc) * dz
    faces = faces[interior_mask(faces, L, margin_for(float(r.mean_free_path_m), L))]
    return faces[0] - 0.5 * dz, faces[-1] + 0.5 * dz


def knudsen_length(t: pd.DataFrame):
    """Collisionless isotopic counter-diffusion: the interior D against the exact value of the
    same estimator (Clausing's density between the estimator's end points) and D_K."""
    rows = []
    for key, g in t.groupby("length_m", sort=True):
        D, err = _combine(g, "D")
        r = g.iloc[0]
        DK = cap.knudsen_diffusion(r.radius_m, r.M_A_g_mol * 1e-3 / N_AV, r.T_K)
        z1, z2 = _estimator_window(r)
        ell = r.length_m / r.radius_m
        exact = cap.knudsen_secant_diffusion(ell, z1 / r.radius_m, z2 / r.radius_m)
        mid = cap.knudsen_secant_diffusion(ell, 0.5 * ell - 0.01, 0.5 * ell + 0.01)
        rows.append({"L/R": ell, "window (z/L)": f"{z1 / r.length_m:.3f}-{z2 / r.length_m:.3f}",
                     "D/D_K": D / DK, "error": err / DK, "exact, same window": exact,
                     "DSMC/exact - 1": D / (DK * exact) - 1, "z": (D / DK - exact) / (err / DK),
                     "exact at mid-tube": mid, "Pollard-Present 1 - 3R/(2L)": _pollard_present(r.radius_m, r.length_m)})
    tab = pd.DataFrame(rows)
    lines = ["## Knudsen diffusion against tube length (no collisions)", "",
             "Interior D from Fick on J_A (the secant of y_A over the window shown: every interior cell face), "
             "equal-mass labels between pure reservoirs; D_K = (2/3) R v_mean. The exact value for this estimator "
             "comes from Clausing's equation: the density at the wall between the window's ends "
             "(analysis.theory.capillary.knudsen_secant_diffusion). A finite tube's interior slope is steeper "
             "than 1/L (the density jumps at the ends), so D/D_K < 1 by O(R/L); the local value at mid-tube is "
             "the one to set beside Pollard and Present's first-order 1 - 3R/(2L).", "",
             table_writer.wide(tab, ".4g")]
    return lines, {}, tab


def knudsen_minimum(t: pd.DataFrame):
    rows = []
    for key, g in t.groupby("p_Pa", sort=True):
        G, err = _combine(g, "G")
        d = float(g.delta.mean())
        bgk = cap.poiseuille_flow_rate_bgk(d)
        rows.append({"delta": d, "L/R": g.iloc[0].length_m / g.iloc[0].radius_m, "G_P (DSMC)": G, "error": err,
                     "BGK": bgk, "DSMC/BGK - 1": G / bgk - 1, "error of ratio": err / bgk,
                     "slip Poiseuille": d / 4 + 1.016})
    tab = pd.DataFrame(rows).sort_values("delta").reset_index(drop=True)
    fig, ax = figure(figsize=(4.2, 3.2))
    dd = np.geomspace(min(0.01, tab.delta.min()), max(30.0, tab.delta.max() * 1.2), 30)
    ax.plot(dd, [cap.poiseuille_flow_rate_bgk(x) for x in dd], "-", color=COLORS["theory"], lw=1.2,
            label="linearized BGK (analysis.theory.capillary)")
    ax.plot(list(cap.PUBLISHED_BGK_TUBE), list(cap.PUBLISHED_BGK_TUBE.values()), "s", mfc="none", ms=4,
            color=COLORS["theory"], label="BGK, Sharipov and Seleznev (1998)")
    ax.axhline(cap.FREE_MOLECULAR_FLOW_RATE, color=COLORS["theory"], ls=":", lw=1, label=r"free molecular $8/3\sqrt{\pi}$")
    big = dd[dd > 2]
    ax.plot(big, big / 4 + 1.016, "--", color=COLORS["theory"], lw=1, label=r"slip Poiseuille $\delta/4 + 1.016$")
    ax.errorbar(tab.delta, tab["G_P (DSMC)"], yerr=tab.error, fmt="o", ms=4, color=COLORS["A"], label="DSMC, hard spheres")
    ax.set_xscale("log")
    ax.set_ylim(1.2, max(3.0, tab["G_P (DSMC)"].max() * 1.1))
    ax.set_xlabel(r"rarefaction parameter $\delta = R p / (\mu v_0)$")
    ax.set_ylabel(r"reduced flow rate $G_P$")
    ax.legend(frameon=False, fontsize=7)
    lines = ["## Knudsen's minimum: pressure-driven flow through a long circular tube", "",
             "G_P = -Mdot v0 / (pi R^3 dp/dz), v0 = sqrt(2kT/m), delta = R p / (mu v0) with the converged "
             "hard-sphere viscosity; Mdot from plane crossings, dp/dz from the interior pressure profile "
             "(batch errors over profile blocks). BGK: linearized BGK solution of analysis.theory.capillary.", "",
             table_writer.wide(tab, ".4g")]
    return lines, {"knudsen_minimum": fig}, tab


def flow_resolution(t: pd.DataFrame):
    """Reduced flow rate against the resolution across the tube, per delta: each point's G_P
    over linearized BGK, and a weighted straight line in the ring width R / bins extrapolated
    to zero width (the simulated viscosity's excess falls with the partners' separation)."""
    rows = []
    for _, r in t.sort_values(["p_Pa", "param:tube.bins"]).iterrows():
        bgk = cap.poiseuille_flow_rate_bgk(r["delta"])
        rows.append({"delta": r["delta"], "L/R": r["length_m"] / r["radius_m"], "cells": int(r["cells"]),
                     "bins": int(r["param:tube.bins"]), "per cell": r["particles_per_cell"],
                     "MCS/lambda": r["mcs_over_lambda"], "G_P (DSMC)": r["G"], "error": r["G_err"], "BGK": bgk,
                     "DSMC/BGK - 1": r["G"] / bgk - 1, "error of ratio": r["G_err"] / bgk})
    tab = pd.DataFrame(rows)
    lines = ["## Reduced flow rate against the resolution across the tube", "",
             "Rings and z-cells refined together; DSMC / BGK - 1 fitted as a + b / bins (weighted) and "
             "extrapolated to infinitely many rings.", "", table_writer.wide(tab, ".4g"), ""]
    for d, g in tab.groupby(tab["delta"].round(1)):
        if len(g) < 2:
            continue
        A = np.vstack([np.ones(len(g)), 1.0 / g["bins"].to_numpy()]).T
        w = 1.0 / g["error of ratio"].to_numpy() ** 2
        cov = np.linalg.inv(A.T @ (A * w[:, None]))
        a, b = cov @ A.T @ (w * g["DSMC/BGK - 1"].to_numpy())
        lines.append(f"- delta = {d:g}: DSMC / BGK - 1 extrapolated to zero ring width = "
                     f"{100 * a:+.2f} +- {100 * math.sqrt(cov[0, 0]):.2f}%")
    return lines, {}, tab


def graham(t: pd.DataFrame, sweep_dir: Path | None = None):
    rows = []
    for key, g in t.groupby("p_Pa", sort=True):
        r = g.iloc[0]
        ratio, err = _combine(g, "N_A_over_N_B")
        vs, vs_err = _combine(g, "v_star")
        vm, vm_err = _combine(g, "v_mass")
        rows.append({"R/lambda": r.radius_m / r.mean_free_path_m, "L/R": r.length_m / r.radius_m, "N_A/N_B": ratio,
                     "error": err, "Graham": r.graham, "z vs Graham": (ratio - r.graham) / err,
                     "v* (m/s)": vs, "v* error": vs_err, "v (m/s)": vm, "v error": vm_err})
    tab = pd.DataFrame(rows).sort_values("R/lambda").reset_index(drop=True)
    figs = {}
    fig, (ax1, ax2) = figure(ncols=2, figsize=(8.0, 3.2))
    ax1.errorbar(tab["R/lambda"], tab["N_A/N_B"], yerr=tab.error, fmt="o", ms=4, color=COLORS["A"],
                 label="DSMC, capillary with diffuse walls")
    ax1.axhline(tab.Graham.iloc[0], color=COLORS["theory"], ls="--", lw=1, label=r"Graham $-\sqrt{M_B/M_A}$ (dusty gas)")
    ax1.set_xscale("log")
    ax1.set_xlabel(r"$R / \lambda$")
    ax1.set_ylabel(r"$N_A / N_B$")
    ax1.legend(frameon=False, fontsize=7)
    ax2.errorbar(tab["R/lambda"], tab["v* (m/s)"], yerr=tab["v* error"], fmt="o", ms=4, color=COLORS["B"],
                 label=r"$v^* = N/c$")
    ax2.errorbar(tab["R/lambda"], tab["v (m/s)"], yerr=tab["v error"], fmt="s", ms=4, color=COLORS["total"],
                 label=r"$v$ (mass average)")
    ax2.axhline(0.0, color="0.7", lw=0.8)
    ax2.set_xscale("log")
    ax2.set_xlabel(r"$R / \lambda$")
    ax2.set_ylabel("velocity in the tube (m/s)")
    ax2.legend(frameon=False, fontsize=7)
    figs["capillary_graham"] = fig
    lines = ["## Graham's law in a capillary", "",
             "Argon-like A against helium-like B between pure reservoirs of equal p and T, diffuse walls; fluxes "
             "from the interior planes (blocked errors).", "", table_writer.wide(tab, ".4g")]
    if sweep_dir is not None:
        prof = _slip_profile_figure(t, sweep_dir)
        if prof is not None:
            figs["capillary_slip_profile"] = prof
    return lines, figs, tab


def _slip_profile_figure(t, sweep_dir: Path):
    """u_z(r) of each species and the mass average at the continuum end of the Graham study."""
    r = t.loc[(t.radius_m / t.mean_free_path_m).idxmax()]
    folder = Path(sweep_dir) / "points" / f"{r.point}-s{int(r.seed)}"
    if not (folder / "section_profiles.parquet").is_file():
        return None
    run = load_run(folder)
    sp = section_profiles(run)
    fig, ax = figure(figsize=(4.2, 3.2))
    M = dict(zip(run.summary.species, np.asarray(run.summary.molar_mass_kg_mol)))
    for name, g in sp.groupby("species"):
        ax.errorbar(g.r_m / run.summary.radius_m, g.vz_m_s, yerr=g.vz_m_s_err, fmt="o-", ms=3, lw=0.8,
                    color=COLORS.get(name, None), label=f"$u_{{z,{name}}}$")
    w = sp.pivot(index="bin", columns="species", values="n_m3")
    u = sp.pivot(index="bin", columns="species", values="vz_m_s")
    rho = sum(w[n] * M[n] for n in w.columns)
    v = sum(w[n] * M[n] * u[n] for n in w.columns) / rho
    rr = sp[sp.species == sp.species.iloc[0]].sort_values("bin").r_m.to_numpy() / run.summary.radius_m
    ax.plot(rr, v.to_numpy(), "k-", lw=1.2, label="mass average $v$")
    ax.axhline(0.0, color="0.7", lw=0.8)
    ax.set_xlabel("$r / R$")
    ax.set_ylabel("axial velocity (m/s)")
    ax.set_title(f"R/lambda = {r.radius_m / r.mean_free_path_m:.3g}, middle half of the tube", fontsize=8)
    ax.legend(frameon=False, fontsize=7)
    return fig


def report_sections(table: pd.DataFrame, sweep_dir: Path | None = None):
    """Markdown lines and figures for every wall series in the table."""
    lines, figs = [], {}
    for name, fn in (("clausing", clausing), ("bore", self_diffusion), ("knudsen", knudsen_length),
                     ("flow", knudsen_minimum), ("flow_resolution", flow_resolution), ("graham_bore", graham)):
        t = table[table.series == name]
        if not len(t):
            continue
        out = fn(t, sweep_dir) if fn is graham else fn(t)
        lines += [""] + out[0]
        figs.update(out[1])
    return lines, figs
