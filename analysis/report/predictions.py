"""The README's table and figure of predicted against measured rare-gas D_12, and the figure of
a pair's deflection angle: `python -m analysis.report.predictions [out_dir] [--dsmc SWEEP_DIR]`
(about 10 minutes on 2 cores: the Lennard-Jones transport tables are computed for every pair and
temperature). With --dsmc, the points of a finished sweep of molecules from their potential
(runs/potential_pairs.toml) join the figure and the table d12_dsmc.csv."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.report.style import figure as new_figure
from analysis.report.style import save
from analysis.theory.prediction import MEASURED, MEASURED_T, predict_d12
from particlesim.constants import K_B
from particlesim.potentials import table as deflection_table
from particlesim.potentials.deflection import deflection_angle
from particlesim.potentials.forms import LennardJones
from particlesim.potentials.pairs import tang_toennies_form
from particlesim.potentials.parameters import LJ_VISCOSITY

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


def dsmc_table(sweep_dir: Path) -> pd.DataFrame:
    """The DSMC D_12 of each point of a sweep of molecules from their potential, with its error,
    beside Chapman-Enskog of the same potentials and the measured value (where the CRC table has
    the pair at that temperature)."""
    from analysis.load import load_run  # deferred: only with --dsmc
    from analysis.report.run_report import build_report  # deferred: only with --dsmc

    rows = []
    for d in sorted(Path(sweep_dir, "points").iterdir()):
        run = load_run(d)
        s = run.summary
        presets = [sp.preset for sp in run.config.species]
        key = next((k for k in MEASURED if set(k) == set(presets)), None)
        T = s.initial_temperature_K
        rep = build_report(run)["table"].set_index("key")
        D, err = float(rep.loc["D_AB.ce", "value"]), float(rep.loc["D_AB.ce", "error"])  # from every interior face
        n = s.initial_number_density_m3
        p = n * K_B * T
        meas = MEASURED[key][MEASURED_T.index(T)] * 1e-4 if key and T in MEASURED_T else float("nan")
        pair = f"{SHORT[key[0]]}-{SHORT[key[1]]}" if key else "-".join(presets)
        rows.append({"pair": pair, "T (K)": T, "model": run.config.species[0].model,
                     "DSMC / CE": float(rep.loc["D_AB.ce", "ratio"]), "error": float(rep.loc["D_AB.ce", "ratio_error"]),
                     "DSMC at 1 atm (cm2/s)": D * p / 101325.0 * 1e4, "DSMC error (cm2/s)": err * p / 101325.0 * 1e4,
                     "measured (cm2/s)": meas * 1e4, "DSMC / measured - 1": D * p / 101325.0 / meas - 1.0})
    return pd.DataFrame(rows)


def figure(table: pd.DataFrame, path_stem: Path, dsmc: pd.DataFrame | None = None) -> None:
    fig, axes = new_figure(ncols=4, figsize=(13, 3.4), sharey=True)
    for ax, (pair, t) in zip(axes, table.groupby("pair", sort=False)):
        ax.axhline(0.0, color="0.6", lw=0.8)
        for model, style in zip(SHOWN, ("-D", "-o", "--s", ":^", "-.v")):
            ax.plot(t["T (K)"], 100 * t[f"{model} / measured - 1"], style, ms=3, label=model.replace("_", " "))
        if dsmc is not None and (pair == dsmc["pair"]).any():
            d = dsmc[dsmc["pair"] == pair]
            ax.errorbar(d["T (K)"], 100 * d["DSMC / measured - 1"], yerr=100 * d["DSMC error (cm2/s)"]
                        / d["measured (cm2/s)"], fmt="k*", ms=7,
                        label="DSMC, " + d["model"].iloc[0].replace("_", "-"))
        ax.set_title(pair)
        ax.set_xlabel("T (K)")
    axes[0].set_ylabel("predicted / measured - 1 (%)")
    axes[0].legend(fontsize=7)
    save(fig, path_stem)


def deflection_figure(path_stem: Path, T: float = 273.15) -> None:
    """chi(b) of helium-argon, Tang-Toennies and Lennard-Jones, at E = 0.3 kT and 3 kT (273 K),
    with the cut-off b_M of a run at T."""
    tt = tang_toennies_form(("helium", "argon"))
    (sa, ea), (sb, eb) = LJ_VISCOSITY["helium"], LJ_VISCOSITY["argon"]
    lj = (LennardJones(), 0.5 * (sa + sb), (ea * eb) ** 0.5)
    fig, ax = new_figure(figsize=(5.2, 3.4))
    for (pot, sigma, eps), name, color in (((tt, tt.sigma_m, tt.epsilon_K), "Tang-Toennies", "C0"), (lj, "Lennard-Jones", "C1")):
        b = np.linspace(0.01, 3.0, 600)
        for t, ls in ((0.3, "-"), (3.0, "--")):
            ax.plot(b * sigma * 1e10, np.degrees(deflection_angle(pot, b, t * T / eps)), ls, color=color,
                    label=f"{name}, E = {t:g} kT")
        bm = deflection_table.cutoff(pot, T / eps, T / eps)[0] * sigma * 1e10
        ax.axvline(bm, color=color, lw=0.8, ls=":")
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.set_xlabel("impact parameter b (angstrom); dotted: b_M at 273 K")
    ax.set_ylabel("deflection chi (degrees)")
    ax.set_title("helium-argon")
    ax.legend(fontsize=7)
    save(fig, path_stem)


def main(argv=None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    sweep = None
    if "--dsmc" in args:
        k = args.index("--dsmc")
        sweep = Path(args[k + 1])
        del args[k:k + 2]
    out = Path((args or ["docs/figures"])[0])
    out.mkdir(parents=True, exist_ok=True)
    table = prediction_table()
    table.to_csv(out / "d12_predictions.csv", index=False)
    dsmc = dsmc_table(sweep) if sweep else None
    if dsmc is not None:
        dsmc.to_csv(out / "d12_dsmc.csv", index=False)
        print(dsmc.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    figure(table, out / "d12_predictions", dsmc)
    deflection_figure(out / "deflection_he_ar")
    cols = ["pair", "T (K)", "measured (cm2/s)"] + [f"{m} / measured - 1" for m in SHOWN]
    print(table[cols].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
