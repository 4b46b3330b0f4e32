"""Molecules from their potential: the classical deflection angle chi(b, E) of a pair in a
spherical potential V(r), the transport cross-sections Q^(l)(E) and the reduced collision
integrals Omega^(l,s)*(T*) by deterministic quadrature (docs/physics.md, "Molecules from their
potential"; Hirschfelder, Curtiss and Bird 1954, secs. 8.2 and 1.5; Chapman and Cowling,
ch. 10).

All lengths in units of the potential's sigma, energies in units of its well depth epsilon
(E* = E / epsilon, T* = k T / epsilon). For hard spheres every reduced integral is 1.
"""
from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numba
import numpy as np
from numpy.polynomial.legendre import legvander
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq, minimize_scalar
from scipy.special import roots_legendre

from analysis.theory.brackets import Tabulated
from particlesim.numba_config import CACHE_ROOT

# Gauss-Legendre nodes on (0, 1) for the deflection integral after the substitution below
_S, _W = roots_legendre(64)
_S, _W = 0.5 * (_S + 1.0), 0.5 * _W
_SCAN = np.geomspace(1.0, 0.02, 600)  # where the turning point is sought, relative to max(b, r_V)


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
        r, v = np.asarray(r_m, dtype=float), np.asarray(V_K, dtype=float)
        if r.ndim != 1 or r.size < 8 or r.shape != v.shape or (np.diff(r) <= 0).any():
            raise ValueError("a potential table needs at least 8 points, r increasing, V of the same length")
        if not (v[0] > 0 > v.min() and v[-1] < 0):
            raise ValueError("the table must start on the repulsive wall (V > 0), hold the well and end in the tail")
        spline = CubicSpline(r, v)
        k = int(np.argmin(v))
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


def _F(pot, r, b, E):
    """1 - b^2/r^2 - V(r)/E: the radial kinetic energy over E; its outermost zero is the
    distance of closest approach."""
    return 1.0 - (b / r) ** 2 - pot.V(r) / E


def closest_approach(pot, b, E: float) -> np.ndarray:
    """The outermost zero r0 of F(r) for every impact parameter in b (HCB eq. 1.5-8). Where V <= 0
    beyond its outermost zero r_V, F > 0 for r > max(b, r_V) and r0 lies below that (a repulsive
    potential moves the start outwards): the first sign change on a geometric grid scanned
    inwards from there, then bisection to round-off."""
    b = np.atleast_1d(np.asarray(b, dtype=float))
    top = np.maximum(b, pot.r_zero) * (1.0 + 1e-12)
    while (out := _F(pot, top, b, E) <= 0.0).any():  # a potential still repulsive there: look further out
        top = np.where(out, 2.0 * top, top)
    r = top[:, None] * _SCAN[None, :]
    F = _F(pot, r, b[:, None], E)
    k = np.argmax(F <= 0.0, axis=1)  # first grid point inside the turning point
    rows = np.arange(b.size)
    if not (F[rows, k] <= 0.0).all():
        raise ValueError(f"no closest approach above {_SCAN[-1]:g} max(b, r_V) at E* = {E}")
    lo, hi = r[rows, k], r[rows, np.maximum(k - 1, 0)]  # F(lo) <= 0 < F(hi)
    hi = np.where(k == 0, top, hi)
    for _ in range(55):
        mid = 0.5 * (lo + hi)
        inside = _F(pot, mid, b, E) <= 0.0
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    return hi


def deflection_angle(pot, b, E: float) -> np.ndarray:
    """chi(b, E) = pi - 2 b int_r0^inf dr / (r^2 sqrt(F(r))) (HCB eq. 1.5-9), for every b. With
    u = r0/r and u = 1 - s^2 the integrand is regular at r0 (F vanishes linearly there):
    chi = pi - 4 (b/r0) int_0^1 s ds / sqrt(F(r0 / (1 - s^2)))."""
    b = np.atleast_1d(np.asarray(b, dtype=float))
    r0 = closest_approach(pot, b, E)
    u = 1.0 - _S * _S
    F = _F(pot, r0[:, None] / u[None, :], b[:, None], E)
    return np.pi - 4.0 * (b / r0) * (np.sqrt(1.0 / np.maximum(F, 1e-300)) @ (_W * _S))


def _hs_factor(l: int) -> float:
    """Q^(l) of hard spheres of unit diameter over pi: 1 - (1 + (-1)^l) / (2 (1 + l))."""
    return 1.0 - (1.0 + (-1) ** l) / (2.0 * (1.0 + l))


# impact parameters (sigma) for the cross-section integrals: dense where chi varies fast (inside
# about 2 sigma, where orbiting happens at low energy), sparser in the tail; beyond 6 sigma the
# Lennard-Jones tail deflects by less than 1e-6 rad
B_GRID = np.concatenate([np.linspace(0.0, 2.5, 2501)[:-1], np.linspace(2.5, 6.0, 701)])
# energies (t = E / kT) of the transport tables: geometric, for a spline in ln t; beyond the ends
# the Maxwellian weight t e^-t leaves less than 1e-7 of any moment the brackets take
T_TABLE = np.geomspace(1e-4, 800.0, 121)


def cross_section_star(pot, l: int, E: float, b=B_GRID) -> float:
    """Q^(l)*(E*) = 2 pi int_0^inf (1 - cos^l chi) b db over its hard-sphere value (unit sigma),
    by the trapezoidal rule on the grid b."""
    chi = deflection_angle(pot, b[1:], E)
    f = np.concatenate([[0.0], (1.0 - np.cos(chi) ** l) * b[1:]])
    return 2.0 * float(np.trapezoid(f, b)) / _hs_factor(l)


def legendre_cross_sections(pot, E: float, L: int, b=B_GRID) -> np.ndarray:
    """Q_l(E*) = 2 pi int_0^inf (1 - P_l(cos chi)) b db for l = 0..L, in units of sigma^2: the
    Legendre transport cross-sections the brackets take (Q_1 = Q^(1), Q_2 = (3/2) Q^(2))."""
    chi = deflection_angle(pot, b[1:], E)
    f = (1.0 - legvander(np.cos(chi), L)) * b[1:, None]
    return 2.0 * np.pi * np.trapezoid(np.vstack([np.zeros(L + 1), f]), b, axis=0)


def transport_table(pot, T_star: float, L: int, scale: float = 1.0, t=T_TABLE) -> Tabulated:
    """The pair's Legendre cross-sections at E* = t T* for every t of the table, times scale^2 (the
    pair's sigma in the caller's length unit): a scattering law for brackets.pair_brackets. Kept on
    disk beside the kernel cache for potentials with a `cache_key` (the table of one pair and
    temperature takes 4-10 s; this file's source is part of the key)."""
    path = _table_path(pot, T_star, L, t)
    if path is not None and path.exists():
        q = np.load(path)
    else:
        q = np.array([legendre_cross_sections(pot, ti * T_star, L) for ti in t])
        if path is not None:  # written whole, then renamed: a reader never sees half a file
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                np.save(f, q)
            os.replace(tmp, path)
    return Tabulated(t, scale ** 2 * q)


_SOURCE = Path(__file__).read_bytes()  # the deflection code is part of every table's key


def _table_path(pot, T_star, L, t):
    key = getattr(pot, "cache_key", None)
    if key is None or not CACHE_ROOT:
        return None
    h = hashlib.sha256(_SOURCE)
    h.update(repr((key, float(T_star), int(L))).encode() + t.tobytes() + B_GRID.tobytes())
    folder = Path(CACHE_ROOT) / "transport"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"{h.hexdigest()[:24]}.npy"


def omega_star(pot, l: int, s: int, T: float, nodes: int = 100) -> float:
    """Omega^(l,s)*(T*) = int_0^inf exp(-x) x^(s+1) Q^(l)*(x T*) dx / (s+1)! (HCB eqs. 8.2-15
    and 8.2-21): the Maxwellian average of the reduced cross-section; 1 for hard spheres.
    Computed over ln x by the trapezoidal rule, which converges geometrically for this smooth,
    fast-decaying integrand."""
    t = np.linspace(math.log(1e-5), math.log(60.0 + 3 * s), nodes)
    x = np.exp(t)
    q = np.array([cross_section_star(pot, l, float(xi * T)) for xi in x])
    f = np.exp(-x) * x ** (s + 2) * q  # dx = x dt
    return float(np.trapezoid(f, t)) / math.factorial(s + 1)


def neufeld_omega(l: int, s: int, T: float) -> float:
    """Neufeld, Janzen and Aziz, J. Chem. Phys. 57, 1100 (1972): their fit of the Lennard-Jones
    Omega^(1,1)* and Omega^(2,2)* (about 0.1% over T* = 0.3-100), a check of the quadrature."""
    if (l, s) == (1, 1):
        return (1.06036 * T ** -0.15610 + 0.19300 * math.exp(-0.47635 * T) + 1.03587 * math.exp(-1.52996 * T)
                + 1.76474 * math.exp(-3.89411 * T))
    if (l, s) == (2, 2):
        return (1.16145 * T ** -0.14874 + 0.52487 * math.exp(-0.77320 * T) + 2.16178 * math.exp(-2.43787 * T))
    raise ValueError("Neufeld's fit given here for (1,1) and (2,2) only")
