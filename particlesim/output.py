"""The run folder: resolved config, metadata, Parquet tables and a summary (docs/output.md)."""
from __future__ import annotations

import json
import platform
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import tomli_w

from .config import Config, ConfigError, from_dict
from .numba_config import get_num_threads
from .results import Results

TABLES = ("crossings", "profiles", "ends")
SCHEMA_VERSION = 1


class OutputExistsError(ConfigError):
    pass


def check_writable(out_dir: Path, force: bool):
    """Refuse to touch an earlier run's folder unless asked to."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())) and not force:
        raise OutputExistsError("--out", f"{str(out_dir)!r} already holds a run; choose another --out "
                                "or pass --force to overwrite it")


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


def write_run(results: Results, config: Config, out_dir, force: bool = False) -> Path:
    """Write a self-describing run folder and return its path."""
    from . import __version__
    out_dir = Path(out_dir)
    check_writable(out_dir, force)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "config.toml").write_text(tomli_w.dumps(_jsonable(config.to_dict())))
    meta = {
        "schema_version": SCHEMA_VERSION,
        "particlesim_version": __version__,
        "git_commit": git_commit(),
        "config_source": config.source,
        "seed": config.seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "wall_time_s": results.summary.get("wall_time_s"),
        "particle_steps_per_s": results.summary.get("particle_steps_per_s"),
        "threads": get_num_threads(),
    }
    (out_dir / "metadata.json").write_text(json.dumps(_jsonable(meta), indent=2))
    for name in TABLES:
        getattr(results, name).to_parquet(out_dir / f"{name}.parquet", index=False)
    (out_dir / "summary.json").write_text(json.dumps(_jsonable(results.summary), indent=2))
    return out_dir


def read_run(run_dir) -> tuple[Results, Config]:
    """Load a run folder written by `write_run`."""
    run_dir = Path(run_dir)
    if not (run_dir / "summary.json").exists():
        raise ConfigError("RUN_DIR", f"{str(run_dir)!r} is not a run folder (no summary.json)")
    import tomllib
    cfg = from_dict(tomllib.loads((run_dir / "config.toml").read_text()), source=str(run_dir / "config.toml"))
    tables = {name: pd.read_parquet(run_dir / f"{name}.parquet") for name in TABLES}
    summary = json.loads((run_dir / "summary.json").read_text())
    return Results(summary=summary, **tables), cfg
