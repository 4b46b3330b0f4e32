"""Report for one run: a table of every measured quantity with its error, theory and ratio,
written as CSV and Markdown, and the standard figures (PDF and PNG)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats as sps

from particlesim.constants import N_AV

from . import figures, theory
from .continuum import steady_profile
from .diffusion import fick_diffusion
from .fluxes import Fluxes, flux_series, wind_identity
from .load import load_run
from .profiles import block_slope, interior_mask, layer_margin, linear_fit, mean_profiles
from .stats import Estimate, blocked_mean, blocking_curve
from .style import save


def _molecules_line(s) -> str:
    """Which molecular model the theory values use (summary's pair_models)."""
    pm = s.get("pair_models")
    names = s["species"]
    if not pm or (all(w == 0.5 for r in pm["omega"] for w in r) and all(a == 1.0 for r in pm["alpha"] for a in r)):
        return "Molecules: hard spheres (" + ", ".join(f"{n} d = {d:.4g} m" for n, d in zip(names, s["diameter_m"])) + ")."
    pairs = [f"{names[i]}-{names[j]}: d_ref = {pm['d_ref_m'][i][j]:.4g} m, omega = {pm['omega'][i][j]:.4g}, "
             f"alpha = {pm['alpha'][i][j]:.3g}" for i in range(len(names)) for j in range(i, len(names))]
    return f"Molecules: VHS/VSS pairs at T_ref = {pm['t_ref_K']:g} K ({'; '.join(pairs)}); theory values are for these."


def plane_agreement(x, batches=30):
    """Do the planes carry one mean flux? x: (intervals, planes). Hotelling's T^2 on the batch
    means of the contrasts x_p - x_0 (p = 1 .. P-1), with their covariance estimated from the
    batches, so that planes crossed by the same molecules (strongly correlated) are not counted
    as independent. Returns (T^2 / (P - 1), p-value from the F distribution)."""
    n, P = x.shape
    k = P - 1
    B = min(batches, n // 4)
    if k < 1 or B <= k + 1:
        return float("nan"), 1.0
    Y = x[: B * (n // B)].reshape(B, n // B, P).mean(axis=1)
    d = Y[:, 1:] - Y[:, :1]
    m = d.mean(axis=0)
    S = np.atleast_2d(np.cov(d, rowvar=False))
    T2 = float(B * m @ np.linalg.solve(S, m))
    F = (B - k) / (k * (B - 1)) * T2
    return T2 / k, float(sps.f.sf(F, k, B - k))


def steady_state(run, species="A") -> dict:
    """Is the sampled window past the transient? Two checks on N_A: the planes agree
    (`plane_agreement`: Hotelling's T^2 over batch means, which allows for the correlation
    between planes), and the first and second halves of the window agree (difference within
    3 standard errors)."""
    x = flux_series(run)[:, :, run.summary["species"].index(species)]
    t2, p_planes = plane_agreement(x)
    half = x.shape[0] // 2
    a, b = blocked_mean(x[:half].mean(axis=1)), blocked_mean(x[half:2 * half].mean(axis=1))
    z = (b.value - a.value) / math.hypot(a.error, b.error)
    return {"planes_chi2_per_dof": t2, "planes_p_value": p_planes, "halves_z": float(z),
            "steady": bool(p_planes > 0.001 and abs(z) < 3.0)}


def _plane_state(run):
    """c (mol/m^3) and rho (kg/m^3) at the probe planes, from the mean profiles."""
    prof = mean_profiles(run)
    s = run.summary
    z, zp = prof["z_m"].to_numpy(), np.asarray(s["planes_m"])
    c = np.interp(zp, z, prof["c_mol_m3"])
    M = np.asarray(s["molar_mass_kg_mol"])
    rho_cells = prof["c_mol_m3"].to_numpy() * sum(M[k] * prof[f"y_{n}"].to_numpy() for k, n in enumerate(s["species"]))
    return prof, c, np.interp(zp, z, rho_cells)


def build_report(run, species=None) -> dict:
    """All numbers of the report: {"table": DataFrame, "planes": DataFrame, ...}. species: the
    pair (A, B) whose fluxes, Fick D and theory the report is about (default: the first two);
    the other species' fluxes are listed too."""
    s = run.summary
    names = s["species"]
    a, b = species or (names[0], names[1])
    M = np.asarray(s["molar_mass_kg_mol"])
    m = M / N_AV
    ia, ib = names.index(a), names.index(b)
    binary = theory.Binary.from_summary(s, ia, ib)  # the pair's molecular model, for Chapman-Enskog
    T_ref = s.get("initial_temperature_K") or 273.15
    lam = s["mean_free_path_m"]
    # fluxes are uniform in a steady tube: planes within a few lambda of the ends are left out,
    # short tubes keep 80%; D and profiles need the interior beyond the ends' Knudsen layers
    flux_margin = min(5 * lam, 0.1 * s["length_m"])
    margin = layer_margin(s)
    inner = (np.asarray(s["planes_m"]) >= flux_margin) & (np.asarray(s["planes_m"]) <= s["length_m"] - flux_margin)
    if not inner.any():
        inner[:] = True
    fl = Fluxes(run, planes=np.flatnonzero(inner))
    prof, c_pl, rho_pl = _plane_state(run)
    c, rho = c_pl[inner].mean(), rho_pl[inner].mean()
    NA, NB, N = fl.species_flux(a), fl.species_flux(b), fl.total_flux()
    mass = fl.mass_flux()
    ratio = fl.flux_ratio(a, b)
    rows = []

    def add(q, unit, e: Estimate | None, th=None, note=""):
        val = e.value if e is not None else float("nan")
        err = e.error if e is not None else float("nan")
        # degrees of freedom of the error (independent blocks less one): 95% intervals use Student's t
        dof = float(e.dof) if e is not None and e.samples else float("nan")
        rows.append({"quantity": q, "unit": unit, "value": val, "error": err, "dof": dof,
                     "theory": th if th is not None else float("nan"),
                     "ratio": val / th if th not in (None, 0) else float("nan"),
                     "ratio_error": abs(err / th) if th not in (None, 0) else float("nan"), "note": note})

    add(f"N_{a}", "mol m^-2 s^-1", NA)
    add(f"N_{b}", "mol m^-2 s^-1", NB)
    for other in names:
        if other not in (a, b):
            add(f"N_{other}", "mol m^-2 s^-1", fl.species_flux(other))
    add("N", "mol m^-2 s^-1", N, note="total molar flux; 0 only for equimolar counter-diffusion")
    # the delta-method error of a ratio holds only while its denominator is well away from zero
    shaky = "; N_{} is within 10 standard errors of 0: this error is unreliable".format(b) \
        if abs(NB.value) < 10 * NB.error else ""
    add(f"N_{a}/N_{b}", "", ratio, -math.sqrt(M[ib] / M[ia]), note="theory: Graham -sqrt(M_B/M_A)" + shaky)
    add(f"N_{a}/N_{b} vs equimolar", "", ratio, -1.0, note="theory: -1" + shaky)
    add("v* = N/c", "m/s", Estimate(N.value / c, N.error / c))
    add("v = sum M_i N_i / rho", "m/s", Estimate(mass.value / rho, mass.error / rho))
    wind = (M[ia] - M[ib]) * NA.value
    add("rho v", "kg m^-2 s^-1", mass, wind, note="theory: diffusion wind (M_A - M_B) N_A (exact only if N = 0)")
    flux_table = Fluxes(run).table()
    wi = wind_identity(run, table=flux_table)
    add("rho v: momentum density minus crossings, largest |z| over planes", "sigma",
        Estimate(float(wi.z_score.abs().max()), float("nan")), None,
        note="the diffusion-wind identity rho v = sum M_i N_i from two independent tallies; below 3 expected")
    if s.get("reactions"):
        from .reactions import mole_balance, reaction_rates
        for rr in reaction_rates(run).itertuples():
            add(f"{rr.equation}: reactions per collision", "", Estimate(rr.per_collision, rr.per_collision_err),
                rr.steric_factor, note="theory: the steric factor (E_a = 0)")
            add(f"{rr.equation}: reactions / collision theory", "", Estimate(rr.count_over_expected,
                rr.count_over_expected_err), 1.0, note="collision theory with the measured n_i(z), T(z)")
        mb = mole_balance(run)
        add("N(last plane) - N(first plane)", "mol m^-2 s^-1", mb["dN"], mb["produced"].value,
            note="theory: moles produced between the planes by the reactions")
    temps = s.get("temperatures_K") or [None, None]
    if s.get("ends") == ["diffuse", "diffuse"] and temps[0] and temps[1] and temps[0] != temps[1]:
        from .soret import thermal_diffusion_factor
        so = thermal_diffusion_factor(run, a)
        T_mean = 0.5 * (temps[0] + temps[1])
        add("alpha_T (Soret, zero-flux separation)", "", so["alpha_T"], binary.alpha_T(so["y_mean"], 4, T_mean),
            note=f"theory: CE for {binary.label}, Sonine order 4 (order 2, C&C's first approximation: "
                 f"{binary.alpha_T(so['y_mean'], 2, T_mean):.4f})")
    if (s.get("ends") == ["reservoir", "reservoir"] and temps[0] and temps[1]
            and abs(temps[0] - temps[1]) > 1e-9 * temps[0]):
        from .soret import thermal_diffusion_from_flux
        so = thermal_diffusion_from_flux(run, a)
        T_mean = 0.5 * (temps[0] + temps[1])
        add("alpha_T (Soret, from the flux)", "", so["alpha_T"],
            binary.alpha_T(so["y_mean"], 4, T_mean),
            note="N_A - y_A N = -c D (dy_A/dz + alpha_T y_A y_B dlnT/dz), D from CE at the local n, T, y_A")
    closed = all(e in ("specular", "diffuse") for e in s.get("ends", []))
    if closed:
        from .transient import mode_decay_diffusion
        try:
            md = mode_decay_diffusion(run, a)["D"]
            add("D_AB from first-mode decay (closed tube)", "m^2/s", md, None,
                note="fit error only; it ignores correlated noise, use several seeds")
        except ValueError:
            pass
    if s.get("control", {}).get("target", "none") != "none":
        pL, pR = s["reservoir_final_pressure_Pa"]
        add(f"p_right - p_left for {s['control']['target']}", "Pa", Estimate(pR - pL, float("nan")), None,
            note=f"reservoir pressure the feedback needed ({s['control']['adjust']})")

    fick = fick_diffusion(run, a, margin=margin)
    pl = fick["planes"]
    n_ref = s.get("initial_number_density_m3") or (s.get("reservoir_number_density_m3") or [None])[0]
    d1 = binary.d1(n_ref, T_ref)
    # the tube value averages the local D(y_A) with weights c dy_A/dz (see fick_diffusion); so does its theory
    # and at the local density (D ~ 1/n; the open tube's pressure is not uniform)
    ty, tw, local = fick["theory_y"], fick["theory_weights"], n_ref / fick["theory_n"]
    d2 = d1 * np.average(binary.ratio(ty, 2, T_ref) * local, weights=tw)
    dex = d1 * np.average(binary.ratio(ty, theory.EXACT_ORDER, T_ref) * local, weights=tw)
    where = "faces'" if fick["method"] == "every interior cell face" else "planes'"
    add("D_AB (Fick on J_A) / [D]_1", "", Estimate(fick["D"].value / d1, fick["D"].error / d1), 1.0,
        note=f"from {fick['method']}")
    add("D_AB (Fick on J_A)", "m^2/s", fick["D"], d2, note=f"theory: Chapman-Enskog 2nd approximation at the {where} y_A and n")
    add("D_AB vs converged CE", "m^2/s", fick["D"], dex,
        note=f"theory: CE order {theory.EXACT_ORDER} (converged) at the {where} y_A and n")
    if fick["method"] != "probe planes":
        add("D_AB from the probe planes", "m^2/s", fick["D_planes"], dex,
            note="the same tube from the probe planes' crossings and local gradients (noisier)")
    add("D_AB from N_A alone", "m^2/s", fick["D_from_N_A"], d1, note="wrong unless N = 0; shown for contrast")
    if fick["D_apparent"] is not None:
        add("D apparent = N_A L / (c dy)", "m^2/s", fick["D_apparent"], d1, note="includes the end (Knudsen-layer) effect")

    # interior profile: a straight line through y_A (exact only for N = 0)
    zc = prof["z_m"].to_numpy()
    mask = interior_mask(zc, s["length_m"], margin)
    a0, b0, cov, chi2 = linear_fit(zc[mask], prof[f"y_{a}"][mask], np.maximum(prof[f"y_{a}_err"][mask], 1e-12))
    slope, slope_err, nblk = block_slope(run, a, margin)
    add("interior dy_A/dz (linear fit)", "1/m", Estimate(slope, slope_err, 1, nblk), -1.0 / s["length_m"],
        note=f"theory: -1/L; fitted per profile block (batch error); chi2/dof of the line = {chi2:.2f}")
    for key, label in (("mcs_over_lambda", "MCS/lambda"), ("dz_over_lambda", "dz/lambda"), ("dt_over_tau", "dt/tau"),
                       ("knudsen_length", "L/lambda"), ("particles_swept_per_step", "particles passed per step")):
        if key not in s:  # runs written before the quantity existed
            continue
        rows.append({"quantity": label, "unit": "", "value": s[key], "error": float("nan"), "theory": float("nan"),
                     "ratio": float("nan"), "ratio_error": float("nan"), "note": "resolution"})
    # continuum prediction: N_A - y N = -c D(y) dy/dz with the measured fluxes and the
    # converged CE D(y), through the measured mid-tube composition; no other fitting
    D_of_y = lambda y: d1 * binary.ratio(y, theory.EXACT_ORDER, T_ref)
    zmid = 0.5 * s["length_m"]
    ymid = float(np.interp(zmid, zc, prof[f"y_{a}"]))
    y_cont = steady_profile(zc[mask], NA.value, N.value, c, D_of_y, zmid, ymid)
    resid = (prof[f"y_{a}"][mask] - y_cont) / np.maximum(prof[f"y_{a}_err"][mask], 1e-12)
    chi2_cont = float((resid ** 2).mean())
    add("interior y_A vs continuum profile", "chi2/dof", Estimate(chi2_cont, math.sqrt(2.0 / mask.sum())), 1.0,
        note="Fick with measured N_A, N and CE D(y_A), through the mid-tube y_A")
    if s.get("section", "unbounded") != "unbounded":
        from .capillary import bosanquet
        from .walls import report_rows
        for q, unit, e, th, note in report_rows(run):
            if q == "_bosanquet":
                DK = [r for r in rows if r["quantity"].startswith("D_K")][0]["value"]
                add("D_AB / Bosanquet (1/D_11 + 1/D_K)", "", Estimate(fick["D"].value, fick["D"].error),
                    float(bosanquet(dex, DK)), note="D_11: converged Chapman-Enskog; the interior D against the interpolation")
            else:
                add(q, unit, e, th, note=note)
    if closed:
        # a closed tube is a transient: no steady fluxes, no Graham ratio, no straight profile
        # between reservoirs; what it measures is the first mode's decay, against Chapman-Enskog
        # at the tube's mean composition
        open_only = ("N_{}/N_{}".format(a, b), "N_{}/N_{} vs equimolar".format(a, b), "D_AB (Fick on J_A) / [D]_1",
                     "D_AB (Fick on J_A)", "D_AB vs converged CE", "D_AB from N_A alone", "D apparent = N_A L / (c dy)",
                     "interior dy_A/dz (linear fit)", "interior y_A vs continuum profile")
        rows[:] = [r for r in rows if r["quantity"] not in open_only]
        y_mean = float(np.mean(prof[f"y_{a}"]))
        d_decay = d1 * float(binary.ratio(np.array([y_mean]), theory.EXACT_ORDER, T_ref)[0])
        for r in rows:
            if r["quantity"].startswith("D_AB from first-mode decay"):
                r.update(theory=d_decay, ratio=r["value"] / d_decay, ratio_error=r["error"] / d_decay,
                         note=f"theory: CE converged at the mean y_A = {y_mean:.3f}; fit error only, "
                              "it ignores correlated noise: use several seeds")
    ss = steady_state(run, a)
    relax = relaxation(run, fick["D"].value)
    if closed:  # the window is the decay itself; its error is the fit's (and the seeds')
        relax = {**relax, "warning": ""}
    for label, key, note in () if closed else (
            ("sampled window / slowest relaxation", "window", "L^2/(pi^2 D) with the measured D; "
             "below 20 the errors themselves are uncertain"),
            ("profile block / slowest relaxation", "block", "below 1 neighbouring blocks correlate; "
             "the batch errors carry an AR(1) correction")):
        rows.append({"quantity": label, "unit": "", "value": relax[key], "error": float("nan"), "dof": float("nan"),
                     "theory": float("nan"), "ratio": float("nan"), "ratio_error": float("nan"), "note": note})
    table = pd.DataFrame(rows)
    ypl = pl.y_A.to_numpy()  # the per-plane theory for the D(z) figure
    theory_planes = {"D_2": d1 * binary.ratio(ypl, 2, T_ref), "D_conv": d1 * binary.ratio(ypl, theory.EXACT_ORDER, T_ref)}
    return {"table": table, "planes": pl, "flux_table": flux_table, "profiles": prof, "closed": closed,
            "steady": ss, "d1": d1, "theory_planes": theory_planes, "fit": (a0, b0, margin, s["length_m"] - margin),
            "continuum": (zc[mask], y_cont),
            "series": flux_series(run)[:, inner, ia].mean(axis=1), "relaxation": relax,
            "series_planes": np.asarray(s["planes_m"])[inner],
            "d_decay": d_decay if closed else None, "pair": (a, b)}


def relaxation(run, D) -> dict:
    """The tube's slowest diffusive relaxation time L^2/(pi^2 D) (s) and how many of them the
    sampled window and one profile block hold. Tallies decorrelate over about this time, so a
    window of fewer than about 20 leaves too few independent pieces for an error bar to hold."""
    s = run.summary
    tau = s["length_m"] ** 2 / (math.pi ** 2 * D) if D and D > 0 else float("nan")
    window = (int(s["steps"]) - int(s["start_step"])) * s["dt_s"]
    nb = int(run.profiles["block"].max()) + 1
    return {"time_s": tau, "window": window / tau, "block": window / nb / tau,
            "warning": (f"the sampled window holds only {window / tau:.1f} relaxation times L^2/(pi^2 D) "
                        f"= {tau:.3g} s (fewer than 20): the error bars are themselves uncertain; sample longer"
                        if window < 20 * tau else "")}


def write_report(run_dir, out_dir=None, quiet=False) -> Path:
    """`particlesim report RUN_DIR`: print the table, write CSV, Markdown and figures."""
    run = load_run(run_dir)
    out = Path(out_dir) if out_dir else Path(run_dir) / "report"
    if "bulb" in run.summary.get("ends", []):
        from .cell_report import write_cell_report
        return write_cell_report([run], out, quiet)
    if len(run.summary["species"]) < 2:
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
    status = run.summary.get("status", "complete")
    stopped = ([f"**{status.upper()} RUN:** partial results after {run.summary.get('steps')} steps "
                "(continue it with `particlesim run --resume RUN_DIR`).", ""] if status != "complete" else [])
    md = [f"# Report: {run.summary['name']}", ""] + stopped + [_molecules_line(run.summary), "", steady, "", errors, ""] \
        + ([f"**Warning:** {warn}", ""] if warn else []) + [_markdown(table)]
    (out / "report.md").write_text("\n".join(md) + "\n")
    s = run.summary
    closed = rep["closed"]
    figs = {
        "profile": (figures.profile_figure(rep["profiles"], rep["pair"][0]) if closed else
                    figures.profile_figure(rep["profiles"], rep["pair"][0], rep["fit"], s["length_m"],
                                           rep["continuum"])),
        "flux_planes": figures.flux_planes_figure(rep["flux_table"], s["species"]),
        "blocking": figures.blocking_figure(blocking_curve(rep["series"]), s["interval_steps"] * s["dt_s"]),
        "flux_series": figures.flux_series_figure(np.arange(rep["series"].size) * s["interval_steps"] * s["dt_s"]
                                                  + s["start_step"] * s["dt_s"], rep["series"], rep["pair"][0],
                                                  rep["series_planes"]),
    }
    if not closed:  # Fick's law on steady fluxes: open tubes only
        figs["diffusion"] = figures.diffusion_figure(rep["planes"], rep["d1"], [
            ("CE 2nd approximation", rep["theory_planes"]["D_2"], "--"),
            ("CE converged", rep["theory_planes"]["D_conv"], "-")])
        yg = np.linspace(0.02, 0.98, 49)
        binary = theory.Binary.from_summary(s, 0, 1)
        T_ref = s.get("initial_temperature_K") or 273.15
        figs["diffusion_vs_y"] = figures.diffusion_vs_composition_figure(rep["planes"], rep["d1"], yg, [
            ("CE 2nd approximation", binary.ratio(yg, 2, T_ref), "--"),
            ("CE converged", binary.ratio(yg, theory.EXACT_ORDER, T_ref), "-")])
    ft, (_, c_pl, rho_pl) = rep["flux_table"], _plane_state(run)
    p_ends = [p if e == "reservoir" else None for p, e in zip(s.get("reservoir_final_pressure_Pa") or [None, None],
                                                             s.get("ends", [None, None]))]
    figs["state"] = figures.state_figure(rep["profiles"], ft.z_m, ft.N / c_pl, ft.N_err / c_pl,
                                         ft.mass_flux / rho_pl, ft.mass_flux_err / rho_pl, p_ends, s["length_m"])
    if rep["closed"]:
        from .transient import closed_tube_figure
        figs["closed_tube"] = closed_tube_figure(run, D_theory=rep["d_decay"])
    if len(run.section_profiles):
        figs["section"] = figures.section_figure(run)
    for name, fig in figs.items():
        save(fig, out / name)
    if not quiet:
        print(_terminal(table))
        print(steady)
        print(errors)
        if warn:
            print(f"warning: {warn}")
        print(f"wrote {out}/report.csv, report.md and figures {', '.join(figs)} (.pdf, .png)")
    return out


def _write_one_gas_report(run, out: Path, quiet: bool) -> Path:
    """One gas (transmission, pressure-driven flow): the wall quantities and the profiles."""
    from .walls import report_rows
    rows = [{"quantity": q, "unit": u, "value": e.value if e is not None else float("nan"),
             "error": e.error if e is not None else float("nan"), "theory": th if th is not None else float("nan"),
             "ratio": e.value / th if (e is not None and th) else float("nan"),
             "ratio_error": abs(e.error / th) if (e is not None and th) else float("nan"), "note": note}
            for q, u, e, th, note in report_rows(run) if q != "_bosanquet"]
    if not rows:
        raise ValueError("a one-species run is reported only for a circular tube (transmission, pressure-driven flow)")
    table = pd.DataFrame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "report.csv", index=False)
    md = [f"# Report: {run.summary['name']}", "", "Errors are one standard error (binomial for the transmission, "
          "batch means over profile blocks for the flow rate).", "", _markdown(table)]
    (out / "report.md").write_text("\n".join(md) + "\n")
    figs = {"section": figures.section_figure(run)} if len(run.section_profiles) else {}
    for name, fig in figs.items():
        save(fig, out / name)
    if not quiet:
        print("\n".join(md[2:]))
        print(f"wrote {out}/report.csv, report.md" + (f" and figures {', '.join(figs)} (.pdf, .png)" if figs else ""))
    return out


def _cells(r):
    """A table row as text: value +- error to the digits the error allows, theory, ratio."""
    from .stats import rounded
    blank = lambda v: isinstance(v, float) and math.isnan(v)
    value = "" if blank(r.value) else rounded(r.value, r.error)
    theory = "" if blank(r.theory) else f"{r.theory:.5g}"
    ratio = "" if blank(r.ratio) else rounded(r.ratio, r.ratio_error)
    return value, theory, ratio


def _markdown(table: pd.DataFrame) -> str:
    esc = lambda t: str(t).replace("|", "\\|")
    lines = ["| quantity | value +- one standard error | unit | theory | ratio to theory | note |",
             "|---|---|---|---|---|---|"]
    for r in table.itertuples():
        value, theory, ratio = _cells(r)
        lines.append(f"| {esc(r.quantity)} | {value} | {esc(r.unit)} | {theory} | {ratio} | {esc(r.note)} |")
    return "\n".join(lines)


def _terminal(table: pd.DataFrame) -> str:
    """The report table for a terminal: what report.md shows, in aligned columns."""
    rows = [("quantity", "value +- error", "unit", "theory", "ratio", "theory is")]
    for r in table.itertuples():
        value, theory, ratio = _cells(r)
        rows.append((r.quantity, value, r.unit, theory, ratio, r.note.split(";")[0] if theory else ""))
    w = [max(len(row[k]) for row in rows) for k in range(5)]
    return "\n".join("  ".join(c.ljust(w[k]) for k, c in enumerate(row[:5])) + ("  " + row[5] if row[5] else "")
                     for row in rows)
