"""Reactions: their rate against collision theory, and the mole balance of the fluxes."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.measure.fluxes import flux_series
from analysis.measure.profiles import block_profiles
from analysis.measure.stats import Estimate, blocked_mean
from analysis.theory.chapman_enskog import effective_diameters
from particlesim.constants import N_AV
from particlesim.gases import collision_rates


def _sampled_time(run):
    s = run.summary
    return s.sampled_steps * s.dt_s


def reaction_rates(run) -> pd.DataFrame:
    """Per reaction: reactions counted, the same per reactant-pair collision (the steric factor
    when E_a = 0), and the count predicted by collision theory, steric factor times
    Z_ij(n_i(z), n_j(z), T(z)) summed over the cells with the measured profiles."""
    s = run.summary
    names = s.species
    m = np.asarray(s.molar_mass_kg_mol) / N_AV
    bp = block_profiles(run)
    n_i = bp["n_i"].mean(axis=0)  # (species, cell)
    T = np.nanmean(bp["T"], axis=0)
    vol = s.area_m2 * s.length_m / s.cells
    t = _sampled_time(run)
    rows = []
    for rx in s.reactions:
        lhs = rx["equation"].split(" -> ")[0].split(" + ")
        a, b = names.index(lhs[0]), names.index(lhs[1])
        count = rx["count"]
        pair = "-".join(sorted([lhs[0], lhs[1]], key=names.index))
        coll = s.collisions_sampled.get(pair, 0)
        Z = np.array([collision_rates(n_i[:, c], m, effective_diameters(s, T[c]), T[c])[a, b]
                      for c in range(T.size)])
        expected = rx["steric_factor"] * (Z * vol).sum() * t / s.weight
        rows.append({"equation": rx["equation"], "count": count, "collisions": coll,
                     "per_collision": count / coll if coll else math.nan,
                     "per_collision_err": math.sqrt(count) / coll if coll else math.nan,
                     "steric_factor": rx["steric_factor"], "expected_count": expected,
                     "count_over_expected": count / expected if expected else math.nan,
                     "count_over_expected_err": math.sqrt(count) / expected if expected else math.nan})
    return pd.DataFrame(rows)


def mole_balance(run) -> dict:
    """Steady mole balance between the first and last planes: N(z_last) - N(z_first) (from the
    crossings, blocked error) against the moles produced in between per unit area and time,
    sum_r (products - reactants)_r x rate_r, from the per-cell reaction counts (Poisson error)."""
    s = run.summary
    z = np.asarray(s.planes_m)
    x = flux_series(run).sum(axis=2)  # total molar flux per interval and plane
    dN = blocked_mean(x[:, -1] - x[:, 0])
    dz = s.length_m / s.cells
    zc = (np.arange(s.cells) + 0.5) * dz
    between = (zc > z[0]) & (zc < z[-1])
    t = _sampled_time(run)
    prod, var = 0.0, 0.0
    for rx in s.reactions:
        lhs, rhs = (side.split(" + ") for side in rx["equation"].split(" -> "))
        nu = len(rhs) - len(lhs)
        counts = np.asarray(rx["per_cell"])[between].sum()
        scale = s.weight / (s.area_m2 * t * N_AV)  # reactions -> mol m^-2 s^-1
        prod += nu * counts * scale
        var += (nu * scale) ** 2 * counts
    return {"dN": dN, "produced": Estimate(float(prod), float(math.sqrt(var))), "z": (float(z[0]), float(z[-1]))}
