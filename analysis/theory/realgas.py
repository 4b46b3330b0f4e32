"""Real-gas diffusion: measured helium-argon D_12 and pair parameters fitted to it.

Bird's pure-gas VHS/VSS parameters with the mixing rule miss helium-argon's D_12 by 10-30%
(docs/physics.md, "Molecular models: VHS and VSS"), which is why DSMC codes allow pair-specific collision
parameters. `fit_pair` finds the pair's d_ref and omega (alpha given) whose converged
Chapman-Enskog D_12 passes through two measured values.
"""
from __future__ import annotations

import math

import numpy as np

from analysis.theory.chapman_enskog import EXACT_ORDER, Binary
from particlesim.constants import K_B
from particlesim.molecules import BIRD_A, T_REF_BIRD

ATM = 101325.0

# He-Ar D_12 at 1 atm (cm^2/s): CRC Handbook of Chemistry and Physics, "Diffusion in gases",
# from Marrero and Mason, J. Phys. Chem. Ref. Data 1, 3 (1972) and Kestin et al., J. Phys.
# Chem. Ref. Data 13, 229 (1984).
HE_AR_MEASURED = {200.0: 0.381, 273.15: 0.645, 293.15: 0.726, 373.15: 1.088, 473.15: 1.617, 573.15: 2.226,
                  673.15: 2.911}
FIT_TEMPERATURES = (273.15, 473.15)


def measured_exponent(data=None, temperatures=None) -> float:
    """d ln D / d ln T of the measured values (least squares over the given temperatures)."""
    data = HE_AR_MEASURED if data is None else data
    T = np.array(sorted(data) if temperatures is None else temperatures)
    return float(np.polyfit(np.log(T), np.log([data[t] for t in T]), 1)[0])


def bird_models(name_a="argon", name_b="helium", model="vss"):
    """((d_ref, omega, alpha) of AA, AB, BB) of Bird's presets with the mixing rule."""
    a, b = BIRD_A[name_a], BIRD_A[name_b]
    pick = (lambda p: (p[4], p[2], p[5])) if model == "vss" else (lambda p: (p[3], p[2], 1.0))
    pa, pb = pick(a), pick(b)
    ab = tuple(0.5 * (x + y) for x, y in zip(pa, pb))
    return pa, ab, pb


def ce_diffusion(T, models, M_a, M_b, p=ATM, y_a=0.5, order=EXACT_ORDER, t_ref=T_REF_BIRD):
    """Chapman-Enskog D_12 (m^2/s) at T and pressure p for pair models ((AA), (AB), (BB)),
    molar masses in kg/mol; order 1 is the closed form."""
    aa, ab, bb = models
    b = Binary(M_a, M_b, aa[0], bb[0], ((aa, ab), (ab, bb)), t_ref)
    n = p / (K_B * T)
    return float(b.d1(n, T) * (1.0 if order == 1 else b.ratio(np.array([y_a]), order, T)[0]))


def hard_sphere_diffusion(T, M_a, M_b, d_a, d_b, p=ATM, y_a=0.5, order=EXACT_ORDER):
    n = p / (K_B * T)
    b = Binary(M_a, M_b, d_a, d_b)
    return float(b.d1(n, T) * (1.0 if order == 1 else b.ratio(np.array([y_a]), order, T)[0]))


def fit_pair(T1, D1, T2, D2, M_a, M_b, aa, bb, alpha=None, p=ATM, y_a=0.5, iterations=6, t_ref=T_REF_BIRD):
    """The pair's d_ref (m) and omega such that the converged Chapman-Enskog D_12 at y_a and
    pressure p equals D1 at T1 and D2 at T2 (m^2/s); aa, bb: (d_ref, omega, alpha) of the
    like pairs, alpha: the pair's (default: the mean of the like pairs').

    At fixed p the first approximation is D_1 = K(alpha, omega) T^(omega + 1) / d_ref^2 times
    constants, so omega follows from the ratio D2/D1 and d_ref from D1; the higher Sonine orders
    multiply it by a ratio close to 1 that depends weakly on the parameters, so the two
    equations are solved again with the ratio of the last estimate until it settles (six
    rounds reach 1e-10)."""
    alpha = 0.5 * (aa[2] + bb[2]) if alpha is None else alpha
    r1 = r2 = 1.0
    for _ in range(iterations):
        omega = math.log((D2 / r2) / (D1 / r1)) / math.log(T2 / T1) - 1.0
        omega = min(max(omega, 0.5), 1.0)
        unit = ce_diffusion(T1, (aa, (1e-10, omega, alpha), bb), M_a, M_b, p, y_a, order=1, t_ref=t_ref)
        d = 1e-10 * math.sqrt(unit / (D1 / r1))
        models = (aa, (d, omega, alpha), bb)
        r1 = ce_diffusion(T1, models, M_a, M_b, p, y_a, t_ref=t_ref) / ce_diffusion(T1, models, M_a, M_b, p, y_a, 1,
                                                                                    t_ref)
        r2 = ce_diffusion(T2, models, M_a, M_b, p, y_a, t_ref=t_ref) / ce_diffusion(T2, models, M_a, M_b, p, y_a, 1,
                                                                                    t_ref)
    return d, omega, alpha


# --------------------------------------------------------------------------- sweep report

M_AR, M_HE = 39.948e-3, 4.0026e-3
HS_AR, HS_HE = 3.66e-10, 2.33e-10  # the hard-sphere presets (particlesim.gases.PRESETS)


def fitted_models():
    """Bird's VSS argon and helium with the pair fitted to HE_AR_MEASURED at FIT_TEMPERATURES."""
    aa, _, bb = bird_models(model="vss")
    T1, T2 = FIT_TEMPERATURES
    d, w, a = fit_pair(T1, HE_AR_MEASURED[T1] * 1e-4, T2, HE_AR_MEASURED[T2] * 1e-4, M_AR, M_HE, aa, bb)
    return aa, (d, w, a), bb
