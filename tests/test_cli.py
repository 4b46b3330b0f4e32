"""The command line: run folders, refusal to overwrite, clean errors with exit status 2."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "studies.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_run_writes_a_self_describing_folder_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "qs"
    r = cli("run", "runs/quickstart.toml", "--steps", "300", "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    for f in ("config.toml", "metadata.json", "summary.json", "crossings.parquet", "profiles.parquet",
              "ends.parquet"):
        assert (out / f).is_file(), f
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["seed"] == 2026 and meta["particle_steps_per_s"] > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["steps"] == 300
    assert len(pd.read_parquet(out / "crossings.parquet")) > 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    again = cli("run", "runs/quickstart.toml", "--steps", "300", "--out", out, "--quiet")
    assert again.returncode == 2
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before

    forced = cli("run", "runs/quickstart.toml", "--steps", "300", "--out", out, "--quiet", "--force")
    assert forced.returncode == 0, forced.stderr

    # a folder another command is writing is refused, even with --force, and left as it was
    from particlesim.output import hold_folder
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    held = hold_folder(out)
    busy = cli("run", "runs/quickstart.toml", "--steps", "300", "--out", out, "--quiet", "--force")
    held.close()
    assert busy.returncode == 2 and "being written by process" in busy.stderr
    assert sum("particlesim: error" in line for line in busy.stderr.splitlines()) == 1 and "Traceback" not in busy.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name != ".particlesim.lock"} == {
        k: v for k, v in before.items() if k != ".particlesim.lock"}


def test_resolved_config_reproduces_the_run(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("run", "runs/quickstart.toml", "--steps", "200", "--out", a, "--quiet", "--seed", "9").returncode == 0
    assert cli("run", a / "config.toml", "--out", b, "--quiet").returncode == 0
    pd.testing.assert_frame_equal(pd.read_parquet(a / "crossings.parquet"), pd.read_parquet(b / "crossings.parquet"))


@pytest.mark.parametrize("text, field", [
    ("name = [", "TOML syntax error"),
    ("[tube]\nlength_m = -1.0\n", "species"),
])
def test_bad_config_exits_2_with_one_line_and_no_traceback(tmp_path, text, field):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    for cmd in ("run", "info"):
        r = cli(cmd, f)
        assert r.returncode == 2
        assert "Traceback" not in r.stderr
        assert field in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "output").exists()


def test_info_reports_resolution_and_warns_when_coarse(tmp_path):
    r = cli("info", "runs/quickstart.toml")
    assert r.returncode == 0
    assert "dz/lambda" in r.stdout and "warning" not in r.stdout
    coarse = (ROOT / "runs/quickstart.toml").read_text().replace("cells = 300", "cells = 10")
    f = tmp_path / "coarse.toml"
    f.write_text(coarse)
    r = cli("info", f)
    assert r.returncode == 0 and "warning: tube.cells" in r.stdout
    assert "will be refused: tube.cells" in r.stdout  # dz/lambda = 6: run refuses it, info says so
    assert cli("run", f, "--out", tmp_path / "never", "--quiet").returncode == 2
    # a quarter of the particles: partners meet again, D is biased low (docs/method.md)
    f.write_text((ROOT / "runs/quickstart.toml").read_text().replace("per_cell = 160", "per_cell = 40"))
    r = cli("info", f)
    assert r.returncode == 0 and "warning: particles: a molecule passes only 30 particles" in r.stdout


def test_report_writes_table_and_figures(tmp_path):
    out = tmp_path / "qs"
    assert cli("run", "runs/quickstart.toml", "--steps", "2000", "--out", out, "--quiet").returncode == 0
    r = cli("report", out)
    assert r.returncode == 0, r.stderr
    assert "D_AB (Fick on J_A) / [D]_1" in r.stdout
    for f in ("report.csv", "report.md", "profile.pdf", "profile.png", "diffusion.pdf", "flux_planes.png",
              "flux_series.pdf"):
        assert (out / "report" / f).is_file(), f
    bad = cli("report", tmp_path / "nothing")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_long_compilation_prints_progress(capsys):
    """The first run compiles for minutes: while it does, a line every interval says so."""
    import time

    from studies.ticker import with_ticker
    assert with_ticker(lambda x: (time.sleep(0.35), x)[1], 7, every_s=0.1) == 7
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "compiling the kernels" in ln]
    assert len(lines) >= 2


def test_a_sweep_file_is_recognised_by_info_and_run():
    """info describes a sweep file's points and its base; run points to `sweep` (exit 2, one
    line), instead of "species: missing"."""
    info = cli("info", "runs/clausing.toml")
    assert info.returncode == 0, info.stderr
    assert "sweep clausing: 9 runs" in info.stdout and "particlesim sweep runs/clausing.toml" in info.stdout
    run = cli("run", "runs/clausing.toml", "--quiet")
    assert run.returncode == 2 and "is a sweep file" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
