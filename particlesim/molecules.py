"""Molecular models per species pair: hard sphere, variable hard sphere (VHS) and variable
soft sphere (VSS) (Bird 1994, "Molecular Gas Dynamics and the Direct Simulation of Gas
Flows", secs. 2.6 and 3.5; formulas in docs/physics.md, "Molecular models: VHS and VSS").

A pair (i, j) has a reference diameter d_ref at T_ref, a viscosity index omega and a VSS
scattering exponent alpha; hard spheres are omega = 1/2, alpha = 1. The total cross-section
is Bird's (eq. 4.63)

    sigma_T(g) = pi d_ref^2 (2 k T_ref / (m_r g^2))^(omega - 1/2) / Gamma(5/2 - omega),

whose thermal average gives the hard-sphere collision rate with the effective diameter
d(T) = d_ref (T_ref / T)^((omega - 1/2) / 2), so every equilibrium formula of gases.py holds
with d(T). VSS molecules scatter with cos(chi) = 2 u^(1/alpha) - 1 for u uniform on (0, 1)
(isotropic for alpha = 1), which makes the momentum-transfer cross-section 2 sigma_T / (1 + alpha).

Pair values are the means of the species' values (Bird's mixing rule, sec. 4.3) unless a
[[pairs]] table of the run config sets them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .constants import K_B

POTENTIAL_MODELS = ("lennard_jones", "tang_toennies")  # particlesim/potentials
MODELS = ("hard_sphere", "vhs", "vss", *POTENTIAL_MODELS)
T_REF_BIRD = 273.0  # K, the reference temperature of Bird's Appendix A

# Bird (1994), Appendix A, Table A1 (VHS: d_ref, omega at 273 K) and Table A2 (VSS: d_ref,
# alpha with the same omega), with the viscosity mu_ref at 273 K that both reproduce (Pa s).
# molar masses are IUPAC standard atomic weights. name: (M g/mol, mu_ref, omega,
# d_VHS m, d_VSS m, alpha)
BIRD_A = {
    "hydrogen": (2.016, 0.845e-5, 0.67, 2.92e-10, 2.88e-10, 1.35),
    "helium": (4.0026, 1.865e-5, 0.66, 2.33e-10, 2.30e-10, 1.26),
    "neon": (20.180, 2.975e-5, 0.66, 2.77e-10, 2.72e-10, 1.31),
    "argon": (39.948, 2.117e-5, 0.81, 4.17e-10, 4.11e-10, 1.40),
    "krypton": (83.798, 2.328e-5, 0.80, 4.76e-10, 4.70e-10, 1.32),
    "xenon": (131.293, 2.107e-5, 0.85, 5.74e-10, 5.65e-10, 1.44),
    "nitrogen": (28.013, 1.656e-5, 0.74, 4.17e-10, 4.11e-10, 1.36),
    "oxygen": (31.999, 1.919e-5, 0.77, 4.07e-10, 4.01e-10, 1.40),
    "carbon_dioxide": (44.010, 1.380e-5, 0.93, 5.62e-10, 5.54e-10, 1.61),
}


def viscosity_model(m, d_ref, omega, alpha, T, t_ref=T_REF_BIRD):
    """First-approximation viscosity (Pa s) of a pure VHS/VSS gas (Bird eqs. 4.62 and 3.75):
    mu = 5 (alpha + 1)(alpha + 2) sqrt(m k T / pi) / (4 alpha (5 - 2 omega)(7 - 2 omega) d(T)^2);
    hard spheres (5/16) sqrt(pi m k T) / (pi d^2)."""
    d2 = d_ref * d_ref * (t_ref / T) ** (omega - 0.5)
    return (5.0 * (alpha + 1.0) * (alpha + 2.0) * math.sqrt(m * K_B * T / math.pi)
            / (4.0 * alpha * (5.0 - 2.0 * omega) * (7.0 - 2.0 * omega) * d2))


def hard_sphere_diameter(m, mu, T):
    """The hard sphere with viscosity mu at T (first approximation): sqrt(5 sqrt(pi m k T) / (16 pi mu))."""
    return math.sqrt(5.0 * math.sqrt(math.pi * m * K_B * T) / (16.0 * math.pi * mu))


@dataclass(frozen=True)
class PairModels:
    """Per-pair model matrices (species x species): d_ref (m) at t_ref (K), omega, alpha."""
    d_ref: np.ndarray
    omega: np.ndarray
    alpha: np.ndarray
    t_ref: float = T_REF_BIRD

    @property
    def hard_spheres(self) -> bool:
        return bool(np.all(self.omega == 0.5) and np.all(self.alpha == 1.0))

    def diameters_at(self, T) -> np.ndarray:
        """Effective pair diameters d(T), with which hard-sphere formulas give the collision
        rates (and, times `ce1_factor`, the first Chapman-Enskog D)."""
        return self.d_ref * (self.t_ref / T) ** (0.5 * (self.omega - 0.5))

    def ce1_factor(self) -> np.ndarray:
        """[D_ij]_1 over the hard-sphere value with the diameter d(T): 2 (1 + alpha) / (5 - 2 omega)."""
        return 2.0 * (1.0 + self.alpha) / (5.0 - 2.0 * self.omega)

    def ntc(self, m):
        """sigma_T g = C g^(2 - 2 omega): the NTC kernel's C^2 and the exponent 2 - 2 omega, which
        it applies to g^2 (so sigma g squared = C^2 (g^2)^(2 - 2 omega))."""
        m = np.asarray(m, dtype=float)
        mr = m[:, None] * m[None, :] / (m[:, None] + m[None, :])
        gam = np.vectorize(math.gamma)(2.5 - self.omega)
        C = math.pi * self.d_ref ** 2 * (2.0 * K_B * self.t_ref / mr) ** (self.omega - 0.5) / gam
        return C * C, 2.0 - 2.0 * self.omega

    def pair(self, i, j) -> tuple:
        return float(self.d_ref[i, j]), float(self.omega[i, j]), float(self.alpha[i, j])


def pair_models(species, overrides=(), t_ref=T_REF_BIRD) -> PairModels:
    """Mixing rule (means of the species' d_ref, omega, alpha), then the overrides:
    (i, j, d_ref or None, omega or None, alpha or None)."""
    d = np.array([s.diameter_m for s in species], float)
    w = np.array([s.omega for s in species], float)
    a = np.array([s.alpha for s in species], float)
    D = 0.5 * (d[:, None] + d[None, :])
    W = 0.5 * (w[:, None] + w[None, :])
    A = 0.5 * (a[:, None] + a[None, :])
    for i, j, dd, ww, aa in overrides:
        for (p, q) in ((i, j), (j, i)):
            if dd is not None:
                D[p, q] = dd
            if ww is not None:
                W[p, q] = ww
            if aa is not None:
                A[p, q] = aa
    return PairModels(D, W, A, t_ref)
