"""Do the error bars hold on real runs? Replicas of the coverage study's small tube
(runs/coverage/small_tube.toml, shortened): for D_AB, the fluxes, the interior slope and
the profile, the spread across replicas over the mean reported error must be 1 within what
24 replicas resolve (a standard deviation of the ratio of about 1/sqrt(2 x 23) = 0.15). The full
study is `particlesim sweep runs/coverage.toml` (50 replicas of two tubes; README)."""
import pytest

import particlesim as ps
from analysis.report.coverage import coverage_table, replica_quantities
from particlesim.output import write_run

from ..conftest import ROOT

pytestmark = pytest.mark.validation

REPLICAS = 24


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    base = ps.load_config(ROOT / "runs" / "coverage" / "small_tube.toml").replace(steps=8000)
    dirs = []
    for r in range(REPLICAS):
        cfg = base.replace(seed=500 + r)
        out = tmp_path_factory.mktemp(f"rep{r}")
        write_run(ps.Simulation(cfg).run(), cfg, out, force=True)
        dirs.append(out)
    return coverage_table(replica_quantities(dirs)).set_index("key")


@pytest.mark.parametrize("quantity", ["D_AB.ce2", "D_AB.middle_plane", "N_A", "N_B", "rho_v", "dyA_dz",
                                      "y_A.middle_cell", "D_AB.thermal_force", "D_AB.pressure_force",
                                      "D_AB.full_force"])
def test_error_bars_match_the_spread_of_replicas(table, quantity):
    # the slope fitted to the mean profile with independent cell errors gave 8 here, the
    # middle cell's naive batch error 1.4 (README, "Do the error bars hold?")
    ratio = table.loc[quantity, "spread / error"]
    assert 0.65 < ratio < 1.35, (quantity, ratio)
    assert table.loc[quantity, "coverage 95%"] >= 0.8, table.loc[quantity]
