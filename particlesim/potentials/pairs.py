"""The potential of every species pair of a run: Lennard-Jones with the Lorentz-Berthelot rules
(sigma the mean, epsilon the geometric mean) unless a [[pairs]] table sets them, or Tang-Toennies
with each pair's published parameters (parameters.py); and what the engine takes from them: the
deflection tables, the cut-offs b_M and the hard-sphere diameters of equal viscosity."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from . import table
from .deflection import legendre_cross_sections
from .forms import LennardJones, TabulatedPotential, TangToennies
from .parameters import TANG_TOENNIES

_COARSE_B = np.arange(0.0, 5.0, 0.01)


@functools.lru_cache(maxsize=64)
def tang_toennies_form(pair: tuple) -> TangToennies:
    """The Tang-Toennies potential of a pair of preset gases (either order)."""
    params = TANG_TOENNIES.get(pair) or TANG_TOENNIES.get(pair[::-1])
    if params is None:
        raise KeyError(f"no published Tang-Toennies parameters for {pair[0]}-{pair[1]} in this package "
                       f"(it has {', '.join(a + '-' + b for a, b in TANG_TOENNIES)})")
    return TangToennies(*params)


@dataclass(frozen=True)
class PairPotential:
    """One pair's potential: kind "lennard_jones" with params (sigma m, epsilon/k K),
    "tang_toennies" with params (A, b, C6, C8, C10) in atomic units, or "table" with params
    ((r m, ...), (V/k K, ...)), a user's V(r)."""
    kind: str
    params: tuple

    @functools.cached_property
    def form(self):
        """The potential in its reduced units (r / sigma, V / epsilon)."""
        if self.kind == "table":
            return TabulatedPotential(*self.params)
        return LennardJones() if self.kind == "lennard_jones" else TangToennies(*self.params)

    @property
    def sigma_m(self) -> float:
        return self.params[0] if self.kind == "lennard_jones" else self.form.sigma_m

    @property
    def epsilon_K(self) -> float:
        return self.params[1] if self.kind == "lennard_jones" else self.form.epsilon_K

    def to_dict(self) -> dict:
        params = [list(p) for p in self.params] if self.kind == "table" else list(self.params)
        return {"kind": self.kind, "params": params, "sigma_m": self.sigma_m, "epsilon_K": self.epsilon_K}


@dataclass(frozen=True)
class PotentialModels:
    """The pair potentials of a run (species x species, symmetric) and its temperature range."""
    pairs: tuple
    T_lo: float
    T_hi: float

    @functools.cached_property
    def tables(self) -> dict:
        """(i, j) with i <= j -> its DeflectionTable over the run's temperatures."""
        out = {}
        for i, row in enumerate(self.pairs):
            for j in range(i, len(row)):
                p = row[j]
                out[(i, j)] = table.build(p.form, self.T_lo / p.epsilon_K, self.T_hi / p.epsilon_K)
        return out

    def tables_cached(self) -> bool:
        """Whether every table is already on disk (else building them takes about 10 s per pair)."""
        return all(table.is_cached(self.pairs[i][j].form, self.T_lo / self.pairs[i][j].epsilon_K,
                                   self.T_hi / self.pairs[i][j].epsilon_K)
                   for i in range(len(self.pairs)) for j in range(i, len(self.pairs)))

    def b_max_m(self) -> np.ndarray:
        """The cut-off impact parameters b_M (m) per pair."""
        n = len(self.pairs)
        return np.array([[self.tables[min(i, j), max(i, j)].b_max * self.pairs[i][j].sigma_m for j in range(n)]
                         for i in range(n)])

    def sigma_t_m2(self) -> np.ndarray:
        """The constant total cross-sections pi b_M^2 (m^2)."""
        return math.pi * self.b_max_m() ** 2

    @functools.lru_cache(maxsize=8)  # noqa: B019 (a frozen, hashable record: the cache is its own)
    def viscosity_diameters(self, T: float) -> np.ndarray:
        """Per pair the hard-sphere diameter of the same Omega^(2,2) at T, sigma sqrt(Omega^(2,2)*),
        for the mean free path and resolution estimates (collisions are pi b_M^2: more, but gentler).
        A coarse quadrature (16 energies, b every 0.01 sigma; within 0.1% of Neufeld's Lennard-Jones
        values), which needs no deflection table."""
        from scipy.special import roots_genlaguerre  # deferred: only potential models need SciPy

        n = len(self.pairs)
        d = np.zeros((n, n))
        x, w = roots_genlaguerre(16, 3.0)  # int x^3 e^-x f(x) dx
        for i in range(n):
            for j in range(i, n):
                p = self.pairs[i][j]
                q2 = np.array([legendre_cross_sections(p.form, xi * T / p.epsilon_K, 2, _COARSE_B)[2] for xi in x])
                d[i, j] = d[j, i] = p.sigma_m * math.sqrt(float(w @ q2) / (6.0 * math.pi))
        return d

    def to_dict(self) -> dict:
        n = len(self.pairs)
        return {"pairs": [[self.pairs[i][j].to_dict() for j in range(n)] for i in range(n)],
                "b_max_m": self.b_max_m().tolist(), "T_range_K": [self.T_lo, self.T_hi]}


def lorentz_berthelot(a: tuple, b: tuple) -> PairPotential:
    """The Lennard-Jones pair of two gases' (sigma m, epsilon/k K): sigma the mean, epsilon the
    geometric mean."""
    return PairPotential("lennard_jones", (0.5 * (a[0] + b[0]), math.sqrt(a[1] * b[1])))


def pair_potentials(species, overrides=(), T_range=(273.15, 273.15)) -> PotentialModels:
    """The run's pair potentials: species all "lennard_jones" (Lorentz-Berthelot, then the
    overrides (i, j, sigma or None, epsilon or None, table or None)) or all "tang_toennies" (by
    preset); a table override replaces the pair's potential by the user's V(r)."""
    n = len(species)
    pairs = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            a, b = species[i], species[j]
            if a.model == "tang_toennies":
                params = TANG_TOENNIES.get((a.preset, b.preset)) or TANG_TOENNIES.get((b.preset, a.preset))
                p = PairPotential("tang_toennies", params) if params else None  # None: a table must give it
            else:
                p = lorentz_berthelot((a.sigma_m, a.epsilon_K), (b.sigma_m, b.epsilon_K))
            pairs[i][j] = pairs[j][i] = p
    for i, j, sg, ep, tab in overrides:
        if tab:
            pairs[i][j] = pairs[j][i] = PairPotential("table", tuple(tuple(x) for x in tab))
        elif sg or ep:
            old = pairs[i][j].params
            pairs[i][j] = pairs[j][i] = PairPotential("lennard_jones", (sg or old[0], ep or old[1]))
    return PotentialModels(tuple(tuple(r) for r in pairs), float(min(T_range)), float(max(T_range)))
