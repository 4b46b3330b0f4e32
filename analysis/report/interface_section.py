"""The run report's section for a tube with an interface end (docs/physics.md, "Interfaces and
the Stefan tube"): what the surface emits and takes, and, where the other species stays in the
gas, the Stefan tube against Stefan's law."""
from __future__ import annotations

import math

import numpy as np

from analysis import theory
from analysis.measure.interfaces import end_counts, evaporation_between_surfaces, stefan_interior
from analysis.measure.profiles import interior_mask, layer_margin
from analysis.measure.stats import Estimate
from analysis.report import table as table_writer
from analysis.report.style import COLORS, figure
from analysis.report.table import plain, row
from analysis.theory.evaporation import FREE_MOLECULAR, evaporation_condensation_flux
from analysis.theory.interfaces import C4_STAR, emitted_flux, stefan_flux
from particlesim.constants import K_B, N_AV


def _surfaces(s):
    """(side, its interface record) for each interface end."""
    return [(side, rec) for side, rec in zip(("left", "right"), s.interfaces or [None, None]) if rec]


def interface_rows(t) -> list:
    """Per interface and condensed species: the emitted flux against alpha_e n_sat sqrt(kT/2 pi m)
    (exact while alpha_c = 1: with alpha_c < 1 the re-emitted hits count too) and the net flux."""
    s, rows = t.s, []
    for side, rec in _surfaces(s):
        T = rec["temperature_K"]
        for name, p_sat in rec["vapour_pressure_Pa"].items():
            m = s.molar_mass_kg_mol[s.species.index(name)] / N_AV
            ae, ac = rec["evaporation_coefficient"][name], rec["condensation_coefficient"][name]
            counts = end_counts(t.run, side, name)
            exact = ac == 1.0
            rows.append(row(f"interface.{side}.{name}.emitted", f"{name} emitted by the {side} surface",
                            "mol m^-2 s^-1", counts["in"],
                            float(emitted_flux(p_sat / (K_B * T), m, T, ae)) / N_AV if exact else None,
                            note="theory: alpha_e n_sat sqrt(kT/2 pi m); Poisson error" if exact else
                            f"includes the {1 - ac:g} of the hits re-emitted diffusely"))
            rows.append(row(f"interface.{side}.{name}.net", f"{name} leaving the {side} surface, net", "mol m^-2 s^-1",
                            counts["net"], note="emitted less taken"))
    return rows


def stefan_rows(t) -> list:
    """A Stefan tube (an interface at one end whose condensed phase holds A but not B): N_B = 0,
    N_A against Stefan's law through the measured interior, v* = N_A / c, the straight line of
    ln(1 - y_A), and the interface's resistance against the continuum one."""
    s, a, b = t.s, t.a, t.b
    surf = _surfaces(s)
    if len(surf) != 1 or a not in surf[0][1]["vapour_pressure_Pa"] or b in surf[0][1]["vapour_pressure_Pa"]:
        return []
    side, rec = surf[0]
    far_end = 1 if side == "left" else 0
    n_ref = s.initial_number_density_m3 or (s.reservoir_number_density_m3 or [None, None])[far_end]
    # c D does not depend on the pressure: t.d1 is [D]_1 at n_ref
    cD_of_y = lambda y: n_ref / N_AV * t.d1 * float(t.binary.ratio(np.array([y]), theory.EXACT_ORDER, t.T_ref)[0])
    st = stefan_interior(t.run, a, t.margin, cD_of_y)
    NA, NB, N = t.fluxes.species_flux(a), t.fluxes.species_flux(b), t.fluxes.total_flux()
    sign = 1.0 if side == "left" else -1.0  # Stefan's law below is written for the surface at z = 0
    law = st["N_A"]
    rows = [row("stefan.N_B", f"N_{b} (held back by the surface)", "mol m^-2 s^-1", NB, 0.0,
                note="theory: 0 in a steady Stefan tube"),
            row("stefan.N_A", f"N_{a} vs Stefan's law", "mol m^-2 s^-1", NA, law.value,
                note=f"theory: 1/(z2-z1) int c D(y)/(1-y) dy between the interior line's ends, converged CE D(y) "
                     f"(+- {abs(law.error / law.value):.2%} from the fitted line)"),
            row("stefan.v_star", "v* = N/c (Stefan flow)", "m/s", Estimate(N.value / st["c"], N.error / st["c"]),
                NA.value / st["c"], note="theory: N_A / c, since N_B = 0"),
            row("stefan.bend_ln", "bend of ln(1 - y_A) over the interior", "", st["bend_ln"], 0.0,
                note="quadratic over linear change of a parabola fit per block; theory: 0, Stefan's exponential"),
            row("stefan.bend_y", "bend of y_A over the interior", "", st["bend_y"], st["bend_y_stefan"],
                note="the same for y_A; theory: Stefan's exponential, k (z2 - z1) / 2 with k the slope of "
                     "ln(1 - y_A) (the straight line of equimolar diffusion: 0)"),
            plain("stefan.profile_chi2", "interior ln(1 - y_A) about a straight line", st["chi2"],
                  note="chi2/dof with each cell's batch error (neighbouring cells correlate: below 1)",
                  unit="chi2/dof")]
    p_sat, T_s = rec["vapour_pressure_Pa"][a], rec["temperature_K"]
    y_sat = p_sat / (n_ref * K_B * T_s)
    p_v = st["p_A0"] if side == "left" else st["p_AL"]
    rows.append(row("interface.p_A", f"p_{a} just outside the surface (interior extrapolated) / p_sat", "",
                    Estimate(p_v.value / p_sat, p_v.error / p_sat), 1.0,
                    note="below 1: the jump across the surface and its Knudsen layer"))
    # the jump per unit of the vapour's outflow speed, against Sone's coefficient for a pure vapour
    m = s.molar_mass_kg_mol[s.species.index(a)] / N_AV
    speed = abs(NA.value) * N_AV * K_B * T_s / p_v.value / math.sqrt(2 * K_B * T_s / m)  # v_n / sqrt(2kT/m)
    rows.append(row("interface.jump_coefficient", "(p_A / p_sat - 1) / (v_n / sqrt(2kT/m))", "",
                    Estimate((p_v.value / p_sat - 1) / speed, p_v.error / p_sat / speed), C4_STAR,
                    note=f"v_n / sqrt(2kT/m) = {speed:.4f}; theory: Sone's C4* for a pure vapour (hard spheres); a "
                         "held-back gas in front of the surface changes it; Schrage's formula: -sqrt(pi) = -1.77"))
    far = (s.reservoir_mole_fractions or [None, None])[far_end]
    if far is not None:
        y_far = far[s.species.index(a)]
        continuum = sign * stefan_flux(1.0, cD_of_y(0.5 * (y_sat + y_far)), s.length_m, y_sat, y_far)
        rows.append(row("stefan.resistance", "continuum over actual resistance (N_A / Stefan's law end to end)", "",
                        Estimate(NA.value / continuum, NA.error / abs(continuum)), 1.0,
                        note=f"Stefan's law from y_sat = {y_sat:.3f} to the reservoir's {y_far:.3f}, CE D at the mean "
                             "composition; below 1: the surface and the Knudsen layers add resistance"))
    return rows


def stefan_figure(run, rep):
    """y_A along a Stefan tube: the DSMC cells, Stefan's exponential through the interior (the
    straight line of ln(1 - y_A), extended to the ends) and, for contrast, the straight line of
    equimolar diffusion between the same end values; the surface's saturation value marked."""
    s, a = run.summary, rep["pair"][0]
    prof = rep["profiles"]
    z, y, err = prof["z_m"].to_numpy(), prof[f"y_{a}"].to_numpy(), prof[f"y_{a}_err"].to_numpy()
    margin = layer_margin(s)
    mask = interior_mask(z, s.length_m, margin)
    k, g0 = np.polyfit(z[mask], np.log1p(-y[mask]), 1)
    zz = np.linspace(0.0, s.length_m, 200)
    stefan = 1.0 - np.exp(g0 + k * zz)
    fig, ax = figure()
    step = max(len(z) // 60, 1)
    ax.errorbar(z[::step] / s.length_m, y[::step], yerr=err[::step], fmt="o", ms=2.5, color=COLORS["A"],
                label="DSMC (cells)")
    ax.plot(zz / s.length_m, stefan, "-", color=COLORS["theory"], label="Stefan: 1 - y_A exponential")
    ax.plot([0, 1], [stefan[0], stefan[-1]], "--", color=COLORS["fit"], label="straight line (equimolar diffusion)")
    for side, rec in _surfaces(s):
        n = s.initial_number_density_m3 or 1.0
        y_sat = rec["vapour_pressure_Pa"].get(a, 0.0) / (n * K_B * rec["temperature_K"])
        ax.plot([0.0 if side == "left" else 1.0], [y_sat], "s", color="k", label="p_sat / p at the surface")
    for x in (margin, s.length_m - margin):
        ax.axvline(x / s.length_m, color="0.8", lw=0.8, ls=":")
    ax.set_xlabel("z / L (dotted: 5 mean free paths from the ends)")
    ax.set_ylabel(f"y_{a}")
    ax.legend(loc="upper right")
    return fig


def evaporation_rows(run) -> list:
    """A pure vapour between two surfaces: the net flux in units of n0 v0 (p1 - p2)/p0 against the
    linearized BGK solution at the run's rarefaction delta = p0 L / (mu v0)."""
    ev = evaporation_between_surfaces(run)
    if ev is None:
        return []
    bgk = evaporation_condensation_flux(ev["delta"], alpha=ev["alpha"]) if ev["alpha"] else None
    return [plain("evaporation.delta", "rarefaction delta = p0 L / (mu v0)", ev["delta"],
                  note="mu: converged hard-sphere viscosity; v0 = sqrt(2kT/m)"),
            row("evaporation.flux", "net flux / (n0 v0 (p1 - p2) / p0)", "", ev["flux"], bgk,
                note=f"theory: linearized BGK at this delta and alpha = {ev['alpha']} (for alpha = 1: free-molecular "
                     f"{FREE_MOLECULAR:.4f}, continuum {1 / (2 * abs(C4_STAR)):.4f}); pressure step "
                     f"{ev['pressure_step']:.3g} of p0")]


def evaporation_section(table):
    """The sweep report's section for the series "evaporation": DSMC against linearized BGK over delta,
    and its figure."""
    t = table[table.series == "evaporation"].sort_values("evap_delta") if "evap_delta" in table else table[:0]
    if not len(t):
        return [], {}
    cols = t[["evap_delta", "evap_flux", "evap_flux_err", "evap_bgk"]].copy()
    cols["ratio"] = cols.evap_flux / cols.evap_bgk
    cols["ratio_err"] = cols.evap_flux_err / cols.evap_bgk
    lines = ["## Evaporation and condensation across the Knudsen range", "",
             "Net flux in units of n0 v0 (p1 - p2)/p0 against the linearized BGK solution "
             "(analysis.theory.evaporation); delta = p0 L / (mu v0).", "", table_writer.wide(cols, ".4g")]
    fig, ax = figure()
    dd = np.geomspace(min(0.05, t.evap_delta.min()), max(200.0, t.evap_delta.max()), 60)
    ax.plot(dd, [evaporation_condensation_flux(float(d)) for d in dd], "-", color=COLORS["theory"],
            label="linearized BGK")
    ax.errorbar(t.evap_delta, t.evap_flux, yerr=t.evap_flux_err, fmt="o", color=COLORS["A"], label="DSMC, hard spheres")
    ax.axhline(FREE_MOLECULAR, color="0.7", lw=0.8, ls=":", label="free-molecular 1/(2 sqrt(pi))")
    ax.axhline(1 / (2 * abs(C4_STAR)), color="0.7", lw=0.8, ls="--", label="continuum 1/(2 |C4*|)")
    ax.set_xscale("log")
    ax.set_xlabel("rarefaction delta = p0 L / (mu v0)")
    ax.set_ylabel("J / (n0 v0 (p1 - p2) / p0)")
    ax.legend()
    return lines, {"evaporation": fig}


def stefan_section(table):
    """The sweep report's section for the series "stefan": the surface's jump and the tube's
    resistance against Stefan's law as the tube grows from a few to a hundred mean free paths."""
    t = table[table.series == "stefan"].sort_values("knudsen_length") if "stefan_resistance" in table else table[:0]
    if not len(t):
        return []
    cols = ["knudsen_length", "stefan_resistance", "stefan_resistance_err", "surface_p_ratio", "surface_p_ratio_err",
            "jump_over_C4", "jump_over_C4_err", "stefan_N_A", "stefan_N_A_err"]
    return ["## Stefan tube across rarefaction", "",
            "stefan_resistance: N_A over Stefan's law from p_sat at the surface to the reservoir (1 in the "
            "continuum); surface_p_ratio: p_A just outside the surface over p_sat; jump_over_C4: the jump per unit "
            "outflow over Sone's pure-vapour C4*; stefan_N_A: N_A over Stefan's law through the interior.", "",
            table_writer.wide(t[cols], ".4g")]
