"""Read a run folder (docs/output.md) into tables. In-memory `particlesim.Results` objects
have the same attributes, so every analysis function takes either."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Run:
    crossings: pd.DataFrame
    profiles: pd.DataFrame
    ends: pd.DataFrame
    summary: dict = field(default_factory=dict)
    path: Path | None = None
    currents: pd.DataFrame = field(default_factory=pd.DataFrame)
    walls: pd.DataFrame = field(default_factory=pd.DataFrame)
    section_profiles: pd.DataFrame = field(default_factory=pd.DataFrame)
    bulbs: pd.DataFrame = field(default_factory=pd.DataFrame)


class RunFolderError(ValueError):
    """A run folder is missing a file or holds a damaged one; the message says which."""


def load_run(path) -> Run:
    """Open a run folder (docs/output.md) as a `Run`: the tables as DataFrames and the summary
    as a dict, the same attributes as an in-memory `particlesim.Results`, so that every
    analysis function takes either::

        from analysis.load import load_run
        run = load_run("runs/output/quickstart")
        run.crossings, run.profiles, run.summary["species"]

    Raises RunFolderError, naming the file, if a required file is missing or unreadable."""
    path = Path(path)
    if not (path / "summary.json").is_file():
        raise RunFolderError(f"{str(path)!r} is not a run folder (no summary.json)")
    try:
        summary = json.loads((path / "summary.json").read_text())
    except (OSError, ValueError) as err:
        raise RunFolderError(f"{path / 'summary.json'} cannot be read: {err}") from None
    tables = {}
    for k in ("crossings", "profiles", "ends", "currents", "walls", "section_profiles", "bulbs"):
        f = path / f"{k}.parquet"
        if not f.is_file():
            if k in ("crossings", "profiles", "ends"):
                raise RunFolderError(f"{str(path)!r} has no {f.name}; the run did not finish writing (rerun it, or "
                                     "resume it if it has a checkpoint)")
            continue  # written by some runs only
        try:
            tables[k] = pd.read_parquet(f)
        except Exception as err:  # pyarrow raises its own error types for damaged files
            raise RunFolderError(f"{f} is damaged and cannot be read ({type(err).__name__}); rerun the run") from None
    if "mean_free_path_max_m" not in summary and (path / "config.toml").is_file():
        summary["mean_free_path_max_m"] = _longest_mean_free_path(path / "config.toml")
    return Run(summary=summary, path=path, **tables)


def _longest_mean_free_path(config_file) -> float | None:
    """For runs written before the summary recorded it (`layer_margin` needs it)."""
    from particlesim.config import ConfigError, load_config
    from particlesim.resolution import derive
    try:
        return derive(load_config(config_file)).mean_free_path_max_m
    except (ConfigError, OSError, ValueError):
        return None
