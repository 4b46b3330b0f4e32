"""Chapman-Enskog diffusion and thermal diffusion of a binary mixture whose molecules interact by
pair potentials (particlesim.potentials): the exact Sonine brackets of each pair's own transport
cross-sections (brackets.Tabulated from potentials.transport_table), solved as for any scattering
law (chapman_enskog's Galerkin system). The same interface as chapman_enskog.Binary, so a run's
report, the Maxwell-Stefan cells and the predictions take either."""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy.interpolate import CubicSpline

from analysis.theory.chapman_enskog import (
    Binary,
    _alpha_t,
    _collision_matrix,
    _force_source,
    _stack,
    _velocity_difference,
)
from analysis.theory.potentials import transport_table
from particlesim.constants import K_B, N_AV
from particlesim.potentials.pairs import PairPotential
from particlesim.summary import Summary

# Sonine order for potentials: within 1e-5 of order 10 for the rare-gas pairs (tests/test_prediction.py)
POTENTIAL_ORDER = 8
_Y = np.linspace(0.0, 1.0, 21)  # compositions of the interpolated ratio, as chapman_enskog's


class PotentialBinary:
    """Species A and B (molar masses kg/mol) with the potentials of AA, AB, BB (PairPotential)."""

    def __init__(self, M_a, M_b, pots):
        self.M_a, self.M_b = float(M_a), float(M_b)
        self.pots = tuple(pots)

    @classmethod
    def from_summary(cls, s, ia=0, ib=1):
        s = Summary.of(s)
        P = s.potentials["pairs"]
        pots = [PairPotential(P[i][j]["kind"], _params(P[i][j])) for i, j in ((ia, ia), (ia, ib), (ib, ib))]
        M = s.molar_mass_kg_mol
        return cls(M[ia], M[ib], pots)

    @property
    def label(self) -> str:
        return {"lennard_jones": "Lennard-Jones", "tang_toennies": "Tang-Toennies",
                "table": "tabulated V(r)"}[self.pots[1].kind]

    def _brackets(self, T, order):
        return _brackets(self.M_a, self.M_b, self.pots, float(T), int(order))

    def reduced(self, y_a: float, T: float, order: int) -> np.ndarray:
        """D at Sonine orders 1..order, reduced (n = 1, kT = 1, mean mass 1, length sigma_AB)."""
        m, S, Pt = self._brackets(T, order)
        x = np.array([y_a, 1.0 - y_a])
        A = _collision_matrix(S, Pt, x, order)
        b = _force_source(m, x, order)
        return np.array([x[1] * _velocity_difference(A, b, x, m, order, k) for k in range(1, order + 1)])

    def d1(self, n, T):
        """[D_AB]_1 in m^2/s at number density n and temperature T."""
        mbar = 0.5 * (self.M_a + self.M_b) / N_AV
        s_ab = self.pots[1].sigma_m
        return float(self.reduced(0.5, T, 1)[0]) * math.sqrt(K_B * T / mbar) / (n * s_ab ** 2)

    def ratio(self, y_a, order=2, T=273.15):
        """[D_AB]_order / [D_AB]_1 at mole fraction(s) y_a, interpolated on 21 compositions (order
        capped at POTENTIAL_ORDER, where the series has converged to 1e-5)."""
        return _ratio_spline(self.M_a, self.M_b, self.pots, float(T), min(int(order), POTENTIAL_ORDER))(
            np.clip(np.asarray(y_a, dtype=float), 0.0, 1.0))

    def ratio_grid(self, order, T=273.15):
        """(y_a, [D_AB]_order / [D_AB]_1) on the 21 compositions `ratio` interpolates."""
        return _Y, self.ratio(_Y, order, T)

    def D(self, n, T, y_a, order=POTENTIAL_ORDER):
        return self.d1(n, T) * self.ratio(y_a, order, T)

    def alpha_T(self, y_a, order=4, T=273.15):
        """Thermal diffusion factor (positive sends A to the cold side)."""
        m, S, Pt = self._brackets(T, order)
        y = np.atleast_1d(np.asarray(y_a, dtype=float))
        out = np.array([_alpha_t(m, np.array([v, 1.0 - v]), _collision_matrix(S, Pt, np.array([v, 1.0 - v]), order),
                                 order) for v in y])
        return out if np.ndim(y_a) else float(out[0])


@functools.lru_cache(maxsize=64)
def _brackets(M_a, M_b, pots, T, order):
    """Masses (mean 1) and the brackets of AA, AB, BB (kT = 1, length sigma_AB)."""
    m = np.array([M_a, M_b])
    m = m / m.mean()
    s_ab = pots[1].sigma_m
    laws = [transport_table(p.form, T / p.epsilon_K, 2 * order - 1, p.sigma_m / s_ab) for p in pots]
    return (m,) + _stack(m, [[laws[0], laws[1]], [laws[1], laws[2]]], order)


@functools.lru_cache(maxsize=64)
def _ratio_spline(M_a, M_b, pots, T, order):
    b = PotentialBinary(M_a, M_b, pots)
    r = np.array([b.reduced(min(max(y, 1e-9), 1.0 - 1e-9), T, order) for y in _Y])
    return CubicSpline(_Y, r[:, -1] / r[:, 0])


def pair_of(summary, ia=0, ib=1):
    """Species ia and ib of a run's summary with their molecules, for Chapman-Enskog values: a
    PotentialBinary for molecules from a potential, else chapman_enskog.Binary (same methods)."""
    if Summary.of(summary).potentials:
        return PotentialBinary.from_summary(summary, ia, ib)
    return Binary.from_summary(summary, ia, ib)


def _params(record: dict) -> tuple:
    """A pair potential's parameters from summary.json (a table's are two lists: r and V)."""
    p = record["params"]
    return tuple(tuple(x) for x in p) if record["kind"] == "table" else tuple(p)
