"""Evaporating and condensing surfaces, and diffusion through a stagnant gas (docs/physics.md,
"Interfaces and the Stefan tube").

- Stefan's tube: vapour A diffuses from its liquid at z = 0 through B, which the liquid does
  not take up (N_B = 0), to z = L; isothermal and isobaric (Bird, Stewart and Lightfoot,
  "Transport Phenomena", sec. 18.2).
- The surface's own rates: the one-way emission of a condensed phase and the net flux of
  Hertz-Knudsen with Schrage's correction; the kinetic pressure jump of the Knudsen layer at a
  surface that evaporates or condenses weakly (linearized Boltzmann equation, hard spheres,
  alpha = 1: Sone, Ohwada and Aoki, Phys. Fluids A 1, 363 (1989)).
"""
from __future__ import annotations

import math

import numpy as np

from particlesim.constants import K_B

# the pressure jump coefficient of weak evaporation/condensation, hard spheres, complete
# condensation: (p_v - p_sat) / p_sat = C4* v_n / sqrt(2 k T / m), v_n the gas's normal velocity
# away from the surface (Sone, Ohwada and Aoki 1989; Sone, "Molecular Gas Dynamics", 2007)
C4_STAR = -2.1320


def stefan_flux(c, D, L, y0, yL):
    """Molar flux of A (mol m^-2 s^-1, towards +z) through stagnant B: c D / L ln((1 - yL)/(1 - y0))
    for the mole fractions y0 at z = 0 and yL at z = L."""
    return c * D / L * math.log((1.0 - yL) / (1.0 - y0))


def stefan_profile(z, L, y0, yL):
    """y_A(z) of the Stefan tube: 1 - y_A is exponential, (1 - y0) ((1 - yL)/(1 - y0))^(z/L)."""
    z = np.asarray(z, dtype=float)
    return 1.0 - (1.0 - y0) * ((1.0 - yL) / (1.0 - y0)) ** (z / L)


def emitted_flux(n_sat, m, T_s, alpha_e=1.0):
    """One-way number flux (m^-2 s^-1) that a condensed phase emits: alpha_e n_sat sqrt(kT_s/(2 pi m))."""
    return alpha_e * n_sat * np.sqrt(K_B * T_s / (2.0 * np.pi * m))


def hertz_knudsen(n_sat, n_v, m, T_s, T_v=None, alpha_e=1.0, alpha_c=None):
    """Net number flux (m^-2 s^-1) leaving the surface by Hertz-Knudsen: what it emits less what
    it keeps of a resting Maxwellian vapour (n_v, T_v) striking it."""
    T_v = T_s if T_v is None else T_v
    alpha_c = alpha_e if alpha_c is None else alpha_c
    return emitted_flux(n_sat, m, T_s, alpha_e) - emitted_flux(n_v, m, T_v, alpha_c)


def schrage(n_sat, n_v, m, T_s, T_v=None, alpha=1.0):
    """Hertz-Knudsen with Schrage's correction for small net fluxes: the vapour drifts with the
    flux it carries, so the condensing stream is larger or smaller than a resting gas's; to first
    order the net flux is 2 / (2 - alpha) times Hertz-Knudsen's (alpha_e = alpha_c = alpha)."""
    return 2.0 / (2.0 - alpha) * hertz_knudsen(n_sat, n_v, m, T_s, T_v, alpha, alpha)


def knudsen_layer_pressure(p_sat, v_n, m, T):
    """The vapour's pressure beyond the Knudsen layer of a surface from which the gas leaves at
    normal velocity v_n (negative: condensation), to first order in v_n / sqrt(2kT/m)."""
    return p_sat * (1.0 + C4_STAR * v_n / math.sqrt(2.0 * K_B * T / m))
