"""Parameter sweeps: a base config expanded over grids, run on local cores or a Dask cluster.

A sweep file (docs/sweeps.md)::

    name = "ce_scaling"
    base = "quickstart.toml"          # relative to the sweep file
    keep_resolution = true            # scale L and dt with each point's lambda and tau
    replicas = 1                      # runs per point, each with its own seed
    quick_series = ["T"]              # the series --quick runs
    [quick]                           # overrides for --quick (any config field)
    "time.steps" = 8000

    [[series]]                        # a grid (cartesian product of its lists) ...
    name = "T"
    "gas.temperature_K" = [150.0, 273.15, 400.0, 600.0]

    [[series]]                        # ... or, with mode = "zip", lists taken side by side
    name = "dt"
    mode = "zip"
    "time.dt_s" = [1e-11, 2e-11]
    "time.steps" = [48000, 24000]
    quick = false                     # leave this block out of --quick

Keys are dotted config fields ("tube.cells", "species.1.molar_mass_g_mol") or the gas
shorthands "gas.temperature_K", "gas.pressure_Pa", which set the initial gas and every
reservoir together. Each point is a run folder under OUT/points/ID; the gathered table is
OUT/table.parquet. A restarted sweep skips the points whose run folders are complete.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.measure.interfaces import evaporation_between_surfaces
from analysis.measure.walls import sweep_columns
from analysis.report.run_report import build_report
from analysis.report.table import frame, select
from analysis.theory.evaporation import evaporation_condensation_flux
from particlesim.config import Config, ConfigError, from_dict, load_config
from particlesim.constants import K_B
from particlesim.numba_config import set_threads
from particlesim.output import config_text, hold_folder, write_run
from particlesim.resolution import derive, relaxation_time
from particlesim.simulation import Simulation
from studies.ticker import with_ticker

GAS_KEYS = ("gas.temperature_K", "gas.pressure_Pa")


@dataclass(frozen=True)
class Point:
    id: str
    series: str
    params: dict
    seed: int


@dataclass(frozen=True)
class Sweep:
    name: str
    base: Config
    points: tuple
    keep_resolution: bool
    source: Path
    quick: dict = field(default_factory=dict)  # the [quick] overrides, applied over each point's own values


def load_sweep(path, quick: bool = False) -> Sweep:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError("", f"sweep file {str(path)!r} does not exist") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("", f"{path}: TOML syntax error: {err}") from None
    known = {"name", "base", "set", "keep_resolution", "replicas", "quick", "quick_series", "series"}
    for k in data:
        if k not in known:
            raise ConfigError(k, f"unknown key in a sweep file; known: {', '.join(sorted(known))}")
    if "base" not in data:
        raise ConfigError("base", "missing; name the base config file")
    base = load_config(path.parent / data["base"])
    if data.get("set"):  # fields of the base changed for the whole sweep
        base = base.replace(**data["set"])
    quick_set = dict(data.get("quick") or {}) if quick else {}
    if quick_set:
        base = base.replace(**quick_set)
    replicas = data.get("replicas", 1)
    if not isinstance(replicas, int) or replicas < 1:
        raise ConfigError("replicas", f"{replicas!r} is not allowed; must be an integer >= 1")
    series = data.get("series")
    if not isinstance(series, list) or not series:
        raise ConfigError("series", "missing; give at least one [[series]] table")
    only = data.get("quick_series") if quick else None
    names = [str(ser.get("name", f"series{si}")) if isinstance(ser, dict) else "" for si, ser in enumerate(series)]
    if data.get("quick_series") is not None:
        qs = data["quick_series"]
        if not isinstance(qs, list) or not all(isinstance(q, str) and q in names for q in qs):
            raise ConfigError("quick_series", f"{qs!r} is not allowed; must be a list of series names from "
                              f"{sorted(set(names))}")
    points = []
    for si, ser in enumerate(series):
        ser = dict(ser)
        sname = str(ser.pop("name", f"series{si}"))
        mode = ser.pop("mode", "grid")
        in_quick = ser.pop("quick", True)  # quick = false: a block too slow for --quick (e.g. long relaxations)
        if not isinstance(in_quick, bool):
            raise ConfigError(f"series[{si}].quick", f"{in_quick!r} is not allowed; must be true or false")
        if quick and (not in_quick or (only is not None and sname not in only)):
            continue
        keys = list(ser)
        for k in keys:
            if not isinstance(ser[k], list) or not ser[k]:
                raise ConfigError(f"series[{si}].{k}", f"{ser[k]!r} is not allowed; must be a non-empty list")
        if mode == "zip":
            if len({len(ser[k]) for k in keys}) != 1:
                raise ConfigError(f"series[{si}]", "mode = 'zip' needs lists of equal length")
            combos = list(zip(*(ser[k] for k in keys)))
        elif mode == "grid":
            combos = list(itertools.product(*(ser[k] for k in keys)))
        else:
            raise ConfigError(f"series[{si}].mode", f"{mode!r} is not allowed; must be grid or zip")
        for combo in combos:
            params = dict(zip(keys, combo))
            pid = f"{sname}-{len({p.id for p in points if p.series == sname}):03d}"
            for r in range(replicas):
                # every point and replica its own seed: hard-sphere DSMC is exactly scale
                # invariant, so equal seeds would give identical noise at every T and p
                points.append(Point(pid, sname, params, base.seed + 1000 * r + len(points)))
    if not points:
        raise ConfigError("quick_series" if quick else "series", "selects no points" + (
            " for --quick (every chosen block has quick = false)" if quick else ""))
    sweep = Sweep(str(data.get("name", path.stem)), base, tuple(points), bool(data.get("keep_resolution", False)), path,
                  quick_set)
    for p in sweep.points:  # validate every point before any work
        point_config(sweep, p)
    return sweep


def point_config(sweep: Sweep, point: Point) -> Config:
    """The config of one point: gas shorthands expanded, other fields set, and (with
    keep_resolution) L and dt multiplied by the ratios of the point's mean free path and
    collision time to the base config's, so that L/lambda and dt/tau stay as the point set them."""
    base = sweep.base
    changes = {k: v for k, v in point.params.items() if k not in GAS_KEYS}
    changes.update(sweep.quick)  # --quick shortens every point, also where a series sets its own steps
    T = point.params.get("gas.temperature_K")
    p = point.params.get("gas.pressure_Pa")
    if T is not None or p is not None:
        T0 = base.initial.temperature_K
        p0 = base.initial.number_density_m3 * K_B * T0
        T = T0 if T is None else float(T)
        n = (p0 if p is None else float(p)) / (K_B * T)
        changes.update({"initial.temperature_K": T, "initial.number_density_m3": n})
        for side in ("left", "right"):
            end = getattr(base, side)
            if end.type in ("reservoir", "bulb"):
                changes.update({f"ends.{side}.temperature_K": T, f"ends.{side}.number_density_m3": n})
            elif end.type == "diffuse":
                changes[f"ends.{side}.temperature_K"] = T
    changes["seed"] = point.seed
    changes["name"] = f"{sweep.name}-{point.id}-s{point.seed}"
    try:
        cfg = base.replace(**changes)
    except ConfigError as err:
        raise ConfigError(f"{point.id}: {err.path}", str(err).split(": ", 1)[-1]) from None
    if sweep.keep_resolution:
        d0, d = derive(base), derive(cfg)
        scale_l = d.mean_free_path_m / d0.mean_free_path_m
        scale_t = d.collision_time_s / d0.collision_time_s
        planes = [z * scale_l for z in cfg.sampling.planes_m]
        cfg = cfg.replace(**{"tube.length_m": cfg.tube.length_m * scale_l, "time.dt_s": cfg.dt_s * scale_t,
                             "sampling.planes_m": planes})
    return cfg


def run_point(cfg_dict: dict, out_dir: str) -> dict:
    """Run one point into its run folder and return its row. A plain function of plain data,
    so that it can be sent to worker processes and Dask workers."""
    # one thread per point, by Numba's mask: setting NUMBA_NUM_THREADS here, after Numba has read it,
    # made a worker that had to compile a kernel fail ("Cannot set NUMBA_NUM_THREADS ... once the
    # threads have been launched": Numba re-reads the environment when it compiles)
    set_threads(1)
    cfg = from_dict(cfg_dict)
    t0 = time.perf_counter()
    res = Simulation(cfg).run()
    write_run(res, cfg, out_dir, force=True)
    table, error = frame([]), ""
    bulbs = "bulb" in (cfg.left.type, cfg.right.type)  # a diffusion cell: its analysis reads the bulbs' records
    if len(cfg.species) >= 2 and not bulbs:  # the flux-and-gradient report is about two or more species
        try:
            table = build_report(res)["table"]
        except (ValueError, ZeroDivisionError, np.linalg.LinAlgError) as err:  # e.g. too few particles to analyse
            error = f"{type(err).__name__}: {err}"
    row = _row(cfg, res, table)
    evap = evaporation_between_surfaces(res)  # a pure vapour between two surfaces
    if evap is not None:
        row.update(evap_delta=evap["delta"], evap_flux=evap["flux"].value, evap_flux_err=evap["flux"].error,
                   evap_bgk=(evaporation_condensation_flux(evap["delta"], alpha=evap["alpha"]) if evap["alpha"]
                             else float("nan")))
    row["analysis_error"] = error
    row["wall_time_s"] = time.perf_counter() - t0
    Path(out_dir, "row.json").write_text(json.dumps(row))
    return row


def _row(cfg: Config, res, table) -> dict:
    s = res.summary
    two = len(cfg.species) > 1

    def val(key, col="value"):
        return select(table, key, col)

    return {**sweep_columns(res), **{
        "name": cfg.name, "seed": cfg.seed,
        "T_K": cfg.initial.temperature_K,
        "p_Pa": cfg.initial.number_density_m3 * K_B * cfg.initial.temperature_K,
        "n_m3": cfg.initial.number_density_m3,
        "M_A_g_mol": cfg.species[0].molar_mass_g_mol,
        "M_B_g_mol": cfg.species[1].molar_mass_g_mol if two else float("nan"),
        "mass_ratio": cfg.species[0].molar_mass_g_mol / cfg.species[1].molar_mass_g_mol if two else float("nan"),
        "length_m": cfg.tube.length_m, "cells": cfg.tube.cells, "dt_s": cfg.dt_s, "steps": cfg.steps,
        "subcells": s.subcells_per_cell, "particles_per_cell": cfg.particles_per_cell,
        "particles_swept_per_step": s.particles_swept_per_step,
        "dz_over_lambda": s.dz_over_lambda, "dt_over_tau": s.dt_over_tau, "mcs_over_lambda": s.mcs_over_lambda,
        "knudsen_length": s.knudsen_length, "mean_free_path_m": s.mean_free_path_m,
        "N_A": val("N_A"), "N_A_err": val("N_A", "error"), "N_B": val("N_B"), "N_B_err": val("N_B", "error"),
        "N_A_over_N_B": val("N_A/N_B"), "N_A_over_N_B_err": val("N_A/N_B", "error"),
        "graham": val("N_A/N_B", "theory"),
        "v_star": val("v_star"), "v_star_err": val("v_star", "error"),
        "v_mass": val("v_mass"), "v_mass_err": val("v_mass", "error"),
        "D": val("D_AB.ce2"), "D_err": val("D_AB.ce2", "error"),
        "D_over_D1": val("D_AB.over_D1"), "D_over_D1_err": val("D_AB.over_D1", "error"),
        "D1": val("D_AB.ce2") / val("D_AB.over_D1") if (table["key"] == "D_AB.ce2").any() else float("nan"),
        "D2": val("D_AB.ce2", "theory"), "D_conv": val("D_AB.ce", "theory"),
        "particle_steps": s.particle_steps,
        **{f"{col}{suffix}": val(key, which) for key, col in STEFAN_COLUMNS
           for suffix, which in (("", "ratio"), ("_err", "ratio_error"))},
    }}


# a tube with an interface end: the Stefan-tube rows of its report, as ratios to their theory
STEFAN_COLUMNS = (("stefan.N_A", "stefan_N_A"), ("stefan.resistance", "stefan_resistance"),
                  ("interface.p_A", "surface_p_ratio"), ("interface.jump_coefficient", "jump_over_C4"))


def run_sweep(path, out=None, scheduler: str | None = None, workers: int | None = None, quick: bool = False,
              progress: bool = True, force: bool = False) -> pd.DataFrame:
    """Run every unfinished point and gather the table (also written to OUT/table.parquet).
    A folder holding a different sweep file is refused unless force; then only the points whose
    resolved config is unchanged are kept, and the rest are run again."""
    sweep = load_sweep(path, quick=quick)
    out = Path(out) if out else Path(path).parent / "output" / (sweep.name + ("-quick" if quick else ""))
    client = _connect(scheduler) if scheduler else None  # before any file: a refused command writes nothing
    try:
        return _run_sweep(path, sweep, out, client, workers, progress, force)
    finally:
        if client is not None:
            client.close()


CONNECT_TIMEOUT_S = 15.0  # a scheduler that has not answered by then is refused


def _connect(address: str):
    """A Dask client of the scheduler at address, or exit 2 with one line naming why not. The
    connection runs in a daemon thread with a hard limit: a service other than Dask at the
    address can answer the handshake with garbage (or not at all) past Client's own timeout."""
    from dask.distributed import Client  # deferred: dask starts slowly and only clusters need it

    box = {}

    def connect():
        try:
            box["client"] = Client(address, timeout=CONNECT_TIMEOUT_S)
        except BaseException as err:  # noqa: BLE001 (any failure of the handshake is a refusal)
            box["error"] = err

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT_S + 5.0)
    if "client" in box:
        return box["client"]
    err = box.get("error")
    why = (str(err).splitlines() or [type(err).__name__])[0] if err is not None else (
        f"no Dask scheduler answered within {CONNECT_TIMEOUT_S + 5.0:.0f} s")
    raise ConfigError("--scheduler", f"{address!r} cannot be reached ({why}); give the address of a running Dask "
                      "scheduler, tcp://host:8786")


SETTLED_RELAXATIONS = 1.0  # a warm-up shorter than one slowest relaxation time leaves > 1/e of a diffusive start


def warm_up_relaxations(cfg: Config) -> float:
    """The warm-up (steps before sampling) in units of the tube's slowest relaxation time
    L^2/(pi^2 D) (particlesim.resolution.relaxation_time); inf where nothing relaxes."""
    relax = relaxation_time(cfg, derive(cfg))
    return cfg.sampling.start_step * cfg.dt_s / relax if relax else float("inf")


def _changed_keys(old: str, new: str, most: int = 3) -> str:
    """The dotted keys in which two sweep files differ (the first `most`), for the refusal."""
    def flat(d, pre=""):
        out = {}
        for k, v in d.items():
            if isinstance(v, dict):
                out.update(flat(v, f"{pre}{k}."))
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                for i, x in enumerate(v):
                    out.update(flat(x, f"{pre}{k}.{x.get('name', i)}."))
            else:
                out[pre + k] = v
        return out
    try:
        a, b = flat(tomllib.loads(old)), flat(tomllib.loads(new))
    except tomllib.TOMLDecodeError:
        return "the recorded file cannot be read"
    keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    more = f" and {len(keys) - most} more" if len(keys) > most else ""
    return (", ".join(keys[:most]) + more) if keys else "comments or layout only"


def _run_sweep(path, sweep, out, client, workers, progress, force=False) -> pd.DataFrame:
    held = hold_folder(out)  # noqa: F841 (two sweeps never write one folder; released when this returns)
    text = Path(path).read_text()
    recorded = out / "sweep.toml"
    changed = recorded.is_file() and recorded.read_text() != text
    if changed and not force:
        raise ConfigError("--out", f"{str(out)!r} holds the points of a different sweep file (changed: "
                          f"{_changed_keys(recorded.read_text(), text)}); pass --force to keep only the points "
                          "whose config is unchanged and run the rest, or choose another --out")
    (out / "points").mkdir(parents=True, exist_ok=True)
    recorded.write_text(text)
    todo, rows = [], {}

    settled = {}  # each point's warm-up in relaxation times, from the config resolved here once

    def prepare():
        wanted = set()
        for p in sweep.points:
            d = out / "points" / f"{p.id}-s{p.seed}"
            wanted.add(d.name)
            resolved = point_config(sweep, p)
            settled[p.id, p.seed] = warm_up_relaxations(resolved)
            cfg = resolved.to_dict()
            # a finished point counts only if it ran this very config (a changed file may change it)
            same = (d / "config.toml").is_file() and (d / "config.toml").read_text() == config_text(from_dict(cfg))
            if (d / "row.json").is_file() and same:
                rows[p.id, p.seed] = json.loads((d / "row.json").read_text())
            else:
                (d / "row.json").unlink(missing_ok=True)
                todo.append((p, cfg, str(d)))
        if changed:  # points the new file no longer has would mix into the folder: remove them
            for d in (out / "points").iterdir():
                if d.name not in wanted:
                    shutil.rmtree(d, ignore_errors=True)

    # molecules from a potential: each point's deflection tables are built here, once (about 10 s a pair)
    if progress:
        with_ticker(prepare, what="preparing the points")
    else:
        prepare()
    unsettled = sorted({p.id for p in sweep.points if settled[p.id, p.seed] < SETTLED_RELAXATIONS})
    if unsettled and progress:
        print(f"warning: {len(unsettled)} points start sampling within {SETTLED_RELAXATIONS:g} diffusive relaxation "
              f"time L^2/(pi^2 D) ({', '.join(unsettled)}): unless they start near their steady state, their numbers "
              "are not steady" + (" (--quick: a smoke test, not results)" if sweep.quick else ""), file=sys.stderr)
    if todo:
        for (p, _, _), row in zip(todo, _execute(todo, client, workers, progress)):
            rows[p.id, p.seed] = row
    table = pd.DataFrame([dict(rows[p.id, p.seed], point=p.id, series=p.series,
                               warm_up_relaxations=settled[p.id, p.seed],
                               **{f"param:{k}": v for k, v in p.params.items()}) for p in sweep.points])
    table.to_parquet(out / "table.parquet", index=False)
    table.attrs["out"] = str(out)
    return table


def _execute(todo, client, workers, progress):
    """Run the points (on the Dask client's cluster, or local processes); rows in the order of `todo`."""
    bar = tqdm(total=len(todo), unit="point", disable=not progress)
    if client is not None:
        from dask.distributed import as_completed  # deferred: dask starts slowly and only clusters need it
        futures = [client.submit(run_point, cfg, d, pure=False) for _, cfg, d in todo]
        for _ in as_completed(futures):
            bar.update(1)
        results = client.gather(futures)
    else:
        import multiprocessing as mp  # deferred, with the pool below: only local sweeps use them
        from concurrent.futures import ProcessPoolExecutor
        nw = workers or os.cpu_count() or 1
        with ProcessPoolExecutor(max_workers=nw, mp_context=mp.get_context("spawn")) as pool:
            futures = [pool.submit(run_point, cfg, d) for _, cfg, d in todo]
            results = []
            for f in futures:
                results.append(f.result())
                bar.update(1)
    bar.close()
    return results
