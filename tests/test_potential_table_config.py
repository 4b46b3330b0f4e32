"""A user's V(r) for a pair ([[pairs]] potential_table, a CSV file or an inline table): the pair
becomes that potential, equal to the analytic one it was sampled from, and lets a Tang-Toennies
mixture take a pair whose published parameters the package lacks."""
import numpy as np
import pytest

import particlesim as ps
from particlesim.config import ConfigError
from particlesim.potentials.deflection import legendre_cross_sections
from particlesim.potentials.parameters import LJ_VISCOSITY

from .conftest import ROOT


def _lj_he_ar_table(n=600):
    (s1, e1), (s2, e2) = LJ_VISCOSITY["helium"], LJ_VISCOSITY["argon"]
    sg, ep = 0.5 * (s1 + s2), (e1 * e2) ** 0.5
    r = np.linspace(0.8 * sg, 6.0 * sg, n)
    return r, 4 * ep * ((sg / r) ** 12 - (sg / r) ** 6), sg, ep


def test_a_csv_table_of_the_lennard_jones_pair_is_that_pair(tmp_path):
    r, V, sg, ep = _lj_he_ar_table()
    np.savetxt(tmp_path / "he_ar.csv", np.column_stack([r, V]), delimiter=",", header="r_m,V_K", comments="")
    d = ps.load_config(ROOT / "runs" / "potential_he_ar_lj.toml").to_dict()
    (tmp_path / "run.toml").write_text("")  # the table is read relative to the config's folder
    d["pairs"] = [{"species": ["A", "B"], "potential_table": "he_ar.csv"}]
    cfg = ps.from_dict(d, source=str(tmp_path / "run.toml"))
    table, lj = cfg.potentials.pairs[0][1], ps.load_config(ROOT / "runs" / "potential_he_ar_lj.toml").potentials.pairs[0][1]
    assert table.kind == "table" and lj.kind == "lennard_jones"
    assert table.sigma_m == pytest.approx(sg, rel=1e-7) and table.epsilon_K == pytest.approx(ep, rel=1e-6)
    # the transport cross-sections, by direct quadrature at three energies: the spline is the potential
    b = np.arange(0.0, 5.0, 0.005)
    for E in (0.3, 3.0, 30.0):
        q_tab = legendre_cross_sections(table.form, E, 2, b)
        q_lj = legendre_cross_sections(lj.form, E, 2, b)
        assert np.allclose(q_tab[1:], q_lj[1:], rtol=2e-4)
    # the resolved config writes the table inline and reads it back
    again = ps.from_dict(cfg.to_dict())
    assert again.pairs[0].potential_table == cfg.pairs[0].potential_table


def test_a_table_lets_tang_toennies_molecules_take_a_pair_the_package_lacks():
    d = ps.load_config(ROOT / "runs" / "potential_he_ar.toml").to_dict()
    d["species"] = [{"name": "A", "preset": "argon", "model": "tang_toennies"},
                    {"name": "B", "preset": "neon", "model": "tang_toennies"}]
    with pytest.raises(ConfigError, match="neon"):
        ps.from_dict(d)
    r, V, _, _ = _lj_he_ar_table()  # any V(r) will do for the refusal's converse
    d["pairs"] = [{"species": ["A", "B"], "potential_table": {"r_m": r.tolist(), "V_K": V.tolist()}}]
    cfg = ps.from_dict(d)
    kinds = [[p.kind for p in row] for row in cfg.potentials.pairs]
    assert kinds == [["tang_toennies", "table"], ["table", "tang_toennies"]]
