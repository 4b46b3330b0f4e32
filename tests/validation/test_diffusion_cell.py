"""Diffusion cells in DSMC: the two-bulb method gives D_AB of Chapman-Enskog once the tube's
volume and the junctions' kinetic jump are accounted for; the Duncan-Toor cell shows reverse
diffusion of N2, which Maxwell-Stefan follows and Fick's law misses."""
import numpy as np
import pytest

import particlesim as ps
from analysis.measure import bulbs
from analysis.theory.two_bulb import Cell

from ..conftest import ROOT

pytestmark = pytest.mark.validation


def _replicas(path, seeds, **changes):
    base = ps.load_config(ROOT / "runs" / path)
    return [ps.Simulation(base.replace(seed=s, **changes)).run() for s in seeds]


def test_two_bulb_decay_gives_chapman_enskog_d_within_one_percent():
    """12 seeds of the two-bulb cell at 24 mean free paths (where the junctions lengthen the cell
    by a sixth): D from the bulbs' decay against converged CE at the mean composition."""
    runs = _replicas("two_bulb.toml", range(1, 13), **{
        "tube.length_m": 2.25e-6, "tube.cells": 225, "particles.per_cell": 80, "time.steps": 84_000,
        "ends.left.volume_m3": 2.25e-17, "ends.right.volume_m3": 2.25e-17, "sampling.interval_steps": 100})
    dd = bulbs.decay_diffusion(runs)
    r, err = dd["ratio_kinetic"], dd["ratio_kinetic_err"]
    assert err < 0.004, err  # resolves 1% at 2.5 sigma
    assert abs(r - 1.0) < 3 * err and abs(r - 1.0) < 0.01, (r, err)
    # without the junctions' jump the cell looks a sixth longer: D far below theory
    assert dd["D_tube"] / dd["D_ce"] < 0.9


def test_duncan_toor_reverse_diffusion_follows_maxwell_stefan_not_fick():
    runs = _replicas("duncan_toor.toml", (1, 2, 3, 4), **{"time.steps": 50_000})
    mean = bulbs.replica_mean(runs)
    cell = Cell(runs[0].summary)
    right = mean[mean["end"] == "right"]
    # N2 climbs in bulb 2, against its own gradient, from 0.499 to about 0.575
    assert right["y_N2"].max() - 0.49879 > 0.06
    ms_ = bulbs.compare(mean[mean["time_s"] > 0], cell)
    fick = bulbs.compare(mean[mean["time_s"] > 0], cell, model="fick")
    dev = np.abs(ms_["dsmc"] - ms_["model"])
    assert dev.max() < 0.005, dev.max()
    assert np.abs(fick["dsmc"] - fick["model"]).max() > 0.05
