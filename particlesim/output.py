"""The run folder: resolved config, metadata, Parquet tables and a summary (docs/output.md)."""
from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import subprocess
from pathlib import Path

import numpy as np
import tomli_w

from . import __version__
from .config import Config, ConfigError
from .numba_config import get_num_threads
from .results import Results

TABLES = ("crossings", "profiles", "ends", "walls")
OPTIONAL = ("currents", "section_profiles", "bulbs")  # written when not empty
SCHEMA_VERSION = 1


class OutputExistsError(ConfigError):
    pass


RUN_MARKERS = ("config.toml", "metadata.json")  # what makes a folder a run folder


def is_run_folder(path: Path) -> bool:
    return path.is_dir() and any((path / m).is_file() for m in RUN_MARKERS)


def check_writable(out_dir: Path, force: bool):
    """Refuse to touch an earlier run's folder unless asked to, and never to overwrite what is not
    a run folder. The path is resolved first ('output/../..' is judged where it points)."""
    out_dir = Path(out_dir).resolve()
    for parent in [out_dir, *out_dir.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError("--out", f"{str(out_dir)!r} cannot be made: {str(parent)!r} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise ConfigError("--out", f"{str(out_dir)!r} cannot be written: no write permission in {str(parent)!r}")
            break
    if out_dir.exists() and (not out_dir.is_dir() or any(p.name != LOCK for p in out_dir.iterdir())):
        if force and is_run_folder(out_dir):
            return
        if force:
            raise OutputExistsError("--out", f"{str(out_dir)!r} holds files but is not a run folder (no "
                                    f"{' or '.join(RUN_MARKERS)}); --force overwrites only run folders")
        hint = ""
        if (out_dir / "checkpoint.npz").exists():  # an interrupted or killed run
            hint = f", or continue it with: particlesim run --resume {out_dir}"
        raise OutputExistsError("--out", f"{str(out_dir)!r} already holds a run; choose another --out "
                                f"or pass --force to overwrite it{hint}")


def git_commit() -> str | None:
    try:
        here = Path(__file__).resolve().parent
        r = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
        return r.stdout.strip() or None if r.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _jsonable(x):
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.floating, float)):
        return float(x) if np.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    return x


def _metadata(config: Config, results: Results | None, status: str) -> dict:
    s = results.summary if results is not None else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "status": status,  # running, interrupted, stopped or complete
        "particlesim_version": __version__,
        "git_commit": git_commit(),
        "config_source": config.source,
        "seed": config.seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "threads": get_num_threads(),
        "wall_time_s": s.get("wall_time_s"),
        "particle_steps_per_s": s.get("particle_steps_per_s"),
    }


LOCK = ".particlesim.lock"


def hold_folder(out_dir: Path, what: str = "--out"):
    """Hold the folder for this process until the returned file is closed (or the process ends,
    however it ends): two commands never write one folder at once. A
    second command is refused with the holder's process id. Made if missing."""
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(what, f"{str(out_dir)!r} cannot be made: {err.strerror}") from None
    f = open(Path(out_dir) / LOCK, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        pid = f.read().strip() or "another"
        f.close()
        raise ConfigError(what, f"{str(out_dir)!r} is being written by process {pid}; wait for it to end or "
                          "choose another folder") from None
    f.seek(0)
    f.truncate()
    f.write(str(os.getpid()))
    f.flush()
    return f


def config_text(config: Config) -> str:
    """The resolved config as a run folder records it (config.toml): every field, defaults included."""
    return tomli_w.dumps(_jsonable(config.to_dict()))


def prepare_run_dir(config: Config, out_dir, force: bool = False, resume: bool = False) -> Path:
    """Check and create the run folder; write the resolved config before any work, so
    that an interrupted run can be resumed from it (resume: the folder is that run's)."""
    out_dir = Path(out_dir)
    if not resume:
        check_writable(out_dir, force)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError("--out", f"{str(out_dir)!r} cannot be made: {err.strerror}") from None
    if force:
        for name in ("summary.json", "checkpoint.npz") + tuple(f"{t}.parquet" for t in TABLES + OPTIONAL):
            (out_dir / name).unlink(missing_ok=True)
        shutil.rmtree(out_dir / "report", ignore_errors=True)  # figures of the run it replaces
    if not resume:
        (out_dir / "config.toml").write_text(config_text(config))
    (out_dir / "metadata.json").write_text(json.dumps(_jsonable(_metadata(config, None, "running")), indent=2))
    return out_dir


def write_results(results: Results, config: Config, out_dir, status: str = "complete") -> Path:
    """Write the tables, the summary and the final metadata into a prepared run folder."""
    out_dir = Path(out_dir)
    for name in TABLES:
        getattr(results, name).to_parquet(out_dir / f"{name}.parquet", index=False)
    for name in OPTIONAL:
        if len(getattr(results, name)):
            getattr(results, name).to_parquet(out_dir / f"{name}.parquet", index=False)
    summary = dict(results.summary.to_dict(), status=status)
    (out_dir / "summary.json").write_text(json.dumps(_jsonable(summary), indent=2))
    (out_dir / "metadata.json").write_text(json.dumps(_jsonable(_metadata(config, results, status)), indent=2))
    return out_dir


def write_run(results: Results, config: Config, out_dir, force: bool = False) -> Path:
    """Write a complete, self-describing run folder and return its path."""
    prepare_run_dir(config, out_dir, force)
    return write_results(results, config, out_dir)
