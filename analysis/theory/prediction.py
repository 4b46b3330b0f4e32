"""Predicted binary diffusion coefficients of the rare gases from pure-gas parameters alone
(docs/physics.md, "Molecules from their potential"; no mixture data enters).

- "lennard_jones": the 12-6 potential with sigma and epsilon/k fitted by Hirschfelder, Curtiss and
  Bird to each pure gas's viscosity ("Molecular Theory of Gases and Liquids", 1954, Table I-A),
  unlike pairs by the Lorentz-Berthelot rules; Chapman-Enskog converged in the Sonine order with
  the exact brackets of the potential's own transport cross-sections (brackets.Tabulated).
- "realistic": the Tang-Toennies potential with the published parameters of each pair (Tang and
  Toennies 2003); available where the package carries all three pairs' parameters (He, Ne, Ar
  and their helium pairs: helium-argon among the predicted mixtures).
- "hard_sphere", "vhs", "vss": Bird's presets (particlesim.molecules.BIRD_A, fitted to each pure
  gas's viscosity at 273 K) with the mixing rule, for contrast.

The measured values to compare with are in MEASURED (CRC Handbook, from Marrero and Mason 1972).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from analysis.theory.brackets import PowerLaw, viscosity_brackets, viscosity_ratios
from analysis.theory.chapman_enskog import (
    EXACT_ORDER,
    _alpha_t,
    _collision_matrix,
    _force_source,
    _stack,
    _velocity_difference,
)
from analysis.theory.potentials import LennardJones, TangToennies, transport_table
from analysis.theory.realgas import bird_models, ce_diffusion, hard_sphere_diffusion
from particlesim.constants import K_B, N_AV
from particlesim.gases import PRESETS
from particlesim.molecules import BIRD_A, T_REF_BIRD

ATM = 101325.0
MODELS = ("hard_sphere", "vhs", "vss", "lennard_jones", "realistic")

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

# Tang-Toennies potentials (A, b, C6, C8, C10 in atomic units): Tang and Toennies, J. Chem. Phys.
# 118, 4976 (2003), for the pairs whose published parameters this package carries (checked: each
# reproduces the paper's well, e.g. Ar2 143.5 K at 7.10 bohr, He2 11.0 K at 5.62 bohr)
TANG_TOENNIES = {
    ("helium", "helium"): (41.96, 2.523, 1.461, 14.11, 183.5),
    ("neon", "neon"): (199.5, 2.458, 6.383, 90.34, 1536.0),
    ("argon", "argon"): (748.3, 2.031, 64.30, 1623.0, 49060.0),
    ("helium", "neon"): (98.02, 2.496, 3.029, 36.18, 545.1),
    ("helium", "argon"): (124.3, 2.153, 9.538, 167.5, 3701.0),
}

POTENTIAL_ORDER = 8  # Sonine order for potentials: within 1e-5 of order 10 for these pairs (docs/physics.md)


def _check(species_a, species_b, model):
    for s in (species_a, species_b):
        if s not in LJ_VISCOSITY:
            raise ValueError(f"species {s!r}: predictions are for {', '.join(LJ_VISCOSITY)}")
    if model not in MODELS:
        raise ValueError(f"model {model!r}: one of {', '.join(MODELS)}")


def _potentials(species_a, species_b, model):
    """(potential in its reduced units, sigma m, epsilon/k K) of AA, AB, BB."""
    if model == "lennard_jones":  # Lorentz-Berthelot: sigma the mean, epsilon the geometric mean
        (sa, ea), (sb, eb) = LJ_VISCOSITY[species_a], LJ_VISCOSITY[species_b]
        lj = LennardJones()
        return (lj, sa, ea), (lj, 0.5 * (sa + sb), math.sqrt(ea * eb)), (lj, sb, eb)
    out = []
    for pair in ((species_a, species_a), (species_a, species_b), (species_b, species_b)):
        params = TANG_TOENNIES.get(pair) or TANG_TOENNIES.get(pair[::-1])
        if params is None:
            raise ValueError(f"model 'realistic': no published Tang-Toennies parameters for {pair[0]}-{pair[1]} in "
                             f"this package (it has {', '.join(a + '-' + b for a, b in TANG_TOENNIES)})")
        tt = _tang_toennies(params)
        out.append((tt, tt.sigma_m, tt.epsilon_K))
    return tuple(out)


@functools.lru_cache(maxsize=32)
def _tang_toennies(params):
    return TangToennies(*params)


@functools.lru_cache(maxsize=64)
def _brackets(species_a, species_b, T, order, model):
    """Reduced masses and the brackets of AA, AB, BB (kT = 1, mean mass 1, length sigma_AB)."""
    m = np.array([BIRD_A[species_a][0], BIRD_A[species_b][0]])
    m = m / m.mean()
    pairs = _potentials(species_a, species_b, model)
    s_ab = pairs[1][1]
    laws = [transport_table(pot, T / eps, 2 * order - 1, sig / s_ab) for pot, sig, eps in pairs]
    return (m,) + _stack(m, [[laws[0], laws[1]], [laws[1], laws[2]]], order)


def _ratios(species_a, species_b, T, order, model, y_a=0.5):
    """Reduced D at orders 1..order for mole fraction y_a of A (n = 1)."""
    m, S, Pt = _brackets(species_a, species_b, T, order, model)
    x = np.array([y_a, 1.0 - y_a])
    A = _collision_matrix(S, Pt, x, order)
    b = _force_source(m, x, order)
    return np.array([x[1] * _velocity_difference(A, b, x, m, order, k) for k in range(1, order + 1)])


def predict_alpha_t(species_a: str, species_b: str, T_K: float, y_a: float = 0.5, model: str = "lennard_jones",
                    order: int = 6) -> float:
    """Thermal diffusion factor alpha_T of the pair from its potential (convention of
    chapman_enskog.thermal_diffusion_factor: positive sends A to the cold side)."""
    if model not in ("lennard_jones", "realistic"):
        raise ValueError(f"model {model!r}: one of lennard_jones, realistic")
    _check(species_a, species_b, model)
    m, S, Pt = _brackets(species_a, species_b, float(T_K), int(order), model)
    x = np.array([y_a, 1.0 - y_a])
    return float(_alpha_t(m, x, _collision_matrix(S, Pt, x, order), order))


def predict_d12(species_a: str, species_b: str, T_K: float, p_Pa: float = ATM, model: str = "lennard_jones",
                order: int | None = None) -> float:
    """Converged Chapman-Enskog D_12 (m^2/s) of an equimolar mixture of two preset rare gases
    ("helium", "neon", "argon", "krypton", "xenon") at T_K and p_Pa, from pure-gas parameters only:
    model "lennard_jones" (HCB viscosity parameters, Lorentz-Berthelot), "realistic" (Tang-Toennies,
    published pair parameters; helium-argon, helium-neon), or Bird's "vss", "vhs",
    "hard_sphere" presets with the mixing rule. order: the Sonine order (default converged)."""
    _check(species_a, species_b, model)
    n = p_Pa / (K_B * T_K)
    if model in ("lennard_jones", "realistic"):
        k = POTENTIAL_ORDER if order is None else int(order)
        r = _ratios(species_a, species_b, float(T_K), k, model)[-1]
        mbar = 0.5 * (BIRD_A[species_a][0] + BIRD_A[species_b][0]) * 1e-3 / N_AV
        s_ab = _potentials(species_a, species_b, model)[1][1]
        return float(r * math.sqrt(K_B * T_K / mbar) / (n * s_ab ** 2))
    k = EXACT_ORDER if order is None else int(order)
    M_a, M_b = BIRD_A[species_a][0] * 1e-3, BIRD_A[species_b][0] * 1e-3
    if model == "hard_sphere":
        return hard_sphere_diffusion(T_K, M_a, M_b, PRESETS[species_a][1], PRESETS[species_b][1], p_Pa, 0.5, k)
    return ce_diffusion(T_K, bird_models(species_a, species_b, model), M_a, M_b, p_Pa, 0.5, k, T_REF_BIRD)


def predict_viscosity(species: str, T_K: float, model: str = "lennard_jones", order: int = 6) -> float:
    """Converged Chapman-Enskog viscosity (Pa s) of a pure preset rare gas from its potential
    ("lennard_jones" or "realistic"): (5/16) sqrt(pi m k T) / (pi sigma^2 Omega^(2,2)*) times the
    Sonine series' ratio, both from the tensor brackets of the potential's own cross-sections. A
    check of the potentials against the pure gas's measured viscosity (to which the Lennard-Jones
    parameters were fitted; the Tang-Toennies ones were not)."""
    if model not in ("lennard_jones", "realistic"):
        raise ValueError(f"model {model!r}: one of lennard_jones, realistic")
    _check(species, species, model)
    pot, sig, eps = _potentials(species, species, model)[0]
    law = transport_table(pot, T_K / eps, 2 * order, 1.0)
    M = viscosity_brackets(law, order)
    omega22 = M[0, 0] / viscosity_brackets(PowerLaw(1.0), 1)[0, 0]
    ratio = viscosity_ratios(law, order, M)[-1]
    m = BIRD_A[species][0] * 1e-3 / N_AV
    return float(5.0 / 16.0 * math.sqrt(math.pi * m * K_B * T_K) / (math.pi * sig ** 2 * omega22) * ratio)


def order_table(species_a: str, species_b: str, T_K: float, order: int = 10, model="lennard_jones") -> np.ndarray:
    """[D_12]_k / [D_12]_1 for k = 1..order of a potential model (equimolar): the convergence of
    the Sonine series for a potential."""
    _check(species_a, species_b, model)
    r = _ratios(species_a, species_b, float(T_K), int(order), model)
    return r / r[0]
