"""Report for one run: a table of every measured quantity with its error, theory and ratio,
written as CSV and Markdown, and the standard figures (PDF and PNG)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import theory
from analysis.load import load_run
from analysis.measure.diffusion import ALPHA_T_ORDER, driving_forces, fick_diffusion
from analysis.measure.fluxes import Fluxes, flux_series, wind_identity
from analysis.measure.profiles import block_slope, interior_mask, layer_margin, linear_fit, mean_profiles
from analysis.measure.reactions import mole_balance, reaction_rates
from analysis.measure.soret import thermal_diffusion_factor, thermal_diffusion_from_flux
from analysis.measure.stats import Estimate
from analysis.measure.steady import relaxation, steady_state
from analysis.measure.transient import mode_decay_diffusion
from analysis.report import figures
from analysis.report.cell_report import write_cell_report
from analysis.report.interface_section import evaporation_rows, interface_rows, stefan_rows
from analysis.report.style import save
from analysis.report.table import frame, markdown, plain, row, terminal
from analysis.report.walls_section import wall_rows
from analysis.theory.capillary import bosanquet
from analysis.theory.continuum import steady_profile


def _molecules_line(s) -> str:
    """Which molecular model the theory values use (summary's pair_models)."""
    pm = s.pair_models
    names = s.species
    if s.potentials:
        P = s.potentials["pairs"]
        pairs = [f"{names[i]}-{names[j]}: {P[i][j]['kind'].replace('_', '-')} sigma = {P[i][j]['sigma_m']:.4g} m, "
                 f"epsilon/k = {P[i][j]['epsilon_K']:.4g} K, b_M = {s.potentials['b_max_m'][i][j]:.4g} m"
                 for i in range(len(names)) for j in range(i, len(names))]
        return (f"Molecules from their potential ({'; '.join(pairs)}); theory values are Chapman-Enskog of these "
                "potentials, converged in the Sonine order.")
    if not pm or (all(w == 0.5 for r in pm["omega"] for w in r) and all(a == 1.0 for r in pm["alpha"] for a in r)):
        return "Molecules: hard spheres (" + ", ".join(f"{n} d = {d:.4g} m" for n, d in zip(names, s.diameter_m)) + ")."
    pairs = [f"{names[i]}-{names[j]}: d_ref = {pm['d_ref_m'][i][j]:.4g} m, omega = {pm['omega'][i][j]:.4g}, "
             f"alpha = {pm['alpha'][i][j]:.3g}" for i in range(len(names)) for j in range(i, len(names))]
    return f"Molecules: VHS/VSS pairs at T_ref = {pm['t_ref_K']:g} K ({'; '.join(pairs)}); theory values are for these."


def _plane_state(run):
    """c (mol/m^3) and rho (kg/m^3) at the probe planes, from the mean profiles."""
    prof = mean_profiles(run)
    s = run.summary
    z, zp = prof["z_m"].to_numpy(), np.asarray(s.planes_m)
    c = np.interp(zp, z, prof["c_mol_m3"])
    M = np.asarray(s.molar_mass_kg_mol)
    rho_cells = prof["c_mol_m3"].to_numpy() * sum(M[k] * prof[f"y_{n}"].to_numpy() for k, n in enumerate(s.species))
    return prof, c, np.interp(zp, z, rho_cells)


@dataclass
class _Tube:
    """What every section of a run report reads: the run, its pair (a, b), their molecular
    model for Chapman-Enskog, the flux planes, the profiles and the Fick analysis."""
    run: object
    a: str
    b: str
    binary: object
    T_ref: float
    inner: np.ndarray
    fluxes: Fluxes
    prof: pd.DataFrame
    c: float
    rho: float
    margin: float
    fick: dict
    d1: float
    dex: float
    plane_c: np.ndarray  # c and rho at every probe plane
    plane_rho: np.ndarray
    local: np.ndarray  # [D]_1(n, T) / [D]_1(n_ref, T_ref) at the faces (or planes) where theory is evaluated
    closed: bool

    @property
    def s(self):
        return self.run.summary

    @property
    def names(self):
        return self.s.species

    @property
    def M(self):
        return np.asarray(self.s.molar_mass_kg_mol)


def _tube(run, species) -> _Tube:
    s = run.summary
    names = s.species
    a, b = species or (names[0], names[1])
    binary = theory.pair_of(s, names.index(a), names.index(b))  # the pair's molecules, for CE
    T_ref = s.initial_temperature_K or 273.15
    lam = s.mean_free_path_m
    # fluxes are uniform in a steady tube: planes within a few lambda of the ends are left out,
    # short tubes keep 80%; D and profiles need the interior beyond the ends' Knudsen layers
    flux_margin = min(5 * lam, 0.1 * s.length_m)
    planes = np.asarray(s.planes_m)
    inner = (planes >= flux_margin) & (planes <= s.length_m - flux_margin)
    if not inner.any():
        inner[:] = True
    prof, c_pl, rho_pl = _plane_state(run)
    margin = layer_margin(s)
    fick = fick_diffusion(run, a, margin=margin)
    n_ref = s.initial_number_density_m3 or (s.reservoir_number_density_m3 or [None])[0]
    d1 = binary.d1(n_ref, T_ref)
    # the tube value averages the local D(y_A) with weights c dy_A/dz (see fick_diffusion), at the
    # local density and temperature (the open tube's pressure is not uniform, and interdiffusion
    # warms its middle by up to a kelvin): so does its theory
    local = theory.local_d1_factor(binary, fick["theory_n"], fick["theory_T"], n_ref, T_ref)
    dex = d1 * np.average(binary.ratio(fick["theory_y"], theory.EXACT_ORDER, T_ref) * local,
                          weights=fick["theory_weights"])
    closed = all(e in ("specular", "diffuse") for e in (s.ends or []))
    return _Tube(run, a, b, binary, T_ref, inner, Fluxes(run, planes=np.flatnonzero(inner)), prof,
                 c_pl[inner].mean(), rho_pl[inner].mean(), margin, fick, d1, dex, c_pl, rho_pl, local, closed)


def _flux_rows(t: _Tube) -> list:
    """Molar fluxes, their ratio against Graham and equimolar (open tubes), v*, v, rho v."""
    a, b, M, names = t.a, t.b, t.M, t.names
    ia, ib = names.index(a), names.index(b)
    NA, NB, N = t.fluxes.species_flux(a), t.fluxes.species_flux(b), t.fluxes.total_flux()
    rows = [row("N_A", f"N_{a}", "mol m^-2 s^-1", NA), row("N_B", f"N_{b}", "mol m^-2 s^-1", NB)]
    rows += [row(f"N.{other}", f"N_{other}", "mol m^-2 s^-1", t.fluxes.species_flux(other))
             for other in names if other not in (a, b)]
    rows.append(row("N", "N", "mol m^-2 s^-1", N, note="total molar flux; 0 only for equimolar counter-diffusion"))
    if not t.closed and "interface" not in t.s.ends:  # closed: a transient; interface: no counter-diffusion
        ratio = t.fluxes.flux_ratio(a, b)
        # the delta-method error of a ratio holds only while its denominator is well away from zero
        shaky = "; N_{} is within 10 standard errors of 0: this error is unreliable".format(b) \
            if abs(NB.value) < 10 * NB.error else ""
        rows.append(row("N_A/N_B", f"N_{a}/N_{b}", "", ratio, -math.sqrt(M[ib] / M[ia]),
                        note="theory: Graham -sqrt(M_B/M_A)" + shaky))
        rows.append(row("N_A/N_B.equimolar", f"N_{a}/N_{b} vs equimolar", "", ratio, -1.0, note="theory: -1" + shaky))
    mass = t.fluxes.mass_flux()
    rows.append(row("v_star", "v* = N/c", "m/s", Estimate(N.value / t.c, N.error / t.c)))
    rows.append(row("v_mass", "v = sum M_i N_i / rho", "m/s", Estimate(mass.value / t.rho, mass.error / t.rho)))
    rows.append(row("rho_v", "rho v", "kg m^-2 s^-1", mass, (M[ia] - M[ib]) * NA.value,
                    note="theory: diffusion wind (M_A - M_B) N_A (exact only if N = 0)"))
    return rows


def _wind_identity_row(t: _Tube, flux_table) -> list:
    wi = wind_identity(t.run, table=flux_table)
    return [row("wind_identity.z_max", "rho v: momentum density minus crossings, largest |z| over planes", "sigma",
                Estimate(float(wi.z_score.abs().max()), float("nan")), None,
                note="the diffusion-wind identity rho v = sum M_i N_i from two independent tallies; below 3 expected")]


def _reaction_rows(t: _Tube) -> list:
    if not t.s.reactions:
        return []
    rows = []
    for rr in reaction_rates(t.run).itertuples():
        rows.append(row(f"reaction.{rr.equation}.per_collision", f"{rr.equation}: reactions per collision", "",
                        Estimate(rr.per_collision, rr.per_collision_err), rr.steric_factor,
                        note="theory: the steric factor (E_a = 0)"))
        rows.append(row(f"reaction.{rr.equation}.vs_collision_theory", f"{rr.equation}: reactions / collision theory",
                        "", Estimate(rr.count_over_expected, rr.count_over_expected_err), 1.0,
                        note="collision theory with the measured n_i(z), T(z)"))
    mb = mole_balance(t.run)
    rows.append(row("reaction.mole_balance", "N(last plane) - N(first plane)", "mol m^-2 s^-1", mb["dN"],
                    mb["produced"].value, note="theory: moles produced between the planes by the reactions"))
    return rows


def _soret_rows(t: _Tube) -> list:
    s, a = t.s, t.a
    temps = s.temperatures_K or [None, None]
    if not (temps[0] and temps[1]):
        return []
    T_mean = 0.5 * (temps[0] + temps[1])
    if s.ends == ["diffuse", "diffuse"] and temps[0] != temps[1]:
        so = thermal_diffusion_factor(t.run, a)
        return [row("alpha_T.zero_flux", "alpha_T (Soret, zero-flux separation)", "", so["alpha_T"],
                    t.binary.alpha_T(so["y_mean"], 4, T_mean),
                    note=f"theory: CE for {t.binary.label}, Sonine order 4 (order 2, C&C's first approximation: "
                         f"{t.binary.alpha_T(so['y_mean'], 2, T_mean):.4f})")]
    if s.ends == ["reservoir", "reservoir"] and abs(temps[0] - temps[1]) > 1e-9 * temps[0]:
        so = thermal_diffusion_from_flux(t.run, a)
        return [row("alpha_T.flux", "alpha_T (Soret, from the flux)", "", so["alpha_T"],
                    t.binary.alpha_T(so["y_mean"], 4, T_mean),
                    note="N_A - y_A N = -c D (dy_A/dz + alpha_T y_A y_B dlnT/dz), D from CE at the local n, T, y_A")]
    return []


def _decay_theory(t: _Tube) -> float:
    """Chapman-Enskog D at the closed tube's mean composition (what its first mode decays with)."""
    y_mean = float(np.mean(t.prof[f"y_{t.a}"]))
    return t.d1 * float(t.binary.ratio(np.array([y_mean]), theory.EXACT_ORDER, t.T_ref)[0])


def _mode_decay_rows(t: _Tube) -> list:
    """A closed tube measures the first mode's decay, against CE at the tube's mean composition."""
    try:
        md = mode_decay_diffusion(t.run, t.a)["D"]
    except ValueError:
        return []
    y_mean = float(np.mean(t.prof[f"y_{t.a}"]))
    return [row("D_AB.mode_decay", "D_AB from first-mode decay (closed tube)", "m^2/s", md, _decay_theory(t),
                note=f"theory: CE converged at the mean y_A = {y_mean:.3f}; fit error only, "
                     "it ignores correlated noise: use several seeds")]


def _control_rows(t: _Tube) -> list:
    ctl = (t.s.control or {})
    if ctl.get("target", "none") == "none":
        return []
    pL, pR = t.s.reservoir_final_pressure_Pa
    return [row("control.dp", f"p_right - p_left for {ctl['target']}", "Pa", Estimate(pR - pL, float("nan")), None,
                note=f"reservoir pressure the feedback needed ({ctl['adjust']})")]


def _diffusion_rows(t: _Tube) -> list:
    """D_AB by Fick's law on J_A against Chapman-Enskog (open tubes), and from the probe planes."""
    fick, d1, dex = t.fick, t.d1, t.dex
    where = "faces'" if fick["method"] == "every interior cell face" else "planes'"
    planes = ([row("D_AB.planes", "D_AB from the probe planes", "m^2/s", fick["D_planes"], dex,
                   note="the same tube from the probe planes' crossings and local gradients (noisier)")]
              if fick["method"] != "probe planes" else [])
    if t.closed:
        return planes
    d2 = d1 * np.average(t.binary.ratio(fick["theory_y"], 2, t.T_ref) * t.local, weights=fick["theory_weights"])
    rows = [row("D_AB.over_D1", "D_AB (Fick on J_A) / [D]_1", "", Estimate(fick["D"].value / d1, fick["D"].error / d1),
                1.0, note=f"from {fick['method']}"),
            row("D_AB.ce2", "D_AB (Fick on J_A)", "m^2/s", fick["D"], d2,
                note=f"theory: Chapman-Enskog 2nd approximation at the {where} y_A, n and T"),
            row("D_AB.ce", "D_AB vs converged CE", "m^2/s", fick["D"], dex,
                note=f"theory: CE order {theory.EXACT_ORDER} (converged) at the {where} y_A, n and T")]
    rows += _driving_force_rows(t)
    rows += planes
    rows.append(row("D_AB.from_N_A", "D_AB from N_A alone", "m^2/s", fick["D_from_N_A"], d1,
                    note="wrong unless N = 0; shown for contrast"))
    if fick["D_apparent"] is not None:
        rows.append(row("D_AB.apparent", "D apparent = N_A L / (c dy)", "m^2/s", fick["D_apparent"], d1,
                        note="includes the end (Knudsen-layer) effect"))
    return rows


def _driving_force_rows(t: _Tube) -> list:
    """The first-order flux law's thermal and pressure terms beside dy_A/dz, over the faces where D
    is measured (an open tube has both: interdiffusion warms its middle, and the flow speeds up into
    the light gas), and D from the full driving force. Binary gases with face tallies only: the
    law has this form for two species."""
    if len(t.names) != 2 or t.fick["method"] != "every interior cell face":
        return []
    drive = driving_forces(t.run, t.binary, t.a, margin=t.margin)
    share = "share of the dy_A/dz term over the faces (D from dy_A/dz alone reads high by it)"
    return [row("D_AB.thermal_force", "thermal term k_T dlnT/dz / (dy_A/dz)", "", drive["thermal"], None,
                note=f"{share}; k_T from CE order {ALPHA_T_ORDER}"),
            row("D_AB.pressure_force", "pressure term (y_A - w_A) dlnp/dz / (dy_A/dz)", "", drive["pressure"], None,
                note=share),
            row("D_AB.full_force", "D_AB from the full driving force", "m^2/s", drive["D"], t.dex,
                note="J_A over c (dy_A/dz + k_T dlnT/dz + (y_A - w_A) dlnp/dz); theory as D_AB.ce")]


def _profile_rows(t: _Tube) -> list:
    """The interior profile of an open tube: its slope against -1/L (a straight line is exact only
    for N = 0), and the steady continuum profile with the measured fluxes and the converged CE
    D(y_A) through the mid-tube composition (no other fitting)."""
    s, a, prof = t.s, t.a, t.prof
    zc = prof["z_m"].to_numpy()
    mask = interior_mask(zc, s.length_m, t.margin)
    a0, b0, cov, chi2 = linear_fit(zc[mask], prof[f"y_{a}"][mask], np.maximum(prof[f"y_{a}_err"][mask], 1e-12))
    slope, slope_err, nblk = block_slope(t.run, a, t.margin)
    line = row("dyA_dz", "interior dy_A/dz (linear fit)", "1/m", Estimate(slope, slope_err, 1, nblk), -1.0 / s.length_m,
               note=f"theory: -1/L; fitted per profile block (batch error); chi2/dof of the line = {chi2:.2f}")
    D_of_y = lambda y: t.d1 * t.binary.ratio(y, theory.EXACT_ORDER, t.T_ref)
    zmid = 0.5 * s.length_m
    ymid = float(np.interp(zmid, zc, prof[f"y_{a}"]))
    y_cont = steady_profile(zc[mask], t.fluxes.species_flux(a).value, t.fluxes.total_flux().value, t.c, D_of_y,
                            zmid, ymid)
    resid = (prof[f"y_{a}"][mask] - y_cont) / np.maximum(prof[f"y_{a}_err"][mask], 1e-12)
    chi2_cont = float((resid ** 2).mean())
    continuum = row("profile.continuum_chi2", "interior y_A vs continuum profile", "chi2/dof",
                    Estimate(chi2_cont, math.sqrt(2.0 / mask.sum())), 1.0,
                    note="Fick with measured N_A, N and CE D(y_A), through the mid-tube y_A")
    return [line], [continuum], {"fit": (a0, b0, t.margin, s.length_m - t.margin), "continuum": (zc[mask], y_cont)}


RESOLUTION = (("mcs_over_lambda", "MCS/lambda"), ("dz_over_lambda", "dz/lambda"), ("dt_over_tau", "dt/tau"),
              ("knudsen_length", "L/lambda"), ("particles_swept_per_step", "particles passed per step"))


def _resolution_rows(t: _Tube) -> list:
    # runs written before a quantity existed lack it
    return [plain(f"resolution.{key}", label, getattr(t.s, key), note="resolution") for key, label in RESOLUTION
            if getattr(t.s, key) is not None]


def _wall_rows(t: _Tube) -> list:
    """A tube with side walls: transmission, Knudsen diffusion, and (equal masses) the interior D
    against Bosanquet's interpolation with the converged CE D_11."""
    if (t.s.section or "unbounded") == "unbounded":
        return []
    rows = wall_rows(t.run)
    dk = [r for r in rows if r["key"] == "D_K"]
    if dk:
        D = t.fick["D"]
        rows.append(row("D_AB.bosanquet", "D_AB / Bosanquet (1/D_11 + 1/D_K)", "", Estimate(D.value, D.error),
                        float(bosanquet(t.dex, dk[0]["value"])),
                        note="D_11: converged Chapman-Enskog; the interior D against the interpolation"))
    return rows


def _relaxation_rows(relax) -> list:
    return [plain("relaxation.window", "sampled window / slowest relaxation", relax["window"],
                  "L^2/(pi^2 D) with the measured D; below 20 the errors themselves are uncertain"),
            plain("relaxation.block", "profile block / slowest relaxation", relax["block"],
                  "below 1 neighbouring blocks correlate; the batch errors carry an AR(1) correction")]


def build_report(run, species=None) -> dict:
    """All numbers of the report: {"table": DataFrame (docs/output.md, "Report table"), "planes":
    DataFrame, ...}. species: the pair (A, B) whose fluxes, Fick D and theory the report is about
    (default: the first two); the other species' fluxes are listed too. An open tube gets the
    steady-state sections (flux ratios, Fick's D against Chapman-Enskog, the interior profile);
    a closed tube, a transient, gets the first mode's decay instead."""
    t = _tube(run, species)
    flux_table = Fluxes(run).table()
    relax = relaxation(run, t.fick["D"].value)
    rows = _flux_rows(t) + _wind_identity_row(t, flux_table) + _reaction_rows(t) + _soret_rows(t)
    if t.closed:
        rows += _mode_decay_rows(t) + _control_rows(t) + _diffusion_rows(t) + _resolution_rows(t) + _wall_rows(t)
        relax = {**relax, "warning": ""}  # the window is the decay itself; its error is the fit's (and the seeds')
        fit = {"fit": None, "continuum": None}
    else:
        line, continuum, fit = _profile_rows(t)
        if "interface" in t.s.ends:  # the line of y_A is not the theory there; Stefan's law is
            line = interface_rows(t) + stefan_rows(t)
        rows += (_control_rows(t) + _diffusion_rows(t) + line + _resolution_rows(t) + continuum + _wall_rows(t)
                 + _relaxation_rows(relax))
    pl = t.fick["planes"]
    ypl = pl.y_A.to_numpy()  # the per-plane theory for the D(z) figure
    theory_planes = {"D_2": t.d1 * t.binary.ratio(ypl, 2, t.T_ref),
                     "D_conv": t.d1 * t.binary.ratio(ypl, theory.EXACT_ORDER, t.T_ref)}
    ia = run.summary.species.index(t.a)
    return {"table": frame(rows), "planes": pl, "flux_table": flux_table, "profiles": t.prof, "closed": t.closed,
            "steady": steady_state(run, t.a), "d1": t.d1, "theory_planes": theory_planes, **fit,
            "series": flux_series(run)[:, t.inner, ia].mean(axis=1), "relaxation": relax,
            "series_planes": np.asarray(run.summary.planes_m)[t.inner],
            "d_decay": _decay_theory(t) if t.closed else None, "pair": (t.a, t.b),
            "plane_c": t.plane_c, "plane_rho": t.plane_rho}


def write_report(run_dir, out_dir=None, quiet=False) -> Path:
    """`particlesim report RUN_DIR`: print the table, write CSV, Markdown and figures."""
    run = load_run(run_dir)
    out = Path(out_dir) if out_dir else Path(run_dir) / "report"
    if "bulb" in (run.summary.ends or []):
        return write_cell_report([run], out, quiet)
    if len(run.summary.species) < 2:
        return _write_one_gas_report(run, out, quiet)
    rep = build_report(run)
    out.mkdir(parents=True, exist_ok=True)
    table = rep["table"]
    table.to_csv(out / "report.csv", index=False)
    ss = rep["steady"]
    steady = (f"Steady state: {'yes' if ss['steady'] else 'NO'} (planes T^2/dof = {ss['planes_chi2_per_dof']:.2f}, "
              f"p = {ss['planes_p_value']:.3f}; second half minus first half = {ss['halves_z']:+.1f} sigma)")
    if rep["closed"]:
        steady = ("Closed tube: a transient, not a steady state; the report fits the decay of the first mode "
                  "(closed_tube figure) and shows no steady-flux analysis.")
    errors = ("Errors are one standard error: fluxes by automatic blocking of the interval tallies "
              "(Flyvbjerg-Petersen with Jonsson's criterion); D and profiles by batch means over the profile blocks.")
    warn = rep["relaxation"]["warning"]
    status = (run.summary.status or "complete")
    stopped = ([f"**{status.upper()} RUN:** partial results after {run.summary.steps} steps "
                "(continue it with `particlesim run --resume RUN_DIR`).", ""] if status != "complete" else [])
    md = [f"# Report: {run.summary.name}", ""] + stopped + [_molecules_line(run.summary), "", steady, "", errors, ""] \
        + ([f"**Warning:** {warn}", ""] if warn else []) + [markdown(table)]
    (out / "report.md").write_text("\n".join(md) + "\n")
    figs = figures.run_figures(run, rep)
    for name, fig in figs.items():
        save(fig, out / name)
    if not quiet:
        print(terminal(table))
        print(steady)
        print(errors)
        if warn:
            print(f"warning: {warn}")
        print(f"wrote {out}/report.csv, report.md and figures {', '.join(figs)} (.pdf, .png)")
    return out


def _write_one_gas_report(run, out: Path, quiet: bool) -> Path:
    """One gas (transmission, pressure-driven flow): the wall quantities and the profiles."""
    rows = wall_rows(run) + evaporation_rows(run)
    if not rows:
        raise ValueError("a one-species run is reported only for a circular tube (transmission, pressure-driven flow) "
                         "or a vapour between two interfaces")
    table = frame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "report.csv", index=False)
    md = [f"# Report: {run.summary.name}", "", "Errors are one standard error (binomial for the transmission, "
          "batch means over profile blocks for the flow rate).", "", markdown(table)]
    (out / "report.md").write_text("\n".join(md) + "\n")
    figs = {"section": figures.section_figure(run)} if len(run.section_profiles) else {}
    for name, fig in figs.items():
        save(fig, out / name)
    if not quiet:
        print("\n".join(md[2:]))
        print(f"wrote {out}/report.csv, report.md" + (f" and figures {', '.join(figs)} (.pdf, .png)" if figs else ""))
    return out
