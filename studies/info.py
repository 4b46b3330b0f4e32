"""`particlesim info`: a config's derived quantities, resolution checks and expected cost, with
no run; and the step rate of the last timed run on this machine, kept for that estimate."""
from __future__ import annotations

import json
import math
from pathlib import Path

from particlesim.constants import K_B, N_AV
from particlesim.gases import effusion_flux
from particlesim.numba_config import CACHE_ROOT, get_num_threads
from particlesim.resolution import LAYER_MEAN_FREE_PATHS, derive, errors_for, memory_error, warnings_for

RATE_FILE = "measured_rate.json"


def remember_rate(rate, particle_steps):
    """Keep the step rate of the last run of any size worth timing, for `info`'s cost estimate."""
    if not (rate and rate == rate and particle_steps > 1e7 and CACHE_ROOT):
        return
    try:
        (Path(CACHE_ROOT) / RATE_FILE).write_text(json.dumps({"particle_steps_per_s": rate,
                                                             "threads": get_num_threads()}))
    except OSError:
        pass


def _measured_rate():
    try:
        return json.loads((Path(CACHE_ROOT) / RATE_FILE).read_text())
    except (OSError, ValueError, TypeError):
        return None


def _cost_text(dv) -> str:
    rate = _measured_rate()
    if rate:
        return (f"{dv.particle_steps:.3g} particle-steps (about {dv.particle_steps / rate['particle_steps_per_s']:.0f} s "
                f"at the {rate['particle_steps_per_s'] / 1e6:.0f} M/s of the last run on this machine, "
                f"{rate['threads']} threads)")
    return f"{dv.particle_steps:.3g} particle-steps (no run measured on this machine yet; 30-90 M/s is typical)"


def _species_text(s) -> str:
    if s.model == "lennard_jones":
        return f"{s.name} ({s.molar_mass_g_mol:g} g/mol, Lennard-Jones sigma = {s.sigma_m:.4g} m, epsilon/k = {s.epsilon_K:g} K)"
    if s.model == "tang_toennies":
        return f"{s.name} ({s.molar_mass_g_mol:g} g/mol, Tang-Toennies potential of {s.preset})"
    if s.model == "hard_sphere":
        return f"{s.name} ({s.molar_mass_g_mol:g} g/mol, hard sphere d = {s.diameter_m:.4g} m)"
    return (f"{s.name} ({s.molar_mass_g_mol:g} g/mol, {s.model.upper()} d_ref = {s.diameter_m:.4g} m at "
            f"{s.t_ref_K:g} K, omega = {s.omega:g}" + (f", alpha = {s.alpha:g})" if s.model == "vss" else ")"))


def _potential_text(cfg) -> str:
    """Per pair: its potential, the cut-off b_M and sigma_T = pi b_M^2 (potentials/table.py)."""
    pot, names = cfg.potentials, cfg.species_names
    b = pot.b_max_m()
    out = []
    for i in range(len(names)):
        for j in range(i, len(names)):
            p = pot.pairs[i][j]
            out.append(f"{names[i]}-{names[j]}: {p.kind.replace('_', '-')} sigma = {p.sigma_m:.4g} m, epsilon/k = "
                       f"{p.epsilon_K:.4g} K; b_M = {b[i, j]:.4g} m ({b[i, j] / p.sigma_m:.3f} sigma), sigma_T = "
                       f"{math.pi * b[i, j] ** 2:.4g} m^2")
    return "; ".join(out) + f" (b_M leaves < 1e-4 of Omega^(1,1), Omega^(2,2) at {pot.T_lo:g}-{pot.T_hi:g} K)"


def _pair_text(cfg, p) -> str:
    if p.potential_table:
        r = p.potential_table[0]
        return (f"{p.species[0]}-{p.species[1]}: tabulated V(r), {len(r)} points from r = {r[0]:.4g} to {r[-1]:.4g} m "
                "(given; replaces the pair's rule or published potential)")
    if cfg.potentials is not None:
        return f"{p.species[0]}-{p.species[1]}: Lennard-Jones " + ", ".join(
            f"{k} = {v:.5g}" for k, v in (("sigma_m", p.sigma_m), ("epsilon_K", p.epsilon_K)) if v is not None) \
            + " (given; the Lorentz-Berthelot rule is overridden)"
    pm = cfg.pair_models
    i, j = (cfg.species_names.index(x) for x in p.species)
    return f"{p.species[0]}-{p.species[1]}: d_ref = {pm.d_ref[i, j]:.5g} m, omega = {pm.omega[i, j]:g}, " \
           f"alpha = {pm.alpha[i, j]:g} (given; the mixing rule is overridden)"


def _bulbs_text(cfg, dv) -> str:
    tube = cfg.tube.area_m2 * cfg.tube.length_m
    return "; ".join(f"{side}: V = {e.volume_m3:.4g} m^3 ({e.volume_m3 / tube:.3g} tube volumes), "
                     f"{e.number_density_m3 * e.volume_m3 / dv.weight:.3g} simulated molecules"
                     for side, e in (("left", cfg.left), ("right", cfg.right)) if e.type == "bulb")


def _interfaces_text(cfg) -> str:
    """Each interface: its condensed phase and what it emits, and the species it holds back."""
    out = []
    for side, e in (("left", cfg.left), ("right", cfg.right)):
        if e.type != "interface":
            continue
        T = e.temperature_K
        held = [f"{n} (p_sat = {e.saturation_m3[i] * K_B * T:.4g} Pa, alpha_e = {e.evaporation[i]:g}, "
                f"alpha_c = {e.condensation[i]:g}; emits "
                f"{float(effusion_flux(e.saturation_m3[i] * e.evaporation[i], m, T)) / N_AV:.4g} mol m^-2 s^-1)"
                for i, (n, m) in enumerate(zip(cfg.species_names, cfg.masses)) if e.condensed[i]]
        back = [n for i, n in enumerate(cfg.species_names) if not e.condensed[i]]
        out.append(f"{side} at {e.temperature_K:g} K: {', '.join(held)}"
                   + (f"; reflects {', '.join(back)} diffusely" if back else ""))
    return "; ".join(out)


def _section_text(cfg, dv) -> str:
    t = cfg.tube
    if t.section == "unbounded":
        return f"unbounded (periodic {dv.section_over_lambda:.3g} lambda square), one collision cell per z-cell"
    size = f"R = {t.radius_m:.4g} m" if t.section == "circle" else f"H = {t.height_m:.4g} m, W = {t.width_m:.4g} m"
    bins = "rings of equal area" if t.section == "circle" else "bands"
    w = cfg.walls
    wall = w.model + (f" (accommodation {w.accommodation:g})" if w.model == "maxwell" else "")
    if w.model != "specular":
        wall += (f" at {w.temperature_left_K:g} K" if w.temperature_left_K == w.temperature_right_K
                 else f" at {w.temperature_left_K:g} to {w.temperature_right_K:g} K along z")
    return (f"{t.section}, {size} ({dv.section_over_lambda:.3g} lambda across), {dv.bins} {bins} "
            f"(the one at the wall {dv.bin_over_lambda:.2g} lambda wide), {wall} walls")


def _across_text(cfg, dv) -> str:
    n = dv.subcells_across
    return {"unbounded": f"{n} x {n}", "circle": f"{n} sectors", "slit": f"{n} strips"}[cfg.tube.section]


def info_lines(cfg) -> list[str]:
    """What `particlesim info` prints: derived quantities, resolution checks and what the run
    will cost, then what would be refused and why, and the warnings."""
    dv = derive(cfg)
    rows = [
        ("species", ", ".join(_species_text(s) for s in cfg.species)),
        *([("pairs", "; ".join(_pair_text(cfg, p) for p in cfg.pairs))] if cfg.pairs else []),
        *([("pair potentials", _potential_text(cfg))] if cfg.potentials is not None else []),
        ("reference n", f"{dv.number_density_m3:.4g} m^-3 at {dv.temperature_K:g} K"),
        ("reference mole fractions", ", ".join(f"{n}={y:.3g}" for n, y in zip(cfg.species_names, dv.mole_fractions))),
        ("mean free path lambda", f"{dv.mean_free_path_m:.4g} m (smallest species value)"),
        *([("longest species mean free path", f"{dv.mean_free_path_max_m:.4g} m (D is measured from "
            f"{LAYER_MEAN_FREE_PATHS:g} of these inside the ends: their Knudsen layers)")]
          if dv.mean_free_path_max_m > 1.001 * dv.mean_free_path_m else []),
        ("mean collision time tau", f"{dv.collision_time_s:.4g} s"),
        ("tube length L/lambda", f"{dv.knudsen_length:.4g}"),
        ("cell size dz/lambda", f"{dv.dz_over_lambda:.3g}"),
        ("time step dt/tau", f"{dv.dt_over_tau:.3g}"),
        ("weight F_N", f"{dv.weight:.4g} molecules per particle"),
        ("section", _section_text(cfg, dv)),
        *([("bulbs", _bulbs_text(cfg, dv))] if "bulb" in (cfg.left.type, cfg.right.type) else []),
        *([("interfaces", _interfaces_text(cfg))] if "interface" in (cfg.left.type, cfg.right.type) else []),
        ("particles", f"{dv.particles:.4g} ({dv.particles_per_cell:.3g} per collision cell, {dv.subcells} sub-cells each: "
                      f"{dv.subcells_z} along z x {_across_text(cfg, dv)} across)"),
        ("expected MCS/lambda", f"{dv.expected_mcs_over_lambda:.3g}"),
        ("particles passed per step", f"{dv.particles_swept_per_step:.3g} (slowest species; D low by about "
                                      f"{100 * dv.recollision_bias:.2g}%)"),
        ("memory estimate", f"{dv.memory_bytes / 2**20:.1f} MiB"),
        ("cost", _cost_text(dv)),
    ]
    w = max(len(k) for k, _ in rows)
    out = [f"{cfg.name}: {cfg.steps} steps of {cfg.dt_s:g} s"] + [f"  {k:<{w}}  {v}" for k, v in rows]
    out += [f"will be refused: {field}: {msg}" for field, msg in errors_for(dv, cfg)]
    if (msg := memory_error(dv)) is not None:
        out.append(f"will be refused: particles: {msg}")
    return out + [f"warning: {msg}" for msg in warnings_for(dv, cfg)]
