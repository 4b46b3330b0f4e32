"""Reports and figures for diffusion cells (bulb ends): one run, or the replicas of a sweep
point (errors on every trajectory point from the spread of the seeds)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.load import load_run
from analysis.measure import bulbs
from analysis.measure.fluxes import flux_series
from analysis.measure.stats import Estimate
from analysis.report.style import COLORS, figure, save
from analysis.report.table import frame, markdown, row
from analysis.theory.chapman_enskog import EXACT_ORDER
from analysis.theory.two_bulb import Cell

SPECIES_COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
# (model, junction) -> label and line style: the continuum cells set beside the DSMC bulbs
MODELS = {("multicomponent", "kinetic"): ("Maxwell-Stefan, N-species Chapman-Enskog", "-"),
          ("fick", "kinetic"): ("Fick, pseudo-binary D", ":"),
          ("maxwell-stefan", "kinetic"): ("Maxwell-Stefan, binary D_ij", "--"),
          ("maxwell-stefan", None): ("Maxwell-Stefan, binary D_ij, N = 0, no jump", "-.")}


def _row(key, label, value, error, theory, note):
    return row(key, label, "", Estimate(value, error), theory, note)


def cell_rows(runs):
    """Report-table rows of a cell (analysis.report.table): bulb pressures (the baro-effect), the
    binary decay D, and, for every continuum model, how far the DSMC bulbs lie from it."""
    runs = list(runs)
    s = runs[0].summary
    cell = Cell(s)
    mean = bulbs.replica_mean(runs) if len(runs) > 1 else _single(runs[0])
    rows = []
    left = mean[mean["end"] == "left"].set_index("time_s")
    right = mean[mean["end"] == "right"].set_index("time_s")
    dp = (left["p_Pa"] - right["p_Pa"]).to_numpy()
    k = int(np.argmax(np.abs(dp)))
    dp_err = float(np.hypot(left["p_Pa_err"].iloc[k], right["p_Pa_err"].iloc[k])) if "p_Pa_err" in left else np.nan
    pred = cell.table(np.array([0.0, left.index[k]]))
    dp_model = float(pred["p_Pa"].iloc[2] - pred["p_Pa"].iloc[3]) if (s.section or "unbounded") == "unbounded" \
        else None
    at = f"at t = {left.index[k]:.3g} s"
    rows.append(_row("baro_effect", "largest (p_left - p_right) / p (diffusion baro-effect)",
                     dp[k] / cell.pressure_Pa, dp_err / cell.pressure_Pa,
                     None if dp_model is None else dp_model / cell.pressure_Pa,
                     at if dp_model is None else at + "; theory: the continuum cell with kinetic jumps at the junctions"))
    lam = cell.mean_free_path()
    rows.append(_row("L_over_lambda", "L / lambda (mixture)", cell.length / lam, np.nan, None,
                     "mean free path of the initial mixture"))
    rows.append(_row("bulb_over_tube_volume", "bulb volume / tube volume", cell.volumes[0] / (cell.length * cell.area),
                     np.nan, None, "left bulb"))
    walls = (s.section or "unbounded") != "unbounded"
    if walls:
        rows.append(_row("side_walls", "side walls", np.nan, np.nan, None,
                         f"{s.section} section: the continuum cells here have no wall friction or Knudsen "
                         "diffusion, so only the DSMC numbers are shown"))
    if len(cell.species) == 2:
        dd = bulbs.decay_diffusion(runs)
        y = float(dd["y_mean"][0])
        note = f"theory: CE order {EXACT_ORDER} at the mean y_{cell.species[0]} = {y:.3f}"
        if np.isfinite(dd["D_kinetic"]):
            rows.append(_row("D_AB.decay_kinetic", "D_AB from the decay, kinetic jumps at the junctions",
                             dd["D_kinetic"], dd["D_kinetic_err"], dd["D_ce"],
                             note + "; the tube's volume and the junctions' Knudsen layers accounted for"))
        rows.append(_row("D_AB.decay_tube", "D_AB from the decay, tube volume only", dd["D_tube"], dd["D_tube_err"],
                         dd["D_ce"], "no junction correction: the Knudsen layers make the cell look longer"))
        rows.append(_row("D_AB.decay_quasi_steady",
                         "D_AB from the decay, quasi-steady tau = L V1 V2 / (A D (V1 + V2))", dd["D_qs"],
                         dd["D_tube_err"] * dd["D_qs"] / dd["D_tube"], dd["D_ce"], "ignores the tube's volume too"))
    if f"y_{cell.species[0]}_err" in mean and not walls:
        for (model, junction), (label, _) in MODELS.items():
            if model in ("fick", "maxwell-stefan") and junction is not None and len(cell.species) == 2:
                continue  # two species: Fick, binary and N-species Maxwell-Stefan are one law
            if model == "multicomponent" and cell.default_model != "multicomponent":
                continue  # the N-species scheme is for hard spheres
            c = bulbs.compare(mean[mean["time_s"] > 0], cell, model, junction)
            late = c[c["time_s"] > 0.1 * c["time_s"].max()]  # past the junctions' kinetic start-up
            rows.append(_row(f"bulbs_vs.{model}.{junction or 'none'}", f"bulbs vs {label}: largest |z|",
                             float(np.nanmax(np.abs(c["z"]))), np.nan, None,
                             f"over {len(c)} points; chi2/point = {float(np.nanmean(c['z'] ** 2)):.3g}; "
                             f"rms deviation {float(np.sqrt(np.mean((c['dsmc'] - c['model']) ** 2))):.2g}; after "
                             f"the first tenth of the run: largest |z| {float(np.nanmax(np.abs(late['z']))):.3g}, "
                             f"chi2/point {float(np.nanmean(late['z'] ** 2)):.3g}"))
    return rows, mean


def _single(run) -> pd.DataFrame:
    """One run's trajectories in the replica-mean layout, without errors."""
    tr = bulbs.trajectories(run)
    tr["replicas"] = 1
    return tr


def cell_figure(mean: pd.DataFrame, cell: Cell, title="", continuum=True):
    """Bulb mole fractions against time, DSMC points (with replica errors) over the continuum
    curves of each model, one panel per bulb, in the form of Duncan and Toor's figure."""
    t = np.unique(mean["time_s"])
    tt = np.linspace(0.0, t.max(), 120)
    fig, axes = figure(ncols=2, figsize=(7.0, 3.0), sharey=True)
    # Maxwell-Stefan and Fick (three or more species), both with the junction jumps
    models = dict(list(MODELS.items())[: 2 if len(cell.species) > 2 else 1]) if continuum else {}
    curves = {m: cell.table(tt, *m) for m in models}
    step = max(1, len(t) // 40)
    shown = t[::step]
    for ax, end, label in zip(axes, ("left", "right"), ("bulb 1 (left)", "bulb 2 (right)")):
        d = mean[(mean["end"] == end) & mean["time_s"].isin(shown)]
        for k, sp in enumerate(cell.species):
            col = SPECIES_COLORS[k % len(SPECIES_COLORS)]
            for m, (mlabel, ls) in models.items():
                cc = curves[m][curves[m]["end"] == end]
                ax.plot(cc["time_s"] * 1e6, cc[f"y_{sp}"], ls, color=col, lw=1.0,
                        label=(mlabel if k == 0 else None))
            err = d[f"y_{sp}_err"] if f"y_{sp}_err" in d else None
            ax.errorbar(d["time_s"] * 1e6, d[f"y_{sp}"], yerr=err, fmt="o", ms=2.5, color=col, label=sp, zorder=3)
        ax.set_title(label)
        ax.set_xlabel(r"t ($\mu$s)")
    axes[0].set_ylabel("mole fraction")
    h, lab = axes[0].get_legend_handles_labels()
    fig.legend(h, [x + (" (DSMC)" if x in cell.species else "") for x in lab], fontsize=7, loc="lower center",
               ncol=len(lab), bbox_to_anchor=(0.5, -0.02))
    if title:
        fig.suptitle(title, fontsize=8)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def pressure_figure(mean: pd.DataFrame, cell: Cell, continuum=True):
    """The bulbs' pressures against time: the light gas leaves first (the diffusion baro-effect);
    band: DSMC +- 2 standard errors, line: the continuum cell with kinetic jumps."""
    p_ref = cell.pressure_Pa
    t = np.unique(mean["time_s"])
    model = cell.table(np.linspace(0.0, t.max(), 120)) if continuum else None
    fig, ax = figure(figsize=(3.5, 2.6))
    for end, col in (("left", COLORS["A"]), ("right", COLORS["B"])):
        d = mean[mean["end"] == end]
        ax.plot(d["time_s"] * 1e6, (d["p_Pa"] / p_ref - 1.0) * 100, color=col, lw=1.0, label=f"{end} bulb")
        if "p_Pa_err" in d:
            lo = (d["p_Pa"] - 2 * d["p_Pa_err"]) / p_ref - 1.0
            hi = (d["p_Pa"] + 2 * d["p_Pa_err"]) / p_ref - 1.0
            ax.fill_between(d["time_s"] * 1e6, lo * 100, hi * 100, color=col, alpha=0.2, lw=0)
        if model is None:
            continue
        mm = model[model["end"] == end]
        ax.plot(mm["time_s"] * 1e6, (mm["p_Pa"] / p_ref - 1.0) * 100, "--", color="0.25", lw=0.9,
                label="continuum" if end == "left" else None)
    ax.axhline(0.0, color="k", lw=0.5)
    ax.set_xlabel(r"t ($\mu$s)")
    ax.set_ylabel(r"$p / p_0 - 1$ (%)")
    ax.legend()
    fig.tight_layout()
    return fig


def mid_tube_figure(mids: list[pd.DataFrame], species: str):
    """Flux of one species at mid-tube against its gradient there over time: where the flux runs
    up its own gradient (reverse diffusion), where the gradient is zero but the flux is not
    (osmotic diffusion) and where the flux is zero against a gradient (diffusion barrier)."""
    allm = pd.concat(mids, keys=range(len(mids)), names=["replica"]).reset_index(level=0)
    g = allm.groupby("time_s")
    m = g.mean()
    e = g.std(ddof=1) / np.sqrt(g.count()) if len(mids) > 1 else m * np.nan
    fig, (ax1, ax2) = figure(nrows=2, figsize=(3.6, 4.2), sharex=True)
    t = m.index.to_numpy() * 1e6
    ax1.errorbar(t, m[f"N_{species}"], yerr=e[f"N_{species}"], fmt="o-", ms=2.5, lw=0.8, color=SPECIES_COLORS[1])
    ax1.axhline(0.0, color="k", lw=0.5)
    ax1.set_ylabel(rf"$N_{{\mathrm{{{species}}}}}$ (mol m$^{{-2}}$ s$^{{-1}}$)")
    ax2.errorbar(t, -m[f"grad_{species}"] * 1e-6, yerr=e[f"grad_{species}"] * 1e-6, fmt="s-", ms=2.5, lw=0.8,
                 color="0.3")
    ax2.axhline(0.0, color="k", lw=0.5)
    ax2.set_ylabel(rf"$-dy_{{\mathrm{{{species}}}}}/dz$ (1/$\mu$m)")
    ax2.set_xlabel(r"t ($\mu$s)")
    # shade the blocks landmarks() counts: flux against its gradient, both beyond 3 standard errors
    up = _uphill(m, e, species)
    for ax in (ax1, ax2):
        for k in np.flatnonzero(up):
            ax.axvspan(t[k] - 0.5 * (t[1] - t[0]), t[k] + 0.5 * (t[1] - t[0]), color="#ffdd99", lw=0, zorder=0)
    ax1.set_title(f"{species} at mid-tube (shaded: flux up its own gradient, both beyond 3 s.e.)", fontsize=8)
    fig.tight_layout()
    return fig, m, e


def early_flux(runs, species: str, fraction=0.01):
    """The mid-tube flux of `species` over the first `fraction` of each run (crossing tallies),
    mean and standard error over the replicas, and the initial gradient (bulbs' difference / L)."""
    vals = []
    for r in runs:
        s = r.summary
        L = float(s.length_m)
        planes = np.asarray(s.planes_m)
        inner = np.abs(planes - 0.5 * L) <= 0.2 * L
        x = flux_series(r)[:, inner, s.species.index(species)].mean(axis=1)
        vals.append(x[: max(1, int(fraction * x.size))].mean())
    cell = Cell(runs[0].summary)
    i = cell.species.index(species)
    grad0 = (cell.y0[1][i] - cell.y0[0][i]) / cell.length
    vals = np.array(vals)
    err = vals.std(ddof=1) / np.sqrt(vals.size) if vals.size > 1 else np.nan
    return float(vals.mean()), float(err), float(grad0)


def _uphill(m: pd.DataFrame, e: pd.DataFrame, species: str) -> np.ndarray:
    """Blocks where the mid-tube flux runs against its own gradient, both beyond 3 standard errors
    (none without replicas: one run has no error to judge by)."""
    N, G = m[f"N_{species}"].to_numpy(), -m[f"grad_{species}"].to_numpy()
    eN, eG = e[f"N_{species}"].to_numpy(), e[f"grad_{species}"].to_numpy()
    with np.errstate(invalid="ignore"):
        return (N * G < 0) & (np.abs(N) > 3 * eN) & (np.abs(G) > 3 * eG)


def landmarks(m: pd.DataFrame, e: pd.DataFrame, species: str, early=None) -> list[str]:
    """Reverse diffusion, osmotic diffusion and the diffusion barrier of `species`, read off the
    mid-tube flux and gradient (replica means and errors). early: `early_flux` (the start,
    where the initial gradient is almost zero)."""
    N, G = m[f"N_{species}"].to_numpy(), -m[f"grad_{species}"].to_numpy()
    eN, eG = e[f"N_{species}"].to_numpy(), e[f"grad_{species}"].to_numpy()
    t = m.index.to_numpy()
    out = []
    if early is not None:
        n0, n0e, g0 = early
        out.append(f"osmotic diffusion: at the start the gradient is the initial one, -dy/dz = {-g0 * 1e-6:.2g} "
                   f"per um (the bulbs differ by {abs(g0) * m.attrs.get('L', np.nan):.2g}), while the flux over "
                   f"the first 1% of the run is {n0:.4g} +- {n0e:.2g} mol m^-2 s^-1")
    up = _uphill(m, e, species)
    if up.any():
        out.append(f"reverse diffusion: {up.sum()} of {t.size} blocks carry {species} up its own gradient (both "
                   f"beyond 3 standard errors), between t = {t[up].min():.3g} and {t[up].max():.3g} s")
    for what, a, b, ea, eb in (("osmotic diffusion (gradient through zero, flux not)", G, N, eG, eN),
                               ("diffusion barrier (flux through zero, gradient not)", N, G, eN, eG)):
        sgn = np.flatnonzero(np.sign(a[1:]) != np.sign(a[:-1]))
        for k in sgn[:1]:
            f = a[k] / (a[k] - a[k + 1])
            tz = t[k] + f * (t[k + 1] - t[k])
            other = b[k] + f * (b[k + 1] - b[k])
            err = np.hypot(eb[k], eb[k + 1]) / 2 if np.isfinite(eb[k]) else np.nan
            out.append(f"{what}: at t = {tz:.3g} s, the other is {other:.4g} +- {err:.2g} "
                       f"({abs(other) / err:.1f} standard errors from zero)")
    return out


def write_cell_report(runs, out: Path, quiet=False, title="") -> Path:
    """Report of a diffusion cell (one run or replicas): table (CSV, Markdown) and figures."""
    runs = list(runs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if runs[0].summary.ends != ["bulb", "bulb"]:
        return _write_one_bulb_report(runs, out, quiet)
    rows, mean = cell_rows(runs)
    table = frame(rows)
    table.to_csv(out / "report.csv", index=False)
    mean.to_csv(out / "bulbs_mean.csv", index=False)
    cell = Cell(runs[0].summary)
    wall_less = (runs[0].summary.section or "unbounded") == "unbounded"
    figs = {"bulbs": cell_figure(mean, cell, title, wall_less),
            "bulb_pressures": pressure_figure(mean, cell, wall_less)}
    mids = [bulbs.mid_tube(r) for r in runs]
    lines = [f"# Diffusion cell: {title or runs[0].summary.name} ({len(runs)} run{'s' if len(runs) > 1 else ''})", "",
             "Errors: one standard error, from the spread of the replicas (blank for a single run).", "",
             markdown(table)]
    if len(cell.species) > 2:
        sp = cell.species[1]
        fig, m, e = mid_tube_figure(mids, sp)
        figs[f"mid_tube_{sp}"] = fig
        m.attrs["L"] = cell.length
        lines += ["", f"## {sp} at mid-tube", ""] + [f"- {x}" for x in landmarks(m, e, sp, early_flux(runs, sp))]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    for name, fig in figs.items():
        save(fig, out / name)
    if not quiet:
        print("\n".join(lines))
        print(f"wrote {out}/report.md, report.csv, bulbs_mean.csv and figures {', '.join(figs)} (.pdf, .png)")
    return out


def report_section(table: pd.DataFrame, sweep_dir):
    """The sweep report's section for points whose runs have bulbs: the replicas' cell report
    in a sub-folder `cell_<point>/` and a summary here."""
    if "point" not in table or sweep_dir is None:
        return [], {}
    lines = []
    for point, g in table.groupby("point", sort=True):
        # this sweep's replicas (a folder may also hold runs of an earlier, different sweep file)
        dirs = [Path(sweep_dir) / "points" / f"{point}-s{int(seed)}" for seed in sorted(g["seed"])]
        dirs = [d for d in dirs if (d / "bulbs.parquet").exists()]
        if not dirs:
            continue
        runs = [load_run(d) for d in dirs]
        out = write_cell_report(runs, Path(sweep_dir) / "report" / f"cell_{point}", quiet=True, title=point)
        lines += ["", f"## Diffusion cell: {point} ({len(runs)} replicas)", "",
                  (out / "report.md").read_text().split("\n", 2)[2].strip(), "",
                  f"Figures: report/cell_{point}/ (bulbs, bulb_pressures, mid-tube flux and gradient)."]
    return lines, {}


def _write_one_bulb_report(runs, out: Path, quiet: bool) -> Path:
    """A bulb against a wall or a reservoir: its record (composition and pressure against time)
    as a table and a figure; the continuum cells here need two bulbs."""
    mean = bulbs.replica_mean(runs) if len(runs) > 1 else _single(runs[0])
    mean.to_csv(out / "bulbs_mean.csv", index=False)
    s = runs[0].summary
    species = list(s.species)
    ycols = [f"y_{sp}" for sp in species]
    first = mean[mean["time_s"] == mean["time_s"].min()]
    last = mean[mean["time_s"] == mean["time_s"].max()]
    lines = [f"# Bulb record: {s.name} ({len(runs)} run{'s' if len(runs) > 1 else ''})", "",
             "One bulb: the continuum cells of analysis.measure.bulbs need bulbs at both ends, so this report shows the "
             "DSMC record only.", "",
             pd.concat([first.assign(when="start"), last.assign(when="end")])[["when", "end", "time_s", *ycols, "p_Pa"]]
             .to_markdown(index=False, floatfmt=".5g")]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    fig, (ax1, ax2) = figure(ncols=2, figsize=(7.0, 2.8))
    for end, g in mean.groupby("end", observed=True):
        for k, sp in enumerate(species):
            ax1.plot(g["time_s"] * 1e6, g[f"y_{sp}"], color=SPECIES_COLORS[k % len(SPECIES_COLORS)], lw=1,
                     label=f"{sp} ({end} bulb)")
        ax2.plot(g["time_s"] * 1e6, g["p_Pa"] / 1e3, lw=1, label=f"{end} bulb")
    ax1.set_xlabel(r"t ($\mu$s)")
    ax1.set_ylabel("mole fraction")
    ax1.legend(fontsize=7)
    ax2.set_xlabel(r"t ($\mu$s)")
    ax2.set_ylabel("p (kPa)")
    ax2.legend(fontsize=7)
    fig.tight_layout()
    save(fig, out / "bulbs")
    if not quiet:
        print("\n".join(lines))
        print(f"wrote {out}/report.md, bulbs_mean.csv and figure bulbs (.pdf, .png)")
    return out
