"""Measurements of runs in a tube with side walls (circle or slit sections): free-molecular
transmission, the reduced flow rate of pressure-driven flow, and profiles across the section.

Fluxes come from plane crossings and end tallies, never from averaged cell moments; errors
are binomial (transmission) or batch means over the profile blocks (flow rate, profiles).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis import theory
from analysis.measure.diffusion import _batch_ratio, _interval_blocks, plane_quantities
from analysis.measure.fluxes import flux_series
from analysis.measure.profiles import block_profiles, interior_mask
from analysis.measure.stats import Estimate
from analysis.theory.capillary import clausing_transmission
from particlesim.constants import K_B, N_AV


def transmission(run, species=None) -> Estimate:
    """W: the fraction of the molecules entering from the left reservoir that leave through
    the right end, for a tube whose right end opens into vacuum (no inflow there). Binomial
    standard error: without collisions every molecule's fate is independent."""
    s = run.summary
    dens = s.reservoir_number_density_m3 or [None, None]
    if dens[0] is None or dens[1] is None or dens[1] > 1e-6 * dens[0]:
        raise ValueError("transmission needs a left reservoir and a vacuum (near-empty) right reservoir")
    e = run.ends.set_index(["end", "species"])
    names = s.species if species is None else [species]
    entered = sum(float(e.loc[("left", n), "particles_in"]) for n in names)
    out = sum(float(e.loc[("right", n), "particles_out"]) for n in names)
    if entered <= 0:
        raise ValueError("no molecule entered from the left reservoir in the sampled window")
    W = out / entered
    return Estimate(W, math.sqrt(max(W * (1.0 - W), 0.0) / entered), 1, int(entered))


def _radius_or_height(s):
    if s.section == "circle":
        return s.radius_m
    if s.section == "slit":
        return s.height_m
    raise ValueError("a flow rate through a section needs a circle or slit section")


def reduced_flow_rate(run, margin=None) -> dict:
    """Pressure-driven flow of one gas through a long circular tube: the reduced flow rate

        G_P = -Mdot v0 / (pi R^3 dp/dz),  v0 = sqrt(2 k T / m),

    at the interior's rarefaction parameter delta = R p / (mu v0) (analysis.theory.chapman_enskog), with the
    mass flow Mdot from the plane crossings and dp/dz from a straight line through the
    interior cells' pressures, block by block (batch-mean error of the ratio). `margin`
    (m) leaves out the ends: default the larger of R (entrance effects of slow flow reach about
    a radius) and 0.15 L."""
    s = run.summary
    if s.section != "circle":
        raise ValueError("the reduced flow rate is defined here for a circular tube")
    R, L = s.radius_m, s.length_m
    margin = max(R, 0.15 * L) if margin is None else margin
    bp = block_profiles(run)
    z = bp["z"]
    inner = interior_mask(z, L, margin)
    if inner.sum() < 3:
        raise ValueError(f"fewer than 3 cells lie {margin:.3g} m or more from both ends; no interior gradient")
    zp = np.asarray(s.planes_m)
    planes = (zp >= margin) & (zp <= L - margin)
    M = np.asarray(s.molar_mass_kg_mol)
    flux = flux_series(run)  # mol m^-2 s^-1 per interval, plane, species
    blk = _interval_blocks(run, int(run.profiles["block"].max()) + 1)
    mass = flux[:, planes, :] @ M  # kg m^-2 s^-1
    has = np.array([(blk == b).any() for b in bp["blocks"]])  # blocks shorter than an interval hold none
    if has.sum() < 3:
        raise ValueError("fewer than 3 profile blocks hold a flux interval; sample longer or use fewer blocks")
    mdot = np.array([mass[blk == b].mean() for b in bp["blocks"][has]]) * s.area_m2
    grad = np.array([np.polyfit(z[inner], pb[inner], 1)[0] for pb in bp["p"][has]])
    p = float(np.mean(bp["p"][:, inner]))
    T = float(np.nanmean(bp["T"][:, inner]))
    m = M[0] / N_AV
    if len(M) > 1:
        raise ValueError("the reduced flow rate is defined for one gas")
    v0 = math.sqrt(2.0 * K_B * T / m)
    ratio = _batch_ratio(mdot, grad)  # Mdot / (dp/dz)
    scale = -v0 / (math.pi * R ** 3)
    G = Estimate(ratio.value * scale, abs(ratio.error * scale), 1, ratio.samples)
    delta = theory.rarefaction_parameter(R, p, m, s.diameter_m[0], T)
    return {"G": G, "delta": delta, "p_Pa": p, "T_K": T, "dp_dz": float(grad.mean()), "mdot_kg_s": float(mdot.mean()),
            "margin_m": margin}


def section_profiles(run, zmin=None, zmax=None) -> pd.DataFrame:
    """Profiles across the section (rings or bands), averaged over the z-cells between zmin and
    zmax (default: the middle half of the tube): per bin and species n, u_z and T, each with
    the batch-mean error over profile blocks; `r_m` (circle) or `y_m` (slit) is where the bin's
    samples sit on average. Rings have equal areas, so the bins crowd towards the wall."""
    sp = run.section_profiles
    if sp is None or not len(sp):
        raise ValueError("this run has no profiles across its section (an unbounded section has one bin)")
    s = run.summary
    L = s.length_m
    zmin = 0.25 * L if zmin is None else zmin
    zmax = 0.75 * L if zmax is None else zmax
    where = "r_m" if "r_m" in sp.columns else "y_m"
    sel = sp[(sp.z_m >= zmin) & (sp.z_m <= zmax) & (sp.samples > 0)]
    g = sel.groupby(["species", "bin", "block"], observed=True)
    agg = g[["count", "sum_vz", "sum_v2", "sum_vx", "sum_vy"]].sum()
    samples = g["samples"].first()
    cells = g["cell"].nunique()
    m = dict(zip(s.species, np.asarray(s.molar_mass_kg_mol) / N_AV))
    vol = s.area_m2 * L / s.cells / s.bins
    rows = []
    for (name, b), blocks in agg.groupby(level=[0, 1], observed=True):
        cnt = blocks["count"].to_numpy()
        if cnt.sum() == 0:
            continue
        nsamp = samples.loc[(name, b)].to_numpy()
        ncell = cells.loc[(name, b)].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            n = cnt * s.weight / (nsamp * ncell * vol)
            u = blocks["sum_vz"].to_numpy() / cnt
            v2 = blocks["sum_v2"].to_numpy() / cnt
            ux = blocks["sum_vx"].to_numpy() / cnt
            uy = blocks["sum_vy"].to_numpy() / cnt
            T = m[name] / (3 * K_B) * (v2 - u * u - ux * ux - uy * uy)
        row = {"species": name, "bin": b, where: float(sel[sel.bin == b][where].iloc[0])}
        for key, arr in (("n_m3", n), ("vz_m_s", u), ("T_K", T)):
            arr = arr[np.isfinite(arr)]
            row[key] = float(arr.mean())
            row[key + "_err"] = float(arr.std(ddof=1) / math.sqrt(arr.size)) if arr.size > 1 else float("nan")
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["species", "bin"]).reset_index(drop=True)


def sweep_columns(run) -> dict:
    """The wall quantities a sweep table carries for a run: section sizes, transmission
    (vacuum right end) and the reduced flow rate (one gas), NaN where they do not apply."""
    s = run.summary
    out = {"section": (s.section or "unbounded"), "radius_m": s.radius_m or float("nan"),
           "height_m": s.height_m or float("nan"), "length_over_radius": float("nan"),
           "W": float("nan"), "W_err": float("nan"), "W_clausing": float("nan"),
           "G": float("nan"), "G_err": float("nan"), "delta": float("nan")}
    out["wall_analysis_error"] = ""
    if out["section"] != "circle":
        return out
    ell = s.length_m / s.radius_m
    out["length_over_radius"] = ell
    try:
        W = transmission(run)
        out.update(W=W.value, W_err=W.error, W_clausing=clausing_transmission(ell))
    except ValueError:
        pass
    if len(s.species) == 1 and all(v for v in (s.reservoir_number_density_m3 or [None, None])):
        try:
            fr = reduced_flow_rate(run)
            out.update(G=fr["G"].value, G_err=fr["G"].error, delta=fr["delta"])
        except Exception as err:  # a sweep of hours must not end on one point's analysis: say why, go on
            out["wall_analysis_error"] = f"{type(err).__name__}: {err}"
    return out


def effective_diffusivities(run, margin=None) -> dict:
    """D_i,eff = -N_i / (c dy_i/dz) of each species over the interior planes (batch-ratio errors):
    the diffusivity an experimenter infers from one species' flux and gradient in a capillary.
    Unlike D_AB (from J_A = N_A - y_A N) it carries the net molar flux N, so for argon and
    helium D_A,eff and D_B,eff differ even though D_AB is one number."""
    s = run.summary
    margin = max(5 * s.mean_free_path_m, 0.1 * s.length_m) if margin is None else margin
    out = {}
    for name in s.species:
        q = plane_quantities(run, name)
        inner = (q["z"] >= margin) & (q["z"] <= s.length_m - margin)
        if not inner.any():
            inner[:] = True
        out[name] = _batch_ratio(-q["N_A"][:, inner].sum(axis=1), (q["c"] * q["grad"])[:, inner].sum(axis=1))
    return out
