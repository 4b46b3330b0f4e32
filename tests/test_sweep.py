"""Sweeps: the quick Chapman-Enskog scaling study, the Dask runner, restarts."""
import shutil
from pathlib import Path

import pandas as pd
import pytest
import tomli_w

from analysis.sweeps import summarize
from particlesim.sweep import load_sweep, run_sweep

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
