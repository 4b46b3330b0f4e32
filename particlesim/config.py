"""Run configuration: frozen dataclasses, TOML loading, validation with field paths.

Every quantity is SI; the unit is part of each key's name (``length_m``, ``temperature_K``).
The full reference is docs/config.md. Validation happens once, here: an error names the
field, the value and the allowed range (``ends.left.temperature_K: -5 is not allowed;
must be > 0 K``). Nothing downstream reads raw dictionaries.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import difflib
import re

from .constants import K_B
from .gases import PRESETS, molecular_mass
from .molecules import BIRD_A, MODELS, PairModels, pair_models

NAME_RE = re.compile(r"[A-Za-z0-9._-]+")
END_TYPES = ("reservoir", "bulb", "specular", "diffuse", "periodic")
GAS_ENDS = ("reservoir", "bulb")  # ends that hold gas of a given state
PARTNERS = ("random", "nearest")
COMPOSITIONS = ("uniform", "linear", "step", "vacuum")


class ConfigError(ValueError):
    """A config field is missing, unknown or out of range. ``str(err)`` is one line."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class Species:
    """A species and its molecular model (molecules.py): for `vhs` and `vss` the diameter is
    d_ref at t_ref_K; hard spheres have omega = 1/2 and alpha = 1."""
    name: str
    molar_mass_g_mol: float
    diameter_m: float
    model: str = "hard_sphere"
    omega: float = 0.5
    alpha: float = 1.0
    t_ref_K: float = 273.0
    preset: str = ""

    @property
    def mass_kg(self) -> float:
        return molecular_mass(self.molar_mass_g_mol)


@dataclass(frozen=True)
class Tube:
    """The tube: length, z-cells and cross-section (section.py). `area_m2` is the section's
    area: given for `unbounded` (a periodic square), pi R^2 for `circle`, H W for `slit`."""
    length_m: float
    cells: int
    area_m2: float = 1e-12
    section: str = "unbounded"
    radius_m: float = 0.0   # circle
    height_m: float = 0.0   # slit: distance between the plates
    width_m: float = 0.0    # slit: period along the plates
    bins: int = 0           # transverse bins (rings, bands); 0: automatic

    @property
    def dz(self) -> float:
        return self.length_m / self.cells

    @property
    def cell_volume(self) -> float:
        """Volume of one z-cell (the whole section)."""
        return self.dz * self.area_m2


@dataclass(frozen=True)
class Walls:
    """The side wall of a circle or slit section: Maxwell's model, a fraction `accommodation`
    re-emitted diffusely at the local wall temperature (linear in z), the rest specular."""
    model: str = "diffuse"
    accommodation: float = 1.0
    temperature_left_K: float = 0.0
    temperature_right_K: float = 0.0


@dataclass(frozen=True)
class End:
    """One tube end. A reservoir has a gas state; a bulb a volume and its initial gas state
    (well mixed at temperature_K; its inventory changes by what crosses the end); walls only a
    temperature (diffuse)."""
    type: str
    temperature_K: float = 0.0
    number_density_m3: float = 0.0
    mole_fractions: tuple = ()
    drift_m_s: float = 0.0
    volume_m3: float = 0.0

    @property
    def pressure_Pa(self) -> float:
        return self.number_density_m3 * K_B * self.temperature_K


@dataclass(frozen=True)
class Initial:
    composition: str
    temperature_K: float
    number_density_m3: float
    mole_fractions_left: tuple
    mole_fractions_right: tuple


@dataclass(frozen=True)
class Collisions:
    enabled: bool = True
    subcells: int = 0             # sub-cells along z per collision cell; 0: automatic
    transverse_subcells: int = 0  # across (per side for unbounded, sectors for circle); 0: automatic
    partners: str = "random"      # random in the sub-cell, or the nearest in 3D within it


@dataclass(frozen=True)
class Sampling:
    start_step: int
    interval_steps: int
    profile_blocks: int
    planes_m: tuple
    currents: bool = False  # record the total z momentum of each species every sampled step


@dataclass(frozen=True)
class Reaction:
    """reactants -> products in a collision of the reactant pair, with probability
    steric_factor * (1 - E_a / E_t) (line-of-centres energy E_t = mu g^2 / 2 above E_a)."""
    reactants: tuple
    products: tuple
    steric_factor: float
    activation_energy_J_mol: float = 0.0
    heat_released_J_mol: float = 0.0

    @property
    def equation(self) -> str:
        return " + ".join(self.reactants) + " -> " + " + ".join(self.products)


CONTROL_TARGETS = ("none", "equimolar", "zero_mass_flux")
CONTROL_KNOBS = ("left.pressure", "right.pressure", "left.drift", "right.drift")


@dataclass(frozen=True)
class Control:
    """Feedback on a reservoir during the warm-up, frozen when sampling starts."""
    target: str = "none"            # equimolar: N = 0; zero_mass_flux: sum M_i N_i = 0
    adjust: str = "right.pressure"  # the reservoir quantity that is adjusted
    every_steps: int = 500          # window over which the flux is measured between adjustments
    gain: float = 0.5


@dataclass(frozen=True)
class Checkpoint:
    every_steps: int = 0        # 0: not by steps
    every_minutes: float = 10.0  # 0: not by time


@dataclass(frozen=True)
class Config:
    name: str
    seed: int
    species: tuple
    tube: Tube
    particles_per_cell: float
    weight: float  # F_N, real molecules per simulated particle (0: from particles_per_cell)
    dt_s: float
    steps: int
    initial: Initial
    left: End
    right: End
    collisions: Collisions
    sampling: Sampling
    checkpoint: Checkpoint = Checkpoint()
    control: Control = Control()
    reactions: tuple = ()
    walls: Walls = Walls()
    pairs: tuple = ()  # Pair overrides of the mixing rule
    source: str = field(default="", compare=False)

    @property
    def species_names(self) -> tuple:
        return tuple(s.name for s in self.species)

    @property
    def masses(self):
        return [s.mass_kg for s in self.species]

    @property
    def diameters(self):
        return [s.diameter_m for s in self.species]

    @property
    def pair_models(self) -> PairModels:
        """Per-pair d_ref, omega, alpha (mixing rule, then the [[pairs]] overrides)."""
        names = self.species_names
        t_ref = next((s.t_ref_K for s in self.species if s.model != "hard_sphere"), 273.0)
        return pair_models(self.species, [(names.index(p.species[0]), names.index(p.species[1]), p.diameter_m,
                                           p.omega, p.alpha) for p in self.pairs], t_ref)

    def replace(self, **changes) -> "Config":
        """A copy with fields changed, re-validated: ``cfg.replace(steps=100, seed=2)``, or dotted
        paths of the TOML schema, ``cfg.replace(**{"tube.cells": 600, "species.1.molar_mass_g_mol": 13.3})``."""
        base = self.to_dict()
        over = _nested(changes)
        sampling = over.get("sampling", {})
        if "planes" in sampling:
            del base["sampling"]["planes_m"]  # a plane count replaces the resolved positions
        elif "planes_m" not in sampling and "length_m" in over.get("tube", {}):
            f = float(over["tube"]["length_m"]) / self.tube.length_m  # planes keep their place along the tube
            base["sampling"]["planes_m"] = [z * f for z in self.sampling.planes_m]
        return from_dict(_merge(base, over), source=self.source)

    def to_dict(self) -> dict:
        """The resolved config in the TOML schema, loadable again by ``from_dict``."""
        names = self.species_names
        d = {
            "name": self.name,
            "seed": self.seed,
            "species": [dataclasses.asdict(s) for s in self.species],
            "tube": _tube_dict(self.tube),
            "particles": ({"weight": self.weight} if self.particles_per_cell == 0
                          else {"per_cell": self.particles_per_cell}),
            "time": {"dt_s": self.dt_s, "steps": self.steps},
            "initial": _initial_dict(self.initial, names),
            "ends": {side: _end_dict(getattr(self, side), names) for side in ("left", "right")},
            "collisions": dataclasses.asdict(self.collisions),
            "sampling": {
                "start_step": self.sampling.start_step,
                "interval_steps": self.sampling.interval_steps,
                "profile_blocks": self.sampling.profile_blocks,
                "planes_m": list(self.sampling.planes_m),
                "currents": self.sampling.currents,
            },
            "checkpoint": dataclasses.asdict(self.checkpoint),
            "control": dataclasses.asdict(self.control),
            "reactions": [{**dataclasses.asdict(r), "reactants": list(r.reactants), "products": list(r.products)}
                          for r in self.reactions],
        }
        if self.pairs:
            d["pairs"] = [{"species": list(p.species), **{k: v for k, v in (("diameter_m", p.diameter_m),
                          ("omega", p.omega), ("alpha", p.alpha)) if v is not None}} for p in self.pairs]
        if self.tube.section != "unbounded":
            d["walls"] = _walls_dict(self.walls)
        return d


def _tube_dict(tube: Tube) -> dict:
    d = {"length_m": tube.length_m, "cells": tube.cells, "section": tube.section}
    if tube.section == "unbounded":
        d["area_m2"] = tube.area_m2
    elif tube.section == "circle":
        d["radius_m"] = tube.radius_m
    else:
        d.update(height_m=tube.height_m, width_m=tube.width_m)
    if tube.bins:
        d["bins"] = tube.bins
    return d


def _walls_dict(w: Walls) -> dict:
    d = {"model": w.model}
    if w.model == "maxwell":
        d["accommodation"] = w.accommodation
    if w.model != "specular":
        if w.temperature_left_K == w.temperature_right_K:
            d["temperature_K"] = w.temperature_left_K
        else:
            d.update(temperature_left_K=w.temperature_left_K, temperature_right_K=w.temperature_right_K)
    return d


def _initial_dict(ini: Initial, names) -> dict:
    d = {"composition": ini.composition, "temperature_K": ini.temperature_K}
    if ini.composition == "vacuum":
        return d
    d["number_density_m3"] = ini.number_density_m3
    if ini.composition == "uniform":
        d["mole_fractions"] = dict(zip(names, ini.mole_fractions_left))
    else:
        d["mole_fractions_left"] = dict(zip(names, ini.mole_fractions_left))
        d["mole_fractions_right"] = dict(zip(names, ini.mole_fractions_right))
    return d


def _end_dict(end: End, names) -> dict:
    d = {"type": end.type}
    if end.type == "reservoir":
        d.update(temperature_K=end.temperature_K, number_density_m3=end.number_density_m3,
                 mole_fractions=dict(zip(names, end.mole_fractions)), drift_m_s=end.drift_m_s)
    elif end.type == "bulb":
        d.update(volume_m3=end.volume_m3, temperature_K=end.temperature_K, number_density_m3=end.number_density_m3,
                 mole_fractions=dict(zip(names, end.mole_fractions)))
    elif end.type == "diffuse":
        d.update(temperature_K=end.temperature_K)
    return d


def _nested(changes: dict) -> dict:
    """Turn ``{"tube.length_m": 1e-6, "steps": 5}`` into the nested TOML schema."""
    flat_aliases = {"steps": "time.steps", "dt_s": "time.dt_s"}
    out: dict = {}
    for key, value in changes.items():
        key = flat_aliases.get(key, key)
        parts = key.split(".")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out


# keys that say the same thing: setting one replaces the other
_ALTERNATIVES = {"pressure_Pa": "number_density_m3", "number_density_m3": "pressure_Pa"}


def _merge(base: dict, over: dict) -> dict:
    """Nested update; a dict of numeric keys updates list items ({"species": {"1": {...}}});
    a gas density given as pressure_Pa replaces number_density_m3 and the other way round."""
    out = dict(base)
    for k in over:
        if k in _ALTERNATIVES and k not in base:
            out.pop(_ALTERNATIVES[k], None)
    for k, v in over.items():
        cur = out.get(k)
        if isinstance(v, dict) and isinstance(cur, list) and all(str(i).isdigit() for i in v):
            items = list(cur)
            for i, sub in v.items():
                if int(i) >= len(items):
                    raise ConfigError(f"{k}[{i}]", f"no such item; {k} has {len(items)}")
                item = items[int(i)]
                if isinstance(sub, dict) and ("preset" in sub or "model" in sub) and isinstance(item, dict):
                    # a new preset brings its own mass and model parameters, a new model its preset's
                    # parameters, unless they are given too
                    drop = ("diameter_m", "omega", "alpha") + (("molar_mass_g_mol",) if "preset" in sub else ())
                    item = {f: x for f, x in item.items() if f not in drop}
                items[int(i)] = _merge(item, sub) if isinstance(sub, dict) else sub
            out[k] = items
        elif isinstance(v, dict) and isinstance(cur, dict) and not k.startswith("mole_fractions"):
            out[k] = _merge(cur, v)
        else:
            out[k] = v
    return out


# --------------------------------------------------------------------------- reading

def _show(v) -> str:
    """A value as the user wrote it in TOML (true, not True)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, dict):
        return "a table"
    return repr(v)


class _Table:
    """Takes keys out of one TOML table, checking type and range, then flags leftovers."""

    def __init__(self, data, path: str):
        if not isinstance(data, dict):
            raise ConfigError(path, f"{_show(data)} is not allowed; must be a table")
        self.data = dict(data)
        self.path = path
        self.taken = []  # keys asked for: the candidates of a did-you-mean hint

    def _ask(self, key):
        self.taken.append(key)
        return key in self.data

    def _p(self, key):
        return f"{self.path}.{key}" if self.path else key

    def has(self, key):
        return self._ask(key)

    def _missing(self, key, message):
        """A required key is absent: a misspelling of it among the leftovers is the likelier story."""
        near = difflib.get_close_matches(key, [k for k in self.data if isinstance(k, str)], n=1, cutoff=0.6)
        if near:
            return ConfigError(self._p(near[0]), f"unknown key; did you mean {key!r}?")
        return ConfigError(self._p(key), message)

    def table(self, key, required=True):
        if not self._ask(key):
            if required:
                raise self._missing(key, "missing; this table is required")
            return _Table({}, self._p(key))
        return _Table(self.data.pop(key), self._p(key))

    def number(self, key, default=None, *, gt=None, ge=None, le=None, unit="", integer=False):
        if not self._ask(key):
            if default is None:
                raise self._missing(key, f"missing; give a number{' in ' + unit if unit else ''}")
            return default
        v = self.data.pop(key)
        kind = "an integer" if integer else "a number"
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)):
            raise ConfigError(self._p(key), f"{_show(v)} is not allowed; must be {kind}{' in ' + unit if unit else ''}")
        if not math.isfinite(v):
            raise ConfigError(self._p(key), f"{v!r} is not allowed; must be finite")
        u = f" {unit}" if unit else ""
        if gt is not None and not v > gt:
            raise ConfigError(self._p(key), f"{v!r} is not allowed; must be > {gt}{u}")
        if ge is not None and not v >= ge:
            raise ConfigError(self._p(key), f"{v!r} is not allowed; must be >= {ge}{u}")
        if le is not None and not v <= le:
            raise ConfigError(self._p(key), f"{v!r} is not allowed; must be <= {le}{u}")
        return int(v) if integer else float(v)

    def string(self, key, default=None, choices=None):
        if not self._ask(key):
            if default is None:
                raise self._missing(key, "missing" + (f"; one of {', '.join(choices)}" if choices else ""))
            return default
        v = self.data.pop(key)
        if not isinstance(v, str) or (choices and v not in choices):
            allowed = f"one of {', '.join(choices)}" if choices else "a string"
            raise ConfigError(self._p(key), f"{_show(v)} is not allowed; must be {allowed}")
        return v

    def boolean(self, key, default):
        self._ask(key)
        v = self.data.pop(key, default)
        if not isinstance(v, bool):
            raise ConfigError(self._p(key), f"{_show(v)} is not allowed; must be true or false")
        return v

    def raw(self, key, default=None):
        self._ask(key)
        return self.data.pop(key, default)

    def done(self, known=()):
        """Flag the first key nobody took: unknown, with the nearest known key as a hint."""
        if self.data:
            key = sorted(self.data)[0]
            near = difflib.get_close_matches(key, list(known) or self.taken, n=1, cutoff=0.6)
            raise ConfigError(self._p(key), "unknown key" + (f"; did you mean {near[0]!r}?" if near else ""))


def _density(t: _Table, temperature: float, vacuum: bool = False) -> float:
    """Number density from exactly one of pressure_Pa and number_density_m3 (0 allowed where
    `vacuum`: a reservoir that only absorbs)."""
    has_p, has_n = t.has("pressure_Pa"), t.has("number_density_m3")
    bound = {"ge": 0} if vacuum else {"gt": 0}
    if has_p and has_n:
        raise ConfigError(t._p("pressure_Pa"), "give either pressure_Pa or number_density_m3, not both")
    if has_p:
        return t.number("pressure_Pa", unit="Pa", **bound) / (K_B * temperature)
    if has_n:
        return t.number("number_density_m3", unit="m^-3", **bound)
    raise ConfigError(t._p("pressure_Pa"), "missing; give pressure_Pa or number_density_m3")


def _fractions(value, path: str, names) -> tuple:
    if value is None:
        raise ConfigError(path, f"missing; give a table of species = mole fraction, e.g. {{ {names[0]} = 1.0 }}")
    if not isinstance(value, dict):
        raise ConfigError(path, f"{_show(value)} is not allowed; must be a table of species = mole fraction")
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


def _species(entries, names_seen) -> tuple:
    if not isinstance(entries, list) or not entries:
        raise ConfigError("species", "missing; give at least one [[species]] table")
    out = []
    for i, e in enumerate(entries):
        t = _Table(e, f"species[{i}]")
        name = t.string("name")
        if name in names_seen:
            raise ConfigError(t._p("name"), f"{name!r} is given twice")
        names_seen.add(name)
        preset = t.string("preset", default="", choices=None)
        if preset and preset not in PRESETS:
            raise ConfigError(t._p("preset"), f"{preset!r} is not allowed; must be one of {', '.join(PRESETS)}")
        model = t.string("model", default="hard_sphere", choices=MODELS)
        pm, pd = PRESETS.get(preset, (None, None))
        pw, pa = 0.5, 1.0
        if preset and model != "hard_sphere":  # Bird's Appendix A values (molecules.BIRD_A)
            _, _, pw, d_vhs, d_vss, a_vss = BIRD_A[preset]
            pd, pa = (d_vhs, 1.0) if model == "vhs" else (d_vss, a_vss)
        molar = t.number("molar_mass_g_mol", default=pm, gt=0, unit="g/mol")
        diam = t.number("diameter_m", default=pd, gt=0, le=1e-8, unit="m")
        fixed = {"hard_sphere": ("omega", "alpha"), "vhs": ("alpha",), "vss": ()}[model]
        for key, value in (("omega", 0.5), ("alpha", 1.0)):
            if key in fixed and t.has(key) and t.number(key, default=value) != value:
                raise ConfigError(t._p(key), f"is not allowed with model = {model!r} ({key} = {value:g} there); "
                                  f"set model = {'vss' if key == 'alpha' else 'vhs'!r} to vary it")
        omega = 0.5 if "omega" in fixed else t.number("omega", default=pw if preset else None, ge=0.5, le=1.0)
        alpha = 1.0 if "alpha" in fixed else t.number("alpha", default=pa if preset else 1.0, ge=1.0, le=2.0)
        t_ref = t.number("t_ref_K", default=273.0, gt=0, unit="K")
        t.done()
        out.append(Species(name, molar, diam, model, omega, alpha, t_ref, preset))
    refs = {s.t_ref_K for s in out if s.model != "hard_sphere"}
    if len(refs) > 1:
        raise ConfigError("species", f"t_ref_K differs between species ({', '.join(f'{r:g}' for r in sorted(refs))} "
                          "K); give all VHS/VSS species the same reference temperature")
    return tuple(out)


@dataclass(frozen=True)
class Pair:
    """A [[pairs]] override of the mixing rule for one species pair (None: from the rule)."""
    species: tuple
    diameter_m: float | None = None
    omega: float | None = None
    alpha: float | None = None


def _pairs(entries, species) -> tuple:
    if not isinstance(entries, list):
        raise ConfigError("pairs", f"{entries!r} is not allowed; must be a list of [[pairs]] tables")
    names = [s.name for s in species]
    out, seen = [], set()
    for k, e in enumerate(entries):
        t = _Table(e, f"pairs[{k}]")
        v = t.raw("species")
        if not isinstance(v, list) or len(v) != 2 or not all(isinstance(x, str) for x in v):
            raise ConfigError(t._p("species"), f"{v!r} is not allowed; must be a list of two species names")
        for x in v:
            if x not in names:
                raise ConfigError(t._p("species"), f"{x!r} is not a species; known: {', '.join(names)}")
        key = tuple(sorted(v))
        if key in seen:
            raise ConfigError(t._p("species"), f"{' + '.join(key)} is given twice")
        seen.add(key)
        d = t.number("diameter_m", gt=0, le=1e-8, unit="m") if t.has("diameter_m") else None
        w = t.number("omega", ge=0.5, le=1.0) if t.has("omega") else None
        a = t.number("alpha", ge=1.0, le=2.0) if t.has("alpha") else None
        t.done()
        out.append(Pair(tuple(v), d, w, a))
    return tuple(out)


def _end(t: _Table, names) -> End:
    kind = t.string("type", choices=END_TYPES)
    if kind == "reservoir":
        T = t.number("temperature_K", gt=0, unit="K")
        n = _density(t, T, vacuum=True)  # 0: a vacuum, which absorbs and emits nothing
        y = _fractions(t.raw("mole_fractions"), t._p("mole_fractions"), names)
        drift = t.number("drift_m_s", default=0.0, unit="m/s")
        end = End(kind, T, n, y, drift)
    elif kind == "bulb":
        V = t.number("volume_m3", gt=0, unit="m^3")
        T = t.number("temperature_K", gt=0, unit="K")
        n = _density(t, T, vacuum=True)  # 0: an empty bulb, which fills from the tube
        y = _fractions(t.raw("mole_fractions"), t._p("mole_fractions"), names)
        end = End(kind, T, n, y, 0.0, V)
    elif kind == "diffuse":
        end = End(kind, t.number("temperature_K", gt=0, unit="K"))
    else:
        end = End(kind)
    t.done()
    return end


def from_dict(data: dict, source: str = "") -> Config:
    """Validate a nested dict in the TOML schema (docs/config.md) and build a Config."""
    root = _Table(data, "")
    name = root.string("name", default="run")
    if not NAME_RE.fullmatch(name) or name in (".", ".."):
        raise ConfigError("name", f"{name!r} is not allowed; must be a plain name of letters, digits, '-', '_' and '.' "
                          "(it names the run folder; --out chooses where it goes)")
    seed = root.number("seed", default=1, ge=0, integer=True)
    species = _species(root.raw("species"), set())
    names = tuple(s.name for s in species)

    tube = _tube(root.table("tube"))

    pt = root.table("particles")
    if pt.has("per_cell") == pt.has("weight"):
        raise ConfigError("particles.per_cell", "give exactly one of particles.per_cell and particles.weight")
    per_cell = pt.number("per_cell", default=0.0, gt=0) if pt.has("per_cell") else 0.0
    weight = pt.number("weight", default=0.0, gt=0) if pt.has("weight") else 0.0
    pt.done()

    ti = root.table("time")
    dt = ti.number("dt_s", gt=0, unit="s")
    steps = ti.number("steps", ge=0, integer=True)
    ti.done()

    et = root.table("ends")
    left = _end(et.table("left"), names)
    right = _end(et.table("right"), names)
    et.done()
    if (left.type == "periodic") != (right.type == "periodic"):
        raise ConfigError("ends.right.type", "periodic ends come in pairs: set both ends to periodic")

    it = root.table("initial")
    comp = it.string("composition", choices=COMPOSITIONS)
    reservoirs = [e for e in (left, right) if e.type in GAS_ENDS]
    if comp == "vacuum":
        T0 = it.number("temperature_K", default=reservoirs[0].temperature_K if reservoirs else None, gt=0, unit="K")
        n0 = 0.0
        yl = yr = tuple(1.0 / len(names) for _ in names)
    else:
        T0 = it.number("temperature_K", gt=0, unit="K")
        n0 = _density(it, T0)
        if comp == "uniform":
            yl = yr = _fractions(it.raw("mole_fractions"), it._p("mole_fractions"), names)
        else:
            yl = _side_fractions(it, "left", left, names)
            yr = _side_fractions(it, "right", right, names)
    it.done()
    initial = Initial(comp, T0, n0, yl, yr)
    if comp == "vacuum" and weight == 0.0 and not reservoirs:
        raise ConfigError("initial.composition", "a vacuum start needs a reservoir end or particles.weight")

    ct = root.table("collisions", required=False)
    coll = Collisions(ct.boolean("enabled", True), ct.number("subcells", default=0, ge=0, le=64, integer=True),
                      ct.number("transverse_subcells", default=0, ge=0, le=16, integer=True),
                      ct.string("partners", default="random", choices=PARTNERS))
    ct.done()
    if tube.section == "circle" and coll.transverse_subcells not in (0, 1, 2, 4, 8):
        raise ConfigError("collisions.transverse_subcells", f"{coll.transverse_subcells} is not allowed in a circle "
                          "section; must be 0 (automatic), 1, 2, 4 or 8 angular sectors")
    walls = _walls(root, tube, T0)

    st = root.table("sampling", required=False)
    start = st.number("start_step", default=0, ge=0, integer=True)
    interval = st.number("interval_steps", default=10, ge=1, integer=True)
    blocks = st.number("profile_blocks", default=20, ge=1, integer=True)
    planes = _planes(st, tube.length_m)
    currents = st.boolean("currents", False)
    st.done()
    if start > steps:
        raise ConfigError("sampling.start_step", f"{start} is not allowed; must be <= time.steps ({steps})")
    sampled = steps - start
    if steps > 0 and sampled < 1:
        raise ConfigError("sampling.start_step", f"{start} is not allowed: with time.steps = {steps} nothing would "
                          "be sampled; must be < time.steps")
    if steps > 0 and interval > sampled:
        raise ConfigError("sampling.interval_steps", f"{interval} is not allowed: the {sampled} sampled steps would "
                          f"hold no complete interval; must be <= {sampled} (and a tenth of it or less for error bars)")
    if steps > 0 and sampled // interval < 3:  # the analysis forms its errors from 3 or more
        raise ConfigError("sampling.interval_steps", f"{interval} is not allowed: the {sampled} sampled steps would "
                          f"hold {sampled // interval} complete intervals; the analysis needs at least 3 (must be <= "
                          f"{sampled // 3}, and a tenth of the window or less for error bars)")
    if steps > 0 and blocks > sampled:
        raise ConfigError("sampling.profile_blocks", f"{blocks} is not allowed: more blocks than the {sampled} "
                          f"sampled steps; must be <= {sampled}")
    sampling = Sampling(start, interval, blocks, planes, currents)
    kt = root.table("checkpoint", required=False)
    checkpoint = Checkpoint(kt.number("every_steps", default=0, ge=0, integer=True),
                            kt.number("every_minutes", default=10.0, ge=0, unit="min"))
    kt.done()
    ct2 = root.table("control", required=False)
    control = Control(ct2.string("target", default="none", choices=CONTROL_TARGETS),
                      ct2.string("adjust", default="right.pressure", choices=CONTROL_KNOBS),
                      ct2.number("every_steps", default=500, ge=1, integer=True),
                      ct2.number("gain", default=0.5, gt=0, le=2.0))
    ct2.done()
    if control.target != "none":
        side = control.adjust.split(".")[0]
        if getattr(left if side == "left" else right, "type") != "reservoir":
            raise ConfigError("control.adjust", f"{control.adjust!r} is not allowed; ends.{side} is not a reservoir")
        if start < 2 * control.every_steps:
            raise ConfigError("sampling.start_step", f"{start} is not allowed with control; the feedback runs before "
                              f"sampling and needs at least 2 windows (>= {2 * control.every_steps})")
    reactions = _reactions(root.raw("reactions", []), species)
    pairs = _pairs(root.raw("pairs", []), species)
    root.done()
    return Config(name, seed, species, tube, per_cell, weight, dt, steps, initial, left, right,
                  coll, sampling, checkpoint, control, reactions, walls, pairs, source)


SECTIONS = ("unbounded", "circle", "slit")
WALL_MODELS = ("diffuse", "specular", "maxwell")


def _tube(tt: _Table) -> Tube:
    length = tt.number("length_m", gt=0, unit="m")
    cells = tt.number("cells", ge=1, integer=True)
    shape = tt.string("section", default="unbounded", choices=SECTIONS)
    allowed = {"unbounded": {"area_m2"}, "circle": {"radius_m"}, "slit": {"height_m", "width_m"}}[shape]
    for key in ("area_m2", "radius_m", "height_m", "width_m"):
        if tt.has(key) and key not in allowed:
            raise ConfigError(tt._p(key), f"not used by section = {shape!r}; it takes {', '.join(sorted(allowed))}")
    r = h = w = 0.0
    if shape == "unbounded":
        area = tt.number("area_m2", default=1e-12, gt=0, unit="m^2")
    elif shape == "circle":
        r = tt.number("radius_m", gt=0, unit="m")
        area = math.pi * r * r
    else:
        h = tt.number("height_m", gt=0, unit="m")
        w = tt.number("width_m", default=h, gt=0, unit="m")
        area = h * w
    bins = tt.number("bins", default=0, ge=0, le=256, integer=True)
    if shape == "unbounded" and bins > 1:
        raise ConfigError(tt._p("bins"), f"{bins} is not allowed for section = 'unbounded' (uniform across); must be 0 or 1")
    tt.done()
    return Tube(length, cells, area, shape, r, h, w, bins)


def _walls(root: _Table, tube: Tube, T_default: float) -> Walls:
    if tube.section == "unbounded":
        if root.has("walls"):
            raise ConfigError("walls", "not used by tube.section = 'unbounded' (no side wall); give a circle or slit section")
        return Walls()
    wt = root.table("walls", required=False)
    model = wt.string("model", default="diffuse", choices=WALL_MODELS)
    acc = {"diffuse": 1.0, "specular": 0.0}.get(model)
    if model == "maxwell":
        acc = wt.number("accommodation", ge=0, le=1.0)
    elif wt.has("accommodation"):
        raise ConfigError("walls.accommodation", f"only for model = 'maxwell' (the {model} wall has {acc:g})")
    TL = TR = 0.0
    if model != "specular":
        if wt.has("temperature_K") and (wt.has("temperature_left_K") or wt.has("temperature_right_K")):
            raise ConfigError("walls.temperature_K", "give temperature_K, or temperature_left_K and "
                              "temperature_right_K (linear in z), not both")
        if wt.has("temperature_left_K") or wt.has("temperature_right_K"):
            TL = wt.number("temperature_left_K", gt=0, unit="K")
            TR = wt.number("temperature_right_K", gt=0, unit="K")
        else:
            TL = TR = wt.number("temperature_K", default=T_default, gt=0, unit="K")
    wt.done()
    return Walls(model, acc, TL, TR)


def _reactions(entries, species) -> tuple:
    if not isinstance(entries, list):
        raise ConfigError("reactions", f"{entries!r} is not allowed; must be a list of [[reactions]] tables")
    names = [s.name for s in species]
    molar = {s.name: s.molar_mass_g_mol for s in species}
    out, pairs = [], set()
    for k, e in enumerate(entries):
        t = _Table(e, f"reactions[{k}]")
        lists = {}
        for key, sizes in (("reactants", (2,)), ("products", (1, 2))):
            v = t.raw(key)
            if not isinstance(v, list) or len(v) not in sizes or not all(isinstance(x, str) for x in v):
                raise ConfigError(t._p(key), f"{v!r} is not allowed; must be a list of {' or '.join(map(str, sizes))} "
                                  "species names")
            for x in v:
                if x not in names:
                    raise ConfigError(t._p(key), f"{x!r} is not a species; known: {', '.join(names)}")
            lists[key] = tuple(v)
        pair = tuple(sorted(lists["reactants"]))
        if pair in pairs:
            raise ConfigError(t._p("reactants"), f"{' + '.join(pair)} already has a reaction")
        pairs.add(pair)
        m_in = sum(molar[x] for x in lists["reactants"])
        m_out = sum(molar[x] for x in lists["products"])
        if abs(m_in - m_out) > 1e-6 * m_in:
            raise ConfigError(t._p("products"), f"molar masses {m_out:g} g/mol; they must add up to the reactants' "
                              f"{m_in:g} g/mol (mass is conserved)")
        out.append(Reaction(lists["reactants"], lists["products"], t.number("steric_factor", gt=0, le=1.0),
                            t.number("activation_energy_J_mol", default=0.0, ge=0, unit="J/mol"),
                            t.number("heat_released_J_mol", default=0.0, unit="J/mol")))
        t.done()
    return tuple(out)


def _side_fractions(it: _Table, side: str, end: End, names) -> tuple:
    key = f"mole_fractions_{side}"
    if it.has(key):
        return _fractions(it.raw(key), it._p(key), names)
    if end.type in GAS_ENDS:
        return end.mole_fractions
    raise ConfigError(it._p(key), f"missing; needed because ends.{side} is not a reservoir or bulb")


def _planes(st: _Table, length: float) -> tuple:
    if st.has("planes_m") and st.has("planes"):
        raise ConfigError(st._p("planes"), "give either sampling.planes (a count) or sampling.planes_m, not both")
    if st.has("planes_m"):
        zs = st.raw("planes_m")
        if not isinstance(zs, list) or not zs:
            raise ConfigError(st._p("planes_m"), f"{zs!r} is not allowed; must be a non-empty list of positions in m")
        for z in zs:
            if isinstance(z, bool) or not isinstance(z, (int, float)) or not 0.0 < z < length:
                raise ConfigError(st._p("planes_m"), f"{z!r} is not allowed; planes must lie in (0, {length:g}) m")
        return tuple(sorted(float(z) for z in zs))
    count = st.number("planes", default=9, ge=1, integer=True)
    return tuple(length * (k + 1) / (count + 1) for k in range(count))


def load_config(path) -> Config:
    """Read and validate a TOML run definition."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("", f"config file {str(path)!r} does not exist") from None
    except UnicodeDecodeError as err:
        raise ConfigError("", f"config file {str(path)!r} is not UTF-8 text (byte {err.start}); "
                          "save it as UTF-8 TOML") from None
    except IsADirectoryError:
        raise ConfigError("", f"{str(path)!r} is a folder, not a config file") from None
    except OSError as err:
        raise ConfigError("", f"cannot read config file {str(path)!r}: {err.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("", f"{path}: TOML syntax error: {err}") from None
    data.setdefault("name", re.sub(r"[^A-Za-z0-9._-]", "_", path.stem) or "run")
    return from_dict(data, source=str(path))
