"""A periodic box at equilibrium: hard-sphere collision rates and a Maxwellian that stays one."""
import numpy as np
import pytest

import particlesim as ps
from analysis import theory
from particlesim.constants import K_B
from particlesim.gases import PRESETS

from ..conftest import make_config


def _box(ppc, steps, seed=3, **collisions):
    return make_config(
        seed=seed, particles={"per_cell": ppc}, time={"dt_s": 2e-11, "steps": steps},
        collisions=collisions or {"enabled": True},
        tube={"length_m": 1.0e-6, "cells": 50, "area_m2": 4e-15 if collisions else 1e-12},
        ends={"left": {"type": "periodic"}, "right": {"type": "periodic"}},
        initial={"composition": "uniform", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                 "mole_fractions": {"A": 0.4, "B": 0.6}},
        sampling={"start_step": 20, "interval_steps": 10, "profile_blocks": 5, "planes": 3})


def _temperature(sim):
    v = sim.particles.view()
    m = sim.mass[v["sp"]]
    return float((m * (v["vx"] ** 2 + v["vy"] ** 2 + v["vz"] ** 2)).sum() / (3 * K_B * sim.particles.n))


@pytest.mark.parametrize("partners", ["random", "nearest"])
def test_collision_rates_match_hard_sphere_theory(partners):
    """Either partner rule: random in the sub-cell (argon-helium), or nearest in 3D in a
    section lambda wide, which is meant for one gas or equal-mass labels (two argon-like
    species with different diameters would already be unlike; here A and B differ in label
    only, so the three pair rates must still follow hard-sphere theory)."""
    cfg = _box(ppc=100, steps=1000, **({"partners": "nearest"} if partners == "nearest" else {}))
    if partners == "nearest":
        cfg = cfg.replace(**{"species.1.molar_mass_g_mol": 39.948, "species.1.diameter_m": 3.66e-10})
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


def test_nearest_partners_are_flagged_for_unlike_molecules():
    from particlesim.resolution import derive, warnings_for
    cfg = _box(ppc=100, steps=100, partners="nearest")
    assert any("unlike molecules" in w for w in warnings_for(derive(cfg), cfg))


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


@pytest.mark.parametrize("model", ["vhs", "vss"])
def test_collision_rates_match_vhs_theory(model):
    """Bird's argon and helium as VHS or VSS molecules (omega 0.81, 0.66; pair 0.735): the three
    pair rates follow hard-sphere theory with the effective diameters d(T) (molecules.py), which
    the NTC majorant of sigma(g) g must reproduce, and collisions conserve energy exactly."""
    cfg = _box(ppc=100, steps=1000).replace(**{"species.0.model": model, "species.1.model": model})
    assert cfg.pair_models.omega[0, 1] == pytest.approx(0.735)
    sim = ps.Simulation(cfg)
    T0 = _temperature(sim)
    res = sim.run()
    T = _temperature(sim)
    assert T == pytest.approx(T0, rel=1e-12)  # periodic box: collisions alone change velocities
    counts = np.bincount(sim.particles.view()["sp"], minlength=2)
    volume = cfg.tube.length_m * cfg.tube.area_m2
    n = counts * sim.weight / volume
    Z = theory.collision_rates(n, cfg.masses, cfg.pair_models.diameters_at(T), T)
    Z_hs = theory.collision_rates(n, cfg.masses, [PRESETS["argon"][1], PRESETS["helium"][1]], T)
    t = res.summary["sampled_steps"] * cfg.dt_s
    for (pair, count), expected in zip(res.summary["collisions_sampled"].items(), (Z[0, 0], Z[0, 1], Z[1, 1])):
        measured = count * sim.weight / (volume * t)
        rel_err = 1.0 / np.sqrt(count)
        assert rel_err < 0.005, pair
        assert abs(measured / expected - 1.0) < 4 * rel_err + 0.005, pair
    assert Z[0, 0] / Z_hs[0, 0] > 1.2  # argon's VHS cross-section is 30% above the hard-sphere preset's
