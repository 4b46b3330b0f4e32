"""Molar fluxes N_i, N, v*, v and the diffusion wind from signed plane crossings."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.measure.profiles import block_profiles
from analysis.measure.stats import Estimate, blocked_mean, ratio
from particlesim.constants import N_AV


def flux_series(run) -> np.ndarray:
    """Molar flux per interval: array (interval, plane, species) in mol m^-2 s^-1."""
    c, s = run.crossings, run.summary
    ni = int(c["interval"].max()) + 1 if len(c) else 0
    npl, nsp = len(s.planes_m), len(s.species)
    net = (c["n_plus"].to_numpy() - c["n_minus"].to_numpy()).reshape(ni, npl, nsp)
    dur = c["duration_s"].to_numpy().reshape(ni, npl, nsp)
    return net * s.weight / (s.area_m2 * dur * N_AV)


class Fluxes:
    """Fluxes at the probe planes, each with a blocked standard error.

    `planes` selects which planes are averaged for the tube-wide values (default: all).
    Combinations (N, ratios, mass flux) are formed interval by interval before blocking,
    so correlations between species and planes are carried into the errors.
    """

    def __init__(self, run, planes=None):
        self.series = flux_series(run)
        self.species = list(run.summary.species)
        self.molar_mass = np.asarray(run.summary.molar_mass_kg_mol)
        self.z = np.asarray(run.summary.planes_m)
        self.planes = np.arange(self.z.size) if planes is None else np.asarray(planes)

    def _avg(self, sel=None):
        """Series averaged over the selected planes: (interval, species)."""
        return self.series[:, self.planes if sel is None else sel, :].mean(axis=1)

    def species_flux(self, name) -> Estimate:
        return blocked_mean(self._avg()[:, self.species.index(name)])

    def total_flux(self) -> Estimate:
        return blocked_mean(self._avg().sum(axis=1))

    def mass_flux(self) -> Estimate:
        """sum_i M_i N_i in kg m^-2 s^-1 (= rho v)."""
        return blocked_mean(self._avg() @ self.molar_mass)

    def flux_ratio(self, a, b) -> Estimate:
        x = self._avg()
        return ratio(x[:, self.species.index(a)], x[:, self.species.index(b)])

    def table(self) -> pd.DataFrame:
        """One row per plane: N_i, N and M-weighted mass flux, each with its error."""
        rows = []
        for p, z in enumerate(self.z):
            x = self.series[:, p, :]
            row = {"plane": p, "z_m": z}
            for k, name in enumerate(self.species):
                e = blocked_mean(x[:, k])
                row[f"N_{name}"], row[f"N_{name}_err"] = e.value, e.error
            e = blocked_mean(x.sum(axis=1))
            row["N"], row["N_err"] = e.value, e.error
            e = blocked_mean(x @ self.molar_mass)
            row["mass_flux"], row["mass_flux_err"] = e.value, e.error
            rows.append(row)
        return pd.DataFrame(rows)


def wind_identity(run, half_width=None, table=None) -> pd.DataFrame:
    """rho v two ways at each plane: sum_i M_i N_i from the signed crossings (blocked error),
    and the momentum density sum_i m_i n_i <v_z,i> of the cells within `half_width` of the
    plane (default L/20) from the profiles (batch error over profile blocks). In a steady
    state they measure the same mass flux by independent tallies; `z_score` is their
    difference over the combined error. `table`: a `Fluxes(run).table()` already made."""
    f = Fluxes(run).table() if table is None else table
    bp = block_profiles(run)
    L = run.summary.length_m
    w = half_width or L / 20
    rows = []
    for r in f.itertuples():
        sel = np.abs(bp["z"] - r.z_m) <= w
        per_block = bp["rho_v"][:, sel].mean(axis=1)
        e = per_block.std(ddof=1) / np.sqrt(per_block.size)
        rows.append({"z_m": r.z_m, "rho_v_crossings": r.mass_flux, "err_crossings": r.mass_flux_err,
                     "rho_v_profiles": per_block.mean(), "err_profiles": e,
                     "z_score": (per_block.mean() - r.mass_flux) / np.hypot(e, r.mass_flux_err)})
    return pd.DataFrame(rows)
