"""The diffusion-cell report: a run with bulbs gets its own analysis (no open-tube rows), with the
baro-effect set against the continuum cell, and figures."""
import numpy as np
import pandas as pd

import particlesim as ps
from analysis.load import load_run
from analysis.report.run_report import write_report
from particlesim.output import write_run

from .physics.test_bulbs import _cell


def test_a_run_with_bulbs_gets_the_cell_report(tmp_path):
    cfg = _cell(time={"dt_s": 1.0e-11, "steps": 400})
    res = ps.Simulation(cfg).run()
    write_run(res, cfg, tmp_path / "run")
    out = write_report(tmp_path / "run", quiet=True)
    for f in ("report.md", "report.csv", "bulbs_mean.csv", "bulbs.png", "bulb_pressures.png", "mid_tube_N2.png"):
        assert (out / f).is_file(), f
    text = (out / "report.md").read_text()
    assert "baro-effect" in text and "Graham" not in text and "Fick on J_A" not in text
    run = load_run(tmp_path / "run")
    b = run.bulbs
    # the light gas leaves bulb 2 first: its pressure falls, bulb 1's rises
    late = b[b["step"] == b["step"].max()].groupby("end", observed=True)["p_Pa"].first()
    assert late["left"] > late["right"]
    assert np.isfinite(b["mole_fraction"]).all()


def test_an_open_tube_of_three_named_species_gets_the_tube_report(tmp_path):
    """Species need not be called A and B: the report takes the first two as its pair and lists
    every species' flux."""
    from .conftest import N0, T0
    from .physics.test_bulbs import THREE

    def res(**y):
        return {"type": "reservoir", "temperature_K": T0, "number_density_m3": N0, "mole_fractions": y}
    cfg = _cell(ends={"left": res(N2=0.5, CO2=0.5), "right": res(H2=0.5, N2=0.5)},
                time={"dt_s": 1.0e-11, "steps": 400}, species=THREE)
    write_run(ps.Simulation(cfg).run(), cfg, tmp_path / "run")
    out = write_report(tmp_path / "run", quiet=True)
    text = (out / "report.md").read_text()
    for label in ("N_H2", "N_N2", "N_CO2"):
        assert label in text, label
    keys = set(pd.read_csv(out / "report.csv")["key"])
    assert {"N_A", "N_B", "N.CO2", "D_AB.ce"} <= keys, keys


def test_a_bulb_against_a_wall_gets_its_record(tmp_path):
    from .physics.test_bulbs import bulb
    cfg = _cell(ends={"left": bulb(2e-18, N2=0.5, CO2=0.5), "right": {"type": "specular"}},
                initial={"composition": "uniform", "temperature_K": 273.15, "number_density_m3": 2.687e25,
                         "mole_fractions": {"H2": 1.0}}, time={"dt_s": 1.0e-11, "steps": 300})
    write_run(ps.Simulation(cfg).run(), cfg, tmp_path / "run")
    out = write_report(tmp_path / "run", quiet=True)
    assert (out / "bulbs.png").is_file() and "DSMC record only" in (out / "report.md").read_text()
