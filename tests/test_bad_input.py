"""Table of bad inputs: each exits 2 with one line naming the field, no traceback, and
leaves every existing file as it was."""
import copy
import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import tomli_w

from studies.cli import main

from .conftest import BASE


def _set(path, value):
    def f(d):
        node = d
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        if isinstance(node, list):
            node[int(keys[-1])] = value
        else:
            node[keys[-1]] = value
    return f


def _del(path):
    def f(d):
        node = d
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        del node[keys[-1]]
    return f


def _capillary(walls):
    """BASE in a circular tube with these walls."""
    def f(d):
        d["tube"] = {"length_m": 1e-6, "cells": 50, "section": "circle", "radius_m": 2e-7}
        d["walls"] = walls
    return f


def _lj_pair(table):
    """BASE as Lennard-Jones molecules whose A-B pair is given by this potential table."""
    def f(d):
        for sp in d["species"]:
            sp["model"] = "lennard_jones"
        d["pairs"] = [{"species": ["A", "B"], "potential_table": table}]
    return f


# an interface end holding A (a liquid surface), as the Stefan tube's
_SURFACE = {"type": "interface", "temperature_K": 273.15, "vapour_pressure_Pa": {"A": 5e4}}

CASES = [  # (mutation of BASE or raw TOML text, what the message must name)
    (_set("tube.length_m", 0.0), "tube.length_m"),
    (_set("tube.length_m", -1e-6), "tube.length_m"),
    (_set("tube.length_m", "3 um"), "tube.length_m"),
    (_set("tube.cells", 0), "tube.cells"),
    (_set("tube.cells", 12.5), "tube.cells"),
    (_set("tube.area_m2", -1.0), "tube.area_m2"),
    (_set("tube.section", "square"), "tube.section"),
    (_set("tube", {"length_m": 1e-6, "cells": 50, "section": "circle"}), "tube.radius_m"),
    (_set("tube", {"length_m": 1e-6, "cells": 50, "section": "circle", "radius_m": -1e-7}), "tube.radius_m"),
    (_set("tube", {"length_m": 1e-6, "cells": 50, "section": "circle", "radius_m": 1e-7, "area_m2": 1e-14}),
     "tube.area_m2"),
    (_set("tube", {"length_m": 1e-6, "cells": 50, "section": "slit"}), "tube.height_m"),
    (_set("tube", {"length_m": 1e-6, "cells": 50, "bins": 4}), "tube.bins"),
    (_set("walls", {"model": "diffuse"}), "walls"),
    (_capillary({"model": "maxwell"}), "walls.accommodation"),
    (_capillary({"model": "maxwell", "accommodation": 1.5}), "walls.accommodation"),
    (_capillary({"model": "diffuse", "accommodation": 0.5}), "walls.accommodation"),
    (_capillary({"model": "rough"}), "walls.model"),
    (_capillary({"model": "diffuse", "temperature_K": -3.0}), "walls.temperature_K"),
    (_capillary({"model": "diffuse", "temperature_left_K": 300.0}), "walls.temperature_right_K"),
    (_capillary({"model": "diffuse", "temperature_K": 300.0, "temperature_left_K": 300.0}), "walls.temperature_K"),
    (_set("collisions", {"transverse_subcells": -1}), "collisions.transverse_subcells"),
    (_del("tube"), "tube"),
    (_set("time.dt_s", 0.0), "time.dt_s"),
    (_set("time.dt_s", 1e-300), "time.dt_s"),
    (_set("tube.length_m", 1e300), "tube.length_m"),  # was a NaN traceback  # was accepted, with warnings of 1e290 %
    (_set("time.steps", -5), "time.steps"),
    (_del("time.dt_s"), "time.dt_s"),
    (_set("seed", -1), "seed"),
    (_set("seed", 1.5), "seed"),
    (_set("particles", {"per_cell": 10, "weight": 5.0}), "particles.per_cell"),
    (_set("particles", {"per_cell": -3}), "particles.per_cell"),
    (_set("species", []), "species"),
    (_set("species.1", {"name": "B", "molar_mass_g_mol": 4.0}), "species[1].diameter_m"),
    (_set("species.1", {"name": "A", "preset": "helium"}), "species[1].name"),
    (_set("species.0.preset", "unobtainium"), "species[0].preset"),
    (_set("species.0.diameter_m", 1.0), "species[0].diameter_m"),
    (_set("species.0.molar_mass_g_mol", 0), "species[0].molar_mass_g_mol"),
    (_set("species.0.model", "morse"), "species[0].model"),
    (_set("species.0.model", "lennard_jones"), "species[0].model"),  # mixed with hard spheres
    (_set("species.0.omega", 0.81), "species[0].omega"),  # hard sphere: omega is 1/2
    (_set("species.0", {"name": "A", "preset": "argon", "model": "vhs", "alpha": 1.4}), "species[0].alpha"),
    (_set("species.0", {"name": "A", "preset": "argon", "model": "vss", "omega": 1.2}), "species[0].omega"),
    (_set("species.0", {"name": "A", "molar_mass_g_mol": 40.0, "diameter_m": 4e-10, "model": "vhs"}),
     "species[0].omega"),
    (_set("species", [{"name": "A", "preset": "argon", "model": "vhs", "t_ref_K": 300.0},
                      {"name": "B", "preset": "helium", "model": "vhs"}]), "species"),
    (_set("pairs", [{"species": ["A", "C"], "omega": 0.7}]), "pairs[0].species"),
    (_set("pairs", [{"species": ["A", "B"]}, {"species": ["B", "A"]}]), "pairs[1].species"),
    (_set("pairs", [{"species": ["A", "B"], "alpha": 2.5}]), "pairs[0].alpha"),
    (_set("pairs", [{"species": ["A", "B"], "sigma": 1e-19}]), "pairs[0].sigma"),
    (_set("ends.left.temperature_K", -5.0), "ends.left.temperature_K"),
    (_set("ends.left.type", "open"), "ends.left.type"),
    (_set("ends.left.mole_fractions", {"A": 0.6, "B": 0.6}), "ends.left.mole_fractions"),
    (_set("ends.left.mole_fractions", {"C": 1.0}), "ends.left.mole_fractions.C"),
    (_set("ends.left.mole_fractions", {"A": 1.5}), "ends.left.mole_fractions.A"),
    (_set("ends.left", _SURFACE | {"vapour_pressure_Pa": {"C": 1e4}}), "ends.left.vapour_pressure_Pa.C"),
    (_set("pairs", [{"species": ["A", "B"], "potential_table": "v.csv"}]), "pairs[0].potential_table"),
    (_set("initial.temperature_K", 1e-6), "initial.temperature_K"),
    (_set("seed", 2 ** 70), "seed"),
    (_set("ends.left.temperature_K", 2e6), "ends.left.temperature_K"),
    (_set("ends.left.drift_m_s", 1e9), "ends.left.drift_m_s"),
    (_set("tube.length_m", 1e-300), "tube.length_m"),
    (_set("species.0.name", "A\n|x"), "species[0].name"),
    (_set("ends.left", {"type": "bulb", "volume_m3": 1e-40, "temperature_K": 273.15, "number_density_m3": 2.687e25,
                        "mole_fractions": {"A": 1.0}}), "ends.left.volume_m3"),
    (_lj_pair("no_such_file.csv"), "pairs[0].potential_table"),
    (_lj_pair({"r_m": [3e-10, 2e-10], "V_K": [1.0, -1.0]}), "pairs[0].potential_table"),
    (_lj_pair({"r_m": [1, 2, 3], "V": [1, 2, 3]}), "pairs[0].potential_table"),
    (_lj_pair({"r_m": [2e-10 + 1e-11 * k for k in range(10)], "V_K": [5.0 - k for k in range(10)]}),
     "pairs[0].potential_table"),
    (_set("ends.left", _SURFACE | {"vapour_pressure_Pa": {"A": 0.0}}), "ends.left.vapour_pressure_Pa.A"),
    (_set("ends.left", _SURFACE | {"vapour_pressure_Pa": {"A": -1e4}}), "ends.left.vapour_pressure_Pa.A"),
    (_set("ends.left", _SURFACE | {"vapour_pressure_Pa": {}}), "ends.left.vapour_pressure_Pa"),
    (_set("ends.left", _SURFACE | {"evaporation_coefficient": {"A": 1.5}}), "ends.left.evaporation_coefficient.A"),
    (_set("ends.left", _SURFACE | {"condensation_coefficient": {"A": -0.1}}),
     "ends.left.condensation_coefficient.A"),
    (_set("ends.left", _SURFACE | {"condensation_coefficient": {"B": 0.5}}), "ends.left.condensation_coefficient.B"),
    (_set("ends.right.pressure_Pa", 101325.0), "ends.right.pressure_Pa"),
    (_del("ends.right.number_density_m3"), "ends.right.pressure_Pa"),
    (_set("ends.left", {"type": "periodic"}), "ends.right.type"),
    (_set("ends.left.drift_m_s", "fast"), "ends.left.drift_m_s"),
    (_set("ends.left.colour", "red"), "ends.left.colour"),
    (_set("initial.composition", "random"), "initial.composition"),
    (_set("initial.temperature_K", 0.0), "initial.temperature_K"),
    (_set("sampling.start_step", 10_000), "sampling.start_step"),
    (_set("sampling.planes", 0), "sampling.planes"),
    (_set("sampling.planes", 1_000_000), "sampling.planes"),  # was accepted, and info took minutes
    (_set("sampling.interval_steps", 0), "sampling.interval_steps"),
    (_set("collisions", {"enabled": "yes"}), "collisions.enabled"),
    (_set("checkpoint", {"every_steps": -1}), "checkpoint.every_steps"),
    (_set("bogus", 1), "bogus"),
    (_set("tube.cells", 2), "tube.cells"),  # dz/lambda > 2: meaningless without --allow-coarse
    (_set("time.dt_s", 1e-9), "time.dt_s"),  # dt/tau > 2
    (_set("reactions", [{"reactants": ["A", "B"], "products": ["A"], "steric_factor": 0.1}]), "reactions[0].products"),
    (_set("reactions", [{"reactants": ["A", "Q"], "products": ["A", "B"], "steric_factor": 0.1}]),
     "reactions[0].reactants"),
    (_set("reactions", [{"reactants": ["A", "B"], "products": ["B", "A"], "steric_factor": 1.5}]),
     "reactions[0].steric_factor"),
    (_set("control", {"target": "equimolar", "adjust": "left.temperature"}), "control.adjust"),
    (_set("name", "../../.."), "name"),
    (_set("name", ""), "name"),
    (_set("sampling.start_step", 200), "sampling.start_step"),  # nothing sampled
    (_set("sampling.interval_steps", 100_000), "sampling.interval_steps"),
    (_set("sampling.interval_steps", 150), "sampling.interval_steps"),  # one interval: no error bar
    (_set("sampling.profile_blocks", 10_000), "sampling.profile_blocks"),
    (_set("tube.cells", True), "tube.cells"),
    (lambda d: d["tube"].update(lenght_m=d["tube"].pop("length_m")), "tube.lenght_m"),  # did you mean
    (_del("ends.left.mole_fractions"), "ends.left.mole_fractions"),
    ("name = [\n", "TOML syntax error"),
    ("[tube\nlength_m = 1\n", "TOML syntax error"),
]


def _call(args):
    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        code = main(list(map(str, args)))
    return code, err.getvalue()


def _snapshot(root: Path):
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("mutation, field", CASES, ids=[c[1] + f"-{i}" for i, c in enumerate(CASES)])
def test_bad_config_exits_2_naming_the_field(tmp_path, mutation, field):
    existing = tmp_path / "earlier"
    existing.mkdir()
    (existing / "summary.json").write_text("{}")
    f = tmp_path / "bad.toml"
    if isinstance(mutation, str):
        f.write_text(mutation)
    else:
        d = copy.deepcopy(BASE)
        mutation(d)
        f.write_text(tomli_w.dumps(d))
    before = _snapshot(tmp_path)
    code, err = _call(["run", f, "--out", tmp_path / "new", "--quiet"])
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], err
    assert "Traceback" not in err
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "new").exists()


def test_existing_output_folder_is_refused_and_kept(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(tomli_w.dumps(BASE))
    out = tmp_path / "earlier"
    out.mkdir()
    (out / "summary.json").write_text("{}")
    before = _snapshot(tmp_path)
    code, err = _call(["run", good, "--out", out, "--quiet"])
    assert code == 2 and "--out" in err and len(err.strip().splitlines()) == 1
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("args, field", [
    (["run", "missing.toml"], "does not exist"),
    (["run", "runs/quickstart.toml", "--threads", "0"], "--threads"),
    (["run", "runs/quickstart.toml", "--threads", "1000"], "--threads"),  # was Numba's ValueError traceback
    (["run", "runs/quickstart.toml", "--steps", "-3"], "--steps"),
    (["run", "runs/quickstart.toml", "--checkpoint-every", "-1"], "--checkpoint-every"),
    (["run", "runs/quickstart.toml", "--checkpoint-minutes", "nan"], "--checkpoint-minutes"),
    (["run", "--resume", "nowhere"], "--resume"),
    (["run"], "CONFIG"),
    (["report", "nowhere"], "RUN_DIR"),
])
def test_bad_command_line_exits_2(tmp_path, args, field):
    code, err = _call(args)
    assert code == 2 and field in err and "Traceback" not in err


def test_config_that_is_not_utf8_exits_2(tmp_path):
    f = tmp_path / "bin.toml"
    f.write_bytes(b"\xff\xfe bad")
    for cmd in (["run", f, "--out", tmp_path / "o", "--quiet"], ["info", f]):
        code, err = _call(cmd)
        assert code == 2 and "UTF-8" in err and len(err.strip().splitlines()) == 1


def test_out_under_a_file_or_in_a_foreign_folder_exits_2_and_deletes_nothing(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(tomli_w.dumps(BASE))
    (tmp_path / "afile").write_text("keep")
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep")
    before = _snapshot(tmp_path)
    for out in (tmp_path / "afile" / "sub", tmp_path / "afile", foreign):
        code, err = _call(["run", good, "--out", out, "--quiet", "--force"])
        assert code == 2 and "--out" in err and len(err.strip().splitlines()) == 1, err
    assert _snapshot(tmp_path) == before


def test_report_on_a_damaged_run_folder_exits_2_naming_the_file(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(tomli_w.dumps(BASE))
    run = tmp_path / "run"
    assert _call(["run", good, "--out", run, "--quiet"])[0] == 0
    data = (run / "crossings.parquet").read_bytes()
    (run / "crossings.parquet").write_bytes(data[:100])
    code, err = _call(["report", run])
    assert code == 2 and "crossings.parquet" in err and len(err.strip().splitlines()) == 1
    (run / "crossings.parquet").unlink()
    code, err = _call(["report", run])
    assert code == 2 and "crossings.parquet" in err
    (run / "summary.json").write_text("{bad")
    code, err = _call(["report", run])
    assert code == 2 and "summary.json" in err


def test_an_unreachable_scheduler_exits_2_and_writes_nothing(tmp_path):
    """A bad --scheduler address was a traceback after the sweep folder and points/ were made."""
    out = tmp_path / "sweep"
    code, err = _call(["sweep", "runs/ce_scaling.toml", "--quick", "--quiet", "--scheduler", "notanaddress",
                       "--out", out])
    assert code == 2 and "--scheduler" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_quick_series_that_names_no_series_exits_2(tmp_path):
    """quick_series = ["nope"] ran 0 points and exited 0."""
    (tmp_path / "base.toml").write_text(tomli_w.dumps(BASE))
    f = tmp_path / "s.toml"
    f.write_text(tomli_w.dumps({"name": "s", "base": "base.toml", "quick_series": ["nope"],
                                "series": [{"name": "T", "gas.temperature_K": [200.0, 300.0]}]}))
    code, err = _call(["sweep", f, "--quick", "--quiet", "--out", tmp_path / "o"])
    assert code == 2 and "quick_series" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_report_on_an_empty_or_damaged_sweep_table_exits_2(tmp_path):
    """An empty or garbage table.parquet was a pyarrow traceback."""
    (tmp_path / "garbage").mkdir()
    (tmp_path / "garbage" / "table.parquet").write_bytes(b"not parquet")
    (tmp_path / "empty").mkdir()
    import pandas as pd
    pd.DataFrame({"point": []}).to_parquet(tmp_path / "empty" / "table.parquet")
    for d, what in (("garbage", "cannot be read"), ("empty", "holds no points")):
        code, err = _call(["report", tmp_path / d])
        assert code == 2 and what in err and len(err.strip().splitlines()) == 1, err
        assert not (tmp_path / d / "report").exists()


def test_a_scheduler_address_where_another_service_answers_exits_2_within_the_timeout(tmp_path, monkeypatch):
    """A non-Dask service at the address (here one that accepts and sends garbage) hung the
    sweep past Client's own timeout; now the connection has a hard limit and writes nothing."""
    import socket
    import threading
    import time

    import studies.sweep
    monkeypatch.setattr(studies.sweep, "CONNECT_TIMEOUT_S", 1.0)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"\xff" * 64)

    threading.Thread(target=serve, daemon=True).start()
    out = tmp_path / "sweep"
    t0 = time.perf_counter()
    code, err = _call(["sweep", "runs/ce_scaling.toml", "--quick", "--quiet", "--scheduler", f"tcp://127.0.0.1:{port}",
                       "--out", out])
    server.close()
    assert code == 2 and "--scheduler" in err and len(err.strip().splitlines()) == 1, err
    assert time.perf_counter() - t0 < 30
    assert not out.exists()
