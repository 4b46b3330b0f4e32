"""The deflection table the collision kernel scatters by (Sharipov and Strapasson, Phys. Fluids 24,
011703 (2012)): for one pair, cos chi on a grid of reduced energy E* = E / epsilon (geometric) and
R = (b / b_M)^2 (uniform), where b_M is the cut-off impact parameter. A collision draws R uniform
(b = b_M sqrt(R)), so the total cross-section is the constant sigma_T = pi b_M^2.

b_M is the smallest impact parameter (on the quadrature grid) whose neglected grazing collisions
change the Maxwellian averages of the diffusion and viscosity cross-sections (Q_1 weighted as
Omega^(1,1), Q_2 as Omega^(2,2)) by less than CUTOFF_TOLERANCE at both ends of the run's temperature
range. Tables are built once per pair and temperature range and kept on disk beside the kernel
cache (a few seconds each).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import deflection
from .cache import cache_path, write_whole
from .deflection import B_GRID, deflection_angle

CUTOFF_TOLERANCE = 1e-4  # what grazing collisions beyond b_M may change of Omega^(1,1) and Omega^(2,2)
N_R = 1025  # points in R = (b / b_M)^2
PER_DECADE = 32  # energies per decade of E*
T_LOW, T_HIGH = 1e-3, 40.0  # the table's energies span E/kT = 1e-3 at the lowest T to 40 at the highest:
# a pair of colliding molecules (constant sigma_T) has E/kT distributed as t e^-t, which leaves
# 5e-7 below and 2e-16 above


@dataclass(frozen=True)
class DeflectionTable:
    """cos chi[k, r] at E*_k = exp(ln_e0 + k d_ln_e) and R_r = r / (N_R - 1); b_max in the
    potential's sigma. Energies outside the table take its end rows."""
    cos_chi: np.ndarray
    ln_e0: float
    d_ln_e: float
    b_max: float

    def cos_at(self, E, R):
        """Bilinear interpolation as the kernel does it (for tests and checks)."""
        x = np.clip((np.log(E) - self.ln_e0) / self.d_ln_e, 0.0, self.cos_chi.shape[0] - 1.000001)
        k = x.astype(int)
        fe = x - k
        y = np.asarray(R) * (self.cos_chi.shape[1] - 1)
        r = np.minimum(y.astype(int), self.cos_chi.shape[1] - 2)
        fr = y - r
        c = self.cos_chi
        return ((1 - fe) * ((1 - fr) * c[k, r] + fr * c[k, r + 1])
                + fe * ((1 - fr) * c[k + 1, r] + fr * c[k + 1, r + 1]))

    def cross_sections(self, E, L: int = 2, samples: int = 64):
        """Q_l(E*) for l = 0..L implied by the table (units of sigma^2): pi b_M^2 times the mean of
        1 - P_l(cos chi) over R, by the trapezoidal rule on `samples` points per table interval."""
        R = np.linspace(0.0, 1.0, (self.cos_chi.shape[1] - 1) * samples + 1)
        c = self.cos_at(np.full(R.shape, float(E)), R)
        f = 1.0 - np.polynomial.legendre.legvander(c, L)
        return math.pi * self.b_max ** 2 * np.trapezoid(f, R, axis=0)


def cutoff(pot, T_lo: float, T_hi: float, tol: float = CUTOFF_TOLERANCE) -> tuple:
    """(b_M, largest change of Omega^(1,1) or Omega^(2,2) that the cut-off makes) for reduced
    temperatures T_lo..T_hi: the smallest b of B_GRID within tol."""
    E = np.geomspace(1e-4 * T_lo, 60.0 * T_hi, 160)
    b = B_GRID[1:]
    P = np.polynomial.legendre.legvander(np.cos(np.array([deflection_angle(pot, b, e) for e in E])), 2)
    f = (1.0 - P[..., 1:]) * b[None, :, None]  # (energy, b, l = 1, 2)
    f = np.concatenate([np.zeros((E.size, 1, 2)), f], axis=1)
    Q = np.concatenate([np.zeros((E.size, 1, 2)),
                        np.cumsum(0.5 * (f[:, 1:] + f[:, :-1]) * np.diff(B_GRID)[None, :, None], axis=1)], axis=1)
    worst = np.zeros(B_GRID.size)
    for T in (T_lo, T_hi):
        x = E / T
        for l, s in ((1, 1), (2, 2)):  # Omega^(l,s) ~ int x^(s+2) e^-x Q_l d ln x
            w = x ** (s + 2) * np.exp(-x)
            wq = w[:, None] * Q[:, :, l - 1]
            om = np.trapezoid(wq, np.log(E), axis=0)
            worst = np.maximum(worst, 1.0 - om / om[-1])
    k = int(np.argmax(worst < tol))
    return float(B_GRID[k]), float(worst[k])


def build(pot, T_lo: float, T_hi: float) -> DeflectionTable:
    """The table of the reduced potential pot for reduced temperatures T_lo..T_hi (cached on disk
    for potentials with a cache_key)."""
    path = _path(pot, T_lo, T_hi)
    if path is not None and path.exists():
        with np.load(path) as z:
            return DeflectionTable(z["cos_chi"], float(z["ln_e0"]), float(z["d_ln_e"]), float(z["b_max"]))
    b_max, _ = cutoff(pot, T_lo, T_hi)
    lo, hi = math.log(T_LOW * T_lo), math.log(T_HIGH * T_hi)
    n = int(math.ceil((hi - lo) / math.log(10.0) * PER_DECADE)) + 1
    lnE = np.linspace(lo, hi, n)
    b = b_max * np.sqrt(np.linspace(0.0, 1.0, N_R))
    cos_chi = np.array([np.cos(np.concatenate([[np.pi], deflection_angle(pot, b[1:], math.exp(e))])) for e in lnE])
    tab = DeflectionTable(cos_chi, lo, float(lnE[1] - lnE[0]), b_max)
    if path is not None:
        write_whole(path, lambda f: np.savez(f, cos_chi=cos_chi, ln_e0=tab.ln_e0, d_ln_e=tab.d_ln_e, b_max=b_max))
    return tab


def is_cached(pot, T_lo: float, T_hi: float) -> bool:
    path = _path(pot, T_lo, T_hi)
    return path is not None and path.exists()


_SOURCE = Path(deflection.__file__).read_bytes() + Path(__file__).read_bytes()


def _path(pot, T_lo, T_hi):
    key = getattr(pot, "cache_key", None)
    if key is None:
        return None
    return cache_path("deflection", _SOURCE, repr((key, round(float(T_lo), 12), round(float(T_hi), 12))).encode(),
                      ".npz")
