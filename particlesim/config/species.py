"""The molecules of a run and their chemistry: [[species]] (with their molecular model),
[[pairs]] (overrides of the mixing rule) and [[reactions]]; each parses and writes itself."""
from __future__ import annotations

import dataclasses
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..gases import PRESETS, molecular_mass
from ..molecules import BIRD_A, MODELS, POTENTIAL_MODELS
from ..potentials.forms import TabulatedPotential
from ..potentials.pairs import tang_toennies_form
from ..potentials.parameters import LJ_VISCOSITY, TANG_TOENNIES
from .reader import ConfigError, Table, show

SPECIES_NAME = re.compile(r"[A-Za-z0-9_+.()-]{1,32}")


@dataclass(frozen=True)
class Species:
    """A species and its molecular model (molecules.py): for `vhs` and `vss` the diameter is
    d_ref at t_ref_K; hard spheres have omega = 1/2 and alpha = 1. Molecules from a potential
    (`lennard_jones`: sigma_m, epsilon_K; `tang_toennies`: the published pair parameters of the
    preset) take diameter_m = the potential's sigma, for the hard-sphere estimates only."""
    name: str
    molar_mass_g_mol: float
    diameter_m: float
    model: str = "hard_sphere"
    omega: float = 0.5
    alpha: float = 1.0
    t_ref_K: float = 273.0
    preset: str = ""
    sigma_m: float = 0.0  # Lennard-Jones sigma and epsilon / k (0: not Lennard-Jones)
    epsilon_K: float = 0.0

    @property
    def mass_kg(self) -> float:
        return molecular_mass(self.molar_mass_g_mol)

    @staticmethod
    def parse_all(entries, names_seen) -> tuple:
        """The [[species]] tables (names_seen: names taken so far)."""
        if not isinstance(entries, list) or not entries:
            raise ConfigError("species", "missing; give at least one [[species]] table")
        out = []
        for i, e in enumerate(entries):
            t = Table(e, f"species[{i}]")
            name = t.string("name")
            if not SPECIES_NAME.fullmatch(name):
                raise ConfigError(t.at("name"), f"{name!r} is not allowed; must be 1-32 letters, digits or _ - + . ( ) "
                                  "(it heads table columns and keys)")
            if name in names_seen:
                raise ConfigError(t.at("name"), f"{name!r} is given twice")
            names_seen.add(name)
            preset = t.string("preset", default="", choices=None)
            if preset and preset not in PRESETS:
                raise ConfigError(t.at("preset"), f"{preset!r} is not allowed; must be one of {', '.join(PRESETS)}")
            model = t.string("model", default="hard_sphere", choices=MODELS)
            if model in POTENTIAL_MODELS:
                out.append(_potential_species(t, name, preset, model))
                continue
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
                    raise ConfigError(t.at(key), f"is not allowed with model = {model!r} ({key} = {value:g} there); "
                                      f"set model = {'vss' if key == 'alpha' else 'vhs'!r} to vary it")
            omega = 0.5 if "omega" in fixed else t.number("omega", default=pw if preset else None, ge=0.5, le=1.0)
            alpha = 1.0 if "alpha" in fixed else t.number("alpha", default=pa if preset else 1.0, ge=1.0, le=2.0)
            t_ref = t.number("t_ref_K", default=273.0, gt=0, unit="K")
            t.done()
            out.append(Species(name, molar, diam, model, omega, alpha, t_ref, preset))
        pot = next((k for k, s in enumerate(out) if s.model in POTENTIAL_MODELS), None)
        other = next((k for k, s in enumerate(out) if pot is not None and s.model != out[pot].model), None)
        if other is not None:
            raise ConfigError(f"species[{pot}].model", f"{out[pot].model!r} is not allowed with species[{other}].model = "
                              f"{out[other].model!r}; a run's species all take one potential model, or none")
        refs = {s.t_ref_K for s in out if s.model not in ("hard_sphere", *POTENTIAL_MODELS)}
        if len(refs) > 1:
            raise ConfigError("species", f"t_ref_K differs between species ({', '.join(f'{r:g}' for r in sorted(refs))} "
                              "K); give all VHS/VSS species the same reference temperature")
        return tuple(out)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        if self.model != "lennard_jones":
            del d["sigma_m"], d["epsilon_K"]
        if self.model in POTENTIAL_MODELS:
            del d["diameter_m"], d["omega"], d["alpha"], d["t_ref_K"]
        return d


TT_GASES = sorted({g for pair in TANG_TOENNIES for g in pair})


def _potential_species(t: Table, name: str, preset: str, model: str) -> Species:
    """A species whose molecules interact by a potential: Lennard-Jones sigma and epsilon (the
    preset's viscosity values unless given), or the preset's Tang-Toennies pairs."""
    for key in ("diameter_m", "omega", "alpha", "t_ref_K"):
        if t.has(key):
            raise ConfigError(t.at(key), f"is not allowed with model = {model!r} (the potential sets the molecule)")
    pm = PRESETS.get(preset, (None, None))[0]
    molar = t.number("molar_mass_g_mol", default=pm, gt=0, unit="g/mol")
    if model == "tang_toennies":
        if preset not in TT_GASES:
            raise ConfigError(t.at("preset"), f"{preset!r} is not allowed with model = 'tang_toennies'; must be one "
                              f"of {', '.join(TT_GASES)} (the gases whose published pair parameters the package carries)")
        sigma = tang_toennies_form((preset, preset)).sigma_m
        t.done()
        return Species(name, molar, sigma, model, preset=preset)
    ps, pe = LJ_VISCOSITY.get(preset, (None, None))
    sigma = t.number("sigma_m", default=ps, gt=0, le=1e-8, unit="m")
    eps = t.number("epsilon_K", default=pe, gt=0, le=1e5, unit="K")
    t.done()
    return Species(name, molar, sigma, model, preset=preset, sigma_m=sigma, epsilon_K=eps)


@dataclass(frozen=True)
class Pair:
    """A [[pairs]] override of the mixing rule for one species pair (None: from the rule)."""
    species: tuple
    diameter_m: float | None = None
    omega: float | None = None
    alpha: float | None = None
    sigma_m: float | None = None  # Lennard-Jones pairs: instead of the Lorentz-Berthelot rules
    epsilon_K: float | None = None
    potential_table: tuple | None = None  # a user's V(r) for the pair: ((r_m, ...), (V_K, ...))

    @staticmethod
    def parse_all(entries, species, base_dir=".") -> tuple:
        """The [[pairs]] tables, against the species; a potential_table file is read relative to
        base_dir (the config file's folder)."""
        model = species[0].model if species else ""
        allowed = {"lennard_jones": ("sigma_m", "epsilon_K", "potential_table"),
                   "tang_toennies": ("potential_table",)}.get(model, ("diameter_m", "omega", "alpha"))
        if not isinstance(entries, list):
            raise ConfigError("pairs", f"{entries!r} is not allowed; must be a list of [[pairs]] tables")
        names = [s.name for s in species]
        out, seen = [], set()
        for k, e in enumerate(entries):
            t = Table(e, f"pairs[{k}]")
            v = t.raw("species")
            if not isinstance(v, list) or len(v) != 2 or not all(isinstance(x, str) for x in v):
                raise ConfigError(t.at("species"), f"{v!r} is not allowed; must be a list of two species names")
            for x in v:
                if x not in names:
                    raise ConfigError(t.at("species"), f"{x!r} is not a species; known: {', '.join(names)}")
            key = tuple(sorted(v))
            if key in seen:
                raise ConfigError(t.at("species"), f"{' + '.join(key)} is given twice")
            seen.add(key)
            for k2 in ("diameter_m", "omega", "alpha", "sigma_m", "epsilon_K", "potential_table"):
                if t.has(k2) and k2 not in allowed:
                    raise ConfigError(t.at(k2), f"is not allowed with model = {model!r}; "
                                      + (f"a pair there takes {', '.join(allowed)}" if allowed else
                                         "its pairs take the published parameters"))
            sg = t.number("sigma_m", gt=0, le=1e-8, unit="m") if t.has("sigma_m") else None
            ep = t.number("epsilon_K", gt=0, le=1e5, unit="K") if t.has("epsilon_K") else None
            d = t.number("diameter_m", gt=0, le=1e-8, unit="m") if t.has("diameter_m") else None
            w = t.number("omega", ge=0.5, le=1.0) if t.has("omega") else None
            a = t.number("alpha", ge=1.0, le=2.0) if t.has("alpha") else None
            tab = _potential_table(t.raw("potential_table"), t.at("potential_table"), base_dir) \
                if t.has("potential_table") else None
            if tab is not None and (sg or ep):
                raise ConfigError(t.at("potential_table"), "give either a potential table or sigma_m/epsilon_K")
            t.done()
            out.append(Pair(tuple(v), d, w, a, sg, ep, tab))
        return tuple(out)

    def to_dict(self) -> dict:
        table = ({"r_m": list(self.potential_table[0]), "V_K": list(self.potential_table[1])}
                 if self.potential_table else None)
        return {"species": list(self.species), **{k: v for k, v in (("diameter_m", self.diameter_m),
                ("omega", self.omega), ("alpha", self.alpha), ("sigma_m", self.sigma_m),
                ("epsilon_K", self.epsilon_K), ("potential_table", table)) if v is not None}}


def _potential_table(value, path: str, base_dir) -> tuple:
    """A pair's V(r): a CSV file (two columns r in m, V/k in K; a header line allowed) or an inline
    table { r_m = [...], V_K = [...] }; checked as the potential needs it (potentials/forms.py)."""
    if isinstance(value, str):
        f = Path(base_dir) / value
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # numpy warns on an empty file; the check below says it
                data = np.genfromtxt(f, delimiter=",", comments="#", skip_header=0, invalid_raise=False)
        except OSError:
            raise ConfigError(path, f"{value!r}: no such file (relative to the config's folder {str(base_dir)!r})") \
                from None
        data = np.atleast_2d(data)
        data = data[~np.isnan(data).any(axis=1)] if data.size and data.shape[-1] == 2 else np.empty((0, 2))
        r, V = data[:, 0], data[:, 1]
    elif isinstance(value, dict) and set(value) == {"r_m", "V_K"}:
        try:
            r, V = np.asarray(value["r_m"], dtype=float), np.asarray(value["V_K"], dtype=float)
        except (TypeError, ValueError):
            raise ConfigError(path, "r_m and V_K must be lists of numbers") from None
    else:
        raise ConfigError(path, f"{show(value)} is not allowed; must be a CSV file name (columns r in m, V/k in K) "
                          "or a table { r_m = [...], V_K = [...] }")
    if not (np.isfinite(r).all() and np.isfinite(V).all()):
        raise ConfigError(path, "holds values that are not finite numbers")
    try:
        TabulatedPotential(r, V)
    except ValueError as err:
        raise ConfigError(path, str(err)) from None
    if not (1e-11 <= r[0] and r[-1] <= 1e-8):
        raise ConfigError(path, f"r from {r[0]:.3g} to {r[-1]:.3g} m is not allowed; r must lie within 1e-11 to 1e-8 m")
    return tuple(map(float, r)), tuple(map(float, V))


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

    @staticmethod
    def parse_all(entries, species) -> tuple:
        """The [[reactions]] tables, against the species."""
        if not isinstance(entries, list):
            raise ConfigError("reactions", f"{entries!r} is not allowed; must be a list of [[reactions]] tables")
        names = [s.name for s in species]
        molar = {s.name: s.molar_mass_g_mol for s in species}
        out, pairs = [], set()
        for k, e in enumerate(entries):
            t = Table(e, f"reactions[{k}]")
            lists = {}
            for key, sizes in (("reactants", (2,)), ("products", (1, 2))):
                v = t.raw(key)
                if not isinstance(v, list) or len(v) not in sizes or not all(isinstance(x, str) for x in v):
                    raise ConfigError(t.at(key), f"{v!r} is not allowed; must be a list of {' or '.join(map(str, sizes))} "
                                      "species names")
                for x in v:
                    if x not in names:
                        raise ConfigError(t.at(key), f"{x!r} is not a species; known: {', '.join(names)}")
                lists[key] = tuple(v)
            pair = tuple(sorted(lists["reactants"]))
            if pair in pairs:
                raise ConfigError(t.at("reactants"), f"{' + '.join(pair)} already has a reaction")
            pairs.add(pair)
            m_in = sum(molar[x] for x in lists["reactants"])
            m_out = sum(molar[x] for x in lists["products"])
            if abs(m_in - m_out) > 1e-6 * m_in:
                raise ConfigError(t.at("products"), f"molar masses {m_out:g} g/mol; they must add up to the reactants' "
                                  f"{m_in:g} g/mol (mass is conserved)")
            out.append(Reaction(lists["reactants"], lists["products"], t.number("steric_factor", gt=0, le=1.0),
                                t.number("activation_energy_J_mol", default=0.0, ge=0, unit="J/mol"),
                                t.number("heat_released_J_mol", default=0.0, unit="J/mol")))
            t.done()
        return tuple(out)

    def to_dict(self) -> dict:
        return {**dataclasses.asdict(self), "reactants": list(self.reactants), "products": list(self.products)}
