"""Chapman-Enskog diffusion of N hard-sphere species beyond the first approximation.

Maxwell-Stefan with binary D_ij (analysis/maxwell_stefan.py) is exact in the first Chapman-Enskog
approximation only. Here the linearized Boltzmann equation for diffusion is solved in the
Sonine basis c S^(p)_{3/2}(m c^2 / 2kT), p < order, for every species at once, with the same
exact bracket integrals as the binary scheme (brackets.py), extended to every pair of N species. A driving force d (sum zero) acts on
species i as the force F_i = -kT d_i / x_i (mechanical equilibrium, sum x_i F_i = 0); the
solution gives the species' mean velocities w_i in the mass-average frame, hence the diffusive
fluxes J_i = n x_i (w_i - sum_k x_k w_k) and the generalized Fick matrix J = -n [D] d.

Units are removed as in the binary ratio: [D]_order = G_order G_1^-1 [D]_MS,1,
G the Galerkin matrices in reduced units, [D]_MS,1 the Maxwell-Stefan matrix with the closed-form
binary [D_ij]_1 (which the first approximation reproduces exactly; tests/test_multicomponent.py).
"""
from __future__ import annotations

import functools

import numpy as np
from scipy.interpolate import LinearNDInterpolator, interp1d

from analysis.theory.brackets import PowerLaw
from analysis.theory.chapman_enskog import EXACT_ORDER, _stack, hard_spheres
from analysis.theory.maxwell_stefan import PairCoefficients, _b_stack
from particlesim.summary import Summary


@functools.lru_cache(maxsize=16)
def _brackets(masses: tuple, diameters: tuple, order: int):
    """S[i, j] (acting on species i's coefficients) and Pt[i, j] (on the partner j's) for every
    pair of N hard-sphere species; reduced units kT = 1, mean mass 1, mean diameter 1, n = 1."""
    m = np.asarray(masses, float) / np.mean(masses)
    d = np.asarray(diameters, float) / np.mean(diameters)
    laws = [[PowerLaw(0.5 * (di + dj)) for dj in d] for di in d]
    return (m,) + _stack(m, laws, order)


def _galerkin_fick(m, S, Pt, x, P, korder):
    """The (n-1) x (n-1) Fick matrix in reduced units from the Galerkin system truncated to
    Sonine orders < korder (the last species is the reference)."""
    k = m.size
    A = np.zeros((k * P, k * P))
    for i in range(k):
        for j in range(k):
            A[i * P:(i + 1) * P, i * P:(i + 1) * P] += x[j] * S[i, j]
            A[i * P:(i + 1) * P, j * P:(j + 1) * P] += x[j] * Pt[i, j]
    idx = np.concatenate([np.arange(i * P, i * P + korder) for i in range(k)])
    Ak = A[np.ix_(idx, idx)]
    con = np.zeros(k * korder)
    con[::korder] = x  # sum x_i m_i w_i = 0: the mass-average frame fixes the momentum invariant
    M = np.vstack([Ak, con])
    D = np.empty((k - 1, k - 1))
    for col in range(k - 1):
        dvec = np.zeros(k)
        dvec[col], dvec[-1] = 1.0, -1.0
        F = -dvec / x
        b = np.zeros(k * korder)
        b[::korder] = -F / m  # the force's projection on the first Sonine order (as theory._force_source)
        sol = np.linalg.lstsq(M, np.append(b, 0.0), rcond=None)[0]
        w = sol[::korder] / m
        J = x * (w - x @ w)
        D[:, col] = -J[: k - 1]
    return D


class FickMatrix:
    """[D](y) (m^2/s, (n-1) x (n-1)) of a run's hard-sphere species at Chapman-Enskog order
    `order` (Sonine orders 0 .. order-1 for every species), at number density n and T:
    J = -c [D] grad y. Call with a composition y (n,) or a stack (F, n).

    For two and three species the correction G_order G_1^-1 is tabulated on a grid over the
    compositions (`grid` steps per unit mole fraction) and interpolated linearly (it is smooth;
    within 2e-4 of the direct solve at 50 steps), then applied to the exact first approximation."""

    def __init__(self, summary, n, T, order=EXACT_ORDER, grid=50):
        summary = Summary.of(summary)
        if not hard_spheres(summary):
            raise NotImplementedError("the multicomponent Galerkin scheme is for hard spheres")
        self.order = int(order)
        self.m, self.S, self.Pt = _brackets(tuple(summary.molar_mass_kg_mol), tuple(summary.diameter_m),
                                            self.order)
        self.pairs1 = PairCoefficients(summary, n, T, 1)
        self.k = self.m.size
        self._table = self._tabulate(grid) if self.k in (2, 3) and grid else None

    def correction(self, y) -> np.ndarray:
        """G_order G_1^-1 at one composition (direct Galerkin solve)."""
        x = np.clip(np.asarray(y, dtype=float), 1e-9, None)
        x = x / x.sum()
        g1 = _galerkin_fick(self.m, self.S, self.Pt, x, self.order, 1)
        gk = _galerkin_fick(self.m, self.S, self.Pt, x, self.order, self.order)
        return gk @ np.linalg.inv(g1)

    def _tabulate(self, grid):
        h = 1.0 / grid
        if self.k == 2:
            y0 = np.linspace(0.0, 1.0, grid + 1)
            vals = np.array([self.correction([a, 1 - a]) for a in y0])
            return interp1d(y0, vals, axis=0)
        pts = [(a * h, b * h) for a in range(grid + 1) for b in range(grid + 1 - a)]
        vals = np.array([self.correction([p, q, 1 - p - q]) for p, q in pts])
        return LinearNDInterpolator(np.array(pts), vals.reshape(len(pts), -1))

    def __call__(self, y) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        Y = np.atleast_2d(y)
        if self._table is None:
            corr = np.stack([self.correction(v) for v in Y])
        else:
            Yc = np.clip(Y, 0.0, 1.0)
            Yc = Yc / Yc.sum(axis=1, keepdims=True)
            corr = np.asarray(self._table(Yc[:, 0]) if self.k == 2 else self._table(Yc[:, 0], Yc[:, 1]))
            corr = corr.reshape(len(Y), self.k - 1, self.k - 1)
        D1 = np.linalg.inv(_b_stack(Y, np.broadcast_to(self.pairs1(), Y.shape[:1] + (self.k, self.k)).copy()))
        out = corr @ D1
        return out[0] if y.ndim == 1 else out
