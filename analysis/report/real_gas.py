"""The sweep report's real-gas section: DSMC helium-argon D_12 over temperature against its own
converged Chapman-Enskog value and against the measured D_12 (runs/real_gas_he_ar.toml)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import NullFormatter, ScalarFormatter

from analysis.measure.fits import power_law
from analysis.report import table as table_writer
from analysis.report.style import COLORS, figure
from analysis.theory.realgas import (
    ATM,
    FIT_TEMPERATURES,
    HE_AR_MEASURED,
    HS_AR,
    HS_HE,
    M_AR,
    M_HE,
    bird_models,
    ce_diffusion,
    fitted_models,
    hard_sphere_diffusion,
    measured_exponent,
)


def report_section(table, sweep_dir=None):
    """Markdown lines and figures for a `real_gas_T` series (runs/real_gas_he_ar.toml): each
    point's D_12 against its own converged Chapman-Enskog value at the tube's compositions, and,
    scaled by that ratio to the equimolar value at 1 atm, against the measured D_12."""
    t = table[table.series == "real_gas_T"].sort_values("T_K")
    if not len(t):
        return [], {}
    fitted = fitted_models()
    rows = []
    for r in t.itertuples():
        T = float(r.T_K)
        ratio, ratio_err = r.D / r.D_conv, r.D_err / r.D_conv
        ce = ce_diffusion(T, fitted, M_AR, M_HE, r.p_Pa) * 1e4 * r.p_Pa / ATM
        meas = HE_AR_MEASURED.get(round(T, 2), float("nan"))
        rows.append({"T (K)": T, "measured (cm2/s)": meas, "CE, fitted VSS pair": ce,
                     "DSMC / own CE": ratio, "error": ratio_err, "DSMC at 1 atm, y = 0.5": ratio * ce,
                     "DSMC error": ratio_err * ce, "DSMC / measured - 1": ratio * ce / meas - 1,
                     "CE / measured - 1": ce / meas - 1,
                     "hard spheres / measured - 1": hard_sphere_diffusion(T, M_AR, M_HE, HS_AR, HS_HE) * 1e4 / meas - 1,
                     "Bird VHS / measured - 1": ce_diffusion(T, bird_models(model="vhs"), M_AR, M_HE) * 1e4 / meas - 1,
                     "Bird VSS / measured - 1": ce_diffusion(T, bird_models(model="vss"), M_AR, M_HE) * 1e4 / meas - 1})
    tab = pd.DataFrame(rows)
    e = power_law(tab["T (K)"].to_numpy(), tab["DSMC at 1 atm, y = 0.5"].to_numpy(), tab["DSMC error"].to_numpy())
    (d, w, a) = fitted[1]
    lines = ["## Real gases: helium-argon against experiment", "",
             f"Pair fitted at {FIT_TEMPERATURES[0]:g} and {FIT_TEMPERATURES[1]:g} K (analysis.theory.realgas.fit_pair): "
             f"d_12 = {d:.5g} m, omega_12 = {w:.4f}, alpha_12 = {a:.3g}. DSMC D_12 ~ T^b at 1 atm: b = "
             f"{e['exponent']:.4f} +- {e['se']:.4f} (chi2/dof {e['chi2_per_dof']:.2f}); measured "
             f"{measured_exponent():.4f}; omega_12 + 1 = {w + 1:.4f}.", "",
             table_writer.wide(tab, ".4g")]
    fig, (ax, ax2) = figure(nrows=2, figsize=(4.6, 5.0), sharex=True, height_ratios=(2.2, 1))
    TT = np.geomspace(190.0, 700.0, 40)
    curves = [("hard spheres (presets)", lambda T: hard_sphere_diffusion(T, M_AR, M_HE, HS_AR, HS_HE), ":"),
              ("VHS, Bird's presets", lambda T: ce_diffusion(T, bird_models(model="vhs"), M_AR, M_HE), "-."),
              ("VSS, Bird's presets", lambda T: ce_diffusion(T, bird_models(model="vss"), M_AR, M_HE), "--"),
              ("VSS, fitted pair", lambda T: ce_diffusion(T, fitted, M_AR, M_HE), "-")]
    Tm = np.array(sorted(HE_AR_MEASURED))
    Dm = np.array([HE_AR_MEASURED[x] for x in Tm])
    for label, fn, ls in curves:
        D = np.array([fn(x) for x in TT]) * 1e4
        ax.plot(TT, D, ls, color=COLORS["theory"], lw=1.1, label=f"Chapman-Enskog: {label}")
        ax2.plot(Tm, [fn(x) * 1e4 / y - 1 for x, y in zip(Tm, Dm)], ls, color=COLORS["theory"], lw=1.1)
    ax.plot(Tm, Dm, "ks", mfc="none", ms=6, label="measured (Marrero & Mason; Kestin et al.)")
    ax.errorbar(tab["T (K)"], tab["DSMC at 1 atm, y = 0.5"], yerr=tab["DSMC error"], fmt="o", ms=3.5,
                color=COLORS["A"], label="DSMC, fitted VSS pair", zorder=3)
    ax2.errorbar(tab["T (K)"], tab["DSMC / measured - 1"], yerr=tab["DSMC error"] / tab["measured (cm2/s)"], fmt="o",
                 ms=3.5, color=COLORS["A"], zorder=3)
    ax2.axhline(0.0, color="k", lw=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylabel(r"$D_{12}$ at 1 atm (cm$^2$/s)")
    ax.legend(fontsize=6.5, loc="upper left", frameon=False)
    for a_, ticks in ((ax, [0.3, 0.5, 1.0, 2.0, 3.0]), (ax2, None)):
        a_.xaxis.set_major_formatter(ScalarFormatter())
        a_.xaxis.set_minor_formatter(NullFormatter())
    ax2.set_xticks([200, 300, 400, 500, 700])
    ax.set_yticks([0.3, 0.5, 1.0, 2.0, 3.0])
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax2.set_xlabel("T (K)")
    ax2.set_ylabel("/ measured - 1")
    ax2.set_ylim(-0.35, 0.1)
    fig.tight_layout()
    return lines, {"real_gas_he_ar": fig}
