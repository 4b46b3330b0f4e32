"""Is a run's sampled window steady and long enough? The planes' agreement on one mean flux,
the halves of the window, and how many slowest diffusive relaxation times the window and one
profile block hold."""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from analysis.measure.fluxes import flux_series
from analysis.measure.stats import blocked_mean


def plane_agreement(x, batches=30):
    """Do the planes carry one mean flux? x: (intervals, planes). Hotelling's T^2 on the batch
    means of the contrasts x_p - x_0 (p = 1 .. P-1), with their covariance estimated from the
    batches, so that planes crossed by the same molecules (strongly correlated) are not counted
    as independent. Returns (T^2 / (P - 1), p-value from the F distribution)."""
    n, P = x.shape
    k = P - 1
    B = min(batches, n // 4)
    if k < 1 or B <= k + 1:
        return float("nan"), 1.0
    Y = x[: B * (n // B)].reshape(B, n // B, P).mean(axis=1)
    d = Y[:, 1:] - Y[:, :1]
    m = d.mean(axis=0)
    S = np.atleast_2d(np.cov(d, rowvar=False))
    T2 = float(B * m @ np.linalg.solve(S, m))
    F = (B - k) / (k * (B - 1)) * T2
    return T2 / k, float(sps.f.sf(F, k, B - k))


def steady_state(run, species="A") -> dict:
    """Is the sampled window past the transient? Two checks on N_A: the planes agree
    (`plane_agreement`: Hotelling's T^2 over batch means, which allows for the correlation
    between planes), and the first and second halves of the window agree (difference within
    3 standard errors)."""
    x = flux_series(run)[:, :, run.summary.species.index(species)]
    t2, p_planes = plane_agreement(x)
    half = x.shape[0] // 2
    a, b = blocked_mean(x[:half].mean(axis=1)), blocked_mean(x[half:2 * half].mean(axis=1))
    z = (b.value - a.value) / math.hypot(a.error, b.error)
    return {"planes_chi2_per_dof": t2, "planes_p_value": p_planes, "halves_z": float(z),
            "steady": bool(p_planes > 0.001 and abs(z) < 3.0)}


def relaxation(run, D) -> dict:
    """The tube's slowest diffusive relaxation time L^2/(pi^2 D) (s) and how many of them the
    sampled window and one profile block hold. Tallies decorrelate over about this time, so a
    window of fewer than about 20 leaves too few independent pieces for an error bar to hold."""
    s = run.summary
    tau = s.length_m ** 2 / (math.pi ** 2 * D) if D and D > 0 else float("nan")
    window = (int(s.steps) - int(s.start_step)) * s.dt_s
    nb = int(run.profiles["block"].max()) + 1
    return {"time_s": tau, "window": window / tau, "block": window / nb / tau,
            "warning": (f"the sampled window holds only {window / tau:.1f} relaxation times L^2/(pi^2 D) "
                        f"= {tau:.3g} s (fewer than 20): the error bars are themselves uncertain; sample longer"
                        if window < 20 * tau else "")}
