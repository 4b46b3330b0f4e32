"""DSMC of molecules from their potential against Chapman-Enskog of the same potentials:
helium-argon as Lennard-Jones (viscosity parameters, Lorentz-Berthelot) and as Tang-Toennies
molecules (published pair parameters), runs/potential_he_ar*.toml: D_AB within 3 standard errors
and 1% of the converged value beyond the ends' Knudsen layers; Tang-Toennies collision rates."""
import pytest

import particlesim as ps
from analysis import theory
from analysis.report.run_report import build_report

from ..conftest import ROOT
from ..test_potential_collisions import test_collision_rates_are_pi_b_max_squared

pytestmark = pytest.mark.validation
_CACHE = {}


def _run(name):
    if name not in _CACHE:
        res = ps.Simulation(ps.load_config(ROOT / "runs" / f"{name}.toml")).run()
        row = build_report(res)["table"].set_index("key").loc["D_AB.ce"]
        _CACHE[name] = (res, float(row["ratio"]), float(row["ratio_error"]))
    return _CACHE[name]


@pytest.mark.parametrize("name, label", [("potential_he_ar_lj", "Lennard-Jones"), ("potential_he_ar", "Tang-Toennies")])
def test_d_of_potential_helium_argon_matches_its_own_chapman_enskog(name, label):
    res, r, err = _run(name)
    assert theory.pair_of(res.summary).label == label
    assert err < 0.0035
    assert abs(r - 1.0) < 3 * err and abs(r - 1.0) < 0.01, (r, err)


def test_tang_toennies_collision_rates_are_pi_b_max_squared():
    """The periodic box of tests/test_potential_collisions.py with Tang-Toennies molecules (their
    three tables take about 30 s to build on a fresh cache, so the check lives here)."""
    test_collision_rates_are_pi_b_max_squared("tang_toennies")
