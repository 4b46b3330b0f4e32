"""Kinetic-theory references for hard spheres (formulas: ../shared/physics.md).

The equilibrium gas properties (collision rates, mean free paths, effusion) live in
particlesim.gases, which the engine also uses; they are re-exported here.
"""
from __future__ import annotations

import math

import numpy as np

from particlesim.constants import K_B, N_AV
from particlesim.gases import (collision_frequencies, collision_rates, drifting_effusion_flux,  # noqa: F401
                               effusion_flux, mean_free_paths, mean_relative_speed)


def diffusion_ce1(n, T, m_a, m_b, d_a, d_b):
    """First Chapman-Enskog approximation for rigid spheres (Chapman and Cowling eq. 10.3,2;
    Hirschfelder, Curtiss and Bird eq. 8.2-44 with Omega* = 1):
    [D_AB]_1 = 3 / (8 n d_AB^2) sqrt(kT / (2 pi mu_AB))."""
    mu = m_a * m_b / (m_a + m_b)
    d = 0.5 * (d_a + d_b)
    return 3.0 / (8.0 * n * d * d) * math.sqrt(K_B * T / (2.0 * math.pi * mu))


def graham_ratio(m_a, m_b):
    """N_A / N_B for free-molecular counter-effusion at equal n and T: -sqrt(m_B / m_A)."""
    return -math.sqrt(m_b / m_a)


def molar_concentration(n):
    return np.asarray(n) / N_AV
