"""Checkpoints: a killed run resumes and ends with exactly the output of an uninterrupted one."""
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomli_w

import particlesim as ps
from particlesim import checkpoint

from .conftest import BASE

ROOT = Path(__file__).resolve().parents[1]
TIMING = {"wall_time_s", "particle_steps_per_s", "status"}


def _config_file(tmp_path, steps=16000, every=1000):
    d = dict(BASE, name="ck", time={"dt_s": 2e-11, "steps": steps},
             sampling={"start_step": 1000, "interval_steps": 10, "profile_blocks": 8, "planes": 5},
             checkpoint={"every_steps": every, "every_minutes": 0.0})
    f = tmp_path / "ck.toml"
    f.write_text(tomli_w.dumps(d))
    return f


def _cli(*args, wait=True):
    cmd = [sys.executable, "-m", "studies.cli", "run", *map(str, args), "--quiet", "--threads", "1"]
    if wait:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _checkpoint_step(path):
    try:
        return checkpoint.saved_step(path)
    except (OSError, ValueError, KeyError):  # not written yet
        return -1


def _wait_for_checkpoint_after(proc, path, step, timeout=120):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if _checkpoint_step(path) > step:
            return _checkpoint_step(path)
        if proc.poll() is not None:
            raise AssertionError(f"run ended early: {proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError("no checkpoint appeared")


def _assert_same_output(a: Path, b: Path):
    for t in ("crossings", "profiles", "ends"):
        pd.testing.assert_frame_equal(pd.read_parquet(a / f"{t}.parquet"), pd.read_parquet(b / f"{t}.parquet"))
    sa, sb = (json.loads((d / "summary.json").read_text()) for d in (a, b))
    assert {k: v for k, v in sa.items() if k not in TIMING} == {k: v for k, v in sb.items() if k not in TIMING}


def test_run_killed_at_several_points_resumes_to_identical_output(tmp_path):
    cfg = _config_file(tmp_path)
    ref, run = tmp_path / "ref", tmp_path / "run"
    assert _cli(cfg, "--out", ref).returncode == 0
    ck = run / checkpoint.FILENAME
    proc = _cli(cfg, "--out", run, wait=False)
    seen = -1
    for _ in range(3):  # SIGKILL just after a checkpoint appears, then resume
        seen = _wait_for_checkpoint_after(proc, ck, seen)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert not (run / "summary.json").exists()
        proc = _cli("--resume", run, wait=False)
    assert proc.wait() == 0, proc.stderr.read()
    assert seen >= 3000
    _assert_same_output(ref, run)
    assert not ck.exists()  # a finished run drops its checkpoint


def test_sigterm_writes_a_checkpoint_and_partial_results_then_resumes(tmp_path):
    cfg = _config_file(tmp_path)
    ref, run = tmp_path / "ref", tmp_path / "run"
    assert _cli(cfg, "--out", ref).returncode == 0
    proc = _cli(cfg, "--out", run, wait=False)
    _wait_for_checkpoint_after(proc, run / checkpoint.FILENAME, -1)
    proc.send_signal(signal.SIGTERM)
    err = proc.stderr.read()
    assert proc.wait() == 128 + signal.SIGTERM
    assert "interrupted at step" in err and "--resume" in err and "Traceback" not in err
    summary = json.loads((run / "summary.json").read_text())
    assert summary["status"] == "interrupted" and summary["steps"] < 16000
    again = _cli(cfg, "--out", run)  # a second plain run refuses to overwrite and points to --resume
    assert again.returncode == 2 and "--resume" in again.stderr
    assert _cli("--resume", run).returncode == 0
    _assert_same_output(ref, run)


def test_failed_checkpoint_write_leaves_the_last_one_usable(tmp_path, monkeypatch):
    cfg = ps.load_config(_config_file(tmp_path, steps=4000, every=1000))
    ref = ps.Simulation(cfg).run()
    path = tmp_path / checkpoint.FILENAME
    writes = {"n": 0}
    real_savez = np.savez

    def flaky_savez(f, **data):
        writes["n"] += 1
        if writes["n"] == 2:  # the second checkpoint hits a full disk halfway through
            f.write(b"partial")
            raise OSError(28, "No space left on device", str(path))
        return real_savez(f, **data)

    monkeypatch.setattr(np, "savez", flaky_savez)
    sim = ps.Simulation(cfg)
    with pytest.raises(OSError):
        sim.run(checkpoint=checkpoint.Checkpointer(path, every_steps=1000, every_minutes=0))
    monkeypatch.setattr(np, "savez", real_savez)
    assert not path.with_name(path.name + ".tmp").exists()
    resumed = checkpoint.load(ps.Simulation(cfg), path)
    assert resumed.step_index == 1000
    res = resumed.run()
    for t in ("crossings", "profiles", "ends"):
        pd.testing.assert_frame_equal(getattr(ref, t), getattr(res, t))


def test_checkpoint_of_another_config_is_refused(tmp_path):
    cfg = ps.load_config(_config_file(tmp_path, steps=1400, every=100))
    sim = ps.Simulation(cfg)
    sim.run(100)
    checkpoint.save(sim, tmp_path / "c.npz")
    other = ps.Simulation(cfg.replace(seed=cfg.seed + 1))
    with pytest.raises(checkpoint.CheckpointError, match="different config"):
        checkpoint.load(other, tmp_path / "c.npz")


@pytest.mark.parametrize("damage", ["drop", "reshape"])
def test_checkpoint_whose_owner_state_does_not_fit_is_refused(tmp_path, damage):
    """Each owner of state (tallies, reservoirs, collisions) restores only what fits it: a
    missing or reshaped array (another version of particlesim) is refused, not half-loaded."""
    cfg = ps.load_config(_config_file(tmp_path, steps=1400, every=100))
    sim = ps.Simulation(cfg)
    sim.run(100)
    path = checkpoint.save(sim, tmp_path / "c.npz")
    with np.load(path) as d:
        data = {k: d[k] for k in d.files}
    assert {"tallies.cross", "reservoirs.inflow", "collisions.sgmax"} <= set(data)
    if damage == "drop":
        del data["reservoirs.inflow"]
    else:
        data["tallies.cross"] = data["tallies.cross"][:, :-1]
    np.savez(path, **data)
    with pytest.raises(checkpoint.CheckpointError, match="another version"):
        checkpoint.load(ps.Simulation(cfg), path)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04" + b"\x00" * 40, b"not a checkpoint"])
def test_a_damaged_checkpoint_is_refused_and_the_folder_left_as_it_was(tmp_path, content):
    """An empty, truncated or foreign checkpoint.npz: --resume exits 2 with one line and no
    traceback, and metadata.json (the run's status and wall time) is not rewritten."""
    out = tmp_path / "run"
    r = _cli("runs/quickstart.toml", "--steps", "200", "--out", out)
    assert r.returncode == 0, r.stderr
    (out / "summary.json").unlink()  # as if killed before the end
    (out / "checkpoint.npz").write_bytes(content)
    meta = (out / "metadata.json").read_bytes()
    again = _cli("--resume", out)
    assert again.returncode == 2 and "cannot read checkpoint" in again.stderr
    assert sum("particlesim: error" in line for line in again.stderr.splitlines()) == 1
    assert "Traceback" not in again.stderr
    assert (out / "metadata.json").read_bytes() == meta
