"""Config validation: every bad input names its field, value and allowed range."""
import pytest

import particlesim as ps
from particlesim.config import ConfigError

from .conftest import ROOT, make_config


def test_every_kind_of_config_round_trips_through_its_resolved_dict():
    uniform = {"composition": "uniform", "temperature_K": 300.0, "pressure_Pa": 1e5, "mole_fractions": {"A": 0.3, "B": 0.7}}
    for cfg in (make_config(), make_config(initial=uniform),
                make_config(initial={"composition": "vacuum"}),
                make_config(ends={"left": {"type": "diffuse", "temperature_K": 250.0}, "right": {"type": "specular"}},
                            initial=uniform),
                make_config(control={"target": "equimolar", "every_steps": 50}, sampling={"start_step": 100, "planes": 3}),
                make_config(reactions=[{"reactants": ["A", "B"], "products": ["B", "A"], "steric_factor": 0.2,
                                        "activation_energy_J_mol": 1000.0, "heat_released_J_mol": -50.0}]),
                make_config(tube={"length_m": 1e-6, "cells": 50, "section": "circle", "radius_m": 1e-7, "bins": 6},
                            walls={"model": "maxwell", "accommodation": 0.8, "temperature_left_K": 250.0,
                                   "temperature_right_K": 350.0}, collisions={"transverse_subcells": 4}),
                make_config(tube={"length_m": 1e-6, "cells": 50, "section": "slit", "height_m": 1e-7},
                            walls={"model": "specular"}),
                make_config(tube={"length_m": 1e-6, "cells": 50, "section": "circle", "radius_m": 1e-7})):
        assert ps.from_dict(cfg.to_dict()) == cfg


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d.update(bogus=1), "bogus", "unknown key"),
    (lambda d: d["ends"]["left"].update(temperature_K=-5.0), "ends.left.temperature_K", ">= 1.0 K"),
    (lambda d: d["ends"]["left"].update(mole_fractions={"A": 0.5, "B": 0.4}), "ends.left.mole_fractions", "sum"),
    (lambda d: d["species"].__setitem__(1, {"name": "B", "molar_mass_g_mol": 4.0}), "species[1].diameter_m", "missing"),
    (lambda d: d["tube"].update(length_m=0.0), "tube.length_m", ">= 1e-09 m"),
    (lambda d: d["tube"].update(cells=2.5), "tube.cells", "integer"),
    (lambda d: d["ends"]["left"].update(type="open"), "ends.left.type", "reservoir"),
    (lambda d: d["ends"]["left"].update(mole_fractions={"C": 1.0}), "ends.left.mole_fractions.C", "unknown species"),
    (lambda d: d["ends"].update(left={"type": "periodic"}), "ends.right.type", "periodic"),
    (lambda d: d["sampling"].update(start_step=10_000), "sampling.start_step", "<="),
    (lambda d: d["sampling"].pop("planes") and d["sampling"].update(planes_m=[2e-6]), "sampling.planes_m", "(0,"),
    (lambda d: d["time"].update(dt_s="fast"), "time.dt_s", "number"),
    (lambda d: d["tube"].update(section="circle", radius_m=1e-7, area_m2=1e-14), "tube.area_m2", "not used"),
    (lambda d: d["tube"].update(section="circle", radius_m=1e-7) or d.update(collisions={"transverse_subcells": 3}),
     "collisions.transverse_subcells", "sectors"),
])
def test_bad_field_is_named_with_value_and_range(base_dict, mutate, field, words):
    mutate(base_dict)
    with pytest.raises(ConfigError) as err:
        ps.from_dict(base_dict)
    msg = str(err.value)
    assert msg.startswith(field + ":"), msg
    assert words in msg
    assert "\n" not in msg


def test_pressure_and_number_density_are_equivalent():
    by_n = make_config()
    p = by_n.left.number_density_m3 * 1.380649e-23 * by_n.left.temperature_K
    left = {"type": "reservoir", "temperature_K": by_n.left.temperature_K, "pressure_Pa": p,
            "mole_fractions": {"A": 1.0}}
    by_p = make_config(ends={"left": left, "right": by_n.to_dict()["ends"]["right"]})
    assert by_p.left.number_density_m3 == pytest.approx(by_n.left.number_density_m3, rel=1e-12)


def test_toml_syntax_error_is_a_config_error(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("name = [unclosed\n")
    with pytest.raises(ConfigError, match="TOML syntax error"):
        ps.load_config(f)


def test_shipped_run_definitions_are_valid():
    from pathlib import Path

    import tomllib

    from studies.sweep import load_sweep
    files = sorted(Path(__file__).parents[1].joinpath("runs").glob("*.toml"))
    assert files
    for f in files:
        if "base" in tomllib.loads(f.read_text()):
            assert load_sweep(f).points  # a sweep: every point's config validates
        else:
            ps.load_config(f)


def test_replace_keeps_planes_in_place_when_the_tube_changes_length():
    cfg = make_config()
    longer = cfg.replace(**{"tube.length_m": 2 * cfg.tube.length_m})
    assert longer.sampling.planes_m == tuple(2 * z for z in cfg.sampling.planes_m)
    assert len(cfg.replace(**{"sampling.planes": 3}).sampling.planes_m) == 3


def test_replace_with_a_preset_takes_its_mass_and_diameter():
    # a sweep that swaps species by preset must not keep the old species' explicit values
    cfg = ps.load_config(ROOT / "runs" / "quickstart.toml")
    swapped = cfg.replace(**{"species.0.preset": "helium", "species.1.preset": "argon"})
    assert [s.molar_mass_g_mol for s in swapped.species] == [4.0026, 39.948]
    assert [s.diameter_m for s in swapped.species] == [2.33e-10, 3.66e-10]
    given = cfg.replace(**{"species.0.preset": "helium", "species.0.molar_mass_g_mol": 3.0})
    assert (given.species[0].molar_mass_g_mol, given.species[0].diameter_m) == (3.0, 2.33e-10)


def test_with_steps_keeps_the_warm_up_fraction_as_the_command_line_does():
    cfg = ps.load_config("runs/quickstart.toml")  # 25,000 steps, sampling from 6,000
    short = cfg.with_steps(2000, seed=5)
    assert (short.steps, short.sampling.start_step, short.seed) == (2000, 480, 5)
    with pytest.raises(ps.ConfigError, match=r"with_steps\(2000\)"):
        cfg.replace(steps=2000)
