"""Bracket integrals of the linearized Boltzmann collision operator in the Sonine basis, by
deterministic quadrature, for any scattering law (docs/physics.md, "Converged Chapman-Enskog").

The Galerkin solution of the Chapman-Enskog diffusion problem (chapman_enskog.py,
multicomponent.py) needs, for every colliding pair (i, j), the brackets

    S[q, p]  = < w  b_q(c_i) . (b_p(c_i') - b_p(c_i)) >,
    Pt[q, p] = < w  b_q(c_i) . (b_p(c_j') - b_p(c_j)) >,    w = sigma(g) g / 3,

averaged over two Maxwellians (reduced units kT = 1), with b_p(c) = c S^(p)_{3/2}(m c^2 / 2) and
the scattering law of the pair. Written in the centre-of-mass velocity G and the relative
velocity g, everything but the scattering is a polynomial times Gaussians, so it is integrated
exactly:

- G (Gaussian, polynomial of degree <= 4P - 2): Gauss-Hermite, 2P nodes per axis;
- the direction of g: fixed along z (the brackets are rotation invariant), and the azimuth of
  the deflected g' fixed too (rotating G about g covers it);
- the deflection angle: for each g the G-average is a polynomial H(cos chi) of degree <= 2P - 1
  that vanishes at chi = 0. Its Legendre coefficients a_L follow exactly from 2P Gauss-Legendre
  nodes, and sigma <H> = -sum_L a_L Q_L(g): only the Legendre transport cross-sections
  Q_L(g) = 2 pi int (1 - P_L(cos chi)) b db of the pair enter (Q_1, Q_2 are the classical
  Q^(1), (2/3) Q^(2));
- the relative energy t = mu g^2 / 2: generalized Gauss-Laguerre, exact for hard spheres, VHS and
  VSS (Q_L proportional to t^(1/2 - omega)); for a potential, Q_L(t) is smooth and the t
  integral is a quadrature whose convergence is checked (tests/test_brackets.py).

This replaces quasi-Monte-Carlo brackets whose noise grew with the Sonine order (2-3e-4 at
order 6, divergent at 10): here every order to 12 is exact to round-off for the model laws.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from numpy.polynomial.legendre import legvander
from scipy.interpolate import CubicSpline
from scipy.special import eval_genlaguerre, roots_genlaguerre, roots_jacobi, roots_legendre


@dataclass(frozen=True)
class PowerLaw:
    """Hard spheres, VHS and VSS: sigma_T = pi d^2 t^(1/2 - omega) / Gamma(5/2 - omega) at
    t = mu g^2 / 2kT (molecules.py; d in the caller's length unit), isotropic scattering for
    alpha = 1, else cos chi = 2 u^(1/alpha) - 1 with u uniform (Koura and Matsumoto)."""
    d: float
    omega: float = 0.5
    alpha: float = 1.0

    def nodes(self, P: int, L: int):
        """Energies t_i and weights W[i, l] with int t e^-t F(t) Q_l(t) dt = sum_i W[i, l] F(t_i)
        for every polynomial F of degree <= L (what the brackets of order P need): Laguerre
        nodes for the weight t^(1 + 1/2 - omega) e^-t, exact."""
        t, w = roots_genlaguerre(L // 2 + 1, 1.5 - self.omega)
        if self.alpha == 1.0:
            mean_p = np.eye(1, L + 1)[0]  # isotropic: <P_l(cos chi)> = 0 for l >= 1
        else:  # <f(cos chi)> = alpha 2^-alpha int f(x) (1 + x)^(alpha - 1) dx, Gauss-Jacobi, exact
            x, wj = roots_jacobi(L + 2, 0.0, self.alpha - 1.0)
            mean_p = self.alpha * 2.0 ** -self.alpha * (wj @ legvander(x, L))
        sigma = math.pi * self.d ** 2 / math.gamma(2.5 - self.omega)
        return t, w[:, None] * (sigma * (1.0 - mean_p))[None, :]


@dataclass(frozen=True)
class Tabulated:
    """A scattering law given by its Legendre transport cross-sections Q_l(t) on a geometric grid
    of t (rows t, columns l = 0..L): a potential's (potentials.transport_table).

    Q_l(t) is not a polynomial, so the t integral is split: the polynomial F (degree <= L)
    is expanded in the generalized Laguerre polynomials L_n^(1), orthogonal for t e^-t, exactly
    from its degree + 1 Gauss nodes; the law contributes its Laguerre moments
    m_ln = int t e^-t L_n^(1)(t) Q_l(t) dt, from a cubic spline of Q_l in ln t and 200 Gauss-Laguerre
    nodes (the classical route through the Omega^(l,s) integrals, in an orthogonal basis)."""
    t: np.ndarray
    q: np.ndarray

    def nodes(self, P: int, L: int):
        if self.q.shape[1] <= L:
            raise ValueError(f"the table holds Q_l to l = {self.q.shape[1] - 1}; order {L // 2 + 1} needs l = {L}")
        t, w = roots_genlaguerre(L + 1, 1.0)
        tq, wq = roots_genlaguerre(200, 1.0)
        spline = CubicSpline(np.log(self.t), self.q[:, :L + 1], axis=0)
        q = spline(np.log(np.clip(tq, self.t[0], self.t[-1])))
        n = np.arange(L + 1)
        lag = lambda x: np.stack([eval_genlaguerre(k, 1.0, x) for k in n], axis=-1)
        moments = (lag(tq) * wq[:, None]).T @ q  # (n, l)
        return t, w[:, None] * (lag(t) / (n + 1.0)) @ moments  # ||L_n^(1)||^2 = n + 1


def sonine_basis(c, mass: float, P: int) -> np.ndarray:
    """b_p(c) = c S^(p)_{3/2}(m c^2 / 2) for p < P: shape c.shape[:-1] + (P, 3), the diffusion
    basis. The Sonine polynomials are the generalized Laguerre polynomials L_p^(3/2) (Chapman and
    Cowling, sec. 7.5)."""
    return _sonine(c, mass, P, 1.5)[..., :, None] * c[..., None, :]


def sonine_tensor_basis(c, mass: float, P: int) -> np.ndarray:
    """B_p(c) = (c c - c^2 I / 3) S^(p)_{5/2}(m c^2 / 2) for p < P, its 9 components last: the
    viscosity basis (Chapman and Cowling, sec. 7.52)."""
    cc = c[..., :, None] * c[..., None, :] - np.eye(3) * (c * c).sum(axis=-1)[..., None, None] / 3.0
    return _sonine(c, mass, P, 2.5)[..., :, None] * cc.reshape(c.shape[:-1] + (1, 9))


def _sonine(c, mass, P, a):
    """L_p^(a)(m c^2 / 2) for p < P by the three-term recurrence, last axis p."""
    e = 0.5 * mass * (c * c).sum(axis=-1)
    out = np.empty(c.shape[:-1] + (P,))
    prev, cur = np.zeros_like(e), np.ones_like(e)
    for p in range(P):  # (p + 1) L_{p+1} = (2p + 1 + a - e) L_p - (p + a) L_{p-1}
        out[..., p] = cur
        prev, cur = cur, ((2 * p + 1 + a - e) * cur - (p + a) * prev) / (p + 1)
    return out


# the two Chapman-Enskog problems: basis, and the degree of the G-averaged integrand in cos chi
# (also its degree in t) at order P
KINDS = {"diffusion": (sonine_basis, lambda P: 2 * P - 1), "viscosity": (sonine_tensor_basis, lambda P: 2 * P)}


def _flat(b):
    """(k, G, p, component) -> (k, G x component, p) for the contraction over G and the components."""
    return b.transpose(0, 1, 3, 2).reshape(b.shape[0], -1, b.shape[2])


def pair_brackets(m_i: float, m_j: float, law, P: int, kind: str = "diffusion"):
    """S and Pt (P x P) of the pair (i, j): S acts on species i's coefficients, Pt on the
    partner's (module docstring), in the diffusion (vector) or viscosity (tensor) basis. Masses in
    the caller's mass unit with kT = 1; the cross-sections of `law` in the caller's area unit."""
    basis, degree = KINDS[kind]
    L = degree(P)
    mt = m_i + m_j
    mu = m_i * m_j / mt
    x, wx = hermegauss(L + 1)
    wx = wx / math.sqrt(2.0 * math.pi)
    # the integrand is even in G_y (g and g' lie in the x-z plane): half the y nodes, twice the weight
    y, wy = x[x >= 0], np.where(x[x >= 0] > 0, 2.0, 1.0) * wx[x >= 0]
    G = np.stack(np.meshgrid(x, y, x, indexing="ij"), axis=-1).reshape(-1, 3) / math.sqrt(mt)
    wG = (wx[:, None, None] * wy[None, :, None] * wx[None, None, :]).ravel()
    ck, wk = roots_legendre(L + 1)
    proj = (legvander(ck, L) * wk[:, None]) * (np.arange(L + 1) + 0.5)  # H(c_k) -> a_l
    n_out = np.stack([np.sqrt(1.0 - ck * ck), np.zeros_like(ck), ck], axis=1)  # g' / g, azimuth 0
    z = np.array([0.0, 0.0, 1.0])
    t, W = law.nodes(P, L)
    S = np.zeros((P, P))
    Pt = np.zeros((P, P))
    for tn, q in zip(t, W):
        g = math.sqrt(2.0 * tn / mu)
        ci, cj = G + (m_j / mt) * g * z, G - (m_i / mt) * g * z
        bi, bj = basis(ci, m_i, P), basis(cj, m_j, P)
        ci2 = G[None] + (m_j / mt) * g * n_out[:, None, :]
        cj2 = G[None] - (m_i / mt) * g * n_out[:, None, :]
        wb = (bi * wG[:, None, None]).transpose(1, 0, 2).reshape(P, -1)  # (q, G x component)
        hs = wb @ _flat(basis(ci2, m_i, P) - bi[None])
        hp = wb @ _flat(basis(cj2, m_j, P) - bj[None])
        # sigma <H> = -sum_l a_l Q_l; g / 3 with g = sqrt(2 t / mu) (the t^(1/2) is in the nodes)
        f = -(proj @ q) * math.sqrt(2.0 / mu) / 3.0 / math.gamma(1.5)
        S += np.tensordot(f, hs, axes=1)
        Pt += np.tensordot(f, hp, axes=1)
    return S, Pt


def viscosity_brackets(law, P: int) -> np.ndarray:
    """The P x P bracket matrix of a pure gas in the tensor basis (both partners the same species)."""
    S, Pt = pair_brackets(1.0, 1.0, law, P, "viscosity")
    return S + Pt


def viscosity_ratios(law, P: int, M=None) -> np.ndarray:
    """[mu]_k / [mu]_1 of a pure gas for k = 1..P: the Galerkin solution in the tensor basis,
    whose source projects on the first Sonine function only, so [mu]_k is proportional to the
    (0, 0) element of the inverse k x k bracket matrix (Chapman and Cowling, sec. 7.52).
    M: the law's viscosity_brackets when the caller has them already."""
    M = viscosity_brackets(law, P) if M is None else M
    return np.array([M[0, 0] * np.linalg.inv(M[:k, :k])[0, 0] for k in range(1, P + 1)])
