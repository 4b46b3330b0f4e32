"""Sweeps: the quick Chapman-Enskog scaling study, the Dask runner, restarts."""
import shutil
from pathlib import Path

import pandas as pd
import pytest
import tomli_w

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from analysis.report.sweeps import summarize
from studies.sweep import load_sweep, run_sweep

from .conftest import BASE

ROOT = Path(__file__).resolve().parents[1]
TIMING = ["wall_time_s"]


def test_quick_scaling_study_recovers_t_three_halves_over_p(tmp_path):
    table = run_sweep(ROOT / "runs/ce_scaling.toml", out=tmp_path / "quick", quick=True, progress=False)
    s = summarize(table)
    eT, ep = s["exponent_T"], s["exponent_p"]
    assert abs(eT["exponent"] - 1.5) < 0.1 and eT["ci95"][0] - 0.02 < 1.5 < eT["ci95"][1] + 0.02, eT
    assert abs(ep["exponent"] + 1.0) < 0.1 and ep["ci95"][0] - 0.02 < -1.0 < ep["ci95"][1] + 0.02, ep


def _tiny_sweep(tmp_path, cells=(40, 60)):
    base = dict(BASE, time={"dt_s": 2e-11, "steps": 600},
                sampling={"start_step": 200, "interval_steps": 10, "profile_blocks": 4, "planes": 3})
    (tmp_path / "base.toml").write_text(tomli_w.dumps(base))
    (tmp_path / "tiny.toml").write_text(tomli_w.dumps({
        "name": "tiny", "base": "base.toml", "keep_resolution": True,
        "series": [{"name": "T", "gas.temperature_K": [200.0, 300.0]}, {"name": "cells", "tube.cells": list(cells)}]}))
    return tmp_path / "tiny.toml"


def test_dask_cluster_gives_the_same_table_as_the_local_runner(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sweep = _tiny_sweep(tmp_path)
    local = run_sweep(sweep, out=tmp_path / "local", workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        remote = run_sweep(sweep, out=tmp_path / "dask", scheduler=c.scheduler_address, progress=False)
    assert len(local) == 4
    pd.testing.assert_frame_equal(local.drop(columns=TIMING), remote.drop(columns=TIMING))


def test_restarted_sweep_runs_only_unfinished_points(tmp_path):
    sweep = _tiny_sweep(tmp_path)
    out = tmp_path / "out"
    first = run_sweep(sweep, out=out, workers=1, progress=False)
    points = sorted((out / "points").iterdir())
    shutil.rmtree(points[1])  # as if the sweep had been killed before this point finished
    stamps = {p.name: (p / "row.json").stat().st_mtime_ns for p in points if p.exists()}
    again = run_sweep(sweep, out=out, workers=1, progress=False)
    assert {p.name: (p / "row.json").stat().st_mtime_ns for p in points if p.name in stamps} == stamps
    assert (points[1] / "row.json").exists()
    pd.testing.assert_frame_equal(first.drop(columns=TIMING), again.drop(columns=TIMING))


def test_sweep_points_are_validated_before_any_work(tmp_path):
    from particlesim.config import ConfigError
    sweep = _tiny_sweep(tmp_path, cells=(40, -1))
    with pytest.raises(ConfigError, match="tube.cells"):
        load_sweep(sweep)


def test_power_law_interval_covers_95_percent_with_right_or_understated_errors():
    """Synthetic D ~ T^1.5 sweeps (7 points, 0.2-0.4% noise): the exponent's 95% interval
    contains 1.5 in 95% of 2,000 sweeps, within 2.5 binomial errors, whether the error bars
    are right or all 1.8 times too small (the issue-16 quick sweep's chi2/dof of 3.2)."""
    import numpy as np

    from analysis.report.sweeps import power_law
    gen = np.random.default_rng(16)
    T = np.array([200.0, 273.15, 300.0, 400.0, 500.0, 600.0, 700.0])
    n = 2000
    for under in (1.0, 1.8):
        hit = 0
        for _ in range(n):
            err = 0.003 * (T / 273.15) ** 1.5 * gen.uniform(0.7, 1.3, T.size)
            lo, hi = power_law(T, (T / 273.15) ** 1.5 + gen.normal(0, err), err / under)["ci95"]
            hit += lo <= 1.5 <= hi
        assert abs(hit / n - 0.95) < 2.5 * np.sqrt(0.95 * 0.05 / n), (under, hit / n)


def test_a_sweep_folder_takes_only_its_own_sweep_file_and_one_writer(tmp_path):
    """Finished points are reused only for the same sweep file (a changed file would mix its
    table with the old points), and a folder held by another command is refused."""
    from particlesim.config import ConfigError
    from particlesim.output import hold_folder
    sweep = _tiny_sweep(tmp_path)
    out = tmp_path / "out"
    run_sweep(sweep, out=out, workers=1, progress=False)
    before = sorted(p.name for p in (out / "points").iterdir())
    sweep.write_text(sweep.read_text() + "\n# a changed file\n")
    with pytest.raises(ConfigError, match="different sweep file"):
        run_sweep(sweep, out=out, workers=1, progress=False)
    assert sorted(p.name for p in (out / "points").iterdir()) == before
    held = hold_folder(tmp_path / "busy")
    with pytest.raises(ConfigError, match="being written by process"):
        run_sweep(sweep, out=tmp_path / "busy", workers=1, progress=False)
    held.close()


def test_a_changed_sweep_file_is_refused_naming_the_change_and_forced_keeps_only_unchanged_points(tmp_path):
    """Without force the refusal names the changed key; with force the points whose resolved
    config is unchanged keep their rows, a changed point runs again, and a point the new file
    no longer has leaves the folder (its row would mix into the table otherwise)."""
    from particlesim.config import ConfigError
    sweep = _tiny_sweep(tmp_path)
    out = tmp_path / "out"
    run_sweep(sweep, out=out, workers=1, progress=False)
    rows = {p.name: (p / "row.json").stat().st_mtime_ns for p in (out / "points").iterdir()}
    text = sweep.read_text()
    changed = tomllib.loads(text)
    changed["series"][0]["gas.temperature_K"] = [200.0, 350.0]
    changed["series"][1]["tube.cells"] = [40]
    sweep.write_text(tomli_w.dumps(changed))
    with pytest.raises(ConfigError, match=r"changed: series\.T\.gas\.temperature_K, series\.cells\.tube\.cells"):
        run_sweep(sweep, out=out, workers=1, progress=False)
    assert (out / "sweep.toml").read_text() == text  # the refused command wrote nothing
    table = run_sweep(sweep, out=out, workers=1, progress=False, force=True)
    after = {p.name: (p / "row.json").stat().st_mtime_ns for p in (out / "points").iterdir()}
    assert len(table) == len(after) == 3
    kept = {k for k in after if k in rows and after[k] == rows[k]}
    assert len(kept) == 2  # T = 200 K and 40 cells: same config as before
    assert after["T-001-s12"] != rows["T-001-s12"]  # the point now at 350 K ran anew
    assert set(rows) - set(after) == {"cells-001-s14"}  # 60 cells is gone with its row
    assert sorted(table["param:gas.temperature_K"].dropna()) == [200.0, 350.0]
    assert table["param:tube.cells"].dropna().tolist() == [40]


def test_quick_overrides_win_over_a_series_own_steps():
    """--quick shortens every point: [quick] values replace a series' own values of the same keys
    (ce_scaling's T series sets 80,000 steps; its quick variant runs 9,000)."""
    from studies.sweep import point_config
    full, quick = load_sweep(ROOT / "runs/ce_scaling.toml"), load_sweep(ROOT / "runs/ce_scaling.toml", quick=True)
    assert point_config(full, full.points[0]).steps == 80000
    assert {point_config(quick, p).steps for p in quick.points} == {9000}
