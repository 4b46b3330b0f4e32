"""Open tube between pure reservoirs: Graham's law without collisions, equimolar for equal masses."""
import math

import numpy as np

import particlesim as ps
from analysis import theory
from analysis.measure.fluxes import Fluxes
from analysis.measure.profiles import block_profiles, interior_mask
from particlesim.constants import N_AV

from ..conftest import make_config


def test_free_molecular_flux_obeys_graham_law():
    cfg = make_config(collisions={"enabled": False}, time={"dt_s": 2e-11, "steps": 4000},
                      sampling={"start_step": 500, "interval_steps": 10, "profile_blocks": 5, "planes": 5})
    res = ps.Simulation(cfg).run()
    f = Fluxes(res)
    r = f.flux_ratio("A", "B")
    expected = theory.graham_ratio(*cfg.masses)
    assert abs(r.value - expected) < 3 * r.error, (r, expected)
    assert r.error < 0.02
    # and the absolute flux is the effusion flux of the left reservoir
    NA = f.species_flux("A")
    gamma = theory.effusion_flux(2.687e25, cfg.masses[0], 273.15) / N_AV
    assert abs(NA.value - gamma) < 3 * NA.error


def test_equal_masses_counter_diffuse_equimolar_with_a_linear_profile():
    argon2 = [{"name": "A", "preset": "argon"}, {"name": "B", "preset": "argon"}]
    cfg = make_config(species=argon2, tube={"length_m": 1.25e-6, "cells": 100},
                      particles={"per_cell": 30}, time={"dt_s": 2e-11, "steps": 16000},
                      sampling={"start_step": 2000, "interval_steps": 10, "profile_blocks": 20, "planes": 5})
    res = ps.Simulation(cfg).run()
    f = Fluxes(res)
    r = f.flux_ratio("A", "B")
    assert abs(r.value + 1.0) < 3 * r.error, r
    assert r.error < 0.1
    # interior profile: a quadratic term consistent with zero
    bp = block_profiles(res)
    lam = res.summary["mean_free_path_m"]
    inner = interior_mask(bp["z"], cfg.tube.length_m, 3 * lam)
    z = bp["z"][inner] / cfg.tube.length_m - 0.5
    curv = np.array([np.polyfit(z, yb[0, inner], 2)[0] for yb in bp["y"]])
    se = curv.std(ddof=1) / math.sqrt(curv.size)
    slope = np.mean([np.polyfit(z, yb[0, inner], 1)[0] for yb in bp["y"]])
    assert abs(curv.mean()) < 3 * se, (curv.mean(), se)
    assert se < 0.1 * abs(slope)  # the test has the power to see curvature of 10% of the slope


def _controlled(target):
    from analysis.measure.fluxes import wind_identity
    cfg = make_config(time={"dt_s": 2e-11, "steps": 14000}, particles={"per_cell": 60},
                      sampling={"start_step": 6000, "interval_steps": 10, "profile_blocks": 10, "planes": 5},
                      control={"target": target, "adjust": "right.pressure", "every_steps": 400, "gain": 0.5})
    res = ps.Simulation(cfg).run()
    assert (wind_identity(res).z_score.abs() < 3).all()
    return res, Fluxes(res)


def test_feedback_to_equimolar_needs_a_lower_helium_pressure():
    res, f = _controlled("equimolar")
    N = f.total_flux()
    assert abs(N.value) < 3.5 * N.error, N  # the frozen pressure carries the feedback's own noise too
    pL, pR = res.summary["reservoir_final_pressure_Pa"]
    assert pR < 0.95 * pL  # the light species' side must be held at lower pressure
    r = f.flux_ratio("A", "B")
    assert abs(r.value + 1) < 3.5 * r.error


def test_feedback_to_zero_mass_flux_needs_a_higher_helium_pressure():
    res, f = _controlled("zero_mass_flux")
    m = f.mass_flux()
    assert abs(m.value) < 3.5 * m.error, m
    pL, pR = res.summary["reservoir_final_pressure_Pa"]
    assert pR > 1.03 * pL
    assert f.total_flux().value < -10 * f.total_flux().error  # mass balance forces net molar flow
