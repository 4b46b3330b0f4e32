"""The README's table and figure of predicted against measured rare-gas D_12:
`python -m analysis.report.predictions [out_dir]` (about 10 minutes on 2 cores: the
Lennard-Jones transport tables are computed for every pair and temperature)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from analysis.report.style import figure as new_figure
from analysis.report.style import save
from analysis.theory.prediction import MEASURED, MEASURED_T, predict_d12

SHORT = {"helium": "He", "neon": "Ne", "argon": "Ar", "krypton": "Kr", "xenon": "Xe"}
SHOWN = ("realistic", "lennard_jones", "vss", "vhs", "hard_sphere")


def prediction_table() -> pd.DataFrame:
    """One row per pair and temperature: measured D_12 (cm^2/s) and each model's prediction."""
    rows = []
    for (a, b), values in MEASURED.items():
        for T, meas in zip(MEASURED_T, values):
            row = {"pair": f"{SHORT[a]}-{SHORT[b]}", "T (K)": T, "measured (cm2/s)": meas}
            for model in SHOWN:
                try:
                    d = predict_d12(a, b, T, model=model) * 1e4
                except ValueError:  # a pair without published parameters for this model
                    d = float("nan")
                row[f"{model} (cm2/s)"] = d
                row[f"{model} / measured - 1"] = d / meas - 1.0
            rows.append(row)
    return pd.DataFrame(rows)


def figure(table: pd.DataFrame, path_stem: Path) -> None:
    fig, axes = new_figure(ncols=4, figsize=(13, 3.4), sharey=True)
    for ax, (pair, t) in zip(axes, table.groupby("pair", sort=False)):
        ax.axhline(0.0, color="0.6", lw=0.8)
        for model, style in zip(SHOWN, ("-D", "-o", "--s", ":^", "-.v")):
            ax.plot(t["T (K)"], 100 * t[f"{model} / measured - 1"], style, ms=3, label=model.replace("_", " "))
        ax.set_title(pair)
        ax.set_xlabel("T (K)")
    axes[0].set_ylabel("predicted / measured - 1 (%)")
    axes[0].legend(fontsize=7)
    save(fig, path_stem)


def main(argv=None) -> int:
    out = Path((argv or sys.argv[1:] or ["docs/figures"])[0])
    out.mkdir(parents=True, exist_ok=True)
    table = prediction_table()
    table.to_csv(out / "d12_predictions.csv", index=False)
    figure(table, out / "d12_predictions")
    cols = ["pair", "T (K)", "measured (cm2/s)"] + [f"{m} / measured - 1" for m in SHOWN]
    print(table[cols].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
