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


def load_run(path) -> Run:
    path = Path(path)
    if not (path / "summary.json").is_file():
        raise FileNotFoundError(f"{path} is not a run folder (no summary.json)")
    tables = {k: pd.read_parquet(path / f"{k}.parquet") for k in ("crossings", "profiles", "ends")}
    for k in ("currents", "walls", "section_profiles"):  # written by some runs only
        if (path / f"{k}.parquet").is_file():
            tables[k] = pd.read_parquet(path / f"{k}.parquet")
    return Run(summary=json.loads((path / "summary.json").read_text()), path=path, **tables)
