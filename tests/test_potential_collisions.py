"""Molecules from their potential in the engine: the deflection table and its cut-off b_M against
direct quadrature, the kernel's scattering by the table, collision rates with sigma_T = pi b_M^2,
and the config that selects them."""
import math

import numpy as np
import pytest

import particlesim as ps
from particlesim.config.reader import ConfigError
from particlesim.kernels.rng import load, seed_streams, store
from particlesim.kernels.scatter import scatter_table
from particlesim.numba_config import at, kernel
from particlesim.potentials import table
from particlesim.potentials.deflection import legendre_cross_sections
from particlesim.potentials.forms import LennardJones

from .conftest import make_config
from .physics.test_equilibrium import _box, _temperature

T_STAR = 300.0 / 35.6  # helium-argon, Lorentz-Berthelot Lennard-Jones, at 300 K


@pytest.fixture(scope="module")
def lj_table():
    return table.build(LennardJones(), T_STAR, T_STAR)


def _maxwell_average(q, E, T, s):
    """Omega^(l,s) up to a constant: int x^(s+2) e^-x Q(x T) d ln x."""
    x = E / T
    return np.trapezoid(x ** (s + 2) * np.exp(-x) * q, np.log(x))


def test_cutoff_and_table_keep_the_transport_cross_sections_to_1e4(lj_table):
    """b_M leaves < 1e-4 of Omega^(1,1) and Omega^(2,2) to grazing collisions (against b up to 6
    sigma); the table's bilinear cos chi implies both within 1e-4 of direct quadrature up to b_M
    (a grid ten times finer than the one b_M was chosen on)."""
    pot = LennardJones()
    b_max, tail = table.cutoff(pot, T_STAR, T_STAR)
    assert b_max == lj_table.b_max and tail < 1e-4
    E = T_STAR * np.geomspace(1e-3, 40.0, 32)
    full = np.array([legendre_cross_sections(pot, e, 2) for e in E])
    fine = np.linspace(0.0, b_max, int(b_max / 2e-4) + 1)
    cut = np.array([legendre_cross_sections(pot, e, 2, fine) for e in E])
    tab = np.array([lj_table.cross_sections(e) for e in E])
    for l, s in ((1, 1), (2, 2)):
        direct = _maxwell_average(cut[:, l], E, T_STAR, s)
        assert abs(_maxwell_average(tab[:, l], E, T_STAR, s) / direct - 1.0) < 1e-4, l
        assert 0.0 < 1.0 - direct / _maxwell_average(full[:, l], E, T_STAR, s) < 1e-4, l
    # b_M is where it matters: half a sigma less would lose far more than 1e-4
    assert table.cutoff(pot, T_STAR, T_STAR, tol=1e-2)[0] < b_max - 0.5


@kernel
def _scatter_many(cos_chi, par, g, mi, mj, n, rng):
    out = np.zeros((n, 3))
    vx = np.zeros(2)
    vy = np.zeros(2)
    vz = np.zeros(2)
    st = load(rng)
    for k in range(n):
        vx[0], vy[0], vz[0] = 0.3 * g, 0.2 * g, 0.1 * g  # pre-collision: g along x, some drift
        vx[1], vy[1], vz[1] = vx[0] - g, vy[0], vz[0]
        p0 = mi * vx[0] + mj * vx[1]
        e0 = mi * (vx[0] ** 2 + vy[0] ** 2 + vz[0] ** 2) + mj * (vx[1] ** 2 + vy[1] ** 2 + vz[1] ** 2)
        st = scatter_table(vx, vy, vz, at(0), at(1), mi, mj, g, cos_chi, par, st)
        out[k, 0] = (vx[0] - vx[1]) / g  # cos chi: g was along +x
        out[k, 1] = (mi * vx[0] + mj * vx[1]) / p0 - 1.0
        out[k, 2] = (mi * (vx[0] ** 2 + vy[0] ** 2 + vz[0] ** 2) + mj * (vx[1] ** 2 + vy[1] ** 2 + vz[1] ** 2)) / e0 - 1.0
    store(rng, st)
    return out


@pytest.mark.parametrize("E_over_T", [0.05, 1.0, 6.0])
def test_table_scattering_conserves_and_follows_the_table(lj_table, E_over_T):
    """Each collision conserves momentum and energy to round-off; the mean of 1 - cos chi over
    R uniform is Q_1 / (pi b_M^2) of the table, within 4 standard errors."""
    E = E_over_T * T_STAR
    mr = 0.5
    g = math.sqrt(2.0 * E / mr)
    par = np.array([lj_table.ln_e0, 1.0 / lj_table.d_ln_e, 0.5 * mr, lj_table.cos_chi.shape[0] - 1.0])
    rng = seed_streams(5, 1)[0]
    out = _scatter_many(lj_table.cos_chi, par, g, 1.0, 1.0, 200_000, rng)
    assert np.abs(out[:, 1]).max() < 1e-12 and np.abs(out[:, 2]).max() < 1e-12
    q1 = lj_table.cross_sections(E, 1)[1] / (math.pi * lj_table.b_max ** 2)
    x = 1.0 - out[:, 0]
    assert abs(x.mean() - q1) < 4 * x.std() / math.sqrt(x.size)


def _potential_box(model):
    # dt a quarter of the hard-sphere box's: pi b_M^2 is 4-5 times the viscosity cross-section, and at
    # 0.4 collisions per molecule and step the rule against repeating the last partner starves the
    # unlike pair by 1% (0.15% at this dt)
    d = _box(ppc=100, steps=1200).replace(**{"time.dt_s": 5e-12, "sampling.start_step": 80}).to_dict()
    d["species"] = [{"name": "A", "preset": "argon", "model": model}, {"name": "B", "preset": "helium", "model": model}]
    return ps.from_dict(d)


@pytest.mark.parametrize("model", ["lennard_jones"])  # Tang-Toennies: tests/validation/test_potential_dsmc.py
def test_collision_rates_are_pi_b_max_squared(model):
    """Periodic argon-helium box: every pair collides at (1/2) n_i n_j pi b_M^2 <g_ij> (times 2 for
    unlike pairs), which the NTC majorant must reproduce, and collisions keep the energy exactly."""
    cfg = _potential_box(model)
    sim = ps.Simulation(cfg)
    T0 = _temperature(sim)
    res = sim.run()
    assert _temperature(sim) == pytest.approx(T0, rel=1e-12)
    sigma = cfg.potentials.sigma_t_m2()
    counts = np.bincount(sim.particles.view()["sp"], minlength=2)
    volume = cfg.tube.length_m * cfg.tube.area_m2
    n = counts * sim.weight / volume
    m = np.array(cfg.masses)
    t = res.summary["sampled_steps"] * cfg.dt_s
    for (pair, count), (i, j) in zip(res.summary["collisions_sampled"].items(), ((0, 0), (0, 1), (1, 1))):
        mr = m[i] * m[j] / (m[i] + m[j])
        g = math.sqrt(8 * ps.constants.K_B * T0 / (math.pi * mr))
        expected = (0.5 if i == j else 1.0) * n[i] * n[j] * sigma[i, j] * g
        measured = count * sim.weight / (volume * t)
        rel_err = 1.0 / math.sqrt(count)
        assert abs(measured / expected - 1.0) < 4 * rel_err + 0.003, pair
    assert res.summary["potentials"]["pairs"][0][1]["kind"] == model


def test_potential_models_are_refused_where_they_do_not_fit():
    with pytest.raises(ConfigError, match="species\\[0\\].model.*species\\[1\\].model = .vss."):
        make_config(species=[{"name": "A", "preset": "argon", "model": "lennard_jones"},
                             {"name": "B", "preset": "helium", "model": "vss"}])
    with pytest.raises(ConfigError, match="krypton"):
        make_config(species=[{"name": "A", "preset": "krypton", "model": "tang_toennies"},
                             {"name": "B", "preset": "helium", "model": "tang_toennies"}])
    with pytest.raises(ConfigError, match="neon-argon"):
        make_config(species=[{"name": "A", "preset": "neon", "model": "tang_toennies"},
                             {"name": "B", "preset": "argon", "model": "tang_toennies"}])
    with pytest.raises(ConfigError, match="species\\[0\\].diameter_m"):
        make_config(species=[{"name": "A", "preset": "argon", "model": "lennard_jones", "diameter_m": 3e-10},
                             {"name": "B", "preset": "helium", "model": "lennard_jones"}])
    with pytest.raises(ConfigError, match="pairs\\[0\\].omega"):
        make_config(species=[{"name": "A", "preset": "argon", "model": "lennard_jones"},
                             {"name": "B", "preset": "helium", "model": "lennard_jones"}],
                    pairs=[{"species": ["A", "B"], "omega": 0.7}])


def test_lennard_jones_pairs_follow_lorentz_berthelot_unless_given():
    lj = [{"name": "A", "preset": "argon", "model": "lennard_jones"},
          {"name": "B", "preset": "helium", "model": "lennard_jones"}]
    p = make_config(species=lj).potentials.pairs
    assert p[0][1].params == pytest.approx((0.5 * (3.418e-10 + 2.576e-10), math.sqrt(124.0 * 10.22)))
    p = make_config(species=lj, pairs=[{"species": ["B", "A"], "epsilon_K": 30.0}]).potentials.pairs
    assert p[1][0].params == pytest.approx((0.5 * (3.418e-10 + 2.576e-10), 30.0)) and p[0][0].params[1] == 124.0
    cfg = make_config(species=lj, pairs=[{"species": ["B", "A"], "epsilon_K": 30.0}])
    assert ps.from_dict(cfg.to_dict()).potentials == cfg.potentials  # written and read back the same
