"""D_AB from Fick's law on the diffusive flux J_A = N_A - y_A N = -c D dy_A/dz.

The tube's D comes from every cell face of the interior at once: the crossings of each face
(counted per profile block) against the difference of y_A across it, summed over the faces,
D = -sum_f J_f / sum_f c_f (dy_A/dz)_f. Its noise is the thermal random flux averaged over
the whole interior: 1.3-1.8 times smaller in standard error than the same quantity from nine
probe planes with local straight-line gradients (docs/method.md, "D to 0.1% in minutes"). Per-plane D(z) still
comes from the probe planes. Everything is formed per profile block (a batch of many
collision times) and the errors are batch-mean errors over blocks, so the covariance of flux
and gradient is kept.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.interpolate import CubicSpline

from analysis.measure.fluxes import flux_series
from analysis.measure.profiles import block_profiles, layer_margin
from analysis.measure.stats import Estimate, batch_mean
from particlesim.constants import N_AV


def _batch_ratio(a, b) -> Estimate:
    """mean(a) / mean(b) over batches, delta-method error. Batches shorter than the slowest
    relaxation of the tube are correlated: the residuals a - R b go through `batch_mean`
    (bias-corrected AR(1) inflation, and the degrees of freedom of the independent batches)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    R = a.mean() / b.mean()
    nb = a.size
    if nb < 3:
        return Estimate(float(R), float("nan"), 1, nb)
    e = batch_mean(a - R * b)
    return Estimate(float(R), float(e.error / abs(b.mean())), e.block, nb)


def _interval_blocks(run, nb):
    s = run.summary
    # blocks were laid out over the planned run (a run read before its end has empty ones)
    span = max(int((s.planned_steps or s.steps)) - int(s.start_step), 1)
    nint = flux_series(run).shape[0]
    first = np.arange(nint) * int(s.interval_steps)
    return np.minimum(first * nb // span, nb - 1)


def slope_window(run) -> float:
    """Half-width (m) of the straight-line fits for local gradients: 3 cells or L/20."""
    s = run.summary
    return max(3 * s.length_m / s.cells, s.length_m / 20)


def local_slopes(z, field, zp, w):
    """d field / dz at each position zp, from a straight line through the cells within w:
    field has shape (block, cell); returns (block, plane)."""
    out = np.empty((field.shape[0], len(zp)))
    for j, p in enumerate(zp):
        sel = np.abs(z - p) <= w
        out[:, j] = np.polyfit(z[sel] - p, field[:, sel].T, 1)[0]
    return out


def plane_quantities(run, species="A", window=None, bp=None):
    """Per block and plane: N_A, N, y_A, c and dy_A/dz, arrays of shape (block, plane).

    The gradient is the slope of a straight line through the cells within `window` (m) of
    the plane (default: the larger of 3 cells and L/20). bp: `block_profiles(run)` if already
    made."""
    s = run.summary
    k = s.species.index(species)
    bp = block_profiles(run) if bp is None else bp
    flux = flux_series(run)
    blk = _interval_blocks(run, int(run.profiles["block"].max()) + 1)
    # blocks with samples (a run read before its end has empty ones) that hold a flux interval
    # (blocks shorter than an interval hold none)
    has = np.array([(blk == b).any() for b in bp["blocks"]], dtype=bool)
    if has.sum() < 3:
        raise ValueError(f"only {int(has.sum())} profile blocks hold a complete flux interval; sample longer, or "
                         "use fewer profile blocks or shorter intervals")
    used = bp["blocks"][has]
    NA = np.array([flux[blk == b, :, k].mean(axis=0) for b in used])
    N = np.array([flux[blk == b].sum(axis=2).mean(axis=0) for b in used])
    z, zp = bp["z"], np.asarray(s.planes_m)
    y = bp["y"][has, k, :]
    yA = np.array([[np.interp(p, z, yb) for p in zp] for yb in y])
    c = np.array([[np.interp(p, z, cb) for p in zp] for cb in bp["c"][has]])
    grad = local_slopes(z, y, zp, window or slope_window(run))
    return {"z": zp, "N_A": NA, "N": N, "y_A": yA, "c": c, "grad": grad}


def face_quantities(run, species="A", bp=None) -> dict | None:
    """Per block and cell face (z = dz .. L - dz): N_A and N (mol m^-2 s^-1) from the face
    crossings, y_A and c the mean of the two cells either side, dy_A/dz their difference over
    dz. Arrays of shape (block, face). None for runs written before faces were counted.
    bp: `block_profiles(run)` if already made."""
    pr, s = run.profiles, run.summary
    if "face_net" not in pr.columns:
        return None
    k = s.species.index(species)
    nb = int(pr["block"].max()) + 1
    nsp, nc = len(s.species), int(s.cells)
    bp = block_profiles(run) if bp is None else bp
    net = pr["face_net"].to_numpy().reshape(nb, nsp, nc)[bp["blocks"], :, 1:]
    flux = net * s.weight / (s.area_m2 * bp["weights"][:, None, None] * s.dt_s * N_AV)
    y, c = bp["y"][:, k, :], bp["c"]
    dz = s.length_m / nc
    return {"z": np.arange(1, nc) * dz, "N_A": flux[:, k], "N": flux.sum(axis=1), "y_A": 0.5 * (y[:, 1:] + y[:, :-1]),
            "c": 0.5 * (c[:, 1:] + c[:, :-1]), "grad": (y[:, 1:] - y[:, :-1]) / dz}


def fick_diffusion(run, species="A", margin=None) -> dict:
    """D_AB from J_A over the interior, per-plane D(z), and the apparent D.

    Returns {"D": Estimate, "D_from_N_A": Estimate, "planes": DataFrame, "D_apparent": Estimate,
    "D_planes": Estimate, "method": str, "theory_y", "theory_n", "theory_weights": arrays}.
    D and D_from_N_A come from every interior cell face (`face_quantities`); runs without face
    tallies, and D_planes, use the interior probe planes. theory_y, theory_n (m^-3) and
    theory_weights are the compositions, number densities and weights (c dy_A/dz) over which D
    averages the local D(y_A, n), so that a theory can be averaged alike. `margin` (m) excludes
    faces and planes within it of either end (default: `layer_margin`)."""
    s = run.summary
    bp = block_profiles(run)  # shared by the planes and the faces
    q = plane_quantities(run, species, bp=bp)
    margin = layer_margin(s) if margin is None else margin
    inner = (q["z"] >= margin) & (q["z"] <= s.length_m - margin)
    J = q["N_A"] - q["y_A"] * q["N"]
    cg = q["c"] * q["grad"]
    rows = []
    for j, z in enumerate(q["z"]):
        e = _batch_ratio(-J[:, j], cg[:, j])
        rows.append({"z_m": z, "interior": bool(inner[j]), "y_A": q["y_A"][:, j].mean(),
                     "N_A": q["N_A"][:, j].mean(), "N": q["N"][:, j].mean(), "J_A": J[:, j].mean(),
                     "grad_y_A": q["grad"][:, j].mean(), "D": e.value, "D_err": e.error})
    D_planes = _batch_ratio(-J[:, inner].sum(axis=1), cg[:, inner].sum(axis=1))
    D_NA = _batch_ratio(-q["N_A"][:, inner].sum(axis=1), cg[:, inner].sum(axis=1))
    D, method, ty, tw = D_planes, "probe planes", q["y_A"][:, inner].mean(axis=0), cg[:, inner].mean(axis=0)
    tn = q["c"][:, inner].mean(axis=0) * N_AV
    T_cells = np.average(bp["T"], axis=0, weights=bp["weights"])
    tT = np.interp(q["z"][inner], bp["z"], T_cells)
    f = face_quantities(run, species, bp=bp)
    if f is not None:
        fin = (f["z"] >= margin) & (f["z"] <= s.length_m - margin)
        fcg = f["c"][:, fin] * f["grad"][:, fin]
        D = _batch_ratio(-(f["N_A"] - f["y_A"] * f["N"])[:, fin].sum(axis=1), fcg.sum(axis=1))
        D_NA = _batch_ratio(-f["N_A"][:, fin].sum(axis=1), fcg.sum(axis=1))
        # theory weights from quintics through the mean profiles: one face's difference of two
        # cells is too noisy to weight with (the estimator's own weights are the true c dy_A/dz)
        zf = f["z"][fin]
        fit = np.polynomial.Polynomial.fit(zf, f["y_A"][:, fin].mean(axis=0), 5)
        cfit = np.polynomial.Polynomial.fit(zf, f["c"][:, fin].mean(axis=0), 5)
        method, ty, tw = "every interior cell face", fit(zf), cfit(zf) * fit.deriv()(zf)
        tn = cfit(zf) * N_AV
        tT = np.polynomial.Polynomial.fit(zf, 0.5 * (T_cells[1:] + T_cells[:-1])[fin], 5)(zf)
    # apparent D between the reservoirs: N_A L / (c (y_A(0) - y_A(L))), reservoir compositions
    c_mean = q["c"][:, inner].mean(axis=1)
    dy = _reservoir_dy(run, species)
    D_app = _batch_ratio(q["N_A"][:, inner].mean(axis=1) * s.length_m, c_mean * dy) if dy else None
    return {"D": D, "D_from_N_A": D_NA, "D_apparent": D_app, "planes": pd.DataFrame(rows), "D_planes": D_planes,
            "method": method, "theory_y": ty, "theory_n": tn, "theory_T": tT,
            "theory_weights": tw}


def _reservoir_dy(run, species):
    ends = run.summary.reservoir_mole_fractions
    if not ends or None in ends:
        return None
    k = run.summary.species.index(species)
    dy = ends[0][k] - ends[1][k]
    return dy or None


def green_kubo(run, t_max=None, segments=16) -> dict:
    """D_AB from equilibrium fluctuations (Green-Kubo) in a closed or periodic box:

        D_AB = 1 / (N y_A y_B) * integral_0^inf <J(0) J(t)> dt,
        J = y_B sum_{i in A} v_z,i - y_A sum_{j in B} v_z,j = (N_A N_B / N) (V_A - V_B),

    the one-dimensional form (z only) of the interdiffusion current correlation for an ideal
    mixture (thermodynamic factor 1). Velocities change only at collisions, once per step, so
    the integral of the piecewise-constant current is the trapezoid sum of the sampled
    autocorrelation. The series is cut into `segments` pieces whose integrals give the error.
    t_max (s) defaults to 20 mean collision times: in a 500-particle argon box the integral
    reaches 0.94, 0.986 and 0.999 of its plateau at 5, 10 and 20 (docs/method.md)."""
    s = run.summary
    cur = run.currents
    names = s.species
    NA, NB = s.particles_by_species[:2]
    N = NA + NB
    yA, yB = NA / N, NB / N
    J = yB * cur[f"sum_vz_{names[0]}"].to_numpy() - yA * cur[f"sum_vz_{names[1]}"].to_numpy()
    dt = s.dt_s
    lag = int(round((t_max or 20 * s.collision_time_s) / dt))
    L = J.size // segments
    if L <= 2 * lag:
        raise ValueError(f"series of {J.size} steps too short for {segments} segments of more than 2 x {lag} lags")
    vals = []
    for k in range(segments):
        x = J[k * L:(k + 1) * L]
        f = np.fft.rfft(x - 0.0, n=2 * L)  # J has zero mean: total momentum is conserved
        acf = np.fft.irfft(f * np.conj(f))[:lag + 1] / (L - np.arange(lag + 1))
        vals.append(dt * (0.5 * acf[0] + acf[1:].sum()) / (N * yA * yB))
    vals = np.array(vals)
    return {"D": Estimate(float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(segments)), 1, segments),
            "lag_steps": lag, "segments": vals}


ALPHA_T_ORDER = 8  # Sonine order at which alpha_T is converged in an argon-helium window (docs/method.md)


def driving_forces(run, pair, species="A", margin=None, order=ALPHA_T_ORDER) -> dict:
    """The first-order flux law's other two driving forces, over the faces where `fick_diffusion`
    measures D: J_A = -c D (dy_A/dz + k_T dlnT/dz + (y_A - w_A) dlnp/dz), k_T = alpha_T y_A y_B
    from Chapman-Enskog at Sonine `order` (pair: theory.pair_of(summary); A = `species`) and
    y_A - w_A = y_A y_B (M_B - M_A) / M. An open tube has both: interdiffusion warms its middle
    (Dufour) and the flow speeds up into the light gas, so the pressure falls.

    Returns {"thermal", "pressure": Estimate}, each sum_f c k_T dlnT/dz (or c (y_A - w_A) dlnp/dz)
    over sum_f c dy_A/dz: the fraction by which D from dy_A/dz alone reads high; and "D": D from
    the full driving force. dlnT/dz and dlnp/dz are quartic fits per profile block over the
    cells of the window; errors are batch means over the blocks."""
    s = run.summary
    bp = block_profiles(run)
    f = face_quantities(run, species, bp=bp)
    if f is None:
        raise ValueError("the driving forces need the cell faces' tallies (sampling.faces)")
    margin = layer_margin(s) if margin is None else margin
    fin = (f["z"] >= margin) & (f["z"] <= s.length_m - margin)
    cells = (bp["z"] >= margin) & (bp["z"] <= s.length_m - margin)
    zf, zc = f["z"][fin], bp["z"][cells]

    def slopes(field):  # d ln(field)/dz at the window's faces, per block
        return np.array([np.polynomial.Polynomial.fit(zc, np.log(b[cells]), 4).deriv()(zf) for b in field])

    y, c = f["y_A"][:, fin], f["c"][:, fin]
    grid = np.linspace(0.01, 0.99, 25)  # alpha_T is 0/0 in a pure gas; the window is far from one
    T_mean = float(np.average(bp["T"][:, cells], weights=np.broadcast_to(bp["weights"][:, None], bp["T"][:, cells].shape)))
    alpha = CubicSpline(grid, [pair.alpha_T(v, order, T_mean) for v in grid])(np.clip(y, 0.01, 0.99))
    mix = y * pair.M_a + (1.0 - y) * pair.M_b
    thermal = (c * alpha * y * (1.0 - y) * slopes(bp["T"])).sum(axis=1)
    pressure = (c * y * (1.0 - y) * (pair.M_b - pair.M_a) / mix * slopes(bp["p"])).sum(axis=1)
    grad = (c * f["grad"][:, fin]).sum(axis=1)
    J = (f["N_A"] - f["y_A"] * f["N"])[:, fin].sum(axis=1)
    return {"thermal": _batch_ratio(thermal, grad), "pressure": _batch_ratio(pressure, grad),
            "D": _batch_ratio(-J, grad + thermal + pressure)}
