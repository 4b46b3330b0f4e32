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
from scipy.stats import norm, qmc

from particlesim.constants import K_B, N_AV
from particlesim.gases import (  # noqa: F401
    collision_frequencies,
    collision_rates,
    drifting_effusion_flux,
    effusion_flux,
    mean_free_paths,
    mean_relative_speed,
)


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

def _sonine(p: int, x):
    """Sonine polynomial S^(p)_{3/2}(x) (Chapman and Cowling, sec. 7.5)."""
    return sum((-1) ** k * math.gamma(p + 2.5) / (math.gamma(k + 2.5) * math.factorial(p - k) * math.factorial(k))
               * x ** k for k in range(p + 1))


_QMC_CACHE: dict = {}


def _qmc_points(log2n: int):
    """Scrambled Sobol points (fixed seed, so theory values are deterministic):
    two standard-normal 3-vectors and two uniforms per row."""
    if log2n not in _QMC_CACHE:
        s = qmc.Sobol(d=8, scramble=True, seed=20261125).random_base2(log2n)
        s = np.clip(s, 1e-12, 1.0 - 1e-12)
        _QMC_CACHE[log2n] = (norm.ppf(s[:, :3]), norm.ppf(s[:, 3:6]), s[:, 6], s[:, 7])
    return _QMC_CACHE[log2n]


def diffusion_ratio(m_a, m_b, d_a, d_b, y_a, order=2, log2n=17, pairs=None):
    """[D_AB]_order / [D_AB]_1 for rigid spheres at mole fraction y_a of A.

    The order-th Chapman-Enskog approximation is the Galerkin solution of the linearized
    Boltzmann equation for diffusion in the Sonine basis c S^(p)_{3/2}(m c^2 / 2kT),
    p < order, for both species (Chapman and Cowling, secs. 8.3 and 9.81; order 2 is their
    second approximation, eq. 9.81,1, which Hirschfelder, Curtiss and Bird write in Kihara's
    form, sec. 8.2). The problem is posed as the mobility of species A under a force F with
    n_A F_A + n_B F_B = 0, for which D_AB = y_B kT (w_A - w_B) / F_A (Einstein relation with
    C&C eq. 8.3,2). Instead of tabulated Omega integrals the bracket integrals of the
    hard-sphere collision operator are evaluated by quasi-Monte Carlo (2^log2n scrambled
    Sobol points, fixed seed). Their quadrature error cancels in the ratio to order 1,
    whose exact value is 1; what is left is below 1e-4 (tests/test_theory.py).
    Checks: equal masses give 1.017 (order 2) and tend to 1.019 (Pekeris and Alterman);
    a light trace species tends to 32 / (9 pi) = 1.132 from below (Lorentz gas).

    pairs: VHS/VSS molecules as ((d, omega, alpha) of AA, AB, BB), d the effective diameter
    at the temperature of interest (`Binary.pairs_at`); None for hard spheres of d_a, d_b.
    Maxwell molecules (omega = 1) give exactly 1 at every order.
    """
    if not 0.0 < y_a < 1.0:
        y_a = min(max(y_a, 1e-6), 1.0 - 1e-6)
    r1, rk = _galerkin_d(m_a, m_b, d_a, d_b, y_a, order, log2n, pairs)
    return rk / r1


def _scatter_directions(ghat, alpha, u, v):
    """Post-collision directions of g: isotropic for alpha = 1 (the points' own uniform
    directions), else VSS deflection cos(chi) = 2 u^(1/alpha) - 1 about ghat."""
    cos_t = 2.0 * u ** (1.0 / alpha) - 1.0
    sin_t = np.sqrt(np.maximum(0.0, 1.0 - cos_t ** 2))
    phi = 2 * math.pi * v
    if alpha == 1.0:
        return np.stack([cos_t, sin_t * np.cos(phi), sin_t * np.sin(phi)], axis=1)
    # an orthonormal frame (ghat, e1, e2)
    helper = np.where(np.abs(ghat[:, :1]) < 0.9, np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 1.0, 0.0]]))
    e1 = np.cross(ghat, helper)
    e1 /= np.linalg.norm(e1, axis=1)[:, None]
    e2 = np.cross(ghat, e1)
    return cos_t[:, None] * ghat + sin_t[:, None] * (np.cos(phi)[:, None] * e1 + np.sin(phi)[:, None] * e2)


def pair_brackets(m_i, m_j, cross_section, alpha, P, log2n):
    """Bracket integrals of one colliding pair (i, j) in the Sonine basis c S^(p)_{3/2}(m c^2 / 2),
    p < P (reduced units kT = 1): S acts on species i's coefficients, Pt on the partner's.
    cross_section(g): sigma_ij at relative speed g; alpha: VSS deflection (1: isotropic)."""
    z1, z2, u, v = _qmc_points(log2n)

    def basis(c, mass):
        e = mass * (c * c).sum(axis=1) / 2.0
        return [c * _sonine(p, e)[:, None] for p in range(P)]

    ci, cj = z1 / math.sqrt(m_i), z2 / math.sqrt(m_j)
    g = np.linalg.norm(ci - cj, axis=1)
    G = (m_i * ci + m_j * cj) / (m_i + m_j)
    unit = _scatter_directions((ci - cj) / g[:, None], alpha, u, v)
    ci2 = G + (m_j / (m_i + m_j)) * g[:, None] * unit
    cj2 = G - (m_i / (m_i + m_j)) * g[:, None] * unit
    w = cross_section(g) * g / 3.0  # 1/3: the three axes are averaged (isotropy)
    bi, bi2, bj, bj2 = basis(ci, m_i), basis(ci2, m_i), basis(cj, m_j), basis(cj2, m_j)
    S = np.zeros((P, P))
    Pt = np.zeros((P, P))
    for q in range(P):
        for p in range(P):
            S[q, p] = np.mean(w * (bi[q] * (bi2[p] - bi[p])).sum(axis=1))
            Pt[q, p] = np.mean(w * (bi[q] * (bj2[p] - bj[p])).sum(axis=1))
    return S, Pt


@functools.lru_cache(maxsize=64)
def _brackets(m_a, m_b, d_a, d_b, order, log2n, pairs=None):
    """Bracket integrals of the collision operator in the Sonine basis, per colliding pair
    (i, j), without the partner's mole fraction (reduced units: kT = 1, mean mass 1,
    d_AB = 1, n = 1). S[i, j] acts on species i's coefficients, Pt[i, j] on the partner's;
    the composition enters only as the weights x_j when they are summed. Hard spheres of
    d_a, d_b, or the VHS/VSS `pairs` (see `diffusion_ratio`): sigma_ij(g) =
    pi d_ij^2 (mu_ij g^2 / 2kT)^(1/2 - omega_ij) / Gamma(5/2 - omega_ij) (molecules.py)."""
    m = np.array([m_a, m_b], float) / (0.5 * (m_a + m_b))
    if pairs is None:
        d = np.array([d_a, d_b], float) / (0.5 * (d_a + d_b))
        dp = 0.5 * (d[:, None] + d[None, :])
        omega = np.full((2, 2), 0.5)
        alpha = np.ones((2, 2))
    else:
        (daa, waa, aaa), (dab, wab, aab), (dbb, wbb, abb) = pairs
        dp = np.array([[daa, dab], [dab, dbb]]) / dab
        omega = np.array([[waa, wab], [wab, wbb]])
        alpha = np.array([[aaa, aab], [aab, abb]])
    sigma = math.pi * dp ** 2
    P = order
    S = np.zeros((2, 2, P, P))
    Pt = np.zeros((2, 2, P, P))
    for i in range(2):
        for j in range(2):
            mr = m[i] * m[j] / (m[i] + m[j])
            if omega[i, j] == 0.5:
                xs = lambda g, s=sigma[i, j]: s
            else:
                xs = lambda g, s=sigma[i, j], w=omega[i, j], mr=mr: s * (0.5 * mr * g * g) ** (0.5 - w) / math.gamma(2.5 - w)
            S[i, j], Pt[i, j] = pair_brackets(m[i], m[j], xs, alpha[i, j], P, log2n)
    return m, S, Pt


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


def _system(m_a, m_b, d_a, d_b, y_a, order, log2n, pairs=None):
    """Reduced masses, mole fractions and the collision matrix at mole fraction y_a."""
    m, S, Pt = _brackets(float(m_a), float(m_b), float(d_a), float(d_b), int(order), int(log2n), pairs)
    x = np.array([y_a, 1.0 - y_a])
    return m, x, _collision_matrix(S, Pt, x, order)


def _force_source(m, x, P):
    """E[c_x (-F_i c_x / kT)] per species for a force 1 on A and -y_A/y_B on B (kT = 1)."""
    b = np.zeros(2 * P)
    b[0], b[P] = -1.0 / m[0], (x[0] / x[1]) / m[1]
    return b


def _galerkin_d(m_a, m_b, d_a, d_b, y_a, order, log2n, pairs=None):
    """Reduced D at order 1 and at `order` for mole fraction y_a: the response of w_A - w_B to
    a force on A (per molecule 1, on B -y_A/y_B), D = y_B kT (w_A - w_B) / F_A."""
    m, x, A = _system(m_a, m_b, d_a, d_b, y_a, order, log2n, pairs)
    b = _force_source(m, x, order)
    return [x[1] * _velocity_difference(A, b, x, m, order, k) for k in (1, order)]


def thermal_diffusion_factor(m_a, m_b, d_a, d_b, y_a, order=2, log2n=17, pairs=None):
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
    m, x, A = _system(m_a, m_b, d_a, d_b, y_a, order, log2n, pairs)
    P = order
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


EXACT_ORDER = 6  # Sonine order treated as converged (within 0.1% for mass ratios up to 10)


def effective_diameters(summary, T):
    """The run's pair diameters at T (m, species x species): with them the hard-sphere
    formulas (collision_rates, mean_free_paths) hold for VHS and VSS molecules too."""
    pm = summary.get("pair_models")
    if not pm:
        return np.asarray(summary["diameter_m"], dtype=float)
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
        M = s["molar_mass_kg_mol"]
        pm = s.get("pair_models")
        models = None
        if pm and not (all(w == 0.5 for row in pm["omega"] for w in row)
                       and all(a == 1.0 for row in pm["alpha"] for a in row)):
            models = tuple(tuple((pm["d_ref_m"][i][j], pm["omega"][i][j], pm["alpha"][i][j]) for j in (ia, ib))
                           for i in (ia, ib))
        return cls(M[ia], M[ib], s["diameter_m"][ia], s["diameter_m"][ib], models,
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

    def alpha_T(self, y_a, order=4, T=273.15):
        return thermal_diffusion_factor(*self.args, y_a, order, pairs=self.pairs_at(T))




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
