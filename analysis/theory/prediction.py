"""Predicted binary diffusion coefficients of the rare gases from pure-gas parameters alone
(docs/physics.md, "Molecules from their potential"; no mixture data enters).

- "lennard_jones": the 12-6 potential with sigma and epsilon/k fitted by Hirschfelder, Curtiss and
  Bird to each pure gas's viscosity ("Molecular Theory of Gases and Liquids", 1954, Table I-A),
  unlike pairs by the Lorentz-Berthelot rules; Chapman-Enskog converged in the Sonine order with
  the exact brackets of the potential's own transport cross-sections (brackets.Tabulated).
- "hard_sphere", "vhs", "vss": Bird's presets (particlesim.molecules.BIRD_A, fitted to each pure
  gas's viscosity at 273 K) with the mixing rule, for contrast.

The measured values to compare with are in MEASURED (CRC Handbook, from Marrero and Mason 1972).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from analysis.theory.chapman_enskog import EXACT_ORDER, _collision_matrix, _force_source, _stack, _velocity_difference
from analysis.theory.potentials import LennardJones, transport_table
from analysis.theory.realgas import bird_models, ce_diffusion, hard_sphere_diffusion
from particlesim.constants import K_B, N_AV
from particlesim.gases import PRESETS
from particlesim.molecules import BIRD_A, T_REF_BIRD

ATM = 101325.0
MODELS = ("hard_sphere", "vhs", "vss", "lennard_jones")

# Lennard-Jones 12-6 from pure-gas viscosity: sigma (m), epsilon/k (K); Hirschfelder, Curtiss and
# Bird (1954), Table I-A
LJ_VISCOSITY = {
    "helium": (2.576e-10, 10.22),
    "neon": (2.789e-10, 35.7),
    "argon": (3.418e-10, 124.0),
    "krypton": (3.61e-10, 190.0),
    "xenon": (4.055e-10, 229.0),
}

# measured D_12 (cm^2/s) of equimolar mixtures at 1 atm: CRC Handbook of Chemistry and Physics,
# "Diffusion in gases" (from Marrero and Mason, J. Phys. Chem. Ref. Data 1, 3 (1972), and Kestin
# et al., J. Phys. Chem. Ref. Data 13, 229 (1984)); the tabulated digits are the only rounding
MEASURED_T = (200.0, 273.15, 293.15, 373.15, 473.15, 573.15, 673.15)
MEASURED = {
    ("helium", "argon"): (0.381, 0.645, 0.726, 1.088, 1.617, 2.226, 2.911),
    ("neon", "argon"): (0.160, 0.277, 0.313, 0.475, 0.710, 0.979, 1.283),
    ("argon", "krypton"): (0.064, 0.117, 0.134, 0.210, 0.323, 0.456, 0.605),
    ("argon", "xenon"): (0.052, 0.095, 0.108, 0.171, 0.264, 0.374, 0.498),
}

LJ_ORDER = 8  # Sonine order for potentials: within 1e-4 of order 10 for these pairs (docs/physics.md)


def _check(species_a, species_b, model):
    for s in (species_a, species_b):
        if s not in LJ_VISCOSITY:
            raise ValueError(f"species {s!r}: predictions are for {', '.join(LJ_VISCOSITY)}")
    if model not in MODELS:
        raise ValueError(f"model {model!r}: one of {', '.join(MODELS)}")


def _lj_pairs(species_a, species_b):
    """(sigma, epsilon/k) of AA, AB, BB with Lorentz-Berthelot: sigma mean, epsilon geometric mean."""
    (sa, ea), (sb, eb) = LJ_VISCOSITY[species_a], LJ_VISCOSITY[species_b]
    return (sa, ea), (0.5 * (sa + sb), math.sqrt(ea * eb)), (sb, eb)


@functools.lru_cache(maxsize=256)
def _lj_ratios(species_a, species_b, T, order):
    """Reduced D at orders 1..order for y_A = 0.5 (kT = 1, mean mass 1, length sigma_AB, n = 1)."""
    m = np.array([BIRD_A[species_a][0], BIRD_A[species_b][0]])
    m = m / m.mean()
    pairs = _lj_pairs(species_a, species_b)
    s_ab = pairs[1][0]
    laws = [transport_table(LennardJones(), T / eps, 2 * order - 1, sig / s_ab) for sig, eps in pairs]
    S, Pt = _stack(m, [[laws[0], laws[1]], [laws[1], laws[2]]], order)
    x = np.array([0.5, 0.5])
    A = _collision_matrix(S, Pt, x, order)
    b = _force_source(m, x, order)
    return np.array([x[1] * _velocity_difference(A, b, x, m, order, k) for k in range(1, order + 1)])


def predict_d12(species_a: str, species_b: str, T_K: float, p_Pa: float = ATM, model: str = "lennard_jones",
                order: int | None = None) -> float:
    """Converged Chapman-Enskog D_12 (m^2/s) of an equimolar mixture of two preset rare gases
    ("helium", "neon", "argon", "krypton", "xenon") at T_K and p_Pa, from pure-gas parameters only:
    model "lennard_jones" (HCB viscosity parameters, Lorentz-Berthelot), or Bird's "vss", "vhs",
    "hard_sphere" presets with the mixing rule. order: the Sonine order (default converged)."""
    _check(species_a, species_b, model)
    n = p_Pa / (K_B * T_K)
    if model == "lennard_jones":
        k = LJ_ORDER if order is None else int(order)
        r = _lj_ratios(species_a, species_b, float(T_K), k)[-1]
        mbar = 0.5 * (BIRD_A[species_a][0] + BIRD_A[species_b][0]) * 1e-3 / N_AV
        s_ab = _lj_pairs(species_a, species_b)[1][0]
        return float(r * math.sqrt(K_B * T_K / mbar) / (n * s_ab ** 2))
    k = EXACT_ORDER if order is None else int(order)
    M_a, M_b = BIRD_A[species_a][0] * 1e-3, BIRD_A[species_b][0] * 1e-3
    if model == "hard_sphere":
        return hard_sphere_diffusion(T_K, M_a, M_b, PRESETS[species_a][1], PRESETS[species_b][1], p_Pa, 0.5, k)
    return ce_diffusion(T_K, bird_models(species_a, species_b, model), M_a, M_b, p_Pa, 0.5, k, T_REF_BIRD)


def lj_order_table(species_a: str, species_b: str, T_K: float, order: int = 10) -> np.ndarray:
    """[D_12]_k / [D_12]_1 for k = 1..order of the Lennard-Jones pair (equimolar): the convergence
    of the Sonine series for a potential."""
    r = _lj_ratios(species_a, species_b, float(T_K), int(order))
    return r / r[0]
