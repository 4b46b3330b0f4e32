"""Closed ends: diffuse walls thermalise the gas; a closed tube keeps every particle."""
import numpy as np
import pytest

import particlesim as ps
from particlesim.constants import K_B

from ..conftest import make_config


def test_diffuse_walls_bring_a_closed_tube_to_the_wall_temperature():
    cfg = make_config(tube={"length_m": 3e-7, "cells": 30}, time={"dt_s": 2e-11, "steps": 3000},
                      ends={"left": {"type": "diffuse", "temperature_K": 400.0},
                            "right": {"type": "diffuse", "temperature_K": 400.0}},
                      initial={"composition": "step", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                               "mole_fractions_left": {"A": 1.0}, "mole_fractions_right": {"B": 1.0}},
                      sampling={"start_step": 2000, "interval_steps": 10, "profile_blocks": 10, "planes": 3})
    sim = ps.Simulation(cfg)
    n0 = sim.particles.n
    v = sim.particles.view()
    assert np.all(v["sp"][v["z"] < 1.5e-7] == 0) and np.all(v["sp"][v["z"] > 1.5e-7] == 1)  # the step
    res = sim.run()
    assert sim.particles.n == n0
    ends = res.ends
    assert (ends["particles_in"] == ends["particles_out"]).all()  # every wall hit re-emits
    v = sim.particles.view()
    m = sim.mass[v["sp"]]
    T = (m * (v["vx"] ** 2 + v["vy"] ** 2 + v["vz"] ** 2)).sum() / (3 * K_B * v["z"].size)
    assert T == pytest.approx(400.0, rel=5 * np.sqrt(2.0 / (3 * v["z"].size)) + 0.01)


def test_specular_walls_keep_the_energy_of_a_collisionless_gas():
    cfg = make_config(collisions={"enabled": False}, ends={"left": {"type": "specular"}, "right": {"type": "specular"}},
                      initial={"composition": "uniform", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                               "mole_fractions": {"A": 0.5, "B": 0.5}})
    sim = ps.Simulation(cfg)
    t0 = sim.totals()
    sim.run(500)
    t1 = sim.totals()
    assert t1["particles"] == t0["particles"]
    assert t1["energy"] == pytest.approx(t0["energy"], rel=1e-13)
