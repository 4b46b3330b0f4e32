"""Reactions in collisions: the rate is the steric factor times the collision rate; a
mole-balanced reaction keeps N = 0, a mole sink makes dN/dz equal the production rate."""
import numpy as np
import pytest

import particlesim as ps
from analysis.measure.fluxes import Fluxes
from analysis.measure.reactions import mole_balance, reaction_rates

SHORT = {"tube.length_m": 0.75e-6, "tube.cells": 75, "particles.per_cell": 40, "steps": 16000,
         "sampling.start_step": 5000}


def _run(name, model="hard_sphere"):
    cfg = ps.load_config(f"runs/{name}.toml")
    vhs = {f"species.{i}.model": model for i in range(len(cfg.species))} if model != "hard_sphere" else {}
    return ps.Simulation(cfg.replace(**SHORT, **vhs)).run()


@pytest.mark.parametrize("name,model", [("reaction_ab_cd", "hard_sphere"), ("reaction_2a_b", "hard_sphere"),
                                        ("reaction_ab_cd", "vhs")])
def test_reaction_rate_is_steric_factor_times_collision_rate(name, model):
    """With VHS argon (omega 0.81) the collision rate, and so the reaction rate, follows the
    effective diameter d(T) (molecules.py)."""
    rr = reaction_rates(_run(name, model)).iloc[0]
    assert rr["count"] > 5000
    assert abs(rr.per_collision - rr.steric_factor) < 3 * rr.per_collision_err
    assert abs(rr.count_over_expected - 1) < 0.03  # against Z_ij from the measured profiles


def test_mole_balanced_reaction_keeps_zero_molar_flux():
    res = _run("reaction_ab_cd")
    N = Fluxes(res).total_flux()
    assert abs(N.value) < 3 * N.error
    assert sum(res.summary["particles_by_species"][2:]) > 0  # C and D are made and stay in the tube


def test_mole_sink_makes_dn_dz_equal_the_production_rate():
    res = _run("reaction_2a_b")
    mb = mole_balance(res)
    err = np.hypot(mb["dN"].error, mb["produced"].error)
    assert mb["produced"].value < -10 * mb["produced"].error  # moles really disappear
    assert abs(mb["dN"].value - mb["produced"].value) < 3 * err


def test_reaction_conserves_mass_and_momentum_and_books_the_heat():
    from particlesim.kernels.collide import react
    from particlesim.kernels.rng import seed_streams
    from particlesim.numba_config import kernel

    @kernel
    def one(vx, vy, vz, sp, mi, mj, g, p1, p2, m1, m2, q, rng):
        return react(vx, vy, vz, sp, 0, 1, mi, mj, g, p1, p2, m1, m2, q, rng)

    m = 6.6e-26
    v = [np.array([300.0, -200.0]), np.array([10.0, 50.0]), np.array([-40.0, 80.0])]
    g = np.sqrt(sum((a[0] - a[1]) ** 2 for a in v))
    p0 = [m * a.sum() for a in v]
    e0 = 0.5 * m * sum((a ** 2).sum() for a in v)
    sp = np.array([0, 1], dtype=np.int8)
    q = 1e-21
    # A + B -> C + D with heat q released: momentum kept, kinetic energy up by q
    vv = [a.copy() for a in v]
    assert one(*vv, sp, m, m, g, 2, 3, 0.7 * m, 1.3 * m, q, seed_streams(1)[0])
    mass = np.array([0.7 * m, 1.3 * m])
    assert list(sp) == [2, 3]
    for a, p in zip(vv, p0):
        assert (mass * a).sum() == pytest.approx(p, rel=1e-12, abs=1e-30)
    assert 0.5 * sum((mass * a ** 2).sum() for a in vv) == pytest.approx(e0 + q, rel=1e-12)
