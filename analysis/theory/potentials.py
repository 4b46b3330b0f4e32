"""Molecules from their potential: the classical deflection angle chi(b, E) of a pair in a
spherical potential V(r), the transport cross-sections Q^(l)(E) and the reduced collision
integrals Omega^(l,s)*(T*) by deterministic quadrature (docs/physics.md, "Molecules from their
potential"; Hirschfelder, Curtiss and Bird 1954, secs. 8.2 and 1.5; Chapman and Cowling,
ch. 10).

All lengths in units of the potential's sigma, energies in units of its well depth epsilon
(E* = E / epsilon, T* = k T / epsilon). For hard spheres every reduced integral is 1.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from analysis.theory.brackets import Tabulated
from particlesim.potentials import deflection
from particlesim.potentials.cache import cache_path, write_whole
from particlesim.potentials.deflection import B_GRID, deflection_angle, legendre_cross_sections
from particlesim.potentials.forms import (
    BOHR_M,
    HARTREE_K,
    InverseSquare,
    LennardJones,
    TabulatedPotential,
    TangToennies,
)

__all__ = [
    "BOHR_M",
    "HARTREE_K",
    "InverseSquare",
    "LennardJones",
    "TabulatedPotential",
    "TangToennies",
    "cross_section_star",
    "deflection_angle",
    "legendre_cross_sections",
    "neufeld_omega",
    "omega_star",
    "transport_table",
]



def _hs_factor(l: int) -> float:
    """Q^(l) of hard spheres of unit diameter over pi: 1 - (1 + (-1)^l) / (2 (1 + l))."""
    return 1.0 - (1.0 + (-1) ** l) / (2.0 * (1.0 + l))


# energies (t = E / kT) of the transport tables: geometric, for a spline in ln t; beyond the ends
# the Maxwellian weight t e^-t leaves less than 1e-7 of any moment the brackets take
T_TABLE = np.geomspace(1e-4, 800.0, 121)


def cross_section_star(pot, l: int, E: float, b=B_GRID) -> float:
    """Q^(l)*(E*) = 2 pi int_0^inf (1 - cos^l chi) b db over its hard-sphere value (unit sigma),
    by the trapezoidal rule on the grid b."""
    chi = deflection_angle(pot, b[1:], E)
    f = np.concatenate([[0.0], (1.0 - np.cos(chi) ** l) * b[1:]])
    return 2.0 * float(np.trapezoid(f, b)) / _hs_factor(l)


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
        if path is not None:
            write_whole(path, lambda f: np.save(f, q))
    return Tabulated(t, scale ** 2 * q)


# the deflection code and this file are part of every table's key
_SOURCE = Path(deflection.__file__).read_bytes() + Path(__file__).read_bytes()


def _table_path(pot, T_star, L, t):
    key = getattr(pot, "cache_key", None)
    if key is None:
        return None
    return cache_path("transport", _SOURCE, repr((key, float(T_star), int(L))).encode() + t.tobytes() + B_GRID.tobytes(),
                      ".npy")


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
