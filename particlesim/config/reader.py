"""Reading one TOML table with checks: every value is taken out by type and range, an error
names the field's path, the value and the allowed range, and a key nobody took is flagged with
the nearest known key as a hint."""
from __future__ import annotations

import difflib
import math

from ..constants import K_B


class ConfigError(ValueError):
    """A config field is missing, unknown or out of range. ``str(err)`` is one line."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def show(v) -> str:
    """A value as the user wrote it in TOML (true, not True)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, dict):
        return "a table"
    return repr(v)


class Table:
    """Takes keys out of one TOML table, checking type and range, then flags leftovers."""

    def __init__(self, data, path: str):
        if not isinstance(data, dict):
            raise ConfigError(path, f"{show(data)} is not allowed; must be a table")
        self.data = dict(data)
        self.path = path
        self.taken = []  # keys asked for: the candidates of a did-you-mean hint

    def _ask(self, key):
        self.taken.append(key)
        return key in self.data

    def at(self, key):
        return f"{self.path}.{key}" if self.path else key

    def has(self, key):
        return self._ask(key)

    def _missing(self, key, message):
        """A required key is absent: a misspelling of it among the leftovers is the likelier story."""
        near = difflib.get_close_matches(key, [k for k in self.data if isinstance(k, str)], n=1, cutoff=0.6)
        if near:
            return ConfigError(self.at(near[0]), f"unknown key; did you mean {key!r}?")
        return ConfigError(self.at(key), message)

    def table(self, key, required=True):
        if not self._ask(key):
            if required:
                raise self._missing(key, "missing; this table is required")
            return Table({}, self.at(key))
        return Table(self.data.pop(key), self.at(key))

    def number(self, key, default=None, *, gt=None, ge=None, le=None, unit="", integer=False):
        if not self._ask(key):
            if default is None:
                raise self._missing(key, f"missing; give a number{' in ' + unit if unit else ''}")
            return default
        v = self.data.pop(key)
        kind = "an integer" if integer else "a number"
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)):
            raise ConfigError(self.at(key), f"{show(v)} is not allowed; must be {kind}{' in ' + unit if unit else ''}")
        if not math.isfinite(v):
            raise ConfigError(self.at(key), f"{v!r} is not allowed; must be finite")
        u = f" {unit}" if unit else ""
        if gt is not None and not v > gt:
            raise ConfigError(self.at(key), f"{v!r} is not allowed; must be > {gt}{u}")
        if ge is not None and not v >= ge:
            raise ConfigError(self.at(key), f"{v!r} is not allowed; must be >= {ge}{u}")
        if le is not None and not v <= le:
            raise ConfigError(self.at(key), f"{v!r} is not allowed; must be <= {le}{u}")
        return int(v) if integer else float(v)

    def string(self, key, default=None, choices=None):
        if not self._ask(key):
            if default is None:
                raise self._missing(key, "missing" + (f"; one of {', '.join(choices)}" if choices else ""))
            return default
        v = self.data.pop(key)
        if not isinstance(v, str) or (choices and v not in choices):
            allowed = f"one of {', '.join(choices)}" if choices else "a string"
            raise ConfigError(self.at(key), f"{show(v)} is not allowed; must be {allowed}")
        return v

    def boolean(self, key, default):
        self._ask(key)
        v = self.data.pop(key, default)
        if not isinstance(v, bool):
            raise ConfigError(self.at(key), f"{show(v)} is not allowed; must be true or false")
        return v

    def raw(self, key, default=None):
        self._ask(key)
        return self.data.pop(key, default)

    def done(self, known=()):
        """Flag the first key nobody took: unknown, with the nearest known key as a hint."""
        if self.data:
            key = sorted(self.data)[0]
            near = difflib.get_close_matches(key, list(known) or self.taken, n=1, cutoff=0.6)
            raise ConfigError(self.at(key), "unknown key" + (f"; did you mean {near[0]!r}?" if near else ""))


def density(t: Table, temperature: float, vacuum: bool = False) -> float:
    """Number density from exactly one of pressure_Pa and number_density_m3 (0 allowed where
    `vacuum`: a reservoir that only absorbs)."""
    has_p, has_n = t.has("pressure_Pa"), t.has("number_density_m3")
    bound = {"ge": 0} if vacuum else {"gt": 0}
    if has_p and has_n:
        raise ConfigError(t.at("pressure_Pa"), "give either pressure_Pa or number_density_m3, not both")
    if has_p:
        return t.number("pressure_Pa", unit="Pa", **bound) / (K_B * temperature)
    if has_n:
        return t.number("number_density_m3", unit="m^-3", **bound)
    raise ConfigError(t.at("pressure_Pa"), "missing; give pressure_Pa or number_density_m3")


def fractions(value, path: str, names) -> tuple:
    if value is None:
        raise ConfigError(path, f"missing; give a table of species = mole fraction, e.g. {{ {names[0]} = 1.0 }}")
    if not isinstance(value, dict):
        raise ConfigError(path, f"{show(value)} is not allowed; must be a table of species = mole fraction")
    for k, v in value.items():
        if k not in names:
            raise ConfigError(f"{path}.{k}", f"unknown species; known: {', '.join(names)}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= v <= 1.0:
            raise ConfigError(f"{path}.{k}", f"{v!r} is not allowed; must be a number in [0, 1]")
    y = tuple(float(value.get(n, 0.0)) for n in names)
    total = sum(y)
    if abs(total - 1.0) > 1e-6:
        raise ConfigError(path, f"mole fractions sum to {total:.9g}; they must sum to 1 (within 1e-6, which is "
                          "normalised away: 0.333333 and 0.666667 are fine)")
    return tuple(v / total for v in y)


