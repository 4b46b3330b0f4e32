"""State with an owner. An object that owns part of a run's state keeps it in public attributes:
numpy arrays (restored in place, so that the kernels' views stay valid), lists of records that
grow during the run (restored row by row) and scalar counters. Attributes whose names start with
an underscore are derived from the config and are not state. A checkpoint saves `state()` of
every owner and restores it with `restore()`: no list of names kept by hand."""
from __future__ import annotations

import numpy as np


class StateError(ValueError):
    """A saved state does not fit its owner (another version or another config)."""


class Owned:
    def _state_items(self):
        return [(k, v) for k, v in vars(self).items()
                if not k.startswith("_") and isinstance(v, (np.ndarray, list, int, float))]

    def state(self) -> dict:
        """name -> array of every piece of state this object owns."""
        return {k: v if isinstance(v, np.ndarray) else np.asarray(v) for k, v in self._state_items()}

    def restore(self, data: dict):
        """Put saved state back (arrays in place, shapes checked)."""
        for k, v in self._state_items():
            if k not in data:
                raise StateError(f"{k!r} is missing")
            saved = data[k]
            if isinstance(v, np.ndarray):
                if saved.shape != v.shape:
                    raise StateError(f"{k!r} has shape {saved.shape}, not {v.shape}")
                v[...] = saved
            elif isinstance(v, list):
                setattr(self, k, [r.copy() if isinstance(r, np.ndarray) else r for r in saved])
            else:
                setattr(self, k, type(v)(saved))
