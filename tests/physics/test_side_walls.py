"""Side walls of circular and slit sections: exact limits and equilibrium.

A closed capillary with diffuse walls must hold a Maxwellian gas at the wall temperature,
uniform along and across the tube with no net flux; specular walls conserve energy exactly
and transmit every molecule of a collisionless beam; free-molecular transmission follows
Clausing's integral equation.
"""
import numpy as np
import pytest

import particlesim as ps
from analysis.theory.capillary import clausing_transmission
from particlesim.constants import K_B

from ..conftest import ARGON_HELIUM, N0, T0

R = 1.0e-7  # about 1.6 argon mean free paths at N0


def _tube(section, walls, steps, start, ends=("specular", "specular"), collisions=True, seed=5, length=4e-7,
          cells=8, per_cell=60, initial_T=T0, bins=4, vacuum=False):
    shape = {"circle": {"section": "circle", "radius_m": R},
             "slit": {"section": "slit", "height_m": 2 * R, "width_m": 2 * R}}[section]
    ends_d = {side: ({"type": kind} if kind != "reservoir" else
                     {"type": "reservoir", "temperature_K": T0, "number_density_m3": N0, "mole_fractions": y})
              for side, kind, y in zip(("left", "right"), ends, ({"A": 1.0}, {"B": 1.0}))}
    return ps.from_dict({
        "name": "walls", "seed": seed, "species": ARGON_HELIUM,
        "tube": {"length_m": length, "cells": cells, "bins": bins, **shape},
        "walls": walls,
        "particles": {"per_cell": per_cell},
        "time": {"dt_s": 2e-11, "steps": steps},
        "collisions": {"enabled": collisions},
        "initial": ({"composition": "vacuum"} if vacuum else
                    {"composition": "uniform", "temperature_K": initial_T, "number_density_m3": N0,
                     "mole_fractions": {"A": 0.5, "B": 0.5}}),
        "ends": ends_d,
        "sampling": {"start_step": start, "interval_steps": 10, "profile_blocks": 10, "planes": 3},
    })


def _temperature(sim):
    v = sim.particles.view()
    m = sim.mass[v["sp"]]
    return float((m * (v["vx"] ** 2 + v["vy"] ** 2 + v["vz"] ** 2)).sum() / (3 * K_B * m.size))


@pytest.mark.parametrize("section", ["circle", "slit"])
def test_closed_capillary_relaxes_to_a_uniform_maxwellian_at_the_wall_temperature(section):
    """Gas started at 400 K in a closed tube whose side walls are diffuse at 273.15 K: after
    relaxation T is the wall's, n is the same in every ring (band) and cell, no net flux."""
    cfg = _tube(section, {"model": "diffuse", "temperature_K": T0}, steps=1500, start=500, initial_T=400.0)
    sim = ps.Simulation(cfg)
    n0 = sim.particles.n
    res = sim.run()
    assert sim.particles.n == n0
    assert res.walls["hits"].sum() > 10 * n0
    T = _temperature(sim)
    assert T == pytest.approx(T0, rel=5 * np.sqrt(2.0 / (3 * n0)) + 0.01)
    # densities per transverse bin (summed over cells, species and blocks): equal areas,
    # so equal counts within Poisson errors of the sampled counts (correlated over steps,
    # hence the generous 5 sigma on the independent-sample error of the block totals)
    sec = res.section_profiles
    per_bin = sec.groupby(["bin", "block"], observed=True)["count"].sum().unstack()
    means = per_bin.mean(axis=1).to_numpy()
    err = per_bin.std(axis=1, ddof=1).to_numpy() / np.sqrt(per_bin.shape[1])
    chi2 = (((means - means.mean()) / err) ** 2).sum()
    assert chi2 < 3 * len(means) + 10, (means, err)
    # velocity distribution: each component Gaussian (kurtosis 3)
    v = sim.particles.view()
    for s in (0, 1):
        comps = np.concatenate([v[k][v["sp"] == s] for k in ("vx", "vy", "vz")])
        kurt = np.mean(comps ** 4) / np.mean(comps ** 2) ** 2
        assert abs(kurt - 3.0) < 5 * np.sqrt(24.0 / comps.size)
    # no net flux through the planes
    c = res.crossings
    net = (c.n_plus - c.n_minus).groupby(c.interval).sum()
    assert abs(net.mean()) < 4 * net.std(ddof=1) / np.sqrt(net.size) + 1e-9


@pytest.mark.parametrize("section", ["circle", "slit"])
def test_specular_walls_conserve_energy_and_z_momentum_exactly(section):
    cfg = _tube(section, {"model": "specular"}, steps=400, start=0)
    sim = ps.Simulation(cfg)
    t0 = sim.totals()
    v = sim.particles.view()
    scale = sim.weight * np.sum(sim.mass[v["sp"]] * np.abs(v["vz"]))
    res = sim.run()
    t1 = sim.totals()
    assert res.summary["collisions_total"] > 5000
    assert res.walls["hits"].sum() > 1000
    assert t1["particles"] == t0["particles"]
    assert t1["energy"] == pytest.approx(t0["energy"], rel=1e-12)
    to_ends = res.ends["momentum_to_end"].sum()
    assert abs(t1["momentum_z"] - t0["momentum_z"] + to_ends) < 1e-12 * scale
    assert abs(res.walls["momentum_to_wall"].sum()) < 1e-12 * scale  # a specular wall takes no z momentum


def test_specular_tube_transmits_every_molecule_of_a_collisionless_gas():
    """Specular side walls keep v_z: whatever enters from the left reservoir leaves on the right."""
    cfg = _tube("circle", {"model": "specular"}, steps=3000, start=0, ends=("reservoir", "reservoir"),
                collisions=False, length=2e-6, cells=20, vacuum=True)
    cfg = cfg.replace(**{"ends.right.number_density_m3": 1.0})  # practically vacuum
    sim = ps.Simulation(cfg, allow_coarse=True)
    res = sim.run()
    e = res.ends.set_index(["end", "species"])
    entered = e.loc[("left", "A"), "particles_in"]
    in_tube = int((sim.particles.view()["sp"] == 0).sum())
    assert entered > 10_000
    assert e.loc[("left", "A"), "particles_out"] == 0
    assert e.loc[("right", "A"), "particles_out"] + in_tube == entered


@pytest.mark.parametrize("length_over_radius", [1.0, 5.0])
def test_free_molecular_transmission_follows_clausing(length_over_radius):
    """Molecules from the left reservoir into a collisionless tube with diffuse walls leave on
    the right with Clausing's probability W(L/R), within 3 binomial standard errors."""
    L = length_over_radius * R
    cfg = _tube("circle", {"model": "diffuse", "temperature_K": T0}, steps=4000, start=800,
                ends=("reservoir", "reservoir"), collisions=False, length=L, cells=int(4 * length_over_radius),
                vacuum=True)
    cfg = cfg.replace(**{"ends.right.number_density_m3": 1.0, "time.dt_s": 1e-10})
    res = ps.Simulation(cfg, allow_coarse=True).run()
    e = res.ends.set_index(["end", "species"])
    entered = e.loc[("left", "A"), "particles_in"]
    W = e.loc[("right", "A"), "particles_out"] / entered
    err = np.sqrt(W * (1 - W) / entered)
    theory = clausing_transmission(length_over_radius)
    assert err < 0.003 * theory
    assert abs(W - theory) < 3 * err + 0.001 * theory, (W, err, theory)


def test_thermal_transpiration_gives_n_sqrt_t_constant_in_a_free_molecular_capillary():
    """Closed capillary, no collisions, walls from 200 K to 400 K along z (ends diffuse at the
    same temperatures): no net flux means n(z) sqrt(T_wall(z)) is the same everywhere in the
    interior (Knudsen's thermal transpiration, p ~ sqrt(T)), so the pressure ratio of the ends
    is sqrt(2), not 1."""
    L, TL, TR = 20 * R, 200.0, 400.0
    cfg = _tube("circle", {"model": "diffuse", "temperature_left_K": TL, "temperature_right_K": TR},
                steps=6000, start=2000, collisions=False, length=L, cells=40, per_cell=150, bins=1)
    cfg = cfg.replace(**{"ends.left": {"type": "diffuse", "temperature_K": TL},
                         "ends.right": {"type": "diffuse", "temperature_K": TR}, "time.dt_s": 5e-11,
                         "sampling.profile_blocks": 8})
    res = ps.Simulation(cfg, allow_coarse=True).run()
    prof = res.profiles.groupby(["block", "cell"], observed=True)[["n_m3"]].sum().reset_index()
    z = (prof.cell + 0.5) * L / 40
    inner = (z > 4 * R) & (z < L - 4 * R)  # outside the ends' Knudsen layers
    T = TL + (TR - TL) * z / L
    q = (prof.n_m3 * np.sqrt(T))[inner].to_numpy().reshape(8, -1)  # block x interior cell
    slope_per_block = np.array([np.polyfit(z[inner].to_numpy().reshape(8, -1)[0], qb / qb.mean(), 1)[0] for qb in q])
    slope = slope_per_block.mean() * L
    err = slope_per_block.std(ddof=1) / np.sqrt(8) * L
    # n sqrt(T) flat along the interior (the relative change over L within 3 sigma of zero),
    # while n itself falls by sqrt(2) from the cold to the hot end
    assert abs(slope) < 3 * err + 0.01, (slope, err)
    n_slope = np.polyfit(z[inner], prof.n_m3[inner], 1)[0] * L / prof.n_m3[inner].mean()
    assert n_slope < -0.3
