"""The sections of a run file (docs/config.md): the tube, its side walls, the ends, the initial
gas, collisions, sampling, the reservoir feedback and checkpoints. Each is a frozen dataclass
that parses its own TOML table (`parse`) and, where the resolved config needs it, writes itself
back (`to_dict`)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..constants import K_B
from .reader import ConfigError, Table, density, fractions, show

END_TYPES = ("reservoir", "bulb", "specular", "diffuse", "periodic", "interface")
PARTNERS = ("random", "nearest")
COMPOSITIONS = ("uniform", "linear", "step", "vacuum")
GAS_ENDS = ("reservoir", "bulb")  # ends that hold gas of a given state
# every temperature: below 1 K a gas of these molecules is no longer classical (quantum effects,
# condensation), above 1e5 K it ionizes; the collision models describe neither
T_RANGE = {"ge": 1.0, "le": 1.0e5}
MAX_DRIFT_M_S = 1.0e4  # reservoir drift: beyond 10 km/s the inflow is a beam, not a drifting gas
MIN_BULB_M3 = 1.0e-24  # a bulb smaller than a (100 nm)^3 box holds too few molecules to be well mixed
MIN_LENGTH_M = 1.0e-9  # a tube shorter than a few molecular diameters is not a gas-filled tube
SECTIONS = ("unbounded", "circle", "slit")
WALL_MODELS = ("diffuse", "specular", "maxwell")


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

    @staticmethod
    def parse(tt: Table) -> Tube:
        """The [tube] table."""
        length = tt.number("length_m", ge=MIN_LENGTH_M, le=MAX_SIZE_M, unit="m")
        cells = tt.number("cells", ge=1, integer=True)
        shape = tt.string("section", default="unbounded", choices=SECTIONS)
        allowed = {"unbounded": {"area_m2"}, "circle": {"radius_m"}, "slit": {"height_m", "width_m"}}[shape]
        for key in ("area_m2", "radius_m", "height_m", "width_m"):
            if tt.has(key) and key not in allowed:
                raise ConfigError(tt.at(key), f"not used by section = {shape!r}; it takes {', '.join(sorted(allowed))}")
        r = h = w = 0.0
        if shape == "unbounded":
            area = tt.number("area_m2", default=1e-12, gt=0, le=MAX_SIZE_M ** 2, unit="m^2")
        elif shape == "circle":
            r = tt.number("radius_m", gt=0, le=MAX_SIZE_M, unit="m")
            area = math.pi * r * r
        else:
            h = tt.number("height_m", gt=0, le=MAX_SIZE_M, unit="m")
            w = tt.number("width_m", default=h, gt=0, le=MAX_SIZE_M, unit="m")
            area = h * w
        bins = tt.number("bins", default=0, ge=0, le=256, integer=True)
        if shape == "unbounded" and bins > 1:
            raise ConfigError(tt.at("bins"), f"{bins} is not allowed for section = 'unbounded' (uniform across); must be 0 or 1")
        tt.done()
        return Tube(length, cells, area, shape, r, h, w, bins)

    def to_dict(self) -> dict:
        d = {"length_m": self.length_m, "cells": self.cells, "section": self.section}
        if self.section == "unbounded":
            d["area_m2"] = self.area_m2
        elif self.section == "circle":
            d["radius_m"] = self.radius_m
        else:
            d.update(height_m=self.height_m, width_m=self.width_m)
        if self.bins:
            d["bins"] = self.bins
        return d


@dataclass(frozen=True)
class Walls:
    """The side wall of a circle or slit section: Maxwell's model, a fraction `accommodation`
    re-emitted diffusely at the local wall temperature (linear in z), the rest specular."""
    model: str = "diffuse"
    accommodation: float = 1.0
    temperature_left_K: float = 0.0
    temperature_right_K: float = 0.0

    @staticmethod
    def parse(root: Table, tube: Tube, T_default: float) -> Walls:
        """The [walls] table of a circle or slit section (unbounded: none allowed)."""
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
                TL = wt.number("temperature_left_K", **T_RANGE, unit="K")
                TR = wt.number("temperature_right_K", **T_RANGE, unit="K")
            else:
                TL = TR = wt.number("temperature_K", default=T_default, **T_RANGE, unit="K")
        wt.done()
        return Walls(model, acc, TL, TR)

    def to_dict(self) -> dict:
        d = {"model": self.model}
        if self.model == "maxwell":
            d["accommodation"] = self.accommodation
        if self.model != "specular":
            if self.temperature_left_K == self.temperature_right_K:
                d["temperature_K"] = self.temperature_left_K
            else:
                d.update(temperature_left_K=self.temperature_left_K, temperature_right_K=self.temperature_right_K)
        return d


@dataclass(frozen=True)
class End:
    """One tube end. A reservoir has a gas state; a bulb a volume and its initial gas state
    (well mixed at temperature_K; its inventory changes by what crosses the end); walls only a
    temperature (diffuse). An interface is a condensed phase at temperature_K: per species its
    saturation density (0: not in the condensed phase, reflected diffusely) and its evaporation
    and condensation coefficients."""
    type: str
    temperature_K: float = 0.0
    number_density_m3: float = 0.0
    mole_fractions: tuple = ()
    drift_m_s: float = 0.0
    volume_m3: float = 0.0
    saturation_m3: tuple = ()   # interface: n_sat per species
    condensed: tuple = ()       # interface: whether each species belongs to the condensed phase
    evaporation: tuple = ()     # interface: alpha_e per species
    condensation: tuple = ()    # interface: alpha_c per species

    @property
    def pressure_Pa(self) -> float:
        return self.number_density_m3 * K_B * self.temperature_K

    @staticmethod
    def parse(t: Table, names) -> End:
        """One [ends.left] or [ends.right] table."""
        kind = t.string("type", choices=END_TYPES)
        if kind == "reservoir":
            T = t.number("temperature_K", **T_RANGE, unit="K")
            n = density(t, T, vacuum=True)  # 0: a vacuum, which absorbs and emits nothing
            y = fractions(t.raw("mole_fractions"), t.at("mole_fractions"), names)
            drift = t.number("drift_m_s", default=0.0, ge=-MAX_DRIFT_M_S, le=MAX_DRIFT_M_S, unit="m/s")
            end = End(kind, T, n, y, drift)
        elif kind == "bulb":
            V = t.number("volume_m3", ge=MIN_BULB_M3, le=MAX_SIZE_M ** 3, unit="m^3")
            T = t.number("temperature_K", **T_RANGE, unit="K")
            n = density(t, T, vacuum=True)  # 0: an empty bulb, which fills from the tube
            y = fractions(t.raw("mole_fractions"), t.at("mole_fractions"), names)
            end = End(kind, T, n, y, 0.0, V)
        elif kind == "diffuse":
            end = End(kind, t.number("temperature_K", **T_RANGE, unit="K"))
        elif kind == "interface":
            end = _interface(t, names)
        else:
            end = End(kind)
        t.done()
        return end

    def to_dict(self, names) -> dict:
        d = {"type": self.type}
        if self.type == "reservoir":
            d.update(temperature_K=self.temperature_K, number_density_m3=self.number_density_m3,
                     mole_fractions=dict(zip(names, self.mole_fractions)), drift_m_s=self.drift_m_s)
        elif self.type == "bulb":
            d.update(volume_m3=self.volume_m3, temperature_K=self.temperature_K, number_density_m3=self.number_density_m3,
                     mole_fractions=dict(zip(names, self.mole_fractions)))
        elif self.type == "diffuse":
            d.update(temperature_K=self.temperature_K)
        elif self.type == "interface":
            held = [i for i, c in enumerate(self.condensed) if c]
            d.update(temperature_K=self.temperature_K,
                     vapour_pressure_Pa={names[i]: self.saturation_m3[i] * K_B * self.temperature_K for i in held},
                     evaporation_coefficient={names[i]: self.evaporation[i] for i in held},
                     condensation_coefficient={names[i]: self.condensation[i] for i in held})
        return d


MAX_VAPOUR_PA = 1e8  # a kilobar: far beyond any gas the dilute-gas collision model describes


def _per_species(v, path: str, names, held, default: float, *, lo: float, hi: float, unit: str = "") -> dict:
    """A TOML table of species = value for the species `held` (no other species may be named);
    None: every held species takes `default`."""
    out = dict.fromkeys(held, default)
    if v is None:
        return out
    if not isinstance(v, dict):
        raise ConfigError(path, f"{show(v)} is not allowed; must be a table of species = number, e.g. "
                          f"{{ {held[0] if held else names[0]} = 1.0 }}")
    for k, x in v.items():
        if k not in names:
            raise ConfigError(f"{path}.{k}", f"unknown species; known: {', '.join(names)}")
        if k not in out:
            raise ConfigError(f"{path}.{k}", f"{k} is not in the condensed phase; name it in vapour_pressure_Pa first")
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or not lo <= x <= hi:
            raise ConfigError(f"{path}.{k}", f"{show(x)} is not allowed; must be a number in [{lo:g}, {hi:g}]"
                              f"{' ' + unit if unit else ''}")
        out[k] = float(x)
    return out


def _interface(t: Table, names) -> End:
    """[ends.*] type = "interface": vapour_pressure_Pa names the condensed phase's species."""
    T = t.number("temperature_K", **T_RANGE, unit="K")
    pv = t.raw("vapour_pressure_Pa")
    if not isinstance(pv, dict) or not pv:
        raise ConfigError(t.at("vapour_pressure_Pa"), f"{'missing' if pv is None else show(pv) + ' is not allowed'}; "
                          f"give a table of species = saturation pressure in Pa, e.g. {{ {names[0]} = 1000.0 }}")
    held = [k for k in names if k in pv]
    p = _per_species(pv, t.at("vapour_pressure_Pa"), names, held, 0.0, lo=0.0, hi=MAX_VAPOUR_PA, unit="Pa")
    ae = _per_species(t.raw("evaporation_coefficient"), t.at("evaporation_coefficient"), names, held, 1.0, lo=0.0,
                      hi=1.0)
    ac_given = t.raw("condensation_coefficient")
    ac = dict(ae) if ac_given is None else _per_species(ac_given, t.at("condensation_coefficient"), names, held, 1.0,
                                                        lo=0.0, hi=1.0)  # equal to alpha_e by default
    for k in held:
        if p[k] == 0.0 and ae[k] > 0.0:
            raise ConfigError(f"{t.at('vapour_pressure_Pa')}.{k}", "0.0 is not allowed with an evaporation "
                              f"coefficient of {ae[k]:g}; must be > 0 Pa (or set evaporation_coefficient.{k} = 0)")
    total = sum(p.values())
    return End("interface", T, total / (K_B * T), tuple(p.get(n, 0.0) / total if total else 0.0 for n in names),
               saturation_m3=tuple(p.get(n, 0.0) / (K_B * T) for n in names),
               condensed=tuple(n in p for n in names),
               evaporation=tuple(ae.get(n, 0.0) for n in names),
               condensation=tuple(ac.get(n, 0.0) for n in names))


@dataclass(frozen=True)
class Initial:
    composition: str
    temperature_K: float
    number_density_m3: float
    mole_fractions_left: tuple
    mole_fractions_right: tuple

    def to_dict(self, names) -> dict:
        d = {"composition": self.composition, "temperature_K": self.temperature_K}
        if self.composition == "vacuum":
            return d
        d["number_density_m3"] = self.number_density_m3
        if self.composition == "uniform":
            d["mole_fractions"] = dict(zip(names, self.mole_fractions_left))
        else:
            d["mole_fractions_left"] = dict(zip(names, self.mole_fractions_left))
            d["mole_fractions_right"] = dict(zip(names, self.mole_fractions_right))
        return d


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


def side_fractions(it: Table, side: str, end: End, names) -> tuple:
    key = f"mole_fractions_{side}"
    if it.has(key):
        return fractions(it.raw(key), it.at(key), names)
    if end.type in GAS_ENDS:
        return end.mole_fractions
    raise ConfigError(it.at(key), f"missing; needed because ends.{side} is not a reservoir or bulb")


MAX_SIZE_M = 1e3  # tube lengths and widths, bulbs' sides: a kilometre (1e300 overflowed into NaN)
MAX_PLANES = 1000  # probe planes: each is a tally the flight kernel checks (the cell faces count D)


def planes_along(st: Table, length: float) -> tuple:
    if st.has("planes_m") and st.has("planes"):
        raise ConfigError(st.at("planes"), "give either sampling.planes (a count) or sampling.planes_m, not both")
    if st.has("planes_m"):
        zs = st.raw("planes_m")
        if not isinstance(zs, list) or not zs:
            raise ConfigError(st.at("planes_m"), f"{zs!r} is not allowed; must be a non-empty list of positions in m")
        if len(zs) > MAX_PLANES:
            raise ConfigError(st.at("planes_m"), f"{len(zs)} planes are not allowed; must be at most {MAX_PLANES}")
        for z in zs:
            if isinstance(z, bool) or not isinstance(z, (int, float)) or not 0.0 < z < length:
                raise ConfigError(st.at("planes_m"), f"{z!r} is not allowed; planes must lie in (0, {length:g}) m")
        return tuple(sorted(float(z) for z in zs))
    count = st.number("planes", default=9, ge=1, le=MAX_PLANES, integer=True)
    return tuple(length * (k + 1) / (count + 1) for k in range(count))
