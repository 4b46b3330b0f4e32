"""Real helium-argon: Bird's presets fall short of the measured D_12; a VSS pair fitted at two
temperatures predicts the other five within 2% and the measured temperature exponent."""
import math

import pytest

import particlesim as ps
from analysis.theory import realgas as rg

from .conftest import ROOT


@pytest.fixture(scope="module")
def fitted():
    return rg.fitted_models()


def test_bird_presets_fall_short_of_the_measured_d12():
    """First-approximation estimates in the issue: VSS about 12% low, VHS about 27% (273 K);
    converged: 10.6% and 25.3%."""
    meas = rg.HE_AR_MEASURED[273.15] * 1e-4
    vss = rg.ce_diffusion(273.15, rg.bird_models(model="vss"), rg.M_AR, rg.M_HE)
    vhs = rg.ce_diffusion(273.15, rg.bird_models(model="vhs"), rg.M_AR, rg.M_HE)
    assert -0.13 < vss / meas - 1 < -0.08
    assert -0.29 < vhs / meas - 1 < -0.22


def test_fitted_pair_passes_through_both_fit_points(fitted):
    for T in rg.FIT_TEMPERATURES:
        assert rg.ce_diffusion(T, fitted, rg.M_AR, rg.M_HE) == pytest.approx(rg.HE_AR_MEASURED[T] * 1e-4, rel=1e-6)


def test_fitted_pair_predicts_the_other_five_temperatures_within_2_percent(fitted):
    others = [T for T in rg.HE_AR_MEASURED if T not in rg.FIT_TEMPERATURES]
    assert len(others) == 5
    for T in others:
        D = rg.ce_diffusion(T, fitted, rg.M_AR, rg.M_HE) * 1e4
        assert abs(D / rg.HE_AR_MEASURED[T] - 1) < 0.02, T


def test_fitted_exponent_matches_the_measured_one(fitted):
    Ts = sorted(rg.HE_AR_MEASURED)
    D = [rg.ce_diffusion(T, fitted, rg.M_AR, rg.M_HE) for T in Ts]
    n = len(Ts)
    lx, ly = [math.log(t) for t in Ts], [math.log(d) for d in D]
    mx, my = sum(lx) / n, sum(ly) / n
    b = sum((x - mx) * (y - my) for x, y in zip(lx, ly)) / sum((x - mx) ** 2 for x in lx)
    assert 1.67 <= rg.measured_exponent() <= 1.69
    assert abs(b - rg.measured_exponent()) < 0.02


def test_the_shipped_run_file_carries_the_fitted_pair(fitted):
    cfg = ps.load_config(ROOT / "runs" / "he_ar_vss.toml")
    pm = cfg.pair_models
    d, w, a = fitted[1]
    assert pm.d_ref[0, 1] == pytest.approx(d, rel=2e-4)
    assert pm.omega[0, 1] == pytest.approx(w, abs=1e-4)
    assert pm.alpha[0, 1] == a
    assert (cfg.species[0].model, cfg.species[1].model) == ("vss", "vss")
