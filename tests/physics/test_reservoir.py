"""Reservoir ends inject the flux-weighted Maxwellian at the effusion rate."""
import math

import numpy as np
import pytest
from scipy.integrate import quad

import particlesim as ps
from analysis import theory
from particlesim import section
from particlesim.constants import K_B
from particlesim.kernels import ends, move, probes, walls
from particlesim.kernels.rng import seed_streams
from particlesim.state import ParticleArrays

from ..conftest import make_config

M_AR = 6.6335e-26


def _inject(count, T, drift, seed=7):
    """Call the injection kernel with dt = 0, so molecules keep the velocities they enter with."""
    n = count
    p = ParticleArrays(*(np.zeros(n) for _ in range(6)), np.zeros(n, dtype=np.int8), np.zeros(n, dtype=np.uint16))
    counts = np.array([[count], [0]], dtype=np.int64)
    geo = section.geometry("unbounded", 1.0, 1, 1e-12, 0.0, 0.0, 0.0, 1, 1, 1)
    ends_ = move.Ends(np.array([[move.RESERVOIR], [move.RESERVOIR]]), np.zeros(2), np.ones((2, 1)))
    planes = probes.plane_lookup(np.array([0.5]), 1.0, 1, geo)
    got = ends.inject(p, 0, np.zeros(n, dtype=np.int32), counts, np.array([T, T]), np.array([drift, 0.0]), 0.0,
                      np.array([M_AR]), geo, walls.Walls(1.0, 0.0, 0.0), ends_, planes,
                      np.zeros((1, 1, 2), dtype=np.int64), np.zeros((2, 1, move.END_COLUMNS)), np.zeros((1, 3)), True,
                      seed_streams(seed)[0])
    assert got == n
    return p.vx, p.vy, p.vz


def test_injected_velocities_follow_the_flux_weighted_maxwellian():
    T, n = 273.15, 400_000
    vx, vy, vz = _inject(n, T, 0.0)
    kTm = K_B * T / M_AR
    assert np.all(vz > 0)
    # moments of v_n ~ v exp(-v^2 m / 2kT): <v> = sqrt(pi kT / 2m), <v^2> = 2 kT/m; tangential: kT/m
    for value, expected, rel_sd in [
        (vz.mean(), math.sqrt(math.pi * kTm / 2), 0.52 / math.sqrt(n)),
        ((vz ** 2).mean(), 2 * kTm, 1.0 / math.sqrt(n)),
        ((vx ** 2).mean(), kTm, math.sqrt(2.0 / n)),
        ((vy ** 2).mean(), kTm, math.sqrt(2.0 / n)),
    ]:
        assert value == pytest.approx(expected, rel=5 * rel_sd)
    assert abs(vx.mean()) < 5 * math.sqrt(kTm / n)


def test_drifting_reservoir_injects_the_drifting_flux_distribution():
    T, n, s = 273.15, 200_000, 0.6
    c_mp = math.sqrt(2 * K_B * T / M_AR)
    _, _, vz = _inject(n, T, s * c_mp)
    f = lambda x, k: x ** k * math.exp(-(x - s) ** 2)
    norm = quad(f, 0, np.inf, args=(1,))[0]
    mean = quad(f, 0, np.inf, args=(2,))[0] / norm * c_mp
    second = quad(f, 0, np.inf, args=(3,))[0] / norm * c_mp ** 2
    sd = math.sqrt(second - mean ** 2)
    assert vz.mean() == pytest.approx(mean, abs=5 * sd / math.sqrt(n))


def test_reservoir_injects_at_the_effusion_rate():
    """Empty tube, one reservoir: molecules entering per step = n sqrt(kT / 2 pi m) A dt / F_N."""
    steps = 1500
    cfg = make_config(
        particles={"weight": 100.0}, collisions={"enabled": False}, time={"dt_s": 2e-11, "steps": steps},
        initial={"composition": "vacuum"},
        ends={"left": {"type": "reservoir", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                       "mole_fractions": {"A": 0.3, "B": 0.7}},
              "right": {"type": "specular"}})
    res = ps.Simulation(cfg).run()
    gamma = theory.effusion_flux(2.687e25 * np.array([0.3, 0.7]), cfg.masses, 273.15)
    expected = gamma * cfg.tube.area_m2 * cfg.dt_s * steps / cfg.weight
    got = res.ends.query("end == 'left'")["particles_in"].to_numpy()
    for g, e in zip(got, expected):
        assert e > 1e5
        assert g / e == pytest.approx(1.0, abs=0.01)
        assert abs(g - e) < 4 * math.sqrt(e)  # Poisson
