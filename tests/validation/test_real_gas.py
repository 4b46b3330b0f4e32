"""DSMC of VHS and VSS helium-argon against their own Chapman-Enskog theory: D_AB within 1%
and 3 standard errors of the converged value, and D ~ T^(omega_12 + 1) at fixed pressure."""
import math

import pytest

import particlesim as ps
from analysis import theory
from analysis.report.run_report import build_report

from ..conftest import ROOT

pytestmark = pytest.mark.validation

SETTINGS = {"particles.per_cell": 480, "time.dt_s": 1e-11, "time.steps": 60_000, "sampling.start_step": 12_000,
            "sampling.profile_blocks": 24}
_CACHE = {}


def _bird_pair(model):
    """The quickstart tube with Bird's argon and helium as VHS or VSS molecules (mixing rule)."""
    if model not in _CACHE:
        cfg = ps.load_config(ROOT / "runs" / "quickstart.toml").replace(
            **SETTINGS, **{"species.0.model": model, "species.1.model": model})
        res = ps.Simulation(cfg).run()
        row = build_report(res)["table"].set_index("key").loc["D_AB.ce"]
        _CACHE[model] = (res, float(row["ratio"]), float(row["ratio_error"]))
    return _CACHE[model]


@pytest.mark.parametrize("model", ["vhs", "vss"])
def test_d_of_bird_argon_helium_within_one_percent_of_converged_chapman_enskog(model):
    res, r, err = _bird_pair(model)
    assert theory.Binary.from_summary(res.summary).label == model.upper()
    assert err < 0.0033  # resolves 1% at 3 sigma
    assert abs(r - 1.0) < 0.01, (r, err)


@pytest.mark.parametrize("model", ["vhs", "vss"])
def test_d_of_bird_argon_helium_within_three_standard_errors(model):
    """Beyond the ends' Knudsen layers (5 of helium's mean free paths, `layer_margin`); within
    5 of argon's, D was 0.4-0.9% low here (docs/method.md, 'Real-gas molecules')."""
    _, r, err = _bird_pair(model)
    assert abs(r - 1.0) < 3 * err, (r, err)


def test_d_grows_as_t_to_omega_plus_one_at_fixed_pressure():
    """runs/he_ar_vss.toml (omega_12 = 0.673) at 273.15 K and 546.3 K and 1 atm, tube and time
    step scaled with lambda and tau (as the sweeps do): the exponent of D within 0.02 of
    omega_12 + 1 and within 3 standard errors of the converged Chapman-Enskog exponent."""
    from studies.sweep import Point, load_sweep, point_config
    sweep = load_sweep(ROOT / "runs" / "real_gas_he_ar.toml")
    D, Dce, err = [], [], []
    for T in (273.15, 546.3):
        p = Point(f"T{T:g}", "exponent", {"gas.pressure_Pa": 101325.0, "gas.temperature_K": T}, 2031)
        cfg = point_config(sweep, p).replace(**{"particles.per_cell": 160, "time.steps": 60_000,
                                                "sampling.start_step": 6000, "sampling.profile_blocks": 30})
        res = ps.Simulation(cfg).run()
        row = build_report(res)["table"].set_index("key").loc["D_AB.ce"]
        D.append(row["value"])
        Dce.append(row["theory"])
        err.append(row["error"] / row["value"])
    b = math.log(D[1] / D[0]) / math.log(2.0)
    b_ce = math.log(Dce[1] / Dce[0]) / math.log(2.0)
    b_err = math.hypot(*err) / math.log(2.0)
    omega = ps.load_config(ROOT / "runs" / "he_ar_vss.toml").pair_models.omega[0, 1]
    assert b_err < 0.007
    assert abs(b - (omega + 1.0)) < 0.02, (b, b_err, omega)
    assert abs(b - b_ce) < 3 * b_err, (b, b_err, b_ce)
