"""Checkpoints: the full state of a run, written atomically, and restored exactly.

The state is everything the next step depends on: the live particles in their array
order, every random stream, every accumulator (crossings, end tallies, profiles, collision
counts), the per-cell (sigma g)_max and NTC remainders, and the counters. Resuming from a
checkpoint and running to the end gives exactly the output of an uninterrupted run.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

from .state import ALL

ARRAYS = ("rngs", "cross", "faces", "bnd", "wall_tally", "prof", "block_steps", "ncoll", "sep", "last_tag", "_ncoll_warmup", "_sep_warmup",
          "sgmax", "remainder", "res_n", "res_u", "inflow", "res_drift", "res_T", "rx_cell", "bulb_count")
SCALARS = ("step_index", "sampled_steps", "collisions_total", "particle_steps", "wall_time")
FILENAME = "checkpoint.npz"


class CheckpointError(RuntimeError):
    pass


def save(sim, path) -> Path:
    """Write the state to `path` atomically: a temporary file, flushed and synced, then
    renamed over the previous checkpoint, which stays intact until that moment."""
    path = Path(path)
    p = sim.particles
    data = {k: getattr(sim, k) for k in ARRAYS}
    data.update({f"particle_{f}": getattr(p, f)[: p.n] for f in ALL})
    data["series"] = sim.crossing_series()
    data["currents"] = np.array(sim._currents).reshape(-1, len(sim.config.species))
    data["scalars"] = np.array(json.dumps({k: getattr(sim, k) for k in SCALARS}))
    data["control_history"] = np.array(sim.control_history, dtype=float).reshape(-1, 4)
    data["bulb_steps"] = np.array([k for k, _ in sim._bulb_series], dtype=np.int64)
    data["bulb_series"] = np.array([c for _, c in sim._bulb_series], dtype=np.int64).reshape(-1, *sim.bulb_count.shape)
    data["config"] = np.array(json.dumps(sim.config.to_dict(), sort_keys=True, default=float))
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path


def load(sim, path):
    """Restore a freshly built Simulation of the same config to the checkpointed state."""
    path = Path(path)
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise CheckpointError(f"cannot read checkpoint {path}: {err}") from None
    saved_cfg = json.loads(str(data["config"]))
    if saved_cfg != json.loads(json.dumps(sim.config.to_dict(), sort_keys=True, default=float)):
        raise CheckpointError(f"checkpoint {path} belongs to a different config")
    for k in ARRAYS:
        if k not in data or data[k].shape != getattr(sim, k).shape:
            raise CheckpointError(f"checkpoint {path} was written by another version of particlesim "
                                  f"({k!r} missing or of another shape); start the run afresh")
        getattr(sim, k)[...] = data[k]
    p = sim.particles
    n = int(data["particle_z"].size)
    p.n = 0
    p.ensure(n)
    for f in ALL:
        getattr(p, f)[:n] = data[f"particle_{f}"]
    p.n = n
    sim._series = list(data["series"])
    sim._currents = list(data["currents"])
    sim.control_history = [tuple(r) for r in data["control_history"]]
    sim._bulb_series = [(int(k), c.copy()) for k, c in zip(data["bulb_steps"], data["bulb_series"])]
    for k, v in json.loads(str(data["scalars"])).items():
        setattr(sim, k, v)
    return sim


def saved_step(path) -> int:
    """The step a checkpoint file was written at."""
    with np.load(path) as d:
        return int(json.loads(str(d["scalars"]))["step_index"])


class Checkpointer:
    """Decides when to write: every `every_steps` steps and/or every `every_minutes`."""

    def __init__(self, path, every_steps: int = 0, every_minutes: float = 0.0):
        self.path = Path(path)
        self.every_steps = int(every_steps)
        self.every_seconds = 60.0 * float(every_minutes)
        self._last = time.monotonic()
        self.written = 0

    def steps_to_next(self, step_index: int) -> int | None:
        """Steps until the next step-based checkpoint (None: none planned)."""
        if self.every_steps <= 0:
            return None
        return self.every_steps - step_index % self.every_steps

    def maybe_write(self, sim):
        due_steps = self.every_steps > 0 and sim.step_index % self.every_steps == 0
        due_time = self.every_seconds > 0 and time.monotonic() - self._last >= self.every_seconds
        if due_steps or due_time:
            self.write(sim)

    def write(self, sim):
        save(sim, self.path)
        self._last = time.monotonic()
        self.written += 1
