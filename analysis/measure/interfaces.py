"""What crosses an interface end (emitted, taken), and the Stefan tube's interior: the straight
line of ln(1 - y_A) and the flux Stefan's law gives with it (docs/physics.md, "Interfaces and
the Stefan tube")."""
from __future__ import annotations

import math

import numpy as np
from scipy.integrate import quad

from analysis.measure.fluxes import Fluxes
from analysis.measure.profiles import block_profiles, interior_mask
from analysis.measure.stats import Estimate, batch_error
from analysis.theory.chapman_enskog import viscosity_hs
from particlesim.constants import K_B, N_AV


def end_counts(run, side: str, species: str) -> dict:
    """Molecules an end sent in and took out over the sampled window, as molar fluxes
    (mol m^-2 s^-1) with Poisson errors: {"in", "out", "net"} (net: in - out, away from the end)."""
    s = run.summary
    e = run.ends.set_index(["end", "species"]).loc[(side, species)]
    scale = s.weight / (s.area_m2 * s.sampled_steps * s.dt_s * N_AV)
    n_in, n_out = float(e["particles_in"]), float(e["particles_out"])
    return {"in": Estimate(n_in * scale, math.sqrt(n_in) * scale),
            "out": Estimate(n_out * scale, math.sqrt(n_out) * scale),
            "net": Estimate((n_in - n_out) * scale, math.sqrt(n_in + n_out) * scale)}


def stefan_interior(run, species: str, margin: float, cD_of_y) -> dict:
    """Fits ln(1 - y_A) with a straight line over the interior, block by block, and evaluates
    Stefan's law with composition-dependent D between the fitted ends z1, z2 of the interior:
    N_A = 1 / (z2 - z1) * integral_{y(z2)}^{y(z1)} c D(y) / (1 - y) dy (from N_A (1 - y) = -c D dy/dz
    with N_B = 0). cD_of_y: the product c D, which does not depend on the pressure (the open tube's
    is not the nominal one). Returns {"N_A": Estimate (theory, batch error over blocks), "chi2":
    chi2/dof of the mean ln(1 - y_A) about the line, "c": the interior's mean c, "bend_ln", "bend_y": the
    curvature of ln(1 - y_A) and of y_A relative to their slope (Estimates; Stefan: 0, and
    "bend_y_stefan" = k (z2 - z1) / 2 with k the slope of ln(1 - y_A)), "p_A0", "p_AL": the partial
    pressure of A extrapolated from the interior to z = 0 and L (Pa)}."""
    bp = block_profiles(run)
    s = run.summary
    k = s.species.index(species)
    mask = interior_mask(bp["z"], s.length_m, margin)
    z = bp["z"][mask]
    g = np.log1p(-bp["y"][:, k, mask])  # ln(1 - y_A), (block, cell)
    slope, icpt = np.polyfit(z, g.T, 1)
    c = float(np.mean(bp["c"][:, mask]))
    z1, z2 = z[0], z[-1]
    y_at = lambda zz: 1.0 - np.exp(icpt + slope * zz)
    per_block = np.array([quad(lambda y: cD_of_y(y) / (1.0 - y), b2, b1, epsabs=0, epsrel=1e-10)[0] / (z2 - z1)
                          for b1, b2 in zip(y_at(z1), y_at(z2))])
    mean_g, err_g = g.mean(axis=0), batch_error(g)
    line = np.polyval(np.polyfit(z, mean_g, 1, w=1.0 / np.maximum(err_g, 1e-12)), z)
    chi2 = float((((mean_g - line) / np.maximum(err_g, 1e-12)) ** 2).sum() / max(z.size - 2, 1))
    est = lambda x: Estimate(float(np.mean(x)), float(batch_error(x)), 1, x.size)
    return {"N_A": est(per_block), "chi2": chi2, "c": c, "bend_ln": est(_bend(z, g)), "bend_y": est(_bend(z, bp["y"][:, k, mask])),
            "bend_y_stefan": float(np.mean(slope) * (z2 - z1) / 2),
            "p_A0": est(y_at(0.0) * _line_at(z, bp["p"][:, mask], 0.0)),
            "p_AL": est(y_at(s.length_m) * _line_at(z, bp["p"][:, mask], s.length_m))}


def _line_at(z, f, z0):
    """Per block, the straight line through f(z) evaluated at z0."""
    slope, icpt = np.polyfit(z, f.T, 1)
    return icpt + slope * z0


def _bend(z, f):
    """Per block, how far a field bends from a straight line over the interior: the quadratic
    term of a parabola fit, as its change over the interval relative to the linear one's."""
    h = z - z.mean()
    c2, c1, _ = np.polyfit(h, f.T, 2)
    span = z[-1] - z[0]
    return c2 * span ** 2 / (c1 * span)


def evaporation_between_surfaces(run) -> dict | None:
    """A pure hard-sphere vapour between two surfaces of its condensed phase at one temperature
    (saturation pressures p1, p2): the rarefaction parameter delta = p0 L / (mu v0) (p0 the mean of
    p1 and p2, mu the converged hard-sphere viscosity, v0 = sqrt(2kT/m)) and the net flux in units
    of n0 v0 (p1 - p2) / p0, from the crossings of every probe plane, and the surfaces' common
    evaporation and condensation coefficient alpha (None where they differ); None for other runs."""
    s = run.summary
    recs = s.interfaces or [None, None]
    pm = s.pair_models or {}
    hard = pm.get("omega", [[0.5]])[0][0] == 0.5 and pm.get("alpha", [[1.0]])[0][0] == 1.0 and not s.potentials
    if len(s.species) != 1 or not all(recs) or not hard:
        return None
    name = s.species[0]
    (p1, T1), (p2, T2) = ((r["vapour_pressure_Pa"][name], r["temperature_K"]) for r in recs)
    if T1 != T2 or p1 == p2:
        return None
    m = s.molar_mass_kg_mol[0] / N_AV
    p0, v0 = 0.5 * (p1 + p2), math.sqrt(2.0 * K_B * T1 / m)
    mu = viscosity_hs(m, s.diameter_m[0], T1)
    unit = p0 / (K_B * T1) * v0 * (p1 - p2) / p0 / N_AV  # mol m^-2 s^-1
    J = Fluxes(run).species_flux(name)
    coefficients = {r[k][name] for r in recs for k in ("evaporation_coefficient", "condensation_coefficient")}
    return {"delta": p0 * s.length_m / (mu * v0), "flux": Estimate(J.value / unit, J.error / unit, J.block, J.samples),
            "pressure_step": (p1 - p2) / p0,
            "alpha": coefficients.pop() if len(coefficients) == 1 else None}  # None: the surfaces differ
