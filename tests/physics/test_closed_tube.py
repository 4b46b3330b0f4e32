"""Closed (Loschmidt) tube: exact conservation, first-mode decay at the Chapman-Enskog D,
and the diffusion-wind identity at every plane."""
import numpy as np
import pytest

import particlesim as ps
from analysis import theory
from analysis.measure.fluxes import wind_identity
from analysis.measure.transient import mode_amplitudes, replica_diffusion

ARGON2 = {"species.1.molar_mass_g_mol": 39.948, "species.1.diameter_m": 3.66e-10}


def _closed(seed, **changes):
    return ps.load_config("runs/closed_tube.toml").replace(seed=seed, **changes)


def test_closed_tube_conserves_particles_and_energy_and_starts_from_the_step():
    sim = ps.Simulation(_closed(3, steps=600, **{"sampling.profile_blocks": 30}))
    t0 = sim.totals()
    res = sim.run()
    t1 = sim.totals()
    assert t1["particles"] == t0["particles"]
    assert t1["energy"] == pytest.approx(t0["energy"], rel=1e-12)
    scale = sim.weight * np.sum(sim.mass[sim.particles.view()["sp"]] * np.abs(sim.particles.view()["vz"]))
    assert abs(t1["momentum_z"] - t0["momentum_z"] + res.ends["momentum_to_end"].sum()) < 1e-12 * scale
    a0 = mode_amplitudes(res).amplitude.iloc[0]
    assert a0 == pytest.approx(2 / np.pi, abs=0.02)  # the step's first cosine coefficient
    w = wind_identity(res)
    assert (w.z_score.abs() < 3).all()


def test_equal_mass_first_mode_decays_at_the_chapman_enskog_rate():
    runs = [ps.Simulation(_closed(seed, **ARGON2)).run() for seed in (11, 12, 13, 14)]
    d = replica_diffusion(runs)
    cfg = _closed(11, **ARGON2)
    d1 = theory.diffusion_ce1(2.687e25, 273.15, *cfg.masses, *cfg.diameters)
    dce = d1 * theory.diffusion_ratio(1.0, 1.0, 1.0, 1.0, 0.5, order=theory.EXACT_ORDER)
    assert d.error / d.value < 0.03
    assert abs(d.value - dce) < 3 * d.error, (d.value / d1, d.error / d1)


def test_closed_tube_report_fits_the_decay_and_skips_steady_flux_analysis():
    # a transient has no Graham ratio, no Fick D from steady fluxes, no straight-line profile;
    # the mode-decay D is set against Chapman-Enskog at the tube's mean composition
    from analysis.report.run_report import build_report
    res = ps.Simulation(_closed(5, **{"particles.per_cell": 60})).run()
    table = build_report(res)["table"].set_index("key")
    assert table.index.is_unique
    for key in ("N_A/N_B", "D_AB.ce2", "D_AB.ce", "dyA_dz", "profile.continuum_chi2", "relaxation.window"):
        assert key not in table.index, key
    decay = table.loc["D_AB.mode_decay"]
    assert np.isfinite(decay.theory)
    # the fit error understates the truth (correlated noise): 5 of them
    assert abs(decay.value - decay.theory) < 5 * decay.error, decay
