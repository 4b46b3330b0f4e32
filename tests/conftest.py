import copy
import os
from pathlib import Path

import pytest

import particlesim as ps
from particlesim.numba_config import set_threads

ARGON_HELIUM = [{"name": "A", "preset": "argon"}, {"name": "B", "preset": "helium"}]
N0, T0 = 2.687e25, 273.15
ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    # under pytest-xdist (`-n 2`, pyproject.toml) each worker is a process of its
    # own: one thread each fills the two cores better than two threads in each (results do not
    # depend on the thread count)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        set_threads(1)
    if config.getoption("markexpr", "") == "validation":
        # keep LONGEST_FIRST's order: pytest-xdist would otherwise queue the files by their
        # number of tests, which put the longest file (two tests, 25 minutes) last
        config.option.loadscopereorder = False


# the validation files that run longest, in one-thread minutes measured with --durations
# (2026-12-07, two workers): diffusion cells 15, real gases 13, potentials 9, 3D partners 6,
# evaporation 5 (the rest under 2 each). Queued first, so that the two workers, each handed a
# file at a time, finish together: 27:55 against 46:44 in pytest-xdist's order.
LONGEST_FIRST = ("test_diffusion_cell", "test_real_gas", "test_potential_dsmc", "test_partners_3d", "test_evaporation")


def pytest_collection_modifyitems(config, items):
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: the rest keep their order


def reservoir(**y):
    return {"type": "reservoir", "temperature_K": T0, "number_density_m3": N0, "mole_fractions": y}


BASE = {
    "name": "test",
    "seed": 11,
    "species": ARGON_HELIUM,
    "tube": {"length_m": 1.0e-6, "cells": 50},
    "particles": {"per_cell": 30},
    "time": {"dt_s": 2.0e-11, "steps": 200},
    "initial": {"composition": "linear", "temperature_K": T0, "number_density_m3": N0},
    "ends": {"left": reservoir(A=1.0), "right": reservoir(B=1.0)},
    "sampling": {"start_step": 0, "interval_steps": 10, "profile_blocks": 10, "planes": 5},
}


def make_config(**sections):
    """BASE with whole sections (or top-level keys) replaced: make_config(tube={...})."""
    d = copy.deepcopy(BASE)
    d.update(copy.deepcopy(sections))
    return ps.from_dict(d)


@pytest.fixture
def base_dict():
    return copy.deepcopy(BASE)
