"""Species presets and equilibrium hard-sphere gas properties (SI).

Formulas: docs/physics.md, "Gas state" and "Effusion"; every function takes arrays
of per-species molecular masses m (kg), diameters d (m) and number densities n (1/m^3).
"""
import math

import numpy as np

from .constants import K_B, N_AV
from .molecules import BIRD_A, T_REF_BIRD, hard_sphere_diameter

# name: (molar mass in g/mol, hard-sphere diameter in m). Argon and helium keep the
# hard-sphere values of the project's reference problem (SPARTA comparison, issue 9); the
# others are the hard spheres with Bird's viscosity at 273 K (molecules.BIRD_A, first
# approximation: d = sqrt(5 sqrt(pi m k T) / (16 pi mu))). Their VHS and VSS parameters:
# molecules.BIRD_A.
PRESETS = {
    "argon": (39.948, 3.66e-10),
    "helium": (4.0026, 2.33e-10),
}
for _name, (_M, _mu, *_rest) in BIRD_A.items():
    if _name not in PRESETS:
        PRESETS[_name] = (_M, round(hard_sphere_diameter(_M * 1e-3 / N_AV, _mu, T_REF_BIRD), 13))


def pair_diameters(d):
    """d_ij = (d_i + d_j) / 2 from species diameters; a pair matrix (molecules.PairModels.
    diameters_at) is returned as it is."""
    d = np.asarray(d, dtype=float)
    return d if d.ndim == 2 else 0.5 * (d[:, None] + d[None, :])


def pair_cross_sections(d):
    """sigma_ij = pi d_ij^2."""
    return math.pi * pair_diameters(d) ** 2


def reduced_masses(m):
    m = np.asarray(m, dtype=float)
    return m[:, None] * m[None, :] / (m[:, None] + m[None, :])


def mean_relative_speed(m, T):
    """<g_ij> = sqrt(8 k T / (pi mu_ij)), matrix over pairs."""
    return np.sqrt(8.0 * K_B * T / (math.pi * reduced_masses(m)))


def mean_speed(m, T):
    return np.sqrt(8.0 * K_B * T / (math.pi * np.asarray(m, dtype=float)))


def collision_rates(n, m, d, T):
    """Z_ij collisions per m^3 per s: n_i n_j sigma_ij <g_ij>, halved on the diagonal."""
    n = np.asarray(n, dtype=float)
    Z = n[:, None] * n[None, :] * pair_cross_sections(d) * mean_relative_speed(m, T)
    Z[np.diag_indices_from(Z)] *= 0.5
    return Z


def collision_frequencies(n, m, d, T):
    """nu_i = sum_j n_j sigma_ij <g_ij>: collisions per second of one molecule of species i."""
    n = np.asarray(n, dtype=float)
    return (pair_cross_sections(d) * mean_relative_speed(m, T) * n[None, :]).sum(axis=1)


def mean_free_paths(n, m, d):
    """lambda_i = 1 / sum_j n_j sigma_ij sqrt(1 + m_i/m_j)."""
    n = np.asarray(n, dtype=float)
    m = np.asarray(m, dtype=float)
    ratio = np.sqrt(1.0 + m[:, None] / m[None, :])
    return 1.0 / (n[None, :] * pair_cross_sections(d) * ratio).sum(axis=1)


def mean_collision_times(n, m, d, T):
    return 1.0 / collision_frequencies(n, m, d, T)


def effusion_flux(n, m, T):
    """One-way number flux Gamma = n sqrt(kT / (2 pi m)) per m^2 per s, from a gas at rest."""
    return np.asarray(n, dtype=float) * np.sqrt(K_B * T / (2.0 * math.pi * np.asarray(m, dtype=float)))


def drifting_effusion_flux(n, m, T, u):
    """One-way flux into the half-space the drift u points to (u > 0 inward).

    Gamma = n c_mp / (2 sqrt(pi)) [exp(-s^2) + sqrt(pi) s (1 + erf s)], s = u / c_mp,
    c_mp = sqrt(2kT/m) (Bird 1994, eq. 4.22).
    """
    m = np.asarray(m, dtype=float)
    c_mp = np.sqrt(2.0 * K_B * T / m)
    s = u / c_mp
    erf = np.vectorize(math.erf)(s)
    return np.asarray(n, dtype=float) * c_mp / (2.0 * math.sqrt(math.pi)) * (
        np.exp(-s * s) + math.sqrt(math.pi) * s * (1.0 + erf))


def molecular_mass(molar_mass_g_mol):
    """Mass of one molecule (kg) from the molar mass in g/mol."""
    return molar_mass_g_mol * 1e-3 / N_AV
