"""Quantities derived from a config before any work: gas state, resolution, cost.

`particlesim info` prints them and `Simulation` reports the warnings before its first step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import gases
from . import section as sec
from .config import Config
from .constants import K_B
from .state import BYTES_PER_PARTICLE

# Measured for equal-mass hard spheres (docs/method.md): D comes out low by about
# RECOLLISION_BIAS / S, S = particles a molecule of the slowest species passes in z per step
RECOLLISION_BIAS = 0.2
MIN_SWEPT = 60.0
# the ends' Knudsen layers bias the local D over about this many mean free paths of the species
# with the longest one (argon-helium: the light species' 2.9 lambda_min; docs/method.md)
LAYER_MEAN_FREE_PATHS = 5.0
# ... but at most this share of the tube from each end (short tubes keep their middle half)
LAYER_MAX_SHARE = 0.25
# pairs this soft keep a measured MAXWELL_LENGTH_DEFICIT lambda/L deficit beyond that (Maxwell
# molecules, omega = 1; none within 0.1-0.3% for omega_12 0.67-0.735)
MAXWELL_LIKE = 0.85
MAXWELL_LENGTH_DEFICIT = 0.4
# molecules from a potential: collisions per molecule and step (of the most colliding species)
# above which the last-partner rule biases the unlike pair by more than about 0.3%
# (docs/physics.md, "DSMC with a potential")
POTENTIAL_MAX_PER_STEP = 0.25


@dataclass(frozen=True)
class Derived:
    number_density_m3: float      # reference state: the initial gas, else the densest reservoir
    temperature_K: float
    mole_fractions: tuple         # reference composition: mean of the two ends' compositions
    mean_free_path_m: float       # smallest species mean free path in the reference mixture
    mean_free_path_max_m: float   # longest: the reach of the ends' Knudsen layers scales with it
    collision_time_s: float       # smallest species mean collision time
    knudsen_length: float         # L / lambda
    dz_over_lambda: float
    dt_over_tau: float
    weight: float                 # F_N, molecules per simulated particle
    particles_per_cell: float     # per collision cell (a z-cell's transverse bin)
    particles: float              # expected initial count
    subcells: int                 # sub-cells per collision cell (nsz x nsa)
    bins: int                     # transverse bins per z-cell (rings, bands; 1 unbounded)
    subcells_z: int               # sub-cells along z per collision cell
    subcells_across: int          # across: squares per side (unbounded), strips, sectors
    section_over_lambda: float    # W, 2R or H over lambda
    bin_over_lambda: float        # width of the outermost transverse bin over lambda
    expected_mcs_over_lambda: float
    particles_swept_per_step: float  # S: particles per dz times the slowest mean speed times dt
    recollision_bias: float       # expected relative deficit of D from S (RECOLLISION_BIAS / S)
    memory_bytes: float
    particle_steps: float


def _open(cfg: Config) -> bool:
    """A tube with an end that holds its gas at a given state: a reservoir or an interface."""
    return bool({"reservoir", "interface"} & {cfg.left.type, cfg.right.type})


def reference_state(cfg: Config):
    """(n, T, y) of the gas the resolution is judged against."""
    ends = [e for e in (cfg.left, cfg.right) if e.type in ("reservoir", "bulb", "interface")]
    if cfg.initial.composition != "vacuum":
        n, T = cfg.initial.number_density_m3, cfg.initial.temperature_K
    else:
        e = max(ends, key=lambda e: e.number_density_m3)
        n, T = e.number_density_m3, e.temperature_K
    gas = [e for e in ends if e.number_density_m3 > 0]
    if cfg.initial.composition == "vacuum" and gas:
        y = np.mean([e.mole_fractions for e in gas], axis=0)
    else:
        y = 0.5 * (np.array(cfg.initial.mole_fractions_left) + np.array(cfg.initial.mole_fractions_right))
    return n, T, tuple(float(v) for v in y)


def derive(cfg: Config) -> Derived:
    n, T, y = reference_state(cfg)
    m, d = np.array(cfg.masses), cfg.pair_models.diameters_at(T)  # effective pair diameters (molecules.py)
    ni = n * np.array(y)
    present = ni > 0
    lams = gases.mean_free_paths(ni, m, d)[present]
    lam = lams.min()
    tau = gases.mean_collision_times(ni, m, d, T)[present].min()
    tube = cfg.tube
    bins = tube.bins or sec.default_bins(tube.section, tube.radius_m, tube.height_m, lam)
    vc = tube.cell_volume / bins  # collision cell
    weight = cfg.weight if cfg.weight > 0 else n * vc / cfg.particles_per_cell
    ppc = n * vc / weight
    # about 10 particles per sub-cell: fewer bias the pair statistics, where partners that
    # just collided stay side by side (docs/method.md)
    across = sec.transverse_size(tube.section, tube.area_m2, tube.radius_m, tube.height_m)
    if tube.section == "circle":
        cross, across_bin, outer = math.pi * tube.radius_m * math.sqrt(2.0), tube.radius_m / bins, \
            tube.radius_m * (1.0 - math.sqrt(1.0 - 1.0 / bins))
    elif tube.section == "slit":
        cross, across_bin, outer = tube.width_m, tube.height_m / bins, tube.height_m / bins
    else:
        cross = across_bin = outer = across
    nsz, nsa = sec.subcell_layout(tube.section, ppc, tube.dz, cross, across_bin, lam,
                                  nsz=cfg.collisions.subcells, nsa=cfg.collisions.transverse_subcells)
    sub = nsz * (nsa * nsa if tube.section == "unbounded" else nsa)
    particles = ppc * tube.cells * bins
    # a random partner in the sub-cell of length dz / nsz is on average dz / (3 nsz) away along z
    mcs = tube.dz / (3.0 * nsz) / lam
    # how many particles the slowest species' molecules pass along z in one step: when few,
    # pairs that collided are still side by side in z after their next collisions, and meet
    # again, which a 3D gas does not allow (a 1D-position artifact; docs/method.md)
    slowest = gases.mean_speed(m[present], T).min()
    swept = ppc * slowest * cfg.dt_s / tube.dz
    return Derived(
        number_density_m3=n, temperature_K=T, mole_fractions=y,
        mean_free_path_m=lam, mean_free_path_max_m=float(lams.max()), collision_time_s=tau,
        knudsen_length=cfg.tube.length_m / lam,
        dz_over_lambda=cfg.tube.dz / lam, dt_over_tau=cfg.dt_s / tau,
        weight=weight, particles_per_cell=ppc, particles=particles, subcells=sub, bins=bins,
        subcells_z=nsz, subcells_across=nsa, section_over_lambda=across / lam, bin_over_lambda=outer / lam,
        expected_mcs_over_lambda=mcs, particles_swept_per_step=swept,
        # nearest neighbours in a section about lambda wide remove the deficit (docs/method.md)
        recollision_bias=(RECOLLISION_BIAS / swept if swept > 0 and not (cfg.collisions.partners == "nearest"
                                                                       and across / lam <= 2.0) else 0.0),
        memory_bytes=BYTES_PER_PARTICLE * max(particles, 1.0) * 1.02,
        particle_steps=particles * cfg.steps,
    )


def potential_collisions_per_step(dv: Derived, cfg: Config) -> float:
    """The most collisions per molecule and step of any species with sigma_T = pi b_M^2 (0 without
    a potential): sum_j n_j sigma_T,ij <g_ij> dt."""
    if cfg.potentials is None or not cfg.collisions.enabled:
        return 0.0
    m = np.array(cfg.masses)
    mr = m[:, None] * m[None, :] / (m[:, None] + m[None, :])
    g = np.sqrt(8.0 * K_B * dv.temperature_K / (math.pi * mr))
    nu = (cfg.potentials.sigma_t_m2() * g) @ (dv.number_density_m3 * np.array(dv.mole_fractions))
    return float(nu.max() * cfg.dt_s)


def warnings_for(dv: Derived, cfg: Config) -> list[str]:
    """Resolution that would bias transport coefficients (errors grow as the squares)."""
    out = []
    if cfg.collisions.enabled and dv.dz_over_lambda > 0.5:
        out.append(f"tube.cells: dz/lambda = {dv.dz_over_lambda:.2f} > 0.5; cells this coarse bias "
                   f"transport by about (dz/lambda)^2/15 (use cells >= {int(np.ceil(2 * dv.knudsen_length))})")
    if cfg.collisions.enabled and dv.dt_over_tau > 0.5:
        out.append(f"time.dt_s: dt/tau = {dv.dt_over_tau:.2f} > 0.5; time step this coarse biases "
                   f"transport (use dt_s <= {0.25 * dv.collision_time_s:.3g})")
    reach = LAYER_MEAN_FREE_PATHS * dv.mean_free_path_max_m
    if cfg.collisions.enabled and _open(cfg) and reach > LAYER_MAX_SHARE * cfg.tube.length_m:
        out.append(f"tube.length_m: the ends' Knudsen layers reach about {reach:.3g} m ({LAYER_MEAN_FREE_PATHS:g} "
                   f"mean free paths of the species with the longest, {dv.mean_free_path_max_m:.3g} m) and bias "
                   f"the local D low there; this tube leaves no interior of half its length beyond them, so D is "
                   f"measured over its middle half, partly inside them "
                   f"(use length_m >= {reach / LAYER_MAX_SHARE:.3g})")
    if cfg.collisions.enabled and not cfg.pair_models.hard_spheres and len(cfg.species) > 1 \
            and _open(cfg) and cfg.pair_models.omega[0, 1] > MAXWELL_LIKE:
        w = float(cfg.pair_models.omega[0, 1])
        out.append(f"species: omega_12 = {w:g}: the free path of such molecules grows about in proportion to speed, "
                   f"and the ends' Knudsen layers reach the interior: D about "
                   f"{100 * MAXWELL_LENGTH_DEFICIT / dv.knudsen_length:.2f}% low here ({MAXWELL_LENGTH_DEFICIT:g} "
                   f"lambda/L, measured for Maxwell molecules, omega = 1; docs/method.md, 'Real-gas "
                   "molecules'); use a longer tube or two lengths and extrapolate in 1/L")
    per_step = potential_collisions_per_step(dv, cfg)
    if per_step > POTENTIAL_MAX_PER_STEP:
        out.append(f"time.dt_s: molecules from a potential collide (sigma_T = pi b_M^2) {per_step:.2f} times per step; "
                   f"above {POTENTIAL_MAX_PER_STEP:g} the rule against meeting the last partner again starves the unlike "
                   f"pair and D comes out high (1% at 0.4; docs/physics.md, 'DSMC with a potential'); use dt_s <= "
                   f"{cfg.dt_s * 0.1 / per_step:.3g}")
    if cfg.collisions.enabled and 0 < dv.particles_per_cell < 5:
        out.append(f"particles: {dv.particles_per_cell:.1f} particles per cell < 5; "
                   "NTC collision rates and sub-cell selection degrade")
    nearest_helps = cfg.collisions.partners == "nearest" and dv.section_over_lambda <= 2.0
    if cfg.collisions.enabled and 0 < dv.particles_swept_per_step < MIN_SWEPT and not nearest_helps:
        need = MIN_SWEPT / dv.particles_swept_per_step * dv.particles_per_cell
        out.append(f"particles: a molecule passes only {dv.particles_swept_per_step:.0f} particles along z per step "
                   f"(< {MIN_SWEPT:.0f}); partners meet again after their next collisions and D comes out low by "
                   + (f"about {100 * dv.recollision_bias:.1f}%" if dv.recollision_bias < 0.1
                      else "10% or more (the estimate holds only for small deficits)")
                   + f" (use per_cell >= {need:.0f})")
    if cfg.collisions.enabled and cfg.collisions.partners == "nearest" and dv.section_over_lambda > 2.0:
        out.append(f"collisions.partners: nearest neighbours in 3D stop partners meeting again only where the "
                   f"simulated gas is dense in 3D; this section is {dv.section_over_lambda:.3g} mean free paths "
                   f"across, so the nearest are far apart across it and D stays low by about "
                   f"{100 * dv.recollision_bias:.1f}% (for unbounded, set tube.area_m2 near lambda^2 = "
                   f"{dv.mean_free_path_m ** 2:.3g} m^2)")
    if cfg.collisions.enabled and cfg.collisions.partners == "nearest" and (
            len(set(cfg.masses)) > 1 or len(set(cfg.diameters)) > 1):
        out.append("collisions.partners: nearest neighbours bias the pair statistics of unlike molecules (argon-helium: "
                   "A-A collisions 1.5% too many, A-B 2.1% too few at 100 per cell; docs/method.md); use them for one "
                   "gas or equal-mass labels, and random partners with more particles per cell for mixtures")
    if cfg.collisions.enabled and cfg.tube.section != "unbounded" and dv.bin_over_lambda > 0.5:
        out.append(f"tube.bins: the bin next to the wall is {dv.bin_over_lambda:.2f} mean free paths wide (> 0.5); "
                   f"the wall's Knudsen layer is not resolved across (raise tube.bins above {dv.bins})")
    relax = relaxation_time(cfg, dv)
    window = (cfg.steps - cfg.sampling.start_step) * cfg.dt_s
    if relax and window < 20 * relax:
        out.append(f"sampling: the sampled window ({window:.3g} s) holds only {window / relax:.1f} of the tube's "
                   f"slowest relaxation times L^2/(pi^2 D) = {relax:.3g} s (D estimated from theory); error bars "
                   f"need about 20 (use time.steps >= {cfg.sampling.start_step + int(np.ceil(20 * relax / cfg.dt_s))})")
    if dv.particles > 5e7:
        out.append(f"particles: {dv.particles:.3g} particles expected; memory about {dv.memory_bytes / 2**30:.1f} GiB")
    return out


def relaxation_time(cfg: Config, dv: Derived) -> float | None:
    """The slowest diffusive relaxation time L^2/(pi^2 D) of a tube between reservoirs or walls,
    D from hard-sphere theory (first Chapman-Enskog approximation for the first two species, or
    self-diffusion of one), in series with Knudsen diffusion across a circular bore
    (Bosanquet). None for tubes without a reservoir end and collisionless unbounded ones."""
    if not _open(cfg):
        return None  # periodic: nothing relaxes; closed: the run samples the decay itself
    m = np.array(cfg.masses)
    ia, ib = (0, 1) if len(m) > 1 else (0, 0)
    mu = m[ia] * m[ib] / (m[ia] + m[ib])
    T, n = dv.temperature_K, dv.number_density_m3
    pm = cfg.pair_models
    dab = pm.diameters_at(T)[ia, ib]
    inv = 0.0
    if cfg.collisions.enabled and n > 0:
        inv += 8.0 * n * dab * dab / 3.0 / math.sqrt(K_B * T / (2.0 * math.pi * mu)) / pm.ce1_factor()[ia, ib]
    if cfg.tube.section == "circle":
        inv += 1.0 / (2.0 / 3.0 * cfg.tube.radius_m * gases.mean_speed(m, T).min())
    if inv <= 0:
        return None
    return cfg.tube.length_m ** 2 / (math.pi ** 2) * inv


def available_memory() -> float | None:
    """Bytes of memory available to a new allocation (Linux MemAvailable), if known."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def errors_for(dv: Derived, cfg: Config) -> list[tuple[str, str]]:
    """(field, message) for settings whose results would be meaningless; reported before any
    work. Resolution errors can be overridden (--allow-coarse), memory errors cannot."""
    out = []
    if cfg.collisions.enabled and dv.dz_over_lambda > 2.0:
        out.append(("tube.cells", f"{cfg.tube.cells} gives dz/lambda = {dv.dz_over_lambda:.2f} > 2: collisions would "
                    f"mix gas from several mean free paths apart; use cells >= {int(np.ceil(2 * dv.knudsen_length))} "
                    "(or --allow-coarse)"))
    if cfg.collisions.enabled and dv.dt_over_tau > 2.0:
        out.append(("time.dt_s", f"{cfg.dt_s:g} s gives dt/tau = {dv.dt_over_tau:.2f} > 2: molecules would fly several "
                    f"mean free paths between collisions; use dt_s <= {0.25 * dv.collision_time_s:.3g} "
                    "(or --allow-coarse)"))
    if cfg.collisions.enabled and dv.particles_per_cell < 1.0:
        out.append(("particles", f"{dv.particles_per_cell:.2g} particles per cell < 1: no collisions possible "
                    "(or --allow-coarse)"))
    for side in ("left", "right"):
        end = getattr(cfg, side)
        if end.type == "reservoir" and end.number_density_m3 > 0:  # 0: a vacuum
            ppc = end.number_density_m3 * cfg.tube.cell_volume / dv.bins / dv.weight
            if ppc < 1.0:
                out.append((f"ends.{side}.number_density_m3", f"the reservoir fills the cell next to it with "
                            f"{ppc:.2g} particles < 1 at weight {dv.weight:.3g}; lower particles.weight "
                            "(or --allow-coarse)"))
    return out


def memory_error(dv: Derived) -> str | None:
    avail = available_memory()
    if avail is not None and dv.memory_bytes > 0.8 * avail:
        return (f"about {dv.memory_bytes / 2**30:.1f} GiB needed for {dv.particles:.3g} particles, more than 80% of "
                f"the {avail / 2**30:.1f} GiB available; use fewer particles per cell or a larger weight")
    return None
