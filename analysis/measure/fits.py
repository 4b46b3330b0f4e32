"""Weighted fits with honest errors for quantities measured at several points of a sweep: power
laws (D ~ T^b) and the quadratic discretization error of DSMC."""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps


def power_law(x, y, yerr) -> dict:
    """Weighted fit of log y = a + b log x; the exponent b with its standard error and 95%
    interval. The points' relative errors are trusted, their common scale is taken from the
    scatter: the error is scaled by sqrt(chi2/dof) and the interval uses Student t with n - 2
    degrees of freedom, which covers 95% whether the error bars are right or all off by one
    factor (tests/test_sweep.py; scaling only upwards covered 99.5% with right error bars)."""
    lx, ly, s = np.log(x), np.log(y), np.asarray(yerr) / np.asarray(y)
    w = 1.0 / s ** 2
    A = np.vstack([np.ones_like(lx), lx]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    a, b = cov @ (A.T @ (w * ly))
    dof = len(x) - 2
    chi2 = float((w * (ly - a - b * lx) ** 2).sum())
    scale = math.sqrt(chi2 / dof) if dof > 0 else 1.0
    se = math.sqrt(cov[1, 1]) * scale
    t = sps.t.ppf(0.975, dof) if dof > 0 else float("inf")
    return {"exponent": float(b), "se": se, "ci95": (float(b - t * se), float(b + t * se)), "prefactor": float(math.exp(a)),
            "chi2_per_dof": chi2 / dof if dof > 0 else float("nan"), "points": len(x)}


def quadratic_extrapolation(x, y, yerr) -> dict:
    """Fit y = y0 (1 + c x^2) (the DSMC discretization error, Alexander, Garcia and Alder 1998;
    Hadjiconstantinou 2000); returns y0, c and their errors."""
    x2 = np.asarray(x) ** 2
    w = 1.0 / np.asarray(yerr) ** 2
    A = np.vstack([np.ones_like(x2), x2]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    y0, k = cov @ (A.T @ (w * np.asarray(y)))
    return {"y0": float(y0), "y0_err": math.sqrt(cov[0, 0]), "c": float(k / y0),
            "c_err": math.sqrt(cov[1, 1]) / abs(y0)}
