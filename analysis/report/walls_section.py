"""The run report's section for a tube with side walls (and the whole report of one gas)."""
from __future__ import annotations

import numpy as np

from analysis.measure.stats import Estimate
from analysis.measure.walls import effective_diffusivities, reduced_flow_rate, transmission
from analysis.report.table import row
from analysis.theory.capillary import clausing_transmission, knudsen_diffusion, poiseuille_flow_rate_bgk
from particlesim.constants import N_AV


def wall_rows(run) -> list:
    """Report rows (analysis.report.table) of a circular tube: its size, the transmission
    probability against Clausing, the one-gas flow rate against linearized BGK, wall hits, each
    species' effective diffusivity against Knudsen's, and (equal masses) D_K; the run report adds
    Bosanquet's interpolation after the D_K row."""
    s = run.summary
    rows = []
    if s.section != "circle":
        return rows
    R, L = s.radius_m, s.length_m
    rows.append(row("L_over_R", "L/R", "", Estimate(L / R, float("nan")), None, "tube length over radius"))
    rows.append(row("lambda_over_R", "lambda/R", "", Estimate(s.mean_free_path_m / R, float("nan")), None,
                 "Knudsen number of the bore (smallest species mean free path)"))
    try:
        W = transmission(run)
        rows.append(row("W", "transmission probability W", "", W, clausing_transmission(L / R),
                     "theory: Clausing's integral equation (free-molecular, diffuse walls)"))
    except ValueError:
        pass
    dens = s.reservoir_number_density_m3 or [None, None]
    if len(s.species) == 1 and dens[0] and dens[1]:
        try:
            fr = reduced_flow_rate(run)
            rows.append(row("delta", "rarefaction parameter delta", "", Estimate(fr["delta"], float("nan")), None,
                         "R p / (mu v0), converged hard-sphere viscosity, interior mean p and T"))
            rows.append(row("G_P", "reduced flow rate G_P", "", fr["G"], poiseuille_flow_rate_bgk(fr["delta"]),
                         "theory: linearized BGK, diffuse walls (analysis.theory.capillary)"))
        except (ValueError, np.linalg.LinAlgError) as err:
            rows.append(row("G_P", "reduced flow rate G_P", "", None, None, f"not measured: {err}"))
    hits = run.walls["hits"].sum() if len(run.walls) else 0
    rows.append(row("wall_hits_per_step", "wall hits per sampled step", "", Estimate(hits / max(s.sampled_steps, 1), float("nan")), None,
                 "all species"))
    M = np.asarray(s.molar_mass_kg_mol)
    if len(M) >= 2:
        T = s.initial_temperature_K or s.temperatures_K[0]
        for name, e in effective_diffusivities(run).items():
            k = s.species.index(name)
            rows.append(row(f"D_eff.{name}", f"D_eff of {name} = -N_{name} / (c dy_{name}/dz)", "m^2/s", e,
                         knudsen_diffusion(R, M[k] / N_AV, T),
                         f"theory: Knudsen's D_K of {name}, the lambda >> R limit; interior planes"))
    if len(M) == 2 and abs(M[0] - M[1]) < 1e-12 * M[0]:
        # equal masses: Knudsen diffusion and Bosanquet's interpolation for the interior D
        T = s.initial_temperature_K or s.temperatures_K[0]
        DK = knudsen_diffusion(R, M[0] / N_AV, T)
        rows.append(row("D_K", "D_K = (2/3) R v_mean", "m^2/s", Estimate(DK, float("nan")), None, "Knudsen diffusion, long tube"))
    return rows
