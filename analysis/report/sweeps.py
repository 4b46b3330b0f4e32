"""Analysis of a sweep table: scaling exponents, ratios to Chapman-Enskog, discretization."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.load import RunFolderError
from analysis.measure.fits import power_law, quadratic_extrapolation
from analysis.report import table as table_writer
from analysis.report.cell_report import report_section as cell_section
from analysis.report.coverage import report_section as coverage_section
from analysis.report.interface_section import evaporation_section, stefan_section
from analysis.report.real_gas import report_section as real_gas_section
from analysis.report.style import COLORS, figure, plain_log_ticks, save
from analysis.report.wall_sweeps import SERIES as WALL_SERIES
from analysis.report.wall_sweeps import report_sections


def load_table(sweep_dir) -> pd.DataFrame:
    """A sweep folder's table; RunFolderError (one line) if it is damaged or holds no points."""
    path = Path(sweep_dir) / "table.parquet"
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        raise RunFolderError(f"{str(path)!r} cannot be read (damaged or not a sweep table: "
                             f"{str(err).splitlines()[0]})") from None
    if not len(table) or "series" not in table:
        raise RunFolderError(f"{str(path)!r} holds no points; run the sweep first (particlesim sweep FILE)")
    return table


def summarize(table: pd.DataFrame) -> dict:
    out = {}
    for name, col in (("T", "T_K"), ("p", "p_Pa")):
        t = table[table.series == name]
        if len(t) >= 3:
            out[f"exponent_{name}"] = power_law(t[col].to_numpy(), t.D.to_numpy(), t.D_err.to_numpy())
    m = table[table.series == "mass"]
    if len(m):
        out["mass"] = pd.DataFrame({
            "M_A/M_B": m.mass_ratio, "D/[D]_1": m.D_over_D1, "err": m.D_over_D1_err,
            "CE2/[D]_1": m.D2 / m.D1, "CEconv/[D]_1": m.D_conv / m.D1,
            "D/CE2": m.D / m.D2, "D/CE2_err": m.D_err / m.D2, "D/CEconv": m.D / m.D_conv}).reset_index(drop=True)
    for name, col in (("dz", "dz_over_lambda"), ("dt", "dt_over_tau")):
        t = table[table.series == name]
        if len(t) >= 3:
            r = t.D / t.D_conv  # the composition profile differs a little between points: compare to theory
            fit = quadratic_extrapolation(t[col].to_numpy(), r.to_numpy(), (t.D_err / t.D_conv).to_numpy())
            fit["points"] = pd.DataFrame({col: t[col], "D/CEconv": r, "err": t.D_err / t.D_conv}).reset_index(drop=True)
            out[f"convergence_{name}"] = fit
    return out


def figures(table: pd.DataFrame, summary: dict) -> dict:
    figs = {}
    t = table[table.series == "T"]
    if len(t):
        fig, ax = figure()
        # theory as large open squares drawn over small DSMC dots, so that neither hides the other
        ax.errorbar(t.T_K, t.D * 1e4, yerr=t.D_err * 1e4, fmt="o", ms=3, color=COLORS["A"], label="DSMC", zorder=2)
        ax.plot(t.T_K, t.D_conv * 1e4, "s", ms=8, mfc="none", mew=1.0, color=COLORS["theory"],
                label="Chapman-Enskog (converged)", zorder=3)
        e = summary.get("exponent_T")
        if e:
            tt = np.linspace(t.T_K.min(), t.T_K.max(), 50)
            ref = t.D_conv.to_numpy()[np.argmin(abs(t.T_K.to_numpy() - 273.15))]
            T0 = t.T_K.to_numpy()[np.argmin(abs(t.T_K.to_numpy() - 273.15))]
            ax.plot(tt, ref * (tt / T0) ** 1.5 * 1e4, "--", color=COLORS["theory"], lw=1, label="$T^{3/2}$")
            ax.set_title(f"fitted exponent {e['exponent']:.3f} (95%: {e['ci95'][0]:.3f} to {e['ci95'][1]:.3f})")
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain_log_ticks(ax)
        ax.set_xlabel("T (K)")
        ax.set_ylabel(r"$D_{AB}$ (cm$^2$/s)")
        ax.legend()
        figs["D_vs_T"] = fig
    t = table[table.series == "p"]
    if len(t):
        fig, ax = figure()
        ax.errorbar(1e5 / t.p_Pa, t.D * 1e4, yerr=t.D_err * 1e4, fmt="o", color=COLORS["A"], label="DSMC")
        ax.plot(1e5 / t.p_Pa, t.D_conv * 1e4, "s", mfc="none", color=COLORS["theory"], label="Chapman-Enskog (converged)")
        x = np.linspace(0, (1e5 / t.p_Pa).max() * 1.05, 2)
        slope = np.sum(t.D_conv * 1e4 * 1e5 / t.p_Pa) / np.sum((1e5 / t.p_Pa) ** 2)
        ax.plot(x, slope * x, "--", color=COLORS["theory"], lw=1, label=r"$\propto 1/p$")
        e = summary.get("exponent_p")
        if e:
            ax.set_title(f"fitted exponent {e['exponent']:.3f} (95%: {e['ci95'][0]:.3f} to {e['ci95'][1]:.3f})")
        ax.set_xlabel("1 / p (1/bar)")
        ax.set_ylabel(r"$D_{AB}$ (cm$^2$/s)")
        ax.legend()
        figs["D_vs_inverse_p"] = fig
    t = table[table.series == "kn"]
    if len(t):
        fig, (ax1, ax2) = figure(ncols=2, figsize=(7.0, 2.8))
        x = t.knudsen_length
        ax1.errorbar(x, t.N_A_over_N_B, yerr=t.N_A_over_N_B_err, fmt="o", color=COLORS["A"], label="DSMC")
        ax1.axhline(t.graham.iloc[0], color=COLORS["theory"], ls="--", lw=1, label=r"Graham $-\sqrt{M_B/M_A}$")
        # the equimolar -1 is far off this scale: a note, so the trend stays visible
        lo = min(t.N_A_over_N_B.min(), t.graham.iloc[0])
        hi = max(t.N_A_over_N_B.max(), t.graham.iloc[0])
        pad = 0.25 * (hi - lo) + 0.002
        ax1.set_ylim(lo - pad, hi + pad)
        ax1.text(0.02, 0.03, "equimolar counter-diffusion: $-1$ (far below)", transform=ax1.transAxes, fontsize=7,
                 color="0.35")
        ax1.set_xscale("log")
        ax1.set_xlabel(r"$L/\lambda$")
        ax1.set_ylabel(r"$N_A/N_B$")
        ax1.legend()
        ax2.errorbar(x, t.v_star, yerr=t.v_star_err, fmt="o", color=COLORS["B"], label=r"$v^* = N/c$")
        ax2.errorbar(x, t.v_mass, yerr=t.v_mass_err, fmt="s", color=COLORS["total"], label=r"$v$ (mass average)")
        ax2.axhline(0.0, color="0.7", lw=0.8)
        ax2.set_xscale("log")
        ax2.set_xlabel(r"$L/\lambda$")
        ax2.set_ylabel("velocity (m/s)")
        ax2.legend(loc="center left", fontsize=7)
        fig.tight_layout()
        figs["open_tube_knudsen"] = fig
    conv = [(k, summary[f"convergence_{k}"]) for k in ("dz", "dt") if f"convergence_{k}" in summary]
    if conv:
        fig, ax = figure()
        for (k, fit), mk, col in zip(conv, ("o", "s"), (COLORS["A"], COLORS["B"])):
            pts = fit["points"]
            xcol = pts.columns[0]
            x2 = pts[xcol] ** 2
            label = {"dz": r"$(\Delta z/\lambda)^2$ (random partners in the cell)", "dt": r"$(\Delta t/\tau)^2$"}[k]
            ax.errorbar(x2, pts["D/CEconv"], yerr=pts["err"], fmt=mk, color=col, label=label)
            xx = np.linspace(0, x2.max() * 1.05, 2)
            ax.plot(xx, fit["y0"] * (1 + fit["c"] * xx), "-", color=col, lw=1)
        ax.axhline(1.0, color=COLORS["theory"], ls=":", lw=1)
        ax.set_xlabel(r"$(\Delta z/\lambda)^2$ or $(\Delta t/\tau)^2$")
        ax.set_ylabel(r"$D_{AB}$ / Chapman-Enskog (converged)")
        ax.legend()
        figs["convergence"] = fig
    return figs


def points_table(t: pd.DataFrame) -> pd.DataFrame:
    """One row per point of the given rows: the inputs that vary, the particles passed per
    step S and D/[D]_1 combined over the replicas (inverse-variance weights)."""
    keys = ["series", "T_K", "p_Pa", "mass_ratio", "cells", "dt_s", "particles_per_cell"]
    rows = []
    for k, g in t.groupby(keys, sort=False):
        w = 1.0 / g.D_over_D1_err.to_numpy() ** 2
        rows.append({**dict(zip(keys, k)), "dt_over_tau": g.dt_over_tau.mean(), "S": g.particles_swept_per_step.mean(),
                     "replicas": len(g), "D_over_D1": float((w * g.D_over_D1).sum() / w.sum()),
                     "D_over_D1_err": float(w.sum() ** -0.5)})
    return pd.DataFrame(rows)


def write_sweep_report(sweep_dir, out_dir=None, quiet=False) -> Path:
    sweep_dir = Path(sweep_dir)
    table = load_table(sweep_dir)
    summ = summarize(table)
    out = Path(out_dir) if out_dir else sweep_dir / "report"
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"# Sweep report: {sweep_dir.name}", "",
             "One standard error unless marked; exponent intervals are 95% (Student t).", ""]
    if "warm_up_relaxations" in table:  # points whose warm-up is short of the tube's slowest relaxation
        short = table[table.warm_up_relaxations < 1.0]
        if len(short):
            lines += [f"**Not steady?** {len(short)} of {len(table)} points start sampling within one diffusive "
                      "relaxation time L^2/(pi^2 D) of their start (" + ", ".join(
                          f"{p} {w:.2g}" for p, w in zip(short.point, short.warm_up_relaxations))
                      + "): unless they start near their steady state (a --quick variant cuts warm-ups), read "
                      "them as a smoke test.", ""]
    for name, what in (("T", "D ~ T^b at fixed p (theory 1.5)"), ("p", "D ~ p^b at fixed T (theory -1)")):
        e = summ.get(f"exponent_{name}")
        if e:
            lines.append(f"- {what}: b = {e['exponent']:.4f} +- {e['se']:.4f}, 95% interval "
                         f"[{e['ci95'][0]:.4f}, {e['ci95'][1]:.4f}], chi2/dof = {e['chi2_per_dof']:.2f}")
    if "mass" in summ:
        lines += ["", "## D_AB against Chapman-Enskog by mass ratio", "", table_writer.wide(summ["mass"], ".4f")]
    for k, label in (("dz", "cell size (random partners in the cell)"), ("dt", "time step")):
        f = summ.get(f"convergence_{k}")
        if f:
            lines += ["", f"## Convergence in {label}", "",
                      f"D / CE = {f['y0']:.4f} +- {f['y0_err']:.4f} extrapolated to zero; "
                      f"coefficient of the square {f['c']:+.3f} +- {f['c_err']:.3f}", "",
                      table_writer.wide(f["points"], ".4f")]
    kn = table[table.series == "kn"]
    if len(kn):
        cols = ["knudsen_length", "N_A_over_N_B", "N_A_over_N_B_err", "graham", "v_star", "v_star_err", "v_mass",
                "v_mass_err"]
        lines += ["", "## Open tube across Knudsen numbers", "", table_writer.wide(kn[cols], ".4g")]
    wall_lines, wall_figs = report_sections(table, sweep_dir)
    lines += wall_lines
    cov_lines, cov_figs = coverage_section(table, sweep_dir)
    lines += cov_lines
    wall_figs.update(cov_figs)
    rg_lines, rg_figs = real_gas_section(table, sweep_dir)
    lines += [""] + rg_lines if rg_lines else []
    wall_figs.update(rg_figs)
    cell_lines, _ = cell_section(table, sweep_dir)
    lines += cell_lines
    lines += stefan_section(table)
    ev_lines, ev_figs = evaporation_section(table)
    lines += [""] + ev_lines if ev_lines else []
    wall_figs.update(ev_figs)
    other = table[~table.series.isin(["T", "p", "mass", "dz", "dt", "kn", "real_gas_T", "evaporation", "stefan",
                                   *WALL_SERIES])]
    if "D_over_D1" in other:  # diffusion cells (bulbs) have their own section above
        other = other[other["D_over_D1"].notna()]
    if len(other) and "particles_swept_per_step" in other:
        lines += ["", "## Other series: D per point (replicas combined, weighted by their errors)", "",
                  table_writer.wide(points_table(other), ".4g")]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    table.to_csv(out / "table.csv", index=False)
    for name, fig in {**figures(table, summ), **wall_figs}.items():
        save(fig, out / name)
    if not quiet:
        print("\n".join(lines))
        print(f"wrote {out}/report.md, table.csv and figures")
    return out
