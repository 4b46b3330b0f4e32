"""A periodic box at equilibrium: hard-sphere collision rates and a Maxwellian that stays one."""
import numpy as np
import pytest

import particlesim as ps
from analysis import theory
from particlesim.constants import K_B

from ..conftest import make_config


def _box(ppc, steps, seed=3):
    return make_config(
        seed=seed, particles={"per_cell": ppc}, time={"dt_s": 2e-11, "steps": steps},
        ends={"left": {"type": "periodic"}, "right": {"type": "periodic"}},
        initial={"composition": "uniform", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                 "mole_fractions": {"A": 0.4, "B": 0.6}},
        sampling={"start_step": 20, "interval_steps": 10, "profile_blocks": 5, "planes": 3})


def _temperature(sim):
    v = sim.particles.view()
    m = sim.mass[v["sp"]]
    return float((m * (v["vx"] ** 2 + v["vy"] ** 2 + v["vz"] ** 2)).sum() / (3 * K_B * sim.particles.n))


def test_collision_rates_match_hard_sphere_theory():
    cfg = _box(ppc=100, steps=1000)
    sim = ps.Simulation(cfg)
    res = sim.run()
    counts = np.bincount(sim.particles.view()["sp"], minlength=2)
    volume = cfg.tube.length_m * cfg.tube.area_m2
    n = counts * sim.weight / volume
    Z = theory.collision_rates(n, cfg.masses, cfg.diameters, _temperature(sim))
    t = res.summary["sampled_steps"] * cfg.dt_s
    for (pair, count), expected in zip(res.summary["collisions_sampled"].items(), (Z[0, 0], Z[0, 1], Z[1, 1])):
        measured = count * sim.weight / (volume * t)
        rel_err = 1.0 / np.sqrt(count)  # Poisson counting error of the tally
        assert rel_err < 0.005, pair
        assert measured / expected == pytest.approx(1.0, abs=0.02), pair
        assert abs(measured / expected - 1.0) < 4 * rel_err + 0.005, pair  # 0.005: T sampling error
    assert res.summary["mcs_over_lambda"] < 0.05


def test_collisions_relax_any_distribution_to_maxwellian():
    """Start with every velocity component +-a (kurtosis 1); collisions must restore
    <v^2> = kT/m per component and <v^4> / <v^2>^2 = 3 for each species."""
    sim = ps.Simulation(_box(ppc=60, steps=600, seed=4))
    gen = np.random.default_rng(1)
    p = sim.particles
    for arr in (p.vx, p.vy, p.vz):
        a = np.sqrt(K_B * 273.15 / sim.mass[p.sp[: p.n]])
        arr[: p.n] = a * gen.choice([-1.0, 1.0], p.n)
    sim.run(600)  # about 100 collision times of argon
    v = sim.particles.view()
    T = _temperature(sim)
    assert T == pytest.approx(273.15, rel=1e-9)  # energy is conserved exactly
    for s in (0, 1):
        m = sim.mass[s]
        comps = np.concatenate([v[k][v["sp"] == s] for k in ("vx", "vy", "vz")])
        m2 = np.mean(comps ** 2)
        kurt = np.mean(comps ** 4) / m2 ** 2
        nsamp = comps.size
        # kurtosis of a Gaussian sample: standard error sqrt(24 / N)
        assert abs(kurt - 3.0) < 5 * np.sqrt(24.0 / nsamp), (s, kurt)
        assert m2 == pytest.approx(K_B * T / m, rel=5 * np.sqrt(2.0 / nsamp) + 0.02)
