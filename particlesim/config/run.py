"""A run's configuration: the Config that gathers the sections, built from a nested dict in the
TOML schema (`from_dict`, which validates every field once) or from a TOML file (`load_config`).

Every quantity is SI; the unit is part of each key's name (``length_m``, ``temperature_K``).
The full reference is docs/config.md. An error names the field, the value and the allowed range
(``ends.left.temperature_K: -5 is not allowed; must be > 0 K``). Nothing downstream reads raw
dictionaries.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from ..molecules import POTENTIAL_MODELS, PairModels, pair_models
from ..potentials.pairs import PotentialModels, pair_potentials, tang_toennies_form
from .overrides import merge, nested
from .reader import ConfigError, Table, density, fractions
from .sections import (
    COMPOSITIONS,
    CONTROL_KNOBS,
    CONTROL_TARGETS,
    GAS_ENDS,
    PARTNERS,
    T_RANGE,
    Checkpoint,
    Collisions,
    Control,
    End,
    Initial,
    Sampling,
    Tube,
    Walls,
    planes_along,
    side_fractions,
)
from .species import Pair, Reaction, Species

NAME_RE = re.compile(r"[A-Za-z0-9._-]+")


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
        """Per-pair d_ref, omega, alpha (mixing rule, then the [[pairs]] overrides); for molecules
        from a potential, hard spheres of the same viscosity at the initial temperature (for the
        mean free path and resolution estimates)."""
        if self.potentials is not None:
            T = self.initial.temperature_K
            d = self.potentials.viscosity_diameters(T)
            return PairModels(d, np.full(d.shape, 0.5), np.ones(d.shape), T)
        names = self.species_names
        t_ref = next((s.t_ref_K for s in self.species if s.model != "hard_sphere"), 273.0)
        return pair_models(self.species, [(names.index(p.species[0]), names.index(p.species[1]), p.diameter_m,
                                           p.omega, p.alpha) for p in self.pairs], t_ref)

    @functools.cached_property
    def potentials(self) -> PotentialModels | None:
        """The pair potentials (potentials/pairs.py) over the run's temperature range; None for
        hard sphere, VHS and VSS molecules."""
        if self.species[0].model not in POTENTIAL_MODELS:
            return None
        names = self.species_names
        temps = [self.initial.temperature_K] + [e.temperature_K for e in (self.left, self.right) if e.temperature_K > 0]
        if self.walls.temperature_left_K > 0:
            temps += [self.walls.temperature_left_K, self.walls.temperature_right_K]
        return pair_potentials(self.species, [(names.index(p.species[0]), names.index(p.species[1]), p.sigma_m,
                                               p.epsilon_K, p.potential_table) for p in self.pairs],
                               (min(temps), max(temps)))

    def replace(self, **changes) -> "Config":
        """A copy with fields changed, re-validated: ``cfg.replace(steps=100, seed=2)``, or dotted
        paths of the TOML schema, ``cfg.replace(**{"tube.cells": 600, "species.1.molar_mass_g_mol": 13.3})``."""
        base = self.to_dict()
        over = nested(changes)
        sampling = over.get("sampling", {})
        if "planes" in sampling:
            del base["sampling"]["planes_m"]  # a plane count replaces the resolved positions
        elif "planes_m" not in sampling and "length_m" in over.get("tube", {}):
            f = float(over["tube"]["length_m"]) / self.tube.length_m  # planes keep their place along the tube
            base["sampling"]["planes_m"] = [z * f for z in self.sampling.planes_m]
        try:
            return from_dict(merge(base, over), source=self.source)
        except ConfigError as err:
            if err.path == "sampling.start_step" and "steps" in changes and "sampling.start_step" not in changes:
                raise ConfigError(err.path, f"{self.sampling.start_step} is not allowed with steps = {changes['steps']} "
                                  f"(it must be <= steps); cfg.with_steps({changes['steps']}) keeps the warm-up "
                                  "fraction, as --steps does, or give sampling.start_step too") from None
            raise

    def with_steps(self, steps: int, **changes) -> "Config":
        """A copy that runs `steps` steps and keeps the warm-up fraction start_step / steps, the rule
        of `particlesim run --steps`: ``cfg.with_steps(2000)``."""
        if steps < 1:
            raise ConfigError("steps", f"{steps} is not allowed; must be >= 1")
        start = self.sampling.start_step
        if steps != self.steps and self.steps > 0:
            start = int(round(start * steps / self.steps))
        return self.replace(steps=steps, **{"sampling.start_step": start}, **changes)

    def to_dict(self) -> dict:
        """The resolved config in the TOML schema, loadable again by ``from_dict``."""
        names = self.species_names
        d = {
            "name": self.name,
            "seed": self.seed,
            "species": [s.to_dict() for s in self.species],
            "tube": self.tube.to_dict(),
            "particles": ({"weight": self.weight} if self.particles_per_cell == 0
                          else {"per_cell": self.particles_per_cell}),
            "time": {"dt_s": self.dt_s, "steps": self.steps},
            "initial": self.initial.to_dict(names),
            "ends": {side: getattr(self, side).to_dict(names) for side in ("left", "right")},
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
            "reactions": [r.to_dict() for r in self.reactions],
        }
        if self.pairs:
            d["pairs"] = [p.to_dict() for p in self.pairs]
        if self.tube.section != "unbounded":
            d["walls"] = self.walls.to_dict()
        return d



def from_dict(data: dict, source: str = "") -> Config:
    """Validate a nested dict in the TOML schema (docs/config.md) and build a Config."""
    root = Table(data, "")
    name = root.string("name", default="run")
    if not NAME_RE.fullmatch(name) or name in (".", ".."):
        raise ConfigError("name", f"{name!r} is not allowed; must be a plain name of letters, digits, '-', '_' and '.' "
                          "(it names the run folder; --out chooses where it goes)")
    seed = root.number("seed", default=1, ge=0, le=2 ** 63 - 1, integer=True)  # TOML integers are 64-bit
    species = Species.parse_all(root.raw("species"), set())
    names = tuple(s.name for s in species)

    tube = Tube.parse(root.table("tube"))

    pt = root.table("particles")
    if pt.has("per_cell") == pt.has("weight"):
        raise ConfigError("particles.per_cell", "give exactly one of particles.per_cell and particles.weight")
    per_cell = pt.number("per_cell", default=0.0, gt=0) if pt.has("per_cell") else 0.0
    weight = pt.number("weight", default=0.0, gt=0) if pt.has("weight") else 0.0
    pt.done()

    ti = root.table("time")
    dt = ti.number("dt_s", ge=1e-16, le=1.0, unit="s")  # beyond: no molecule moves, or no gas is resolved
    steps = ti.number("steps", ge=0, integer=True)
    ti.done()

    et = root.table("ends")
    left = End.parse(et.table("left"), names)
    right = End.parse(et.table("right"), names)
    et.done()
    if (left.type == "periodic") != (right.type == "periodic"):
        raise ConfigError("ends.right.type", "periodic ends come in pairs: set both ends to periodic")

    it = root.table("initial")
    comp = it.string("composition", choices=COMPOSITIONS)
    reservoirs = [e for e in (left, right) if e.type in GAS_ENDS]
    if comp == "vacuum":
        T0 = it.number("temperature_K", default=reservoirs[0].temperature_K if reservoirs else None, **T_RANGE,
                       unit="K")
        n0 = 0.0
        yl = yr = tuple(1.0 / len(names) for _ in names)
    else:
        T0 = it.number("temperature_K", **T_RANGE, unit="K")
        n0 = density(it, T0)
        if comp == "uniform":
            yl = yr = fractions(it.raw("mole_fractions"), it.at("mole_fractions"), names)
        else:
            yl = side_fractions(it, "left", left, names)
            yr = side_fractions(it, "right", right, names)
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
    walls = Walls.parse(root, tube, T0)

    st = root.table("sampling", required=False)
    start = st.number("start_step", default=0, ge=0, integer=True)
    interval = st.number("interval_steps", default=10, ge=1, integer=True)
    blocks = st.number("profile_blocks", default=20, ge=1, integer=True)
    planes = planes_along(st, tube.length_m)
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
    reactions = Reaction.parse_all(root.raw("reactions", []), species)
    pairs = Pair.parse_all(root.raw("pairs", []), species, Path(source).parent if source else Path.cwd())
    root.done()
    _check_potentials(species, reactions, pairs)
    return Config(name=name, seed=seed, species=species, tube=tube, particles_per_cell=per_cell, weight=weight,
                  dt_s=dt, steps=steps, initial=initial, left=left, right=right, collisions=coll, sampling=sampling,
                  checkpoint=checkpoint, control=control, reactions=reactions, walls=walls, pairs=pairs, source=source)


def _check_potentials(species, reactions, pairs=()):
    """What molecules from a potential do not support: reactions (their probability is defined per
    hard-sphere collision), and Tang-Toennies pairs whose parameters the package does not carry
    (unless a [[pairs]] potential table gives the pair)."""
    if species[0].model not in POTENTIAL_MODELS:
        return
    if reactions:
        raise ConfigError("reactions", f"are not allowed with model = {species[0].model!r}; reactions take hard "
                          "sphere, VHS or VSS molecules")
    if species[0].model == "tang_toennies":
        tabled = {frozenset(p.species) for p in pairs if p.potential_table}
        for i, a in enumerate(species):
            for b in species[i:]:
                if frozenset((a.name, b.name)) in tabled:
                    continue
                try:
                    tang_toennies_form((a.preset, b.preset))
                except KeyError as err:
                    raise ConfigError("species", err.args[0]) from None


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
