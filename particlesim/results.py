"""Run results as pandas tables, in the schema of docs/output.md."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Config
from .constants import K_B, N_AV
from .kernels.probes import COUNT, SV2, SVX, SVY, SVZ, species_counts
from .kernels.walls import HITS, W_ENERGY, W_MOMENTUM
from .section import CIRCLE, bin_centres, bin_edges
from .summary import Summary


@dataclass
class Results:
    """What a run measured.

    crossings: one row per (interval, plane, species): n_plus, n_minus simulated particles.
    profiles:  one row per (block, cell, species): raw sums and n, u, T, p, and the net crossings
               (+z less -z) of the cell's lower face during the block (face_net).
    ends:      one row per (end, species): particles out and in, momentum and energy given to the end.
    walls:     one row per species: side-wall hits, z momentum and energy given to the wall.
    section_profiles: (circle and slit sections) one row per (block, cell, bin, species):
               the profiles across the section, bin by bin (rings or bands).
    currents:  (if sampling.currents) one row per sampled step: sum of v_z per species (m/s).
    bulbs:     (bulb ends) one row per (record, end, species) from step 0 and every
               sampling.interval_steps: molecules, n, mole fraction and pressure of each bulb.
    summary:   a `Summary` of the scalars (weight, area, dt, collision counts, MCS/lambda, speed),
               typed fields that are also readable by their summary.json keys.

    The same record whether it comes from `Simulation.run()` or from a run folder
    (`analysis.load.load_run`), so that every analysis function takes either.
    """
    crossings: pd.DataFrame
    profiles: pd.DataFrame
    ends: pd.DataFrame
    summary: Summary = field(default_factory=Summary)
    currents: pd.DataFrame = field(default_factory=pd.DataFrame)
    walls: pd.DataFrame = field(default_factory=pd.DataFrame)
    section_profiles: pd.DataFrame = field(default_factory=pd.DataFrame)
    bulbs: pd.DataFrame = field(default_factory=pd.DataFrame)
    config: Config | None = None  # the run's resolved config
    path: Path | None = None      # the run folder it was read from (analysis.load.load_run), if any

    def __post_init__(self):
        self.summary = Summary.of(self.summary)  # a plain summary.json dict is accepted

    @classmethod
    def from_simulation(cls, sim) -> "Results":
        cfg = sim.config
        names = list(cfg.species_names)
        currents = pd.DataFrame(np.array(sim.tallies.currents).reshape(-1, len(names)), columns=[f"sum_vz_{n}" for n in names])
        if len(currents):
            currents.insert(0, "step", cfg.sampling.start_step + np.arange(len(currents)))
        section = _section_profiles(sim, names) if sim.nbins > 1 else pd.DataFrame()
        return cls(crossings=_crossings(sim, names), profiles=_profiles(sim, names), ends=_ends(sim, names),
                   summary=_summary(sim, names), currents=currents, walls=_walls(sim, names),
                   section_profiles=section, bulbs=_bulbs(sim, names), config=cfg)


def _crossings(sim, names) -> pd.DataFrame:
    cfg = sim.config
    series = sim.crossing_series()
    ni, npl, nsp = series.shape[:3]
    interval, plane, species = np.meshgrid(np.arange(ni), np.arange(npl), np.arange(nsp), indexing="ij")
    k = cfg.sampling.interval_steps
    step_start = cfg.sampling.start_step + interval.ravel() * k
    nplus = series[..., 0].ravel()
    nminus = series[..., 1].ravel()
    mass = np.asarray(cfg.masses)[species.ravel()]
    return pd.DataFrame({
        "interval": interval.ravel(),
        "step_start": step_start,
        "time_s": step_start * cfg.dt_s,
        "duration_s": np.full(nplus.size, k * cfg.dt_s),
        "plane": plane.ravel(),
        "z_m": sim.planes[plane.ravel()],
        "species": pd.Categorical(np.array(names)[species.ravel()], categories=names),
        "n_plus": nplus,
        "n_minus": nminus,
        "mass_kg": (nplus - nminus) * mass * sim.weight,
    })


def _moments(P, samples, mass, volume, weight):
    """n, u and T of raw sums P[..., column] over `samples` steps in cells of `volume`."""
    cnt = P[:, COUNT]
    with np.errstate(invalid="ignore", divide="ignore"):
        u = P[:, [SVX, SVY, SVZ]] / cnt[:, None]
        T = mass / (3.0 * K_B) * (P[:, SV2] / cnt - (u ** 2).sum(axis=1))
        n = np.where(samples > 0, cnt * weight / (samples * volume), np.nan)
    return {"count": cnt, "sum_vx": P[:, SVX], "sum_vy": P[:, SVY], "sum_vz": P[:, SVZ], "sum_v2": P[:, SV2],
            "n_m3": n, "vz_m_s": u[:, 2], "T_K": T, "p_Pa": n * K_B * T}


def _profiles(sim, names) -> pd.DataFrame:
    """Per z-cell: the sums of its transverse bins."""
    cfg = sim.config
    nb, nsp = sim.tallies.prof.shape[:2]
    nc = sim.ncells
    prof = sim.tallies.prof.reshape(nb, nsp, nc, sim.nbins, 5).sum(axis=3)
    block, species, cell = np.meshgrid(np.arange(nb), np.arange(nsp), np.arange(nc), indexing="ij")
    samples = sim.tallies.block_steps[block.ravel()]
    m = np.asarray(cfg.masses)[species.ravel()]
    faces = sim.face_crossings().transpose(0, 2, 1)  # (block, species, cell)
    return pd.DataFrame({
        "block": block.ravel(),
        "samples": samples,
        "cell": cell.ravel(),
        "z_m": (cell.ravel() + 0.5) * cfg.tube.dz,
        "species": pd.Categorical(np.array(names)[species.ravel()], categories=names),
        **_moments(prof.reshape(-1, 5), samples, m, cfg.tube.cell_volume, sim.weight),
        "face_net": faces.ravel(),
    })


def _section_profiles(sim, names) -> pd.DataFrame:
    """Per (block, z-cell, transverse bin, species); `r_m` (circle) or `y_m` (slit) is where the
    bin's samples sit on average (section.bin_centres)."""
    cfg = sim.config
    nb, nsp = sim.tallies.prof.shape[:2]
    nc, nbin = sim.ncells, sim.nbins
    block, species, cell, b = np.meshgrid(np.arange(nb), np.arange(nsp), np.arange(nc), np.arange(nbin), indexing="ij")
    samples = sim.tallies.block_steps[block.ravel()]
    m = np.asarray(cfg.masses)[species.ravel()]
    where = bin_centres(sim.geo)[b.ravel()]
    return pd.DataFrame({
        "block": block.ravel(),
        "samples": samples,
        "cell": cell.ravel(),
        "z_m": (cell.ravel() + 0.5) * cfg.tube.dz,
        "bin": b.ravel(),
        ("r_m" if sim.geo.kind == CIRCLE else "y_m"): where,
        "species": pd.Categorical(np.array(names)[species.ravel()], categories=names),
        **_moments(sim.tallies.prof.reshape(-1, 5), samples, m, cfg.tube.cell_volume / nbin, sim.weight),
    })


def _walls(sim, names) -> pd.DataFrame:
    w = sim.tallies.wall.sum(axis=0)
    return pd.DataFrame({"species": names, "hits": w[:, HITS].astype(np.int64),
                         "momentum_to_wall": w[:, W_MOMENTUM] * sim.weight,
                         "energy_to_wall_J": w[:, W_ENERGY] * sim.weight})


def _ends(sim, names) -> pd.DataFrame:
    rows = []
    for e, side in enumerate(("left", "right")):
        for s, name in enumerate(names):
            b = sim.tallies.bnd[:, e, s].sum(axis=0)
            rows.append({"end": side, "species": name, "particles_out": int(b[0]), "particles_in": int(b[1]),
                         "momentum_to_end": b[2] * sim.weight, "energy_to_end_J": b[3] * sim.weight})
    return pd.DataFrame(rows)


def _bulbs(sim, names) -> pd.DataFrame:
    """The bulbs' record: per (record, end, species) the real molecules, n_i, y_i and the
    bulb's total pressure n k T."""
    if not sim.reservoirs.bulbs:
        return pd.DataFrame()
    cfg = sim.config
    rows = []
    for step, count in sim.reservoirs.record():
        for e in sim.reservoirs.bulbs:
            end = (cfg.left, cfg.right)[e]
            total = count[e].sum()
            n = count[e] * sim.weight / end.volume_m3
            for s, name in enumerate(names):
                rows.append((step, step * cfg.dt_s, ("left", "right")[e], name, int(count[e, s]),
                             count[e, s] * sim.weight, n[s], count[e, s] / total if total else np.nan,
                             n.sum() * K_B * end.temperature_K))
    df = pd.DataFrame(rows, columns=["step", "time_s", "end", "species", "particles", "molecules", "n_m3",
                                     "mole_fraction", "p_Pa"])
    df["end"] = pd.Categorical(df["end"], categories=["left", "right"])
    df["species"] = pd.Categorical(df["species"], categories=names)
    return df


def _bin_edges(sim):
    return bin_edges(sim.geo) if sim.nbins > 1 else []


def _species_counts(sim, nsp) -> list:
    out = np.zeros(nsp, dtype=np.int64)
    species_counts(sim.particles.n, sim.particles.sp, out)
    return out.tolist()


def _summary(sim, names) -> Summary:
    cfg, dv = sim.config, sim.derived
    sep = sim.tallies.sep.sum(axis=0)
    ncoll = sim.tallies.ncoll.sum(axis=0)
    mcs = sep[0] / sep[1] if sep[1] else float("nan")
    return Summary(**{
        "name": cfg.name,
        "seed": cfg.seed,
        "species": names,
        "molar_mass_kg_mol": [m * N_AV for m in cfg.masses],
        "diameter_m": list(cfg.diameters),
        # per-pair molecular model (molecules.py): d_ref (m) at t_ref_K, omega, alpha
        "pair_models": {"d_ref_m": cfg.pair_models.d_ref.tolist(), "omega": cfg.pair_models.omega.tolist(),
                        "alpha": cfg.pair_models.alpha.tolist(), "t_ref_K": cfg.pair_models.t_ref},
        # molecules from a potential: each pair's potential, cut-off b_M and the temperatures its table spans
        **({"potentials": cfg.potentials.to_dict()} if cfg.potentials else {}),
        "weight": sim.weight,
        "area_m2": cfg.tube.area_m2,
        "length_m": cfg.tube.length_m,
        "cells": cfg.tube.cells,
        "section": cfg.tube.section,
        "radius_m": cfg.tube.radius_m or None,
        "height_m": cfg.tube.height_m or None,
        "width_m": cfg.tube.width_m or None,
        "bins": sim.nbins,
        "bin_edges_m": [float(v) for v in _bin_edges(sim)],
        "walls": ({"model": cfg.walls.model, "accommodation": cfg.walls.accommodation,
                   "temperature_K": [cfg.walls.temperature_left_K, cfg.walls.temperature_right_K]}
                  if cfg.tube.section != "unbounded" else None),
        "subcells_per_cell": sim.nsub,
        "subcells_z": sim.geo.nsz,
        "subcells_across": sim.geo.nsa,
        "dt_s": cfg.dt_s,
        "steps": sim.step_index,
        "planned_steps": cfg.steps,
        "start_step": cfg.sampling.start_step,
        "sampled_steps": sim.sampled_steps,
        "interval_steps": cfg.sampling.interval_steps,
        "planes_m": list(map(float, sim.planes)),
        "ends": [cfg.left.type, cfg.right.type],
        "reservoir_mole_fractions": [list(e.mole_fractions) if e.type == "reservoir" else None
                                     for e in (cfg.left, cfg.right)],
        "reservoir_number_density_m3": [e.number_density_m3 if e.type == "reservoir" else None
                                        for e in (cfg.left, cfg.right)],
        "temperatures_K": [e.temperature_K or None for e in (cfg.left, cfg.right)],
        "bulb_volume_m3": [e.volume_m3 if e.type == "bulb" else None for e in (cfg.left, cfg.right)],
        "bulb_initial_mole_fractions": [list(e.mole_fractions) if e.type == "bulb" else None
                                        for e in (cfg.left, cfg.right)],
        "bulb_initial_number_density_m3": [e.number_density_m3 if e.type == "bulb" else None
                                           for e in (cfg.left, cfg.right)],
        "interfaces": ([e.to_dict(names) if e.type == "interface" else None for e in (cfg.left, cfg.right)]
                       if "interface" in (cfg.left.type, cfg.right.type) else None),
        "initial_number_density_m3": cfg.initial.number_density_m3,
        "initial_temperature_K": cfg.initial.temperature_K,
        "particles_final": int(sim.particles.n),
        "particles_by_species": _species_counts(sim, len(names)),
        "collisions_sampled": {f"{names[i]}-{names[j]}": int(ncoll[i, j])
                               for i in range(len(names)) for j in range(i, len(names))},
        "collisions_total": int(sim.collisions_total),
        "mean_collision_separation_m": mcs,
        "mcs_over_lambda": mcs / dv.mean_free_path_m,
        "mean_free_path_m": dv.mean_free_path_m,
        "mean_free_path_max_m": dv.mean_free_path_max_m,
        "collision_time_s": dv.collision_time_s,
        "knudsen_length": dv.knudsen_length,
        "dz_over_lambda": dv.dz_over_lambda,
        "dt_over_tau": dv.dt_over_tau,
        "particles_swept_per_step": dv.particles_swept_per_step,
        "wall_time_s": sim.wall_time,
        "particle_steps": sim.particle_steps,
        "particle_steps_per_s": sim.particle_steps / sim.wall_time if sim.wall_time else float("nan"),
        "warnings": list(sim.warnings),
        "reservoir_final_number_density_m3": [float(v) for v in sim.reservoirs.n],
        "reservoir_final_pressure_Pa": [float(v * K_B * t) for v, t in zip(sim.reservoirs.n, sim.reservoirs.T)],
        "reservoir_final_drift_m_s": [float(v) for v in sim.reservoirs.u],
        "reactions": [{"equation": rx.equation, "steric_factor": rx.steric_factor,
                       "activation_energy_J_mol": rx.activation_energy_J_mol,
                       "heat_released_J_mol": rx.heat_released_J_mol, "count": int(sim.collisions.rx_cell[r].sum()),
                       "per_cell": [float(v) for v in sim.collisions.rx_cell[r]]} for r, rx in enumerate(cfg.reactions)],
        "control": {"target": cfg.control.target, "adjust": cfg.control.adjust,
                    "history": [list(h) for h in sim.reservoirs.control_history]},
    })
