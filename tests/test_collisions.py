"""Hard-sphere scattering conserves momentum and energy to round-off, pair by pair and in a run."""
import math

import numpy as np
import pytest

import particlesim as ps
from particlesim.kernels.collide import scatter_hard_sphere
from particlesim.kernels.rng import load, seed_streams, store
from particlesim.numba_config import at, kernel

from .conftest import make_config


@kernel
def _scatter_all(vx, vy, vz, m, rng):
    st = load(rng)
    for k in range(vx.size // 2):
        i, j = 2 * k, 2 * k + 1
        g = math.sqrt((vx[i] - vx[j]) ** 2 + (vy[i] - vy[j]) ** 2 + (vz[i] - vz[j]) ** 2)
        st = scatter_hard_sphere(vx, vy, vz, at(i), at(j), m[i], m[j], g, st)
    store(rng, st)


def test_every_collision_conserves_momentum_and_energy():
    gen = np.random.default_rng(0)
    n = 20000
    m = np.where(np.arange(n) % 3 == 0, 6.63e-26, 6.65e-27)
    v = [gen.normal(0, 500, n) for _ in range(3)]
    before = [a.copy() for a in v]
    _scatter_all(*v, m, seed_streams(1)[0])
    pair = lambda a: a[0::2] + a[1::2]
    for a, b in zip(before, v):
        p0, p1 = pair(m * a), pair(m * b)
        assert np.max(np.abs(p1 - p0)) <= 1e-12 * np.max(np.abs(p0))
    e0 = pair(m * sum(a * a for a in before))
    e1 = pair(m * sum(a * a for a in v))
    assert np.max(np.abs(e1 / e0 - 1)) < 1e-13
    assert not np.allclose(before[0], v[0])  # they did scatter


@pytest.mark.parametrize("partners", ["random", "nearest"])
def test_closed_box_conserves_particles_momentum_and_energy(partners):
    cfg = make_config(ends={"left": {"type": "specular"}, "right": {"type": "specular"}},
                      collisions={"partners": partners}, tube={"length_m": 1.0e-6, "cells": 50, "area_m2": 4e-15},
                      initial={"composition": "uniform", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                               "mole_fractions": {"A": 0.5, "B": 0.5}})
    sim = ps.Simulation(cfg)
    t0 = sim.totals()
    v = sim.particles.view()
    scale = sim.weight * np.sum(sim.mass[v["sp"]] * np.abs(v["vx"]))  # typical sum of |m v|
    res = sim.run(300)
    t1 = sim.totals()
    assert res.summary["collisions_total"] > 10_000
    assert t1["particles"] == t0["particles"]
    assert t1["energy"] == pytest.approx(t0["energy"], rel=1e-12)
    for ax in "xy":
        assert abs(t1[f"momentum_{ax}"] - t0[f"momentum_{ax}"]) < 1e-12 * scale
    # z momentum: what the gas lost went into the walls, exactly
    to_walls = res.ends["momentum_to_end"].sum()
    assert abs(t1["momentum_z"] - t0["momentum_z"] + to_walls) < 1e-12 * scale


def test_generator_is_xoshiro256starstar():
    """The reference sequence of xoshiro256** from state (1, 2, 3, 4) (Blackman and Vigna's
    C code: 11520, 0, 1509978240, 1215971899390074240), as the top 53 bits, through both
    the register form (rng.draw) and the array form (rng.uniform)."""
    from particlesim.kernels.rng import draw, uniform

    @kernel
    def both(s1, s2, k):
        a = np.empty(k)
        b = np.empty(k)
        st = load(s2)
        for i in range(k):
            a[i] = uniform(s1)
            b[i], st = draw(st)
        store(s2, st)
        return a, b

    s1, s2 = np.arange(1, 5, dtype=np.uint64), np.arange(1, 5, dtype=np.uint64)
    a, b = both(s1, s2, 4)
    ref = [(x >> 11) * 2.0**-53 for x in (11520, 0, 1509978240, 1215971899390074240)]
    assert list(a) == ref and list(b) == ref and np.array_equal(s1, s2)
