"""Bulb ends: a closed cell conserves every species exactly; a bulb empties at the effusion rate."""
import math

import numpy as np
import pytest

import particlesim as ps
from analysis import theory
from particlesim.constants import K_B

from ..conftest import BASE, N0, T0

THREE = [{"name": "H2", "preset": "hydrogen"}, {"name": "N2", "preset": "nitrogen"},
         {"name": "CO2", "preset": "carbon_dioxide"}]


def bulb(V, **y):
    return {"type": "bulb", "volume_m3": V, "temperature_K": T0, "number_density_m3": N0, "mole_fractions": y}


def _cell(**changes):
    d = dict(BASE, species=THREE, tube={"length_m": 1.0e-6, "cells": 40},
             time={"dt_s": 1.0e-11, "steps": 600},
             ends={"left": bulb(2e-18, N2=0.5, CO2=0.5), "right": bulb(3e-18, H2=0.5, N2=0.5)},
             sampling={"start_step": 100, "interval_steps": 20, "profile_blocks": 5, "planes": 5})
    d.update(changes)
    return ps.from_dict(d)


@pytest.mark.parametrize("right", ["bulb", "specular", "diffuse"])
def test_a_closed_cell_conserves_every_species_exactly(right):
    cfg = _cell()
    if right != "bulb":
        end = {"type": right, **({"temperature_K": T0} if right == "diffuse" else {})}
        cfg = _cell(ends={"left": bulb(2e-18, N2=0.5, CO2=0.5), "right": end},
                    initial={"composition": "uniform", "temperature_K": T0, "number_density_m3": N0,
                             "mole_fractions": {"H2": 0.3, "N2": 0.4, "CO2": 0.3}})
    sim = ps.Simulation(cfg)
    start = sim.inventory()
    moved = 0
    for _ in range(6):
        sim.run(steps=100)
        assert np.array_equal(sim.inventory(), start)  # to the molecule, at every check
        moved += 1
    res = sim.results()
    # the bulbs did exchange gas with the tube: their composition moved away from the start
    b = res.bulbs
    left = b[(b["end"] == "left") & (b["species"] == "H2")]
    assert left["particles"].iloc[0] == 0 and left["particles"].iloc[-1] > 0
    # the record: every interval from step 0, with the bulb's n and pressure
    assert sorted(left["step"])[:3] == [0, 20, 40]
    total = b[b["step"] == 0].groupby("end", observed=True)["p_Pa"].first()
    assert total["left"] == pytest.approx(N0 * K_B * T0, rel=0.02)


def test_a_bulb_empties_into_vacuum_at_the_effusion_rate_of_each_species():
    """Collisionless wall-less tube, vacuum at the far end: every molecule the bulb emits is
    lost, so its inventory falls by the factor (1 - c_bar A dt / 4V) per step, and the two
    species' rates stand in Graham's ratio sqrt(m_B / m_A)."""
    V, dt, steps = 5e-17, 1e-11, 4000
    d = dict(BASE, tube={"length_m": 1.0e-6, "cells": 20}, particles={"weight": 2000.0},
             time={"dt_s": dt, "steps": steps}, collisions={"enabled": False},
             initial={"composition": "vacuum", "temperature_K": T0},
             ends={"left": bulb(V, A=0.5, B=0.5), "right": {"type": "reservoir", "temperature_K": T0,
                                                            "number_density_m3": 0.0, "mole_fractions": {"A": 1.0}}},
             sampling={"start_step": 0, "interval_steps": 100, "profile_blocks": 4, "planes": 3})
    cfg = ps.from_dict(d)
    sim = ps.Simulation(cfg, allow_coarse=True)
    N0_ = sim.reservoirs.bulb_count[0].copy()
    res = sim.run()
    b = res.bulbs[res.bulbs["end"] == "left"]
    rates = []
    for k, sp in enumerate(("A", "B")):
        m = cfg.masses[k]
        r = math.sqrt(8 * K_B * T0 / (math.pi * m)) * cfg.tube.area_m2 * dt / (4 * V)  # per step
        p = (1 - r) ** steps
        got = b[b["species"] == sp]["particles"].iloc[-1]
        # the survivors are binomial(N0, p) (Poisson draws clipped to the inventory: the same to
        # order r^2); 4 standard deviations
        sd = math.sqrt(N0_[k] * p * (1 - p))
        assert abs(got - N0_[k] * p) < 4 * sd, (sp, got, N0_[k] * p, sd)
        rates.append(-math.log(got / N0_[k]) / steps)
    assert rates[1] / rates[0] == pytest.approx(math.sqrt(cfg.masses[0] / cfg.masses[1]), rel=0.03)


def test_bulb_state_survives_a_checkpoint(tmp_path):
    from particlesim import checkpoint
    cfg = _cell()
    a = ps.Simulation(cfg)
    a.run(steps=300)
    checkpoint.save(a, tmp_path / "c.npz")
    ra = a.run()
    b = checkpoint.load(ps.Simulation(cfg), tmp_path / "c.npz")
    rb = b.run()
    import pandas as pd
    pd.testing.assert_frame_equal(ra.bulbs, rb.bulbs)
    assert np.array_equal(a.reservoirs.bulb_count, b.reservoirs.bulb_count)


@pytest.mark.parametrize("field, value, says", [
    ("volume_m3", None, "ends.left.volume_m3: missing"),
    ("volume_m3", -1.0, "ends.left.volume_m3"),
    ("volume_m3", 1e300, "ends.left.volume_m3: 1e"),  # was accepted
    ("mole_fractions", None, "ends.left.mole_fractions: missing"),
])
def test_bad_bulb_input_names_the_field(field, value, says):
    e = bulb(2e-18, N2=0.5, CO2=0.5)
    if value is None:
        del e[field]
    else:
        e[field] = value
    with pytest.raises(ps.ConfigError, match=says.replace(".", r"\.")):
        _cell(ends={"left": e, "right": bulb(2e-18, H2=1.0)})


def test_a_two_bulb_cell_of_lennard_jones_molecules_conserves_and_takes_their_theory():
    """Argon and helium from their Lennard-Jones potentials between two bulbs: every species kept
    to the molecule, and the cell's continuum model takes Maxwell-Stefan with the Chapman-Enskog
    D of the same potentials (not the hard spheres of the presets, 23% lower here)."""
    from analysis.theory.potential_binary import PotentialBinary
    from analysis.theory.two_bulb import Cell

    lj = [{"name": "A", "preset": "argon", "model": "lennard_jones"},
          {"name": "B", "preset": "helium", "model": "lennard_jones"}]
    cfg = _cell(species=lj, time={"dt_s": 5.0e-12, "steps": 600},
                ends={"left": bulb(2e-18, A=0.75, B=0.25), "right": bulb(2e-18, A=0.25, B=0.75)})
    sim = ps.Simulation(cfg)
    start = sim.inventory()
    sim.run(steps=600)
    assert np.array_equal(sim.inventory(), start)
    res = sim.results()
    cell = Cell(res.summary)
    assert cell.default_model == "maxwell-stefan"
    b = PotentialBinary.from_summary(res.summary)
    assert cell.D([0.5, 0.5])[0, 1] == pytest.approx(float(b.D(cell.n, cell.T, 0.5)), rel=3e-4)
    hs = theory.diffusion_ce(cell.n, cell.T, *(M / ps.constants.N_AV for M in res.summary["molar_mass_kg_mol"]),
                             3.66e-10, 2.33e-10, 0.5, 10)
    assert abs(cell.D([0.5, 0.5])[0, 1] / hs - 1.0) > 0.1
