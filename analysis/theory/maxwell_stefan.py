"""Maxwell-Stefan diffusion of N species: binary D_ij from Chapman-Enskog, the generalized Fick
matrix, and continuum solvers for the steady open tube and the two-bulb cell.

Ideal gas at uniform pressure and temperature, no external forces (Taylor and Krishna 1993,
"Multicomponent Mass Transfer", ch. 2; Bird, Stewart and Lightfoot, sec. 24.1):

    c grad y_i = sum_j (y_i N_j - y_j N_i) / D_ij,          N = sum_i N_i,

and with the molar-average diffusive fluxes J_i = N_i - y_i N of the first n-1 species,
J = -c [D] grad y, [D] = [B]^-1,

    B_ii = y_i / D_in + sum_{k != i} y_k / D_ik,    B_ij = -y_i (1 / D_ij - 1 / D_in)   (i != j).

In the first Chapman-Enskog approximation these equations are exact for a dilute gas with the
binary [D_ij]_1 (Chapman and Cowling, sec. 18.3; Hirschfelder, Curtiss and Bird, sec. 7.4);
higher approximations add composition dependence, here each pair's binary value at its local
relative composition y_i / (y_i + y_j).
"""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp
from scipy.interpolate import CubicSpline
from scipy.optimize import fsolve

from analysis.theory.chapman_enskog import EXACT_ORDER
from analysis.theory.potential_binary import pair_of
from particlesim.constants import K_B, N_AV
from particlesim.summary import Summary


class PairCoefficients:
    """Binary D_ij (m^2/s) of every species pair of a run (its summary's molecules) at number
    density n and temperature T, in Chapman-Enskog approximation `order` (1: composition
    independent; higher: each pair's value at y_i / (y_i + y_j), interpolated)."""

    def __init__(self, summary, n, T, order=1):
        summary = Summary.of(summary)
        self.species = list(summary.species)
        k = len(self.species)
        self.n, self.T, self.order = float(n), float(T), int(order)
        self.pairs = {(i, j): pair_of(summary, i, j) for i in range(k) for j in range(i + 1, k)}
        self.d1 = np.full((k, k), np.inf)
        for (i, j), b in self.pairs.items():
            self.d1[i, j] = self.d1[j, i] = b.d1(self.n, self.T)
        self._ratio = {}
        if self.order > 1:  # [D_ij]_order / [D_ij]_1 against y_i / (y_i + y_j), on the theory's grid
            for (i, j), b in self.pairs.items():
                self._ratio[i, j] = CubicSpline(*b.ratio_grid(self.order, self.T))

    def __call__(self, y=None) -> np.ndarray:
        """The matrix D_ij at composition y (diagonal: inf, never used); y of shape (..., n)
        gives matrices of shape (..., n, n)."""
        if self.order == 1 or y is None:
            return self.d1.copy() if y is None or np.ndim(y) == 1 else np.broadcast_to(
                self.d1, np.shape(y)[:-1] + self.d1.shape).copy()
        y = np.asarray(y, dtype=float)
        out = np.broadcast_to(self.d1, y.shape[:-1] + self.d1.shape).copy()
        for (i, j), _ in self.pairs.items():
            s = y[..., i] + y[..., j]
            x = np.where(s > 0, y[..., i] / np.where(s > 0, s, 1.0), 0.5)
            v = self.d1[i, j] * self._ratio[i, j](np.clip(x, 0.0, 1.0))
            out[..., i, j] = v
            out[..., j, i] = v
        return out


def coefficients(summary, n, T, order=EXACT_ORDER) -> PairCoefficients:
    return PairCoefficients(summary, n, T, order)


def b_matrix(y, Dij) -> np.ndarray:
    """[B] of the first n-1 species (the last is the reference), Taylor and Krishna eq. 2.1.21."""
    y = np.asarray(y, dtype=float)
    k = y.size
    inv = 1.0 / np.asarray(Dij, dtype=float)
    np.fill_diagonal(inv, 0.0)
    B = np.empty((k - 1, k - 1))
    for i in range(k - 1):
        for j in range(k - 1):
            if i == j:
                B[i, i] = y[i] * inv[i, k - 1] + sum(y[m] * inv[i, m] for m in range(k) if m != i)
            else:
                B[i, j] = -y[i] * (inv[i, j] - inv[i, k - 1])
    return B


def _b_stack(y, Dij):
    """[B] for a stack of compositions y (F, n) and matrices Dij (F, n, n): (F, n-1, n-1)."""
    inv = 1.0 / Dij
    k = y.shape[-1]
    idx = np.arange(k)
    inv[..., idx, idx] = 0.0
    last = inv[..., : k - 1, k - 1]                       # 1 / D_in
    B = -y[..., : k - 1, None] * (inv[..., : k - 1, : k - 1] - last[..., :, None])
    diag = y[..., : k - 1] * last + np.einsum("...im,...m->...i", inv[..., : k - 1, :], y)
    i = np.arange(k - 1)
    B[..., i, i] = diag
    return B


def fick_matrix(y, Dij) -> np.ndarray:
    """The generalized Fick matrix [D] (m^2/s, (n-1) x (n-1)): J = -c [D] grad y."""
    return np.linalg.inv(b_matrix(y, Dij))


def diffusive_fluxes(y, grad_y, c, Dij) -> np.ndarray:
    """J_i (mol m^-2 s^-1) of all n species from the gradients of the first n-1 (the last
    species' J closes the sum to zero)."""
    y = np.asarray(y, dtype=float)
    J = -c * fick_matrix(y, Dij) @ np.asarray(grad_y, dtype=float)[: y.size - 1]
    return np.append(J, -J.sum())


def gradients(y, N, c, Dij) -> np.ndarray:
    """grad y_i (1/m) of all species from the molar fluxes N_i: the Maxwell-Stefan equations."""
    y, N = np.asarray(y, dtype=float), np.asarray(N, dtype=float)
    inv = 1.0 / np.asarray(Dij, dtype=float)
    np.fill_diagonal(inv, 0.0)
    return (y * (inv @ N) - N * (inv @ y)) / c


def pseudo_binary(y, Dij) -> np.ndarray:
    """Each species' effective D in the mixture (Wilke 1950): (1 - y_i) / sum_{j != i} y_j / D_ij;
    what plain Fick's law uses for species i."""
    y = np.asarray(y, dtype=float)
    inv = 1.0 / np.asarray(Dij, dtype=float)
    np.fill_diagonal(inv, 0.0)
    return (1.0 - y) / (inv @ y)


def steady_tube(y_left, y_right, length, c, Dij, N_total=0.0, points=201):
    """Steady one-dimensional Maxwell-Stefan between fixed end compositions at a given total
    molar flux N (mol m^-2 s^-1): the fluxes N_i (constant along the tube) are found by
    shooting. Returns (z, y[z, species], N_i). Dij: a matrix or a callable of y."""
    y0, yL = np.asarray(y_left, dtype=float), np.asarray(y_right, dtype=float)
    D = _as_callable(Dij)
    k = y0.size

    def fluxes(free):
        return np.append(free, N_total - free.sum())

    def shoot(free, z=None):
        N = fluxes(free)
        sol = solve_ivp(lambda _z, y: gradients(y, N, c, D(y)), (0.0, length), y0, t_eval=z, rtol=1e-10, atol=1e-13)
        return sol

    # first guess: linear profiles with the local [D] at the mean composition
    ym = 0.5 * (y0 + yL)
    J = diffusive_fluxes(ym, (yL - y0) / length, c, D(ym))
    guess = (J + ym * N_total)[: k - 1]
    scale = np.abs(guess).max() or 1.0
    free = scale * fsolve(lambda f: shoot(scale * f).y[: k - 1, -1] - yL[: k - 1], guess / scale, xtol=1e-11)
    z = np.linspace(0.0, length, points)
    return z, shoot(free, z).y.T, fluxes(free)


def _as_callable(Dij):
    """Dij as a function of composition (a fixed matrix: the same at every y)."""
    return Dij if callable(Dij) else (lambda y, M=np.asarray(Dij, dtype=float): M)


def _cell_start(Dij, y_bulbs, y_tube, length, cells):
    """What both two-bulb solvers start from: D(y), the bulbs' compositions, the tube's initial
    profile at the cell centres (default: linear between the bulbs), species and cell size."""
    y1, y2 = (np.asarray(v, dtype=float) for v in y_bulbs)
    dz = length / cells
    if y_tube is None:
        zc = (np.arange(cells) + 0.5) * dz
        y_tube = y1 + np.outer(zc / length, y2 - y1)
    return _as_callable(Dij), y1, y2, y_tube, y1.size, dz


def two_bulb(length, area, volumes, c, Dij, y_bulbs, t, y_tube=None, cells=60, end_lengths=(0.0, 0.0),
             model="maxwell-stefan"):
    """Two well-mixed bulbs joined by a tube, in the continuum: quasi-one-dimensional diffusion
    in the tube at uniform c with N = 0 (a closed cell at uniform pressure), method of lines
    on `cells` cells, and each bulb an ODE for its composition:

        V_1 c dy_1/dt = -A J(0),    V_2 c dy_2/dt = A J(L),    c dy/dt = -dJ/dz in the tube.

    This holds at any bulb volume (the quasi-steady limit V >> A L is not assumed).
    end_lengths: an extra diffusion length at each junction (m), for the Knudsen layers.
    model: "maxwell-stefan" (J = -c [D] grad y) or "fick" (J_i = -c D_i,m grad y_i with the
    pseudo-binary D_i,m of each of the first n-1 species; the last one closes the sum).
    y_bulbs: (y of bulb 1, y of bulb 2); y_tube: initial profile at the cell centres (default:
    linear between the bulbs). Returns (y_bulb1[t, species], y_bulb2[t, species], y_tube[t,
    cell, species], J at mid-tube [t, species])."""
    D, y1, y2, y_tube, k, dz = _cell_start(Dij, y_bulbs, y_tube, length, cells)
    V1, V2 = volumes
    # distances between neighbouring nodes: bulb 1, the cells, bulb 2
    h = np.full(cells + 1, dz)
    h[0], h[-1] = 0.5 * dz + end_lengths[0], 0.5 * dz + end_lengths[1]

    def flux(ya, yb, hh):
        ym = 0.5 * (ya + yb)
        grad = (yb - ya) / hh
        M = D(ym)
        if model == "fick":
            Jf = -c * pseudo_binary(ym, M)[: k - 1] * grad[: k - 1]
            return np.append(Jf, -Jf.sum())
        return diffusive_fluxes(ym, grad, c, M)

    def rhs(_t, s):
        Y = s.reshape(cells + 2, k)
        J = np.array([flux(Y[f], Y[f + 1], h[f]) for f in range(cells + 1)])  # at the faces
        d = np.empty_like(Y)
        d[0] = -area * J[0] / (V1 * c)
        d[-1] = area * J[-1] / (V2 * c)
        d[1:-1] = -(J[1:] - J[:-1]) / (dz * c)
        return d.ravel()

    s0 = np.vstack([y1, y_tube, y2]).ravel()
    t = np.asarray(t, dtype=float)
    sol = solve_ivp(rhs, (0.0, float(t.max())), s0, t_eval=t, method="LSODA", rtol=1e-8, atol=1e-11)
    if not sol.success:
        raise RuntimeError(f"two_bulb: the integrator failed: {sol.message}")
    Y = sol.y.T.reshape(t.size, cells + 2, k)
    mid = cells // 2
    J_mid = np.array([flux(Y[i, mid], Y[i, mid + 1], dz) for i in range(t.size)])
    return Y[:, 0], Y[:, -1], Y[:, 1:-1], J_mid


def decay_rate(length, area, volumes, D, cells=200, end_lengths=(0.0, 0.0), mode=1) -> float:
    """The slowest decay rate (1/s) of a binary two-bulb cell with constant D (m^2/s): the
    smallest non-zero eigenvalue of the method-of-lines operator of `two_bulb` (converged in
    the cell count to 1e-5 at 200 cells). Quasi-steady limit: A D (V_1 + V_2) / (L V_1 V_2).
    mode = 2, 3, ...: the faster modes' rates."""
    dz = length / cells
    V1, V2 = volumes
    h = np.full(cells + 1, dz)
    h[0], h[-1] = 0.5 * dz + end_lengths[0], 0.5 * dz + end_lengths[1]
    g = D / h  # conductance per area of each face
    cap = np.concatenate([[V1 / area], np.full(cells, dz), [V2 / area]])  # volume per area of each node
    nn = cells + 2
    K = np.zeros((nn, nn))
    for f in range(cells + 1):
        K[f, f] += g[f]
        K[f + 1, f + 1] += g[f]
        K[f, f + 1] -= g[f]
        K[f + 1, f] -= g[f]
    # generalized symmetric problem K x = lambda C x, as C^-1/2 K C^-1/2
    s = 1.0 / np.sqrt(cap)
    ev = np.linalg.eigvalsh(s[:, None] * K * s[None, :])
    return float(np.sort(ev)[mode])


def _ms_matrix(y, inv):
    """M with grad y = M N / c (the Maxwell-Stefan equations, linear in the fluxes N)."""
    return y[:, None] * inv - np.diag(inv @ y)


def two_bulb_kinetic(length, area, volumes, T, molar_masses, c0, Dij, y_bulbs, t, y_tube=None, cells=40,
                     junction=0.4157, model="maxwell-stefan", fick=None):
    """Two bulbs joined by a tube, with the molecules' own jump conditions at the junctions
    instead of a fixed composition there. Each bulb emits the effusion of its gas and takes
    back what reaches its end, so across a junction each species crosses at

        N_i = junction * c_bar_i * (c_i,bulb - c_i,end),   c_bar_i = sqrt(8 R T / (pi M_i)),

    with junction = 0.4157 from the linearized evaporation-condensation problem of kinetic theory
    for hard spheres (analysis.measure.bulbs.JUNCTION; Marshak's half-range estimate gives 1/2, free
    effusion from a gas at rest would be 1/4). Because the light species cross faster, the net molar flux N
    is not zero: the bulbs' pressures part (the diffusion baro-effect), which this model gives.
    In the tube the pressure is uniform (no wall friction in a wall-less tube) but floats in
    time; N(z) is linear in z between its junction values (uniform compression), and the
    species fluxes follow Maxwell-Stefan (or Fick with pseudo-binary D) with that N.

    fick: a callable y -> [D] (the generalized Fick matrix, e.g. multicomponent.FickMatrix, the
    N-species Chapman-Enskog solution beyond first order) used instead of Maxwell-Stefan with
    the binary Dij. c0: the initial total concentration (mol/m^3) of bulbs and tube. Returns (y_bulb1[t, sp],
    y_bulb2[t, sp], y_tube[t, cell, sp], N at mid-tube [t, sp], c_bulb1[t], c_bulb2[t])."""
    R = K_B * N_AV
    M_ = np.asarray(molar_masses, dtype=float)
    G = np.asarray(junction, dtype=float) * np.sqrt(8.0 * R * T / (np.pi * M_))  # per species, or one for all
    D, y1, y2, y_tube, k, dz = _cell_start(Dij, y_bulbs, y_tube, length, cells)
    V1, V2 = volumes
    eye = np.eye(k)

    def inv_of(y):
        inv = 1.0 / np.asarray(D(y), dtype=float)
        np.fill_diagonal(inv, 0.0)
        return inv

    def interior(ya, yb, c, Ntot):
        # all interior faces at once: ya, yb (F, n), c and Ntot (F,)
        ym = 0.5 * (ya + yb)
        grad = (yb - ya) / dz
        Dm = np.asarray(D(ym), dtype=float)
        if Dm.ndim == 2:
            Dm = np.broadcast_to(Dm, ym.shape[:1] + Dm.shape).copy()
        if fick is not None:
            Jf = -c[:, None] * np.einsum("fij,fj->fi", fick(ym), grad[:, : k - 1])
        elif model == "fick":
            inv = 1.0 / Dm
            inv[:, np.arange(k), np.arange(k)] = 0.0
            pb = (1.0 - ym) / np.einsum("fij,fj->fi", inv, ym)
            Jf = -c[:, None] * pb[:, : k - 1] * grad[:, : k - 1]
        else:
            Jf = -c[:, None] * np.linalg.solve(_b_stack(ym, Dm), grad[:, : k - 1, None])[..., 0]
        J = np.concatenate([Jf, -Jf.sum(axis=1, keepdims=True)], axis=1)
        return J + ym * Ntot[:, None]

    def junction_flux(cb, y_cell, c_cell, sign):
        # N = G (cb - c y_end) at the left (sign +1), G (c y_end - cb) at the right, with the
        # end's composition from the cell's over half a cell, y_end = y_cell -/+ (dz/2) M N / c
        # (M: the tube model's gradient per flux, linear in N)
        inv = inv_of(y_cell)
        if fick is not None:
            # grad y (first n-1) = -[D]^-1 (N - y sum N) / c, the last closes the sum
            top = -np.linalg.solve(fick(y_cell), (eye - np.outer(y_cell, np.ones(k)))[: k - 1])
            Mm = np.vstack([top, -top.sum(axis=0)])
        elif model == "fick":
            Mm = -(eye - np.outer(y_cell, np.ones(k))) / pseudo_binary(y_cell, D(y_cell))[:, None]
        else:
            Mm = _ms_matrix(y_cell, inv)
        A_ = eye - 0.5 * dz * G[:, None] * Mm
        return np.linalg.solve(A_, sign * G * (cb - c_cell * y_cell))

    def fluxes(s):
        S = s.reshape(cells + 2, k)
        cb1, Cc, cb2 = S[0], S[1:-1], S[-1]
        ct = Cc.sum(axis=1)
        Y = Cc / ct[:, None]
        N0 = junction_flux(cb1, Y[0], ct[0], +1)
        NL = junction_flux(cb2, Y[-1], ct[-1], -1)
        F = np.empty((cells + 1, k))
        F[0], F[-1] = N0, NL
        n0, nL = N0.sum(), NL.sum()
        f = np.arange(1, cells)
        F[1:-1] = interior(Y[:-1], Y[1:], 0.5 * (ct[:-1] + ct[1:]), n0 + (nL - n0) * f / cells)
        return F

    def rhs(_t, s):
        F = fluxes(s)
        d = np.empty((cells + 2, k))
        d[0] = -area * F[0] / V1
        d[-1] = area * F[-1] / V2
        d[1:-1] = -(F[1:] - F[:-1]) / dz
        return d.ravel()

    s0 = np.vstack([c0 * y1, c0 * y_tube, c0 * y2]).ravel()
    t = np.asarray(t, dtype=float)
    sol = solve_ivp(rhs, (0.0, float(t.max())), s0, t_eval=t, method="LSODA", rtol=1e-8, atol=1e-10 * c0)
    if not sol.success:
        raise RuntimeError(f"two_bulb_kinetic: the integrator failed: {sol.message}")
    S = sol.y.T.reshape(t.size, cells + 2, k)
    tot = S.sum(axis=2)
    Y = S / tot[:, :, None]
    mid = cells // 2
    N_mid = np.array([fluxes(sol.y[:, i])[mid] for i in range(t.size)])
    return Y[:, 0], Y[:, -1], Y[:, 1:-1], N_mid, tot[:, 0], tot[:, -1]
