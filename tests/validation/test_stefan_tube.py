"""The Stefan tube in the continuum limit (runs/stefan_tube.toml, L = 93 mean free paths): a
xenon-like vapour evaporates from its surface and diffuses through argon-like B, which the
surface holds back. N_B = 0, N_A follows Stefan's law with the converged Chapman-Enskog D(y)
through the interior, v* = N_A / c, ln(1 - y_A) is straight, and the surface's own emission is
alpha_e n_sat sqrt(kT/2 pi m)."""
import pytest

import particlesim as ps
from analysis.report.run_report import build_report

from ..conftest import ROOT

pytestmark = pytest.mark.validation


@pytest.fixture(scope="module")
def table():
    res = ps.Simulation(ps.load_config(ROOT / "runs" / "stefan_tube.toml")).run()
    return build_report(res)["table"].set_index("key")


def test_the_surface_holds_b_back_and_the_gas_moves_with_the_vapour(table):
    nb = table.loc["stefan.N_B"]
    assert abs(nb["value"]) < 3 * nb["error"]
    vs = table.loc["stefan.v_star"]
    assert abs(vs["value"] - vs["theory"]) < 3 * vs["error"]


def test_vapour_flux_follows_stefans_law_with_chapman_enskog_d(table):
    r = table.loc["stefan.N_A"]
    assert abs(r["ratio"] - 1) < max(3 * r["ratio_error"], 0.01), (r["ratio"], r["ratio_error"])
    assert r["ratio_error"] < 0.01
    # ln(1 - y_A) is straight, y_A bends as Stefan's exponential does
    ln, y = table.loc["stefan.bend_ln"], table.loc["stefan.bend_y"]
    assert abs(ln["value"]) < 3 * ln["error"] and ln["error"] < 0.05
    assert abs(y["value"] - y["theory"]) < 3 * y["error"] and y["theory"] > 10 * y["error"]


def test_the_surface_emits_the_half_range_maxwellian_flux(table):
    e = table.loc["interface.left.A.emitted"]
    assert abs(e["value"] - e["theory"]) < 4 * e["error"]
    # the surface and its Knudsen layer resist: the vapour just outside is below saturation
    p = table.loc["interface.p_A"]
    assert p["value"] < p["theory"] - 3 * p["error"]
    # per unit outflow the jump lies between Schrage's -sqrt(pi) and Sone's pure-vapour C4* = -2.132
    # (measured -1.89 +- 0.05 over four seeds); the held-back gas makes it differ from both
    j = table.loc["interface.jump_coefficient"]
    assert -2.6 < j["value"] < -1.4


def test_the_ends_resist_as_a_fixed_length_in_series(table):
    """At 9.3 and 93 mean free paths the ends (the surface's Knudsen layer and the reservoir's) add
    the same length to the tube: L (1/r - 1), r = N_A over Stefan's law from saturation at the
    surface, agrees within 3 standard errors (measured: 9.8 and 11.3 +- 0.8 mean free paths)."""
    cfg = ps.load_config(ROOT / "runs" / "stefan_tube.toml")
    short = cfg.replace(**{"tube.length_m": 3.0e-7, "tube.cells": 30, "particles.per_cell": 500, "steps": 40000,
                           "sampling.start_step": 4000})
    t_short = build_report(ps.Simulation(short).run())["table"].set_index("key")
    extra = []
    for tab, length in ((t_short, 3.0e-7), (table, cfg.tube.length_m)):
        r, e = tab.loc["stefan.resistance", "ratio"], tab.loc["stefan.resistance", "ratio_error"]
        extra.append((length * (1 / r - 1), length * e / r ** 2))
    (a, ea), (b, eb) = extra
    assert a > 0 and b > 0
    assert abs(a - b) < 3 * (ea ** 2 + eb ** 2) ** 0.5, (a, ea, b, eb)
