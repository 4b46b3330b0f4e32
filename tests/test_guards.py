"""Runtime guards stop a run with a clear message instead of producing garbage."""
import numpy as np
import pytest

import particlesim as ps
from particlesim.simulation import RunStopped

from .conftest import make_config


def test_non_finite_velocity_stops_the_run():
    sim = ps.Simulation(make_config())
    sim.particles.vx[3] = np.nan
    with pytest.raises(RunStopped, match="non-finite"):
        sim.run(10)


def test_particle_count_runaway_stops_the_run():
    sim = ps.Simulation(make_config())
    sim.max_particles = sim.particles.n // 2  # as if the count had grown far beyond expectation
    with pytest.raises(RunStopped, match="particles, more than"):
        sim.run(10)


def test_coarse_resolution_is_refused_unless_allowed():
    coarse = make_config(tube={"length_m": 1e-6, "cells": 4})
    with pytest.raises(ps.ConfigError, match="tube.cells"):
        ps.Simulation(coarse)
    assert ps.Simulation(coarse, allow_coarse=True).run(5).summary["dz_over_lambda"] > 2


def test_reservoir_that_cannot_fill_its_cell_stops_the_run():
    # a strong outward drift carries every molecule out of the left end: its cell empties
    left = {"type": "reservoir", "temperature_K": 273.15, "number_density_m3": 2.687e25,
            "mole_fractions": {"A": 1.0}, "drift_m_s": -3000.0}
    sim = ps.Simulation(make_config(ends={"left": left, "right": {"type": "specular"}},
                                    initial={"composition": "vacuum"}, particles={"weight": 2000.0}))
    with pytest.raises(RunStopped, match="left reservoir leaves its cell empty"):
        sim.run(2000)
