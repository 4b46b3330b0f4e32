"""Read a run folder (docs/output.md) back as the engine's `particlesim.Results`: one record of a
run, whether it was just computed or read from disk."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from particlesim.config import ConfigError, load_config
from particlesim.resolution import derive
from particlesim.results import Results
from particlesim.summary import Summary

REQUIRED = ("crossings", "profiles", "ends")
OPTIONAL = ("currents", "walls", "section_profiles", "bulbs")  # written by some runs only


class RunFolderError(ValueError):
    """A run folder is missing a file or holds a damaged one; the message says which."""


def load_run(path) -> Results:
    """Open a run folder as `Results`: the tables as DataFrames, the summary (`particlesim.summary.Summary`), the
    resolved config (`run.config`, None if config.toml is missing or no longer loads) and the
    folder (`run.path`)::

        from analysis.load import load_run
        run = load_run("runs/output/quickstart")
        run.crossings, run.profiles, run.summary.species, run.config.tube.length_m

    Raises RunFolderError, naming the file, if a required file is missing or unreadable."""
    path = Path(path)
    if not (path / "summary.json").is_file():
        raise RunFolderError(f"{str(path)!r} is not a run folder (no summary.json)")
    try:
        summary = Summary.of(json.loads((path / "summary.json").read_text()))
    except (OSError, ValueError, TypeError, AttributeError) as err:
        raise RunFolderError(f"{path / 'summary.json'} cannot be read: {err}") from None
    tables = {}
    for k in REQUIRED + OPTIONAL:
        f = path / f"{k}.parquet"
        if not f.is_file():
            if k in REQUIRED:
                raise RunFolderError(f"{str(path)!r} has no {f.name}; the run did not finish writing (rerun it, or "
                                     "resume it if it has a checkpoint)")
            continue
        try:
            tables[k] = pd.read_parquet(f)
        except Exception as err:  # pyarrow raises its own error types for damaged files
            raise RunFolderError(f"{f} is damaged and cannot be read ({type(err).__name__}); rerun the run") from None
    config = _config(path / "config.toml")
    if summary.mean_free_path_max_m is None:  # runs written before the summary recorded it (layer_margin needs it)
        summary.mean_free_path_max_m = _longest_mean_free_path(config)
    return Results(summary=summary, config=config, path=path, **tables)


def _config(config_file):
    try:
        return load_config(config_file) if config_file.is_file() else None
    except (ConfigError, OSError, ValueError):
        return None


def _longest_mean_free_path(config) -> float | None:
    try:
        return derive(config).mean_free_path_max_m if config is not None else None
    except (ConfigError, ValueError):
        return None
