"""D_AB from Fick's law on J_A against Chapman-Enskog, and the report on a quickstart run."""

import numpy as np

import particlesim as ps
from analysis import theory
from analysis.measure.diffusion import _batch_ratio, driving_forces, face_quantities, fick_diffusion
from analysis.measure.fluxes import Fluxes
from analysis.measure.profiles import layer_margin, mean_profiles
from analysis.report.run_report import build_report

from ..conftest import make_config


def test_equal_mass_diffusion_coefficient_matches_chapman_enskog():
    argon2 = [{"name": "A", "preset": "argon"}, {"name": "B", "preset": "argon"}]
    cfg = make_config(species=argon2, seed=21, tube={"length_m": 1.5e-6, "cells": 150},
                      particles={"per_cell": 40}, time={"dt_s": 2e-11, "steps": 30000},
                      sampling={"start_step": 4000, "interval_steps": 20, "profile_blocks": 20, "planes": 7})
    res = ps.Simulation(cfg).run()
    d = fick_diffusion(res)
    d1 = theory.diffusion_ce1(2.687e25, 273.15, *cfg.masses, *cfg.diameters)
    d2 = d1 * theory.diffusion_ratio(1.0, 1.0, 1.0, 1.0, 0.5, order=2)
    assert d["D"].error / d["D"].value < 0.02
    assert abs(d["D"].value - d2) < 3 * d["D"].error, (d["D"].value / d1, d["D"].error / d1)
    # every interior face at once beats seven planes with local gradients (docs/method.md, "D to 0.1%")
    assert d["method"] == "every interior cell face"
    assert d["D"].error < 0.9 * d["D_planes"].error, (d["D"].error / d1, d["D_planes"].error / d1)
    assert abs(d["D_planes"].value - d2) < 3 * d["D_planes"].error
    # with N = 0 the flux-only estimate agrees too, and N_A = -N_B
    assert abs(d["D_from_N_A"].value - d2) < 3 * d["D_from_N_A"].error
    r = Fluxes(res).flux_ratio("A", "B")
    assert abs(r.value + 1) < 3 * r.error
    # identical molecules neither separate in a temperature gradient nor under a pressure
    # gradient: the full first-order driving force is dy_A/dz alone, exactly
    forces = driving_forces(res, theory.pair_of(res.summary))
    assert abs(forces["thermal"].value) < 1e-9 and forces["pressure"].value == 0.0, forces
    assert abs(forces["D"].value / d["D"].value - 1) < 1e-9


_QUICK = []


def _quickstart():
    if not _QUICK:
        cfg = ps.load_config("runs/quickstart.toml").replace(steps=12000, **{"sampling.start_step": 3000})
        _QUICK.append(ps.Simulation(cfg).run())
    return _QUICK[0]


def test_quickstart_report_gives_d_over_ce_with_error_and_a_continuum_profile():
    res = _quickstart()
    rep = build_report(res)
    t = rep["table"].set_index("key")
    assert t.index.is_unique
    row = t.loc["D_AB.over_D1"]
    assert 0 < row.error < 0.03
    conv = t.loc["D_AB.ce"]
    assert abs(conv.ratio - 1.0) < 3 * conv.ratio_error, conv
    # the open tube is not equimolar: N_A / N_B lies near Graham's -sqrt(M_B/M_A), far from -1
    graham = t.loc["N_A/N_B"]
    assert abs(graham.value + 1) > 10 * graham.error
    assert abs(graham.ratio - 1) < 0.15
    assert rep["steady"]["steady"]


def test_local_d_is_low_inside_the_ends_knudsen_layers_which_the_window_leaves_out():
    """Within one mean free path of the light species (helium, 2.9 lambda_min) of either end
    the faces' D lies well below Chapman-Enskog (docs/method.md: 0.6-0.9 there); the default
    window starts 5 of those in."""
    res = _quickstart()
    s = res.summary
    lam = s["mean_free_path_max_m"]
    assert 2.5 < lam / s["mean_free_path_m"] < 3.5
    assert layer_margin(s) == 5 * lam
    f = face_quantities(res)
    near = (f["z"] < lam) | (f["z"] > s["length_m"] - lam)
    d = _batch_ratio(-(f["N_A"] - f["y_A"] * f["N"])[:, near].sum(axis=1), (f["c"] * f["grad"])[:, near].sum(axis=1))
    binary = theory.Binary.from_summary(s)
    ce = binary.d1(2.687e25, 273.15) * np.average(binary.ratio(f["y_A"][:, near].mean(axis=0), theory.EXACT_ORDER),
                                                  weights=(f["c"] * f["grad"])[:, near].mean(axis=0))
    assert d.value / ce < 0.95 and (ce - d.value) > 5 * d.error, (d.value / ce, d.error / ce)


def test_interdiffusion_warms_the_middle_and_theory_is_taken_at_the_faces_temperature():
    """Interdiffusion carries heat (the Dufour effect): between 273.15 K reservoirs the open tube's
    middle settles warmer, and D ~ T^(1/2) / n for hard spheres at fixed n, so the theory D is
    evaluated at the faces' own temperature (docs/method.md, "Where the +0.31% came from")."""
    res = _quickstart()
    mp, f = mean_profiles(res), fick_diffusion(res)
    z, T, err = mp["z_m"].to_numpy(), mp["T_K"].to_numpy(), mp["T_K_err"].to_numpy()
    L, margin = res.summary["length_m"], layer_margin(res.summary)
    mid = np.abs(z - 0.5 * L) < 0.15 * L
    rise, rise_err = T[mid].mean() - 273.15, np.sqrt((err[mid] ** 2).sum()) / mid.sum()
    assert rise > 5 * rise_err and rise < 2.0, (rise, rise_err)
    # the faces' temperatures follow the cells' over the window (a quintic through them)
    win = (z > margin) & (z < L - margin)
    assert abs(f["theory_T"].mean() - T[win].mean()) < 3 * np.sqrt((err[win] ** 2).sum()) / win.sum()
