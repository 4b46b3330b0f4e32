"""Kinetic-theory references for hard-sphere, VHS and VSS molecules (formulas:
docs/physics.md; the molecular models: particlesim/molecules.py).

The equilibrium gas properties (collision rates, mean free paths, effusion) live in
particlesim.gases, which the engine also uses; they are re-exported here.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy.interpolate import CubicSpline

from analysis.theory.brackets import PowerLaw, pair_brackets
from particlesim.constants import K_B, N_AV
from particlesim.gases import (  # noqa: F401
    collision_frequencies,
    collision_rates,
    drifting_effusion_flux,
    effusion_flux,
    mean_free_paths,
    mean_relative_speed,
)
from particlesim.summary import Summary


def diffusion_ce1(n, T, m_a, m_b, d_a, d_b):
    """First Chapman-Enskog approximation for rigid spheres (Chapman and Cowling eq. 10.3,2;
    Hirschfelder, Curtiss and Bird eq. 8.2-44 with Omega* = 1):
    [D_AB]_1 = 3 / (8 n d_AB^2) sqrt(kT / (2 pi mu_AB))."""
    return diffusion_ce1_model(n, T, m_a, m_b, 0.5 * (d_a + d_b))


def diffusion_ce1_model(n, T, m_a, m_b, d_ref, omega=0.5, alpha=1.0, t_ref=273.0):
    """First Chapman-Enskog approximation for a VHS or VSS pair (Bird 1994, eq. 3.73 with his
    sigma_T(g), molecules.py): [D_AB]_1 = 3 (alpha + 1) / (4 (5 - 2 omega)) / (n d_ref^2)
    sqrt(kT / (2 pi mu_AB)) (T / t_ref)^(omega - 1/2); from Omega^(1,1) with the momentum-transfer
    cross-section 2 sigma_T / (1 + alpha). Hard spheres: omega = 1/2, alpha = 1. At fixed pressure
    (n = p / kT) it grows as T^(omega + 1)."""
    mu = m_a * m_b / (m_a + m_b)
    return (3.0 * (alpha + 1.0) / (4.0 * (5.0 - 2.0 * omega)) / (n * d_ref * d_ref)
            * np.sqrt(K_B * T / (2.0 * math.pi * mu)) * (T / t_ref) ** (omega - 0.5))


def graham_ratio(m_a, m_b):
    """N_A / N_B for free-molecular counter-effusion at equal n and T: -sqrt(m_B / m_A)."""
    return -math.sqrt(m_b / m_a)


# --------------------------------------------------------------------------- higher approximations

def diffusion_ratio(m_a, m_b, d_a, d_b, y_a, order=2, pairs=None):
    """[D_AB]_order / [D_AB]_1 for rigid spheres (or the VHS/VSS `pairs`) at mole fraction y_a of A.

    The order-th Chapman-Enskog approximation is the Galerkin solution of the linearized
    Boltzmann equation for diffusion in the Sonine basis c S^(p)_{3/2}(m c^2 / 2kT),
    p < order, for both species (Chapman and Cowling, secs. 8.3 and 9.81; order 2 is their
    second approximation, eq. 9.81,1, which Hirschfelder, Curtiss and Bird write in Kihara's
    form, sec. 8.2). The problem is posed as the mobility of species A under a force F with
    n_A F_A + n_B F_B = 0, for which D_AB = y_B kT (w_A - w_B) / F_A (Einstein relation with
    C&C eq. 8.3,2). The bracket integrals are exact quadratures (brackets.py), so every order to
    12 is free of quadrature noise; order 1 reproduces the closed form to round-off.
    Checks (tests/test_brackets.py): equal masses tend to 1.0191 (Pekeris and Alterman); a light
    trace species to 32 / (9 pi) = 1.1318 (Lorentz gas).

    pairs: VHS/VSS molecules as ((d, omega, alpha) of AA, AB, BB), d the effective diameter
    at the temperature of interest (`Binary.pairs_at`); None for hard spheres of d_a, d_b.
    Maxwell molecules (omega = 1) give exactly 1 at every order.
    """
    if not 0.0 < y_a < 1.0:
        y_a = min(max(y_a, 1e-6), 1.0 - 1e-6)
    r1, rk = _galerkin_d(m_a, m_b, d_a, d_b, y_a, order, pairs)
    return rk / r1


@functools.lru_cache(maxsize=64)
def _brackets(m_a, m_b, d_a, d_b, order, pairs=None):
    """Bracket integrals of the collision operator in the Sonine basis, per colliding pair
    (i, j), without the partner's mole fraction (reduced units: kT = 1, mean mass 1,
    d_AB = 1, n = 1). S[i, j] acts on species i's coefficients, Pt[i, j] on the partner's;
    the composition enters only as the weights x_j when they are summed. Hard spheres of
    d_a, d_b, or the VHS/VSS `pairs` (see `diffusion_ratio`): sigma_ij(g) =
    pi d_ij^2 (mu_ij g^2 / 2kT)^(1/2 - omega_ij) / Gamma(5/2 - omega_ij) (molecules.py)."""
    m = np.array([m_a, m_b], float) / (0.5 * (m_a + m_b))
    if pairs is None:
        d = np.array([d_a, d_b], float) / (0.5 * (d_a + d_b))
        laws = [[PowerLaw(0.5 * (d[i] + d[j])) for j in range(2)] for i in range(2)]
    else:
        (daa, waa, aaa), (dab, wab, aab), (dbb, wbb, abb) = pairs
        aa, ab, bb = PowerLaw(daa / dab, waa, aaa), PowerLaw(1.0, wab, aab), PowerLaw(dbb / dab, wbb, abb)
        laws = [[aa, ab], [ab, bb]]
    return (m,) + _stack(m, laws, order)


def _stack(m, laws, order):
    """S and Pt of every pair (i, j) of species with masses m and scattering laws[i][j]."""
    k = len(m)
    S = np.zeros((k, k, order, order))
    Pt = np.zeros((k, k, order, order))
    for i in range(k):
        for j in range(k):
            S[i, j], Pt[i, j] = pair_brackets(m[i], m[j], laws[i][j], order)
    return S, Pt


def _collision_matrix(S, Pt, x, P):
    A = np.zeros((2 * P, 2 * P))
    for i in range(2):
        for j in range(2):
            A[i * P:(i + 1) * P, i * P:(i + 1) * P] += x[j] * S[i, j]
            A[i * P:(i + 1) * P, j * P:(j + 1) * P] += x[j] * Pt[i, j]
    return A


def _velocity_difference(A, b, x, m, P, k):
    """Solve the Galerkin system truncated to Sonine orders < k for both species, with zero
    mass-average velocity fixing the momentum invariant; return w_A - w_B (reduced units)."""
    idx = np.r_[0:k, P:P + k]
    bk = b[idx]
    con = np.zeros(2 * k)
    con[0], con[k] = x[0], x[1]
    sol = np.linalg.lstsq(np.vstack([A[np.ix_(idx, idx)], con]), np.append(bk, 0.0), rcond=None)[0]
    return sol[0] / m[0] - sol[k] / m[1]


def _system(m_a, m_b, d_a, d_b, y_a, order, pairs=None):
    """Reduced masses, mole fractions and the collision matrix at mole fraction y_a."""
    m, S, Pt = _brackets(float(m_a), float(m_b), float(d_a), float(d_b), int(order), pairs)
    x = np.array([y_a, 1.0 - y_a])
    return m, x, _collision_matrix(S, Pt, x, order)


def _force_source(m, x, P):
    """E[c_x (-F_i c_x / kT)] per species for a force 1 on A and -y_A/y_B on B (kT = 1)."""
    b = np.zeros(2 * P)
    b[0], b[P] = -1.0 / m[0], (x[0] / x[1]) / m[1]
    return b


def _galerkin_d(m_a, m_b, d_a, d_b, y_a, order, pairs=None):
    """Reduced D at order 1 and at `order` for mole fraction y_a: the response of w_A - w_B to
    a force on A (per molecule 1, on B -y_A/y_B), D = y_B kT (w_A - w_B) / F_A."""
    m, x, A = _system(m_a, m_b, d_a, d_b, y_a, order, pairs)
    b = _force_source(m, x, order)
    return [x[1] * _velocity_difference(A, b, x, m, order, k) for k in (1, order)]


def thermal_diffusion_factor(m_a, m_b, d_a, d_b, y_a, order=2, pairs=None):
    """alpha_T = k_T / (y_A y_B) for rigid spheres, in the same Galerkin scheme as
    `diffusion_ratio` (order 2 = Sonine orders 0 and 1 = Chapman and Cowling's first
    approximation to k_T, sec. 9.8). Convention (docs/physics.md): with no flux,
    dy_A/dz = -alpha_T y_A y_B dlnT/dz, so alpha_T > 0 sends A to the cold side.

    A temperature gradient drives species i through the source (m c^2 / 2kT - 5/2) c_x, whose
    projections are -5/(2 m_i) on the first Sonine order only; the velocity difference it
    causes, over the one a diffusion force causes, gives k_T = -y_A y_B (w_A - w_B)_T / D_AB
    (C&C eq. 8.4,7: c_A - c_B = -(n^2 / n_A n_B) D_AB (d_AB + k_T grad ln T)).
    Check: nearly equal masses and sizes give (105/118)(m_A - m_B)/(m_A + m_B) (C&C sec. 10.31);
    Maxwell molecules (omega = 1, `pairs`) have none."""
    if order < 2:
        raise ValueError("thermal diffusion needs order >= 2 (the first Sonine order)")
    m, x, A = _system(m_a, m_b, d_a, d_b, y_a, order, pairs)
    return _alpha_t(m, x, A, order)


def _alpha_t(m, x, A, P):
    """alpha_T from the Galerkin system A at order P (see thermal_diffusion_factor)."""
    D = x[1] * _velocity_difference(A, _force_source(m, x, P), x, m, P, P)
    bt = np.zeros(2 * P)
    bt[1], bt[P + 1] = -2.5 / m[0], -2.5 / m[1]
    k_T = -x[0] * x[1] * _velocity_difference(A, bt, x, m, P, P) / D
    return k_T / (x[0] * x[1])


@functools.lru_cache(maxsize=64)
def _ratio_grid(m_a, m_b, d_a, d_b, order, pairs=None):
    y = np.linspace(0.0, 1.0, 21)
    return y, np.array([diffusion_ratio(m_a, m_b, d_a, d_b, v, order, pairs=pairs) for v in y])


def diffusion_ratio_interp(m_a, m_b, d_a, d_b, y_a, order=2, pairs=None):
    """`diffusion_ratio` on a grid of 21 mole fractions, interpolated (cubic) at y_a:
    for tables and figures that need many compositions. Equal to it within 2e-4."""
    y, r = _ratio_grid(float(m_a), float(m_b), float(d_a), float(d_b), int(order), pairs)
    return CubicSpline(y, r)(np.asarray(y_a, dtype=float))


def diffusion_ce(n, T, m_a, m_b, d_a, d_b, y_a, order=2):
    """[D_AB]_order in m^2/s at mole fraction y_a (order 1 is composition independent)."""
    d1 = diffusion_ce1(n, T, m_a, m_b, d_a, d_b)
    return d1 if order == 1 else d1 * diffusion_ratio(m_a, m_b, d_a, d_b, y_a, order)


# Sonine order treated as converged: equal masses within 1e-6 of the limit, argon-helium (mass
# ratio 10) within 3e-5 equimolar and 2.5e-4 for a trace of helium (tests/test_brackets.py)
EXACT_ORDER = 10


def hard_spheres(summary) -> bool:
    """Whether a run's molecules are hard spheres (no VHS/VSS pair, no potential)."""
    summary = Summary.of(summary)
    pm = summary.pair_models
    return not summary.potentials and (not pm or (all(w == 0.5 for r in pm["omega"] for w in r)
                                                         and all(a == 1.0 for r in pm["alpha"] for a in r)))


def effective_diameters(summary, T):
    """The run's pair diameters at T (m, species x species): with them the hard-sphere
    formulas (collision_rates, mean_free_paths) hold for VHS and VSS molecules too."""
    summary = Summary.of(summary)
    pm = summary.pair_models
    if not pm:
        return np.asarray(summary.diameter_m, dtype=float)
    w = np.asarray(pm["omega"], dtype=float)
    return np.asarray(pm["d_ref_m"], dtype=float) * (pm["t_ref_K"] / T) ** (0.5 * (w - 0.5))


class Binary:
    """Species A and B of a run with their molecular model, for Chapman-Enskog values:
    ``Binary.from_summary(run.summary, ia, ib)``. Masses in kg/mol (as the ratios take them),
    diameters the species' d (hard spheres) or d_ref; `models` the per-pair d_ref, omega,
    alpha (2x2, A first) at t_ref, or None for hard spheres."""

    def __init__(self, M_a, M_b, d_a, d_b, models=None, t_ref=273.0):
        self.M_a, self.M_b, self.d_a, self.d_b = float(M_a), float(M_b), float(d_a), float(d_b)
        self.models = models
        self.t_ref = float(t_ref)

    @classmethod
    def from_summary(cls, s, ia=0, ib=1):
        """The pair of a run's summary (hard spheres, VHS, VSS; potential_binary.pair_of takes any)."""
        s = Summary.of(s)
        M = s.molar_mass_kg_mol
        if s.potentials:
            raise ValueError("molecules from a potential: use potential_binary.pair_of(summary)")
        pm = s.pair_models
        models = None
        if not hard_spheres(s):
            models = tuple(tuple((pm["d_ref_m"][i][j], pm["omega"][i][j], pm["alpha"][i][j]) for j in (ia, ib))
                           for i in (ia, ib))
        return cls(M[ia], M[ib], s.diameter_m[ia], s.diameter_m[ib], models,
                   pm["t_ref_K"] if pm else 273.0)

    @property
    def label(self) -> str:
        if self.models is None:
            return "hard spheres"
        return "VSS" if any(p[2] != 1.0 for row in self.models for p in row) else "VHS"

    @property
    def args(self):
        return self.M_a, self.M_b, self.d_a, self.d_b

    def pairs_at(self, T):
        """((d(T), omega, alpha) of AA, AB, BB) for the bracket integrals; None: hard spheres."""
        if self.models is None:
            return None
        f = lambda p: (round(p[0] * (self.t_ref / T) ** (0.5 * (p[1] - 0.5)), 18), p[1], p[2])
        return f(self.models[0][0]), f(self.models[0][1]), f(self.models[1][1])

    def d1(self, n, T):
        """[D_AB]_1 in m^2/s at number density n and temperature T."""
        if self.models is None:
            return diffusion_ce1(n, T, self.M_a / N_AV, self.M_b / N_AV, self.d_a, self.d_b)
        d, w, a = self.models[0][1]
        return diffusion_ce1_model(n, T, self.M_a / N_AV, self.M_b / N_AV, d, w, a, self.t_ref)

    def ratio(self, y_a, order=2, T=273.15):
        """[D_AB]_order / [D_AB]_1 at mole fraction(s) y_a (interpolated on 21 compositions);
        for VHS/VSS it depends on T through the pairs' relative sizes (evaluate at the run's T)."""
        return diffusion_ratio_interp(*self.args, y_a, order=order, pairs=self.pairs_at(T))

    def D(self, n, T, y_a, order=EXACT_ORDER):
        return self.d1(n, T) * self.ratio(y_a, order, T)

    def ratio_grid(self, order, T=273.15):
        """(y_a, [D_AB]_order / [D_AB]_1) on the 21 compositions `ratio` interpolates."""
        return _ratio_grid(*self.args, int(order), self.pairs_at(T))

    def alpha_T(self, y_a, order=4, T=273.15):
        return thermal_diffusion_factor(*self.args, y_a, order, pairs=self.pairs_at(T))


def local_d1_factor(pair, n, T, n_ref, T_ref):
    """[D_AB]_1 at local number densities n and temperatures T (arrays) over [D_AB]_1(n_ref, T_ref),
    for any pair with a d1(n, T) method (Binary, PotentialBinary): (n_ref / n) (T / T_ref)^e with
    e = dln D_1/dlnT at fixed n and T_ref: exact for hard spheres (1/2), VHS and VSS (omega); for a
    potential e drifts with T, which leaves 2e-6 over a kelvin (Lennard-Jones argon-helium)."""
    e = math.log(pair.d1(n_ref, 1.01 * T_ref) / pair.d1(n_ref, T_ref)) / math.log(1.01)
    return (n_ref / np.asarray(n)) * (np.asarray(T) / T_ref) ** e


# Chapman and Cowling, sec. 10.21: the converged rigid-sphere viscosity is 1.016 times the
# first approximation (Pekeris and Alterman 1957: 1.01603)
VISCOSITY_CONVERGED = 1.01603


def viscosity_hs(m, d, T, converged=True):
    """Viscosity (Pa s) of a pure hard-sphere gas: (5/16) sqrt(pi m k T) / (pi d^2) in the first
    approximation (Chapman and Cowling eq. 10.21,1), times 1.01603 converged."""
    mu1 = 5.0 / 16.0 * math.sqrt(math.pi * m * K_B * T) / (math.pi * d * d)
    return mu1 * (VISCOSITY_CONVERGED if converged else 1.0)


def rarefaction_parameter(radius, p, m, d, T):
    """delta = R p / (mu v0), v0 = sqrt(2 k T / m), with the converged hard-sphere viscosity:
    the rarefaction parameter of Sharipov and Seleznev (1998); delta = sqrt(pi) R / (2 lambda_mu)
    with the viscosity-based mean free path, about 0.886 R / lambda_HS."""
    return radius * p / (viscosity_hs(m, d, T) * math.sqrt(2.0 * K_B * T / m))
