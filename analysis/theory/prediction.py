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

import math

import numpy as np

from analysis.theory.brackets import PowerLaw, viscosity_brackets, viscosity_ratios
from analysis.theory.chapman_enskog import EXACT_ORDER
from analysis.theory.potential_binary import POTENTIAL_ORDER, PotentialBinary
from analysis.theory.potentials import transport_table
from analysis.theory.realgas import bird_models, ce_diffusion, hard_sphere_diffusion
from particlesim.constants import K_B, N_AV
from particlesim.gases import PRESETS
from particlesim.molecules import BIRD_A, T_REF_BIRD
from particlesim.potentials.pairs import PairPotential, lorentz_berthelot, tang_toennies_form
from particlesim.potentials.parameters import LJ_VISCOSITY

ATM = 101325.0
MODELS = ("hard_sphere", "vhs", "vss", "lennard_jones", "realistic")

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



def _check(species_a, species_b, model):
    for s in (species_a, species_b):
        if s not in LJ_VISCOSITY:
            raise ValueError(f"species {s!r}: predictions are for {', '.join(LJ_VISCOSITY)}")
    if model not in MODELS:
        raise ValueError(f"model {model!r}: one of {', '.join(MODELS)}")


def _potentials(species_a, species_b, model):
    """PairPotential of AA, AB, BB."""
    if model == "lennard_jones":
        a, b = LJ_VISCOSITY[species_a], LJ_VISCOSITY[species_b]
        return lorentz_berthelot(a, a), lorentz_berthelot(a, b), lorentz_berthelot(b, b)
    out = []
    for pair in ((species_a, species_a), (species_a, species_b), (species_b, species_b)):
        try:
            out.append(PairPotential("tang_toennies", tang_toennies_form(pair).params))
        except KeyError as err:
            raise ValueError(f"model 'realistic': {err.args[0]}") from None
    return tuple(out)


def _binary(species_a, species_b, model) -> PotentialBinary:
    return PotentialBinary(BIRD_A[species_a][0] * 1e-3, BIRD_A[species_b][0] * 1e-3,
                           _potentials(species_a, species_b, model))


def predict_alpha_t(species_a: str, species_b: str, T_K: float, y_a: float = 0.5, model: str = "lennard_jones",
                    order: int = 6) -> float:
    """Thermal diffusion factor alpha_T of the pair from its potential (convention of
    chapman_enskog.thermal_diffusion_factor: positive sends A to the cold side)."""
    if model not in ("lennard_jones", "realistic"):
        raise ValueError(f"model {model!r}: one of lennard_jones, realistic")
    _check(species_a, species_b, model)
    return float(_binary(species_a, species_b, model).alpha_T(y_a, int(order), float(T_K)))


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
        b = _binary(species_a, species_b, model)
        r = b.reduced(0.5, float(T_K), k)[-1]
        mbar = 0.5 * (b.M_a + b.M_b) / N_AV
        return float(r * math.sqrt(K_B * T_K / mbar) / (n * b.pots[1].sigma_m ** 2))
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
    p = _potentials(species, species, model)[0]
    sig = p.sigma_m
    law = transport_table(p.form, T_K / p.epsilon_K, 2 * order, 1.0)
    M = viscosity_brackets(law, order)
    omega22 = M[0, 0] / viscosity_brackets(PowerLaw(1.0), 1)[0, 0]
    ratio = viscosity_ratios(law, order, M)[-1]
    m = BIRD_A[species][0] * 1e-3 / N_AV
    return float(5.0 / 16.0 * math.sqrt(math.pi * m * K_B * T_K) / (math.pi * sig ** 2 * omega22) * ratio)


def order_table(species_a: str, species_b: str, T_K: float, order: int = 10, model="lennard_jones") -> np.ndarray:
    """[D_12]_k / [D_12]_1 for k = 1..order of a potential model (equimolar): the convergence of
    the Sonine series for a potential."""
    _check(species_a, species_b, model)
    r = _binary(species_a, species_b, model).reduced(0.5, float(T_K), int(order))
    return r / r[0]
