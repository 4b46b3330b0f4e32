"""Evaporation and condensation of a pure hard-sphere vapour between two surfaces (p0 (1 +- 0.05),
alpha = 1) across the Knudsen range: the net flux from counted crossings against the linearized
BGK solution at the same delta = p0 L / (mu v0) (analysis.theory.evaporation). BGK and hard
spheres share both limits (free-molecular exactly; the continuum through C4*, -2.132 for both),
so they may differ only in the transition: allowed 1% beyond 3 standard errors."""
import pytest

import particlesim as ps
from analysis.measure.interfaces import evaporation_between_surfaces
from analysis.theory.evaporation import evaporation_condensation_flux

from ..conftest import ROOT

pytestmark = pytest.mark.validation

POINTS = [  # delta, length, cells, particles per cell, steps, start (errors about 0.15-0.8%)
    (0.1, 7.039e-9, 4, 5000, 20000, 3000),
    (1.0, 7.039e-8, 6, 3300, 40000, 3000),
    (3.0, 2.112e-7, 16, 1250, 60000, 3000),
    (10.0, 7.039e-7, 48, 400, 100000, 5000),
]


@pytest.mark.parametrize("delta, length, cells, per_cell, steps, start", POINTS,
                         ids=[f"delta={p[0]:g}" for p in POINTS])
def test_flux_between_two_surfaces_follows_linearized_kinetic_theory(delta, length, cells, per_cell, steps, start):
    cfg = ps.load_config(ROOT / "runs" / "evaporation" / "vapour.toml").replace(
        **{"tube.length_m": length, "tube.cells": cells, "particles.per_cell": per_cell, "steps": steps,
           "sampling.start_step": start})
    ev = evaporation_between_surfaces(ps.Simulation(cfg).run())
    assert ev["delta"] == pytest.approx(delta, rel=0.01)
    bgk = evaporation_condensation_flux(ev["delta"])
    r, err = ev["flux"].value / bgk, ev["flux"].error / bgk
    assert err < 0.01
    assert abs(r - 1) < 3 * err + 0.01, (r, err)


@pytest.mark.parametrize("delta, length, cells, per_cell, steps", [(0.3, 2.112e-8, 4, 5000, 40000),
                                                                  (3.0, 2.112e-7, 16, 1250, 150000)])
def test_a_condensation_coefficient_of_one_half_lowers_the_flux_as_kinetic_theory_says(delta, length, cells, per_cell,
                                                                                      steps):
    """alpha = 0.5 at both surfaces (they re-emit half of what strikes them): the flux falls to
    alpha/(2 - alpha) = 1/3 of the alpha = 1 value without collisions, and towards
    1/(2 (|C4*| + 2 sqrt(pi) (1 - alpha)/alpha)) in the continuum; linearized BGK between."""
    half = {"evaporation_coefficient": {"V": 0.5}, "condensation_coefficient": {"V": 0.5}}
    cfg = ps.load_config(ROOT / "runs" / "evaporation" / "vapour.toml")
    ends = cfg.to_dict()["ends"]
    cfg = cfg.replace(**{"tube.length_m": length, "tube.cells": cells, "particles.per_cell": per_cell, "steps": steps,
                         "sampling.start_step": 3000, "ends.left": {**ends["left"], **half},
                         "ends.right": {**ends["right"], **half}})
    ev = evaporation_between_surfaces(ps.Simulation(cfg).run())
    bgk = evaporation_condensation_flux(ev["delta"], alpha=0.5)
    r, err = ev["flux"].value / bgk, ev["flux"].error / bgk
    assert err < 0.012
    assert abs(r - 1) < 3 * err + 0.01, (r, err)
    assert bgk < 0.37 * evaporation_condensation_flux(ev["delta"])  # well below the alpha = 1 flux
