"""Do the error bars hold? Coverage of the reported intervals over replicas of one run.

Replicas differ only in their seed, so every reported quantity has one true mean. A 95%
interval (value +- t(dof) x error, Student's t for the blocks the error came from) should
contain it 95% of the time. The truth is replaced by the mean of the *other* replicas, whose
own scatter widens x_i - mean by sqrt(1 + 1/(n - 1)): with 50 replicas a perfect error bar
covers 94.8%. The spread across replicas over the mean reported error (1 when the errors
hold; above 1 when they are too small) says by how much an error bar is off.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analysis.load import load_run
from analysis.measure.diffusion import fick_diffusion
from analysis.measure.profiles import mean_profiles
from analysis.report import table as table_writer
from analysis.report.run_report import build_report
from analysis.report.style import figure

# report rows (by key) that repeat another row's value and error
SKIP = ("D_AB.over_D1", "D_AB.ce", "N_A/N_B.equimolar")


def replica_quantities(run_dirs) -> pd.DataFrame:
    """Every reported quantity with an error, per replica: columns replica, key, quantity (label),
    value, error, dof. Adds y_A at the middle of the tube (profile blocks) and D at the middle plane."""
    rows = []
    for i, d in enumerate(run_dirs):
        run = load_run(d)
        rep = build_report(run)
        t = rep["table"]
        t = t[np.isfinite(t["error"]) & ~t["key"].isin(SKIP) & ~t["unit"].isin(["sigma", "chi2/dof"])
              & ~t["note"].str.contains("unreliable")]
        for r in t.itertuples():
            rows.append((i, r.key, r.quantity, r.value, r.error, r.dof))
        prof = mean_profiles(run)
        mid = int(np.argmin(np.abs(prof["z_m"].to_numpy() - 0.5 * run.summary.length_m)))
        nb = int(run.profiles["block"].max()) + 1
        rows.append((i, "y_A.middle_cell", "y_A, middle cell", prof["y_A"].iloc[mid], prof["y_A_err"].iloc[mid], nb - 1.0))
        pl = rep["planes"]
        j = int(np.argmin(np.abs(pl["z_m"].to_numpy() - 0.5 * run.summary.length_m)))
        rows.append((i, "D_AB.middle_plane", "D_AB, middle plane", pl["D"].iloc[j], pl["D_err"].iloc[j],
                     float(fick_diffusion(run)["D"].dof)))
    return pd.DataFrame(rows, columns=["replica", "key", "quantity", "value", "error", "dof"])


def coverage_table(q: pd.DataFrame) -> pd.DataFrame:
    """Per quantity (by key): replicas, mean, spread / mean error, chi2/dof and the 95% coverage
    with its binomial error."""
    out = []
    for key, g in q.groupby("key", sort=False):
        x, s = g["value"].to_numpy(float), g["error"].to_numpy(float)
        n = x.size
        if n < 5 or not np.all(s > 0):
            continue
        dof = g["dof"].to_numpy(float)
        tq = np.where(np.isfinite(dof), stats.t.ppf(0.975, np.maximum(dof, 1)), 1.96)
        others = (x.sum() - x) / (n - 1)
        covered = np.abs(x - others) <= tq * s
        c = covered.mean()
        ce = np.sqrt(max(c * (1 - c), 1.0 / n) / n)
        # 50 replicas resolve coverage to about 3%: a perfect error bar gives 100% one time in 13
        verdict = ("holds" if 0.90 <= c <= 0.99 else
                   "conservative" if c > 0.99 else
                   "low, within noise" if c + 2 * ce >= 0.90 else "too small")
        out.append({"key": key, "quantity": g["quantity"].iloc[0], "replicas": n, "mean": x.mean(),
                    "spread / error": x.std(ddof=1) / np.sqrt(np.mean(s ** 2)),
                    "chi2/dof": float((((x - x.mean()) / s) ** 2).sum() / (n - 1)),
                    "coverage 95%": c, "coverage error": ce, "verdict": verdict})
    return pd.DataFrame(out)


def coverage_figure(tables: dict):
    """Spread over reported error and coverage per quantity, one marker per study."""
    fig, (ax, ax2) = figure(ncols=2, figsize=(8.0, 0.28 * max(len(t) for t in tables.values()) + 1.4), sharey=True)
    names = list(dict.fromkeys(n for t in tables.values() for n in t["quantity"]))
    ypos = {n: k for k, n in enumerate(names)}
    for k, (study, t) in enumerate(tables.items()):
        y = np.array([ypos[n] for n in t["quantity"]]) + 0.15 * (k - 0.5 * (len(tables) - 1))
        # the ratio of two standard deviations from n replicas scatters by about 1/sqrt(2 (n - 1))
        ax.errorbar(t["spread / error"], y, xerr=t["spread / error"] / np.sqrt(2 * (t["replicas"] - 1)), fmt="o",
                    ms=4, label=study)
        ax2.errorbar(100 * t["coverage 95%"], y, xerr=100 * t["coverage error"], fmt="o", ms=4)
    ax.axvline(1.0, color="0.5", lw=1)
    ax2.axvspan(90, 99, color="0.9")
    ax2.axvline(95, color="0.5", lw=1)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("spread across replicas / reported error")
    ax2.set_xlabel("95% intervals containing the mean (%)")
    ax.legend(frameon=False, fontsize=7)
    return fig


def report_section(table: pd.DataFrame, sweep_dir: Path):
    """Markdown and a figure for every sweep point run as 20 or more replicas."""
    if "point" not in table or sweep_dir is None:
        return [], {}
    lines, tables = [], {}
    for point, g in table.groupby("point", sort=True):
        if len(g) < 20:
            continue
        dirs = sorted((Path(sweep_dir) / "points").glob(f"{point}-s*"))
        dirs = [d for d in dirs if (d / "row.json").exists()]
        cov = coverage_table(replica_quantities(dirs))
        tables[point] = cov
        bad = cov[cov["verdict"] != "holds"]
        lines += ["", f"## Coverage of the error bars: {point} ({len(dirs)} replicas)", "",
                  "95% intervals (Student t for each error's blocks) that contain the mean of the other "
                  "replicas; target 90-99% (a perfect error bar: 94.8% at 50 replicas). Spread / error: the "
                  "standard deviation across replicas over the root-mean-square reported error.", "",
                  table_writer.wide(cov.drop(columns="key"), ".4g"), "",
                  ("All quantities within 90-99%." if bad.empty else
                   "Outside 90-99%: " + ", ".join(f"{r['quantity']} ({100 * r['coverage 95%']:.0f}%, {r['verdict']})"
                                                   for _, r in bad.iterrows()))]
    figs = {"coverage": coverage_figure(tables)} if tables else {}
    return lines, figs
