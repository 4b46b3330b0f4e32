"""Figures as functions of tables: each takes DataFrames and returns a matplotlib Figure."""
from __future__ import annotations

import numpy as np

from analysis import theory
from analysis.measure.fluxes import flux_series
from analysis.measure.profiles import block_profiles
from analysis.measure.stats import blocking_curve
from analysis.measure.transient import mode_amplitudes, mode_decay_diffusion
from analysis.measure.walls import section_profiles
from analysis.report.interface_section import stefan_figure
from analysis.report.style import COLORS, figure, plain_log_ticks


def profile_figure(prof, species="A", fit=None, length=None, continuum=None):
    """y_A(z) with errors, the ideal straight line between pure reservoirs, the interior
    linear fit and the continuum (Fick, constant fluxes) profile; with a continuum profile, a
    lower panel shows DSMC minus continuum in standard errors, since the curves overlap."""
    z = prof["z_m"] * 1e6
    y, e = prof[f"y_{species}"].to_numpy(), prof[f"y_{species}_err"].to_numpy()
    if continuum is None:
        fig, ax = figure()
        ax2 = None
    else:
        fig, (ax, ax2) = figure(nrows=2, figsize=(4.6, 4.4), sharex=True, height_ratios=(2.6, 1))
    ax.errorbar(z, y, yerr=e, fmt="o", ms=1.5, lw=0.6, color=COLORS["A"], zorder=1, label=f"DSMC $y_{species}$")
    if length:
        ax.plot([0, length * 1e6], [1, 0], "--", color=COLORS["theory"], lw=1,
                label="$1 - z/L$ (equimolar, no end effect)")
    if fit is not None:
        a, b, lo, hi = fit
        zz = np.linspace(lo, hi, 2)
        ax.plot(zz * 1e6, a + b * zz, color=COLORS["fit"], lw=1, ls="-.", label="interior linear fit")
    if continuum is not None:
        ax.plot(continuum[0] * 1e6, continuum[1], color="k", lw=1.0, zorder=5,
                label="continuum: measured $N_A$, $N$; CE $D(y_A)$ (interior: beyond the Knudsen layers)")
    ax.set_ylabel(f"mole fraction $y_{species}$")
    ax.legend(loc="upper right", fontsize=7, frameon=False)
    if np.nanmax(e) < 0.01 * (np.nanmax(y) - np.nanmin(y)):
        ax.text(0.02, 0.03, "error bars (one standard error) are smaller than the markers", transform=ax.transAxes,
                fontsize=6.5, color="0.35")
    if ax2 is None:
        ax.set_xlabel("z (µm)")
        return fig
    zc, yc = continuum
    inside = (prof["z_m"].to_numpy() >= zc.min()) & (prof["z_m"].to_numpy() <= zc.max())
    ax2.plot(z[inside], (y[inside] - yc) / e[inside], "o", ms=1.5, color=COLORS["A"])
    ax2.axhspan(-2, 2, color="0.92", zorder=0)
    ax2.axhline(0, color="k", lw=0.8)
    ax2.set_ylabel("DSMC - continuum\n(standard errors)", fontsize=7)
    ax2.set_xlabel("z (µm)")
    return fig


def flux_planes_figure(table, species, steady=True):
    """N_i and N at each probe plane with standard errors, one panel per flux on its own scale
    (on a common axis the spread between species hides the plane-to-plane variation); in a
    steady state every plane carries the same flux, drawn as the planes' weighted mean."""
    names = [f"N_{n}" for n in species] + ["N"]
    fig, axes = figure(nrows=len(names), figsize=(5.0, 1.3 + 1.0 * len(names)), sharex=True)
    axes = np.atleast_1d(axes)
    z = table["z_m"] * 1e6
    for ax, col in zip(axes, names):
        v, e = table[col].to_numpy(), table[f"{col}_err"].to_numpy()
        color = COLORS.get(col[2:], COLORS["total"]) if col != "N" else COLORS["total"]
        ax.errorbar(z, v, yerr=e, fmt="o" if col != "N" else "s", ms=3, color=color)
        ok = np.isfinite(e) & (e > 0)
        if steady and ok.any():  # the planes' weighted mean (their errors are correlated: a guide, not a fit)
            w = 1.0 / e[ok] ** 2
            mean = float((w * v[ok]).sum() / w.sum())
            ax.axhline(mean, color=COLORS["theory"], lw=0.8, ls="--")
        label = "$N$" if col == "N" else f"$N_{{{col[2:]}}}$"
        ax.set_ylabel(label)
    axes[-1].set_xlabel("plane position z (µm)")
    axes[0].set_title("molar flux at each plane (mol m$^{-2}$ s$^{-1}$)" + ("; dashed: mean over the planes"
                      if steady else ", averaged over the transient"), fontsize=8)
    fig.tight_layout()
    return fig


def flux_series_figure(t, series, name="A", planes_m=None):
    """Flux per interval (averaged over the interior planes, named in the legend) with its
    running mean."""
    fig, ax = figure()
    where = ""
    if planes_m is not None and len(planes_m):
        zs = np.asarray(planes_m) * 1e6
        where = (f", mean of {zs.size} planes at z = {zs.min():.3g}-{zs.max():.3g} µm" if zs.size > 1
                 else f", plane at z = {zs[0]:.3g} µm")
    ax.plot(t * 1e9, series, lw=0.4, color="0.6", label=f"$N_{name}$ per interval{where}")
    ax.plot(t * 1e9, np.cumsum(series) / np.arange(1, series.size + 1), color=COLORS["A"], lw=1.5,
            label="running mean")
    ax.set_xlabel("time (ns)")
    ax.set_ylabel(f"$N_{name}$ (mol m$^{{-2}}$ s$^{{-1}}$)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=7)  # below: the trace stays visible
    return fig


def blocking_figure(curve, interval_s, name="A"):
    """Standard error of the mean flux against block length, with the block the error uses."""
    fig, ax = figure()
    t = curve["block"] * interval_s * 1e9
    nblocks = curve["samples"] // curve["block"]
    # an error from m blocks is itself uncertain by about 1 / sqrt(2 (m - 1))
    ax.errorbar(t, curve["error"], yerr=curve["error"] / np.sqrt(2.0 * np.maximum(nblocks - 1, 1)), fmt="o-", ms=3,
                color=COLORS["A"], label=f"$N_{name}$, interior planes")
    ax.axvline(curve["chosen_block"] * interval_s * 1e9, color=COLORS["theory"], ls="--", lw=1,
               label=f"block used: error {curve['error_chosen']:.3g}, $\\tau_{{int}}$ = {curve['tau_int']:.1f} intervals")
    ax.set_xscale("log")
    plain_log_ticks(ax, "x")
    ax.set_xlabel("block length (ns)")
    ax.set_ylabel("standard error of the mean flux (mol m$^{-2}$ s$^{-1}$)")
    ax.legend(fontsize=7)
    return fig


def diffusion_figure(planes, d1, theory_curves, headline=None, window=None):
    """Local D(z) from J_A against Chapman-Enskog at the local composition (at the nominal density);
    headline: the report's D (every interior face), its error and its theory (CE averaged over the
    same faces at their local density), drawn over the window (z1, z2) in m it uses, whose edges
    mark the Knudsen layers left out."""
    fig, ax = figure()
    z = planes["z_m"] * 1e6
    ax.errorbar(z, planes["D"] / d1, yerr=planes["D_err"] / d1, fmt="o", color=COLORS["A"],
                label="DSMC per probe plane, Fick on $J_A$")
    if headline is not None and window is not None:
        (v, e, th), (z1, z2) = headline, window
        ax.fill_between([z1 * 1e6, z2 * 1e6], (v - e) / d1, (v + e) / d1, color=COLORS["fit"], alpha=0.3, lw=0,
                        label="DSMC, every interior face (the report's D)")
        ax.plot([z1 * 1e6, z2 * 1e6], [th / d1] * 2, "-", color=COLORS["fit"], lw=1,
                label="its theory: CE converged over the same faces, at their n")
        for zz in (z1, z2):
            ax.axvline(zz * 1e6, color="0.7", lw=0.8, ls=":")
    ax.axhline(1.0, color=COLORS["theory"], ls=":", lw=1, label="$[D_{AB}]_1$")
    for label, values, style in theory_curves:
        ax.plot(z, np.asarray(values) / d1, style, color=COLORS["theory"], lw=1, label=label)
    ax.set_xlabel("plane position z (µm); dotted: the Knudsen layers' edges")
    ax.set_ylabel(r"$D_{AB} / [D_{AB}]_1$")
    ax.legend(fontsize=6)
    return fig


def state_figure(prof, planes_z, v_star, v_star_err, v_mass, v_mass_err, p_ends=None, length=None):
    """Pressure along the tube (cells averaged in groups, so at most 60 points, with their
    errors, and the reservoirs' pressures at the ends), and the molar- and mass-average
    velocities at the planes."""
    fig, (ax1, ax2) = figure(ncols=2, figsize=(7.0, 2.8))
    z = prof["z_m"].to_numpy() * 1e6
    p, e = prof["p_Pa"].to_numpy() / 1e3, prof["p_Pa_err"].to_numpy() / 1e3
    k = max(1, int(np.ceil(z.size / 60)))
    m = (z.size // k) * k
    zg, pg = z[:m].reshape(-1, k).mean(axis=1), p[:m].reshape(-1, k).mean(axis=1)
    eg = np.sqrt((e[:m].reshape(-1, k) ** 2).sum(axis=1)) / k
    ax1.errorbar(zg, pg, yerr=eg, fmt="o", ms=2.5, lw=0.8, color=COLORS["A"],
                 label=f"DSMC ({k} cells per point)" if k > 1 else "DSMC")
    if p_ends is not None and length:
        for zz, pe, lab in ((0.0, p_ends[0], "reservoirs"), (length * 1e6, p_ends[1], None)):
            if pe:
                ax1.plot([zz], [pe / 1e3], "D", ms=5, mfc="none", color=COLORS["theory"], label=lab)
    ax1.set_xlabel("z (µm)")
    ax1.set_ylabel("p (kPa)")
    ax1.legend(fontsize=7)
    zp = np.asarray(planes_z) * 1e6
    ax2.errorbar(zp, v_star, yerr=v_star_err, fmt="o", color=COLORS["B"], label=r"$v^* = N/c$")
    ax2.errorbar(zp, v_mass, yerr=v_mass_err, fmt="s", color=COLORS["total"], label=r"$v = \sum M_i N_i / \rho$")
    ax2.axhline(0, color="0.7", lw=0.8)
    ax2.set_xlabel("plane position z (µm)")
    ax2.set_ylabel("velocity (m/s)")
    ax2.legend()
    return fig


def diffusion_vs_composition_figure(planes, d1, y_grid, curves):
    """Local D against the local mole fraction y_A (one point per plane), with theory curves
    D(y_A) (composition dependence of the higher Chapman-Enskog approximations)."""
    fig, ax = figure()
    ax.errorbar(planes["y_A"], planes["D"] / d1, yerr=planes["D_err"] / d1, fmt="o", color=COLORS["A"],
                label="DSMC, local Fick on $J_A$")
    ax.axhline(1.0, color=COLORS["theory"], ls=":", lw=1, label="$[D_{AB}]_1$")
    for label, values, style in curves:
        ax.plot(y_grid, np.asarray(values), style, color=COLORS["theory"], lw=1, label=label)
    ax.set_xlabel("local mole fraction $y_A$")
    ax.set_ylabel(r"$D_{AB} / [D_{AB}]_1$")
    ax.legend()
    return fig


def section_figure(run):
    """Profiles across the section (rings or bands), middle half of the tube: n, u_z and T per
    species, with batch errors; the wall is at the right edge."""
    sp = section_profiles(run)
    s = run.summary
    where = "r_m" if "r_m" in sp.columns else "y_m"
    scale = s.radius_m if where == "r_m" else s.height_m
    fig, axes = figure(ncols=3, figsize=(9.0, 2.9), layout="constrained")
    for name, g in sp.groupby("species"):
        x = g[where] / scale
        for ax, key in zip(axes, ("n_m3", "vz_m_s", "T_K")):
            ax.errorbar(x, g[key], yerr=g[key + "_err"], fmt="o-", ms=3, lw=0.8, color=COLORS.get(name), label=name)
    for ax, label in zip(axes, ("n (m$^{-3}$)", "$u_z$ (m/s)", "T (K)")):
        ax.set_xlabel("$r/R$" if where == "r_m" else "$y/H$")
        ax.set_ylabel(label)
    axes[1].axhline(0.0, color="0.7", lw=0.8)
    axes[0].legend(frameon=False)
    fig.suptitle("across the section, middle half of the tube (bins of equal area; the wall at 1)", fontsize=8)
    return fig


def closed_tube_figure(run, species="A", levels=(0.75, 0.4, 0.15, 0.05), D_theory=None):
    """y_A(z) and p(z) at the first block and where the first mode has decayed to `levels`
    of its start, and the first-mode amplitude against time (with the decay D_theory gives)."""
    bp = block_profiles(run)
    amp = mode_amplitudes(run, species)
    k = run.summary.species.index(species)
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
    try:
        fit = mode_decay_diffusion(run, species)
    except ValueError:  # too few blocks to fit: the amplitudes alone
        fit = None
    if fit is not None:  # the blocks fitted, each with the scatter of a about the fit as its error
        tu = amp.t_s.to_numpy()[fit["used"]]
        axes[2].axvspan(tu[0] * 1e9, tu[-1] * 1e9, color="0.93", lw=0, zorder=0, label="fit window")
        axes[2].errorbar(amp.t_s * 1e9, a, yerr=fit["scatter"], fmt=".", color=COLORS["A"], ms=2, lw=0.6,
                         label="DSMC")
        c0, slope = fit["line"]
        axes[2].semilogy(tu * 1e9, np.exp(c0 + slope * tu), "--", color=COLORS["fit"], lw=1,
                         label=f"fit: D = {fit['D'].value * 1e4:.4g} cm$^2$/s")
    else:
        axes[2].semilogy(amp.t_s * 1e9, a, ".", color=COLORS["A"], ms=2, label="DSMC")
    axes[2].set_yscale("log")
    if D_theory:  # the decay theory predicts: a0 exp(-pi^2 D t / L^2)
        tt = amp.t_s.to_numpy()
        axes[2].semilogy(tt * 1e9, a[0] * np.exp(-np.pi ** 2 * D_theory * (tt - tt[0]) / run.summary.length_m ** 2),
                         "-", color=COLORS["theory"], lw=1, label="Chapman-Enskog decay")
    floor = max(np.median(a[-max(3, a.size // 5):]) / 3.0, 1e-4 * a[0])  # below the noise the fit has no weight
    axes[2].set_ylim(floor, 1.3 * a[0])
    axes[2].set_xlabel("t (ns)")
    axes[2].set_ylabel("first-mode amplitude")
    axes[2].legend(fontsize=7, frameon=False)
    # molar- and mass-average velocities at the middle plane, per profile block
    s = run.summary
    fl = flux_series(run)
    mid = len(s.planes_m) // 2
    M = np.asarray(s.molar_mass_kg_mol)
    c = bp["c"][:, np.argmin(abs(bp["z"] - s.planes_m[mid]))]
    rho = (bp["n_i"][:, :, np.argmin(abs(bp["z"] - s.planes_m[mid]))] * M[None, :]).sum(axis=1) / 6.02214076e23
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


def run_figures(run, rep) -> dict:
    """The run report's figures (name -> Figure) from build_report's numbers: profiles, fluxes per
    plane, blocking, the flux series, the state along the tube, D against theory (open tubes) and
    the mode decay (closed tubes)."""
    s = run.summary
    closed = rep["closed"]
    figs = {
        "profile": (profile_figure(rep["profiles"], rep["pair"][0]) if closed else
                    profile_figure(rep["profiles"], rep["pair"][0], rep["fit"], s.length_m, rep["continuum"])),
        "flux_planes": flux_planes_figure(rep["flux_table"], s.species, steady=not closed),
        "blocking": blocking_figure(blocking_curve(rep["series"]), s.interval_steps * s.dt_s),
        "flux_series": flux_series_figure(np.arange(rep["series"].size) * s.interval_steps * s.dt_s
                                          + s.start_step * s.dt_s, rep["series"], rep["pair"][0],
                                          rep["series_planes"]),
    }
    if "stefan.N_A" in rep["table"]["key"].values:
        figs["stefan"] = stefan_figure(run, rep)
    if not closed:  # Fick's law on steady fluxes: open tubes only
        tab = rep["table"].set_index("key")
        headline = tuple(float(tab.loc["D_AB.ce", k]) for k in ("value", "error", "theory")) \
            if "D_AB.ce" in tab.index else None
        margin = rep["fit"][2] if rep.get("fit") is not None else None
        figs["diffusion"] = diffusion_figure(rep["planes"], rep["d1"], [
            ("CE 2nd approximation (nominal n)", rep["theory_planes"]["D_2"], "--"),
            ("CE converged (nominal n)", rep["theory_planes"]["D_conv"], "-")], headline,
            (margin, s.length_m - margin) if margin is not None else None)
        yg = np.linspace(0.02, 0.98, 49)
        binary = theory.pair_of(s, 0, 1)
        T_ref = s.initial_temperature_K or 273.15
        figs["diffusion_vs_y"] = diffusion_vs_composition_figure(rep["planes"], rep["d1"], yg, [
            ("CE 2nd approximation", binary.ratio(yg, 2, T_ref), "--"),
            ("CE converged", binary.ratio(yg, theory.EXACT_ORDER, T_ref), "-")])
    ft, c_pl, rho_pl = rep["flux_table"], rep["plane_c"], rep["plane_rho"]
    p_ends = [p if e == "reservoir" else None for p, e in zip(s.reservoir_final_pressure_Pa or [None, None],
                                                             (s.ends or [None, None]))]
    figs["state"] = state_figure(rep["profiles"], ft.z_m, ft.N / c_pl, ft.N_err / c_pl,
                                         ft.mass_flux / rho_pl, ft.mass_flux_err / rho_pl, p_ends, s.length_m)
    if closed:
        figs["closed_tube"] = closed_tube_figure(run, D_theory=rep["d_decay"])
    if len(run.section_profiles):
        figs["section"] = section_figure(run)
    return figs
