"""Checkpoints: the full state of a run, written atomically, and restored exactly.

The state is everything the next step depends on: the live particles in their array
order, every random stream, the run's counters, and what each owner of state holds (owned.py):
the reservoirs and bulbs, the tallies, the collision step's per-cell (sigma g)_max and NTC
remainders. Resuming from a
checkpoint and running to the end gives exactly the output of an uninterrupted run.
"""
from __future__ import annotations

import json
import os
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .owned import StateError
from .state import ALL

OWNERS = ("reservoirs", "tallies", "collisions")  # the Simulation's parts that own state (owned.py)
FILENAME = "checkpoint.npz"


class CheckpointError(RuntimeError):
    pass


def save(sim, path) -> Path:
    """Write the state to `path` atomically: a temporary file, flushed and synced, then
    renamed over the previous checkpoint, which stays intact until that moment."""
    path = Path(path)
    p = sim.particles
    data = {f"{o}.{k}": v for o in OWNERS for k, v in getattr(sim, o).state().items()}
    data["rngs"] = sim.rngs
    data.update({f"particle_{f}": getattr(p, f)[: p.n] for f in ALL})
    data["scalars"] = np.array(json.dumps({k: getattr(sim, k) for k in sim.COUNTERS}))
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


# what a damaged or foreign file raises on reading (an empty file, a truncated archive, bad data)
UNREADABLE = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error)


def load(sim, path):
    """Restore a freshly built Simulation of the same config to the checkpointed state; a file
    that cannot be read whole is refused with CheckpointError, before anything is changed."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            data = {k: npz[k] for k in npz.files}  # read every member now: a truncated one fails here
        saved_cfg = json.loads(str(data["config"]))
        scalars = json.loads(str(data["scalars"]))
    except UNREADABLE as err:
        raise CheckpointError(f"cannot read checkpoint {path} (damaged or not a checkpoint: "
                              f"{type(err).__name__}); start the run afresh") from None
    if saved_cfg != json.loads(json.dumps(sim.config.to_dict(), sort_keys=True, default=float)):
        raise CheckpointError(f"checkpoint {path} belongs to a different config")
    try:
        for o in OWNERS:
            prefix = o + "."
            getattr(sim, o).restore({k[len(prefix):]: data[k] for k in data if k.startswith(prefix)})
        if data["rngs"].shape != sim.rngs.shape:
            raise StateError("'rngs' has another shape")
    except (StateError, KeyError) as err:
        raise CheckpointError(f"checkpoint {path} was written by another version of particlesim ({err}); "
                              "start the run afresh") from None
    sim.rngs[...] = data["rngs"]
    p = sim.particles
    n = int(data["particle_z"].size)
    p.n = 0
    p.ensure(n)
    for f in ALL:
        getattr(p, f)[:n] = data[f"particle_{f}"]
    p.n = n
    for k, v in scalars.items():
        setattr(sim, k, v)
    return sim


def saved_step(path) -> int:
    """The step a checkpoint file was written at (raises one of UNREADABLE if it cannot be read)."""
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
