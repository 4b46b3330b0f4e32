"""Interface ends: a condensed phase emits its vapour at alpha_e n_sat sqrt(kT/2 pi m), takes a
fraction alpha_c of what strikes it and reflects the other species; exact free-molecular limits,
equilibrium above the surface, and conservation of the species it holds back."""
import math

import pytest

import particlesim as ps
from analysis.measure.fluxes import Fluxes
from analysis.measure.interfaces import end_counts
from analysis.measure.profiles import block_profiles
from analysis.measure.stats import batch_mean
from analysis.theory.interfaces import emitted_flux
from particlesim.constants import K_B, N_AV

from ..conftest import BASE, T0

P_SAT = 2.0e4  # Pa
N_SAT = P_SAT / (K_B * T0)


def _surface(p=P_SAT, alpha=None):
    end = {"type": "interface", "temperature_K": T0, "vapour_pressure_Pa": {"A": p}}
    if alpha is not None:
        end["evaporation_coefficient"] = {"A": alpha}
    return end


def _run(**sections):
    d = {**BASE, **sections}
    return ps.Simulation(ps.from_dict(d)).run()


COLLISIONLESS = {"collisions": {"enabled": False}, "particles": {"weight": 20.0},
                 "initial": {"composition": "vacuum", "temperature_K": T0},
                 "time": {"dt_s": 2.0e-11, "steps": 3000},
                 "sampling": {"start_step": 1000, "interval_steps": 20, "profile_blocks": 10, "planes": 5}}


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_evaporation_into_vacuum_emits_the_half_range_maxwellian_flux(alpha):
    vacuum = {"type": "reservoir", "temperature_K": T0, "number_density_m3": 0.0, "mole_fractions": {"A": 1.0}}
    res = _run(**COLLISIONLESS, ends={"left": _surface(alpha=alpha), "right": vacuum})
    s, m = res.summary, res.config.masses[0]
    expected = emitted_flux(N_SAT, m, T0, alpha) * s.area_m2 * s.sampled_steps * s.dt_s / s.weight
    got = res.ends.set_index(["end", "species"]).loc[("left", "A"), "particles_in"]
    assert abs(got - expected) < 4 * math.sqrt(expected), (got, expected)
    # nothing comes back in free flight; everything emitted leaves through the far end
    assert res.ends.set_index(["end", "species"]).loc[("left", "A"), "particles_out"] == 0


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_free_molecular_flux_between_two_surfaces_follows_alpha_over_two_minus_alpha(alpha):
    """Collisionless, both surfaces with alpha_e = alpha_c = alpha: the net flux is
    alpha / (2 - alpha) (n_1 - n_2) sqrt(kT/2 pi m) (each surface re-emits 1 - alpha of the hits)."""
    p2 = 0.5 * P_SAT
    left, right = _surface(alpha=alpha), _surface(p2, alpha=alpha)
    res = _run(**COLLISIONLESS, ends={"left": left, "right": right})
    m = res.config.masses[0]
    theory = alpha / (2 - alpha) * (emitted_flux(N_SAT, m, T0) - emitted_flux(p2 / (K_B * T0), m, T0)) / N_AV
    got = Fluxes(res).species_flux("A")
    assert abs(got.value - theory) < 3 * got.error, (got, theory)
    assert got.error < 0.05 * theory
    # B was never there and never comes
    assert res.summary.particles_by_species[1] == 0


def test_gas_above_its_surface_stays_saturated_and_still_and_the_held_species_is_conserved():
    """A closed tube (surface left, specular wall right) whose gas starts at the saturation state
    of A with B beside it: no net flux, n_A = n_sat and T = T_s within 3 standard errors, and not
    one molecule of B is lost or gained."""
    ini = {"composition": "uniform", "temperature_K": T0, "number_density_m3": 2 * N_SAT,
           "mole_fractions": {"A": 0.5, "B": 0.5}}
    d = {**BASE, "initial": ini, "ends": {"left": _surface(), "right": {"type": "specular"}},
         "time": {"dt_s": 2.0e-11, "steps": 4000}, "tube": {"length_m": 2.0e-6, "cells": 50},
         "sampling": {"start_step": 500, "interval_steps": 20, "profile_blocks": 20, "planes": 5}}
    sim = ps.Simulation(ps.from_dict(d))
    b0 = int((sim.particles.view()["sp"] == 1).sum())
    res = sim.run()
    assert res.summary.particles_by_species[1] == b0
    net = end_counts(res, "left", "A")["net"]
    assert abs(net.value) < 3 * net.error
    # interior averages block by block, batch-mean errors over the blocks
    bp = block_profiles(res)
    inner = slice(5, -5)
    n_A = batch_mean(bp["n_i"][:, 0, inner].mean(axis=1))
    T = batch_mean(bp["T"][:, inner].mean(axis=1))
    assert abs(n_A.value - N_SAT) < 3 * n_A.error, (n_A.value / N_SAT, n_A.error / N_SAT)
    assert abs(T.value - T0) < 3 * T.error, (T.value, T.error)
