"""Pair potentials V(r): Lennard-Jones 12-6, Tang-Toennies, a user's table, and the inverse square
(whose exact deflection checks the quadrature); docs/physics.md, "Molecules from their potential".

All lengths in units of the potential's sigma (its outermost zero), energies in units of its well
depth epsilon (E* = E / epsilon). Each potential has V(r) in those units and r_zero (where V
changes sign; 1 for the reduced forms).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numba
import numpy as np


@dataclass(frozen=True)
class InverseSquare:
    """V(r) = a / r^2: purely repulsive, with the exact deflection chi = pi (1 - b / sqrt(b^2 + a/E))
    (Goldstein, "Classical Mechanics", sec. 3.10): a check of the quadrature."""
    a: float = 1.0
    r_zero: float = 1e-3  # no zero: any start below the turning point is pushed outwards

    def V(self, r):
        return self.a / r ** 2

    def exact_deflection(self, b, E):
        return np.pi * (1.0 - b / np.sqrt(b * b + self.a / E))


@dataclass(frozen=True)
class LennardJones:
    """V(r) = 4 eps ((sigma/r)^12 - (sigma/r)^6), in reduced units (sigma = eps = 1)."""
    r_zero: float = 1.0  # the outermost zero of V

    cache_key = "LennardJones"

    def V(self, r):
        r6 = r ** -6
        return 4.0 * (r6 * r6 - r6)


BOHR_M = 0.529177210903e-10  # m
HARTREE_K = 315775.02480  # Hartree / k_B, K


@numba.vectorize(["float64(float64, float64, float64, float64, float64, float64)"], cache=True)
def _tang_toennies_K(R, A, b, C6, C8, C10):
    """The Tang-Toennies V(R) in K, R in bohr (one pass: the damping sums built term by term)."""
    x = b * R
    ex = math.exp(-x)
    term = 1.0
    partial = 1.0
    v = A * ex
    for k in range(1, 11):
        term *= x / k
        partial += term
        if k == 6:
            v -= (1.0 - ex * partial) * C6 / R ** 6
        elif k == 8:
            v -= (1.0 - ex * partial) * C8 / R ** 8
        elif k == 10:
            v -= (1.0 - ex * partial) * C10 / R ** 10
    return v * HARTREE_K


class TangToennies:
    """V(R) = A exp(-b R) - sum_{n=3..5} f_2n(b R) C_2n / R^2n with the damping functions
    f_2n(x) = 1 - exp(-x) sum_{k=0..2n} x^k / k!:
    Tang and Toennies, J. Chem. Phys. 118, 4976 (2003), parameters in atomic units (A in
    Hartree, b per bohr, C_2n in Hartree bohr^2n). The instance is reduced like LennardJones: r in
    units of its zero `sigma_m`, V in units of its well depth `epsilon_K` (both found here)."""

    def __init__(self, A, b, C6, C8, C10):
        # deferred: only potential models need SciPy (deflection._nodes)
        from scipy.optimize import brentq, minimize_scalar

        self.params = (A, b, C6, C8, C10)
        well = minimize_scalar(self._V_K, bounds=(3.0, 15.0), method="bounded", options={"xatol": 1e-10})
        self.epsilon_K = -float(well.fun)
        self.r_min_m = float(well.x) * BOHR_M
        self._sigma_bohr = brentq(self._V_K, 2.0, float(well.x), xtol=1e-14)
        self.sigma_m = self._sigma_bohr * BOHR_M
        self.r_zero = 1.0
        self.cache_key = f"TangToennies{self.params!r}"

    def _V_K(self, R):
        return _tang_toennies_K(np.asarray(R, dtype=float), *self.params)

    def V(self, r):
        with np.errstate(over="ignore"):
            return self._V_K(np.asarray(r) * self._sigma_bohr) / self.epsilon_K


class TabulatedPotential:
    """A user's V(r): r in m (increasing), V in K (V / k_B), with one well and one zero. Cubic
    spline inside the table; below it an exponential wall through the first two points, beyond it
    a -C6 / r^6 tail through the last point. Reduced like LennardJones (r in units of the zero
    `sigma_m`, V in units of the well depth `epsilon_K`)."""

    def __init__(self, r_m, V_K):
        # deferred: only potential models need SciPy (deflection._nodes)
        from scipy.interpolate import CubicSpline
        from scipy.optimize import brentq, minimize_scalar

        r, v = np.asarray(r_m, dtype=float), np.asarray(V_K, dtype=float)
        if r.ndim != 1 or r.size < 8 or r.shape != v.shape or (np.diff(r) <= 0).any():
            raise ValueError("a potential table needs at least 8 points, r increasing, V of the same length")
        k = int(np.argmin(v))
        if not (v[0] > 0 > v.min() and v[-1] < 0 and 0 < k < r.size - 1 and v[-1] > v[k]):
            raise ValueError("the table must start on the repulsive wall (V > 0), hold the well (its minimum inside "
                             "the table) and end in the attractive tail (V < 0, rising towards 0)")
        spline = CubicSpline(r, v)
        well = minimize_scalar(spline, bounds=(r[max(k - 1, 0)], r[min(k + 1, r.size - 1)]), method="bounded",
                               options={"xatol": 1e-16})
        self.epsilon_K = -float(well.fun)
        self.r_min_m = float(well.x)
        self.sigma_m = brentq(spline, r[0], self.r_min_m, xtol=1e-20)
        self.r_zero = 1.0
        x = r / self.sigma_m
        self._x, self._spline = x, CubicSpline(x, v / self.epsilon_K)
        self._wall = (math.log(v[0] / v[1]) / (x[1] - x[0]), v[0] / self.epsilon_K)  # V = V0 e^(-k (x - x0))
        self._tail = v[-1] / self.epsilon_K * x[-1] ** 6
        self.cache_key = f"TabulatedPotential{hashlib.sha256(r.tobytes() + v.tobytes()).hexdigest()[:16]}"

    def V(self, r):
        x = np.asarray(r, dtype=float)
        k, v0 = self._wall
        with np.errstate(over="ignore"):
            wall = v0 * np.exp(-k * (x - self._x[0]))
        inside = self._spline(np.clip(x, self._x[0], self._x[-1]))
        return np.where(x < self._x[0], wall, np.where(x > self._x[-1], self._tail / x ** 6, inside))
