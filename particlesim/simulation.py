"""Simulation: set-up, the DSMC time loop, and results as pandas tables."""
from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from . import section as sec
from .collision_state import CollisionState
from .config import Config, ConfigError
from .constants import K_B, N_AV
from .kernels import collide as _collide
from .kernels import ends as _ends
from .kernels import move as _move
from .kernels import probes as _probes
from .kernels import sort as _sort
from .kernels.move import Ends
from .kernels.probes import plane_lookup, species_counts
from .kernels.rng import seed_streams
from .kernels.walls import Walls
from .numba_config import CHUNKS, get_num_threads
from .reservoirs import Reservoirs
from .resolution import derive, errors_for, memory_error, warnings_for
from .results import Results
from .state import Particles
from .tallies import Tallies

MAX_GROWTH = 10.0  # a run stops if it holds this many times the expected particle count


class RunStopped(RuntimeError):
    """A runtime guard ended the run; the message says why."""


END_CODES = {"reservoir": _move.RESERVOIR, "bulb": _move.RESERVOIR, "specular": _move.SPECULAR,
             "diffuse": _move.DIFFUSE, "periodic": _move.PERIODIC}


def end_behaviour(cfg: Config) -> Ends:
    """What each end does to each species: an interface takes the species of its condensed phase
    (with probability alpha_c) and reflects the others diffusely; every other end treats all alike."""
    nsp = len(cfg.species)
    kind, absorb = np.zeros((2, nsp), dtype=np.int64), np.ones((2, nsp))
    for e, end in enumerate((cfg.left, cfg.right)):
        if end.type == "interface":
            kind[e] = np.where(end.condensed, _move.RESERVOIR, _move.DIFFUSE)
            absorb[e] = end.condensation
        else:
            kind[e] = END_CODES[end.type]
    return Ends(kind, np.array([cfg.left.temperature_K, cfg.right.temperature_K]), absorb)


class Simulation:
    """A DSMC run of one config.

    One step, in order (Bird 1994, sec. 11.1)::

        move      free flight for dt; ends absorb, reflect or wrap; probe planes tally crossings
        inject    reservoirs add molecules at entry times spread over the step
        sort      counting sort by sub-cell (drops absorbed particles)
        collide   NTC collisions per cell, partners from the same sub-cell
        sample    cell profiles, after sampling.start_step

    Crossings are grouped into intervals of sampling.interval_steps steps; profiles into
    sampling.profile_blocks blocks, so the analysis can estimate errors by blocking.
    """

    # the run's own counters (the owners below keep the rest of the state)
    COUNTERS = ("step_index", "collisions_total", "particle_steps", "wall_time")

    def __init__(self, config: Config, allow_coarse: bool = False):
        """Set up the particles and tallies. Resolution that would make the results
        meaningless raises ConfigError before any allocation, unless allow_coarse."""
        self.config = cfg = config
        self.derived = dv = derive(cfg)
        self.warnings = warnings_for(dv, cfg)
        problems = [] if allow_coarse else errors_for(dv, cfg)
        if problems:
            raise ConfigError(*problems[0])
        if (msg := memory_error(dv)) is not None:
            raise ConfigError("particles", msg)
        self.mass, self.weight = np.array(cfg.masses), dv.weight
        self._geometry(cfg, dv)
        # one random stream per work chunk of the parallel kernels, and one for the ends
        self.rngs = seed_streams(cfg.seed, CHUNKS + 1)
        self.cchunks = min(CHUNKS, self.ncc)  # collision chunks (of collision cells)
        self.reservoirs = Reservoirs(cfg, self.mass, self.weight)
        self.tallies = Tallies(cfg, self.planes.size, self.ncells, self.ncc, self.cchunks)
        self.collisions = CollisionState(cfg, self.mass, self.weight, self.ncc, self.nbins, self.cchunks)
        self.tallies.link(self._face_populations, self.collisions.rx_faces)
        self.step_index, self.collisions_total, self.particle_steps, self.wall_time = 0, 0, 0.0, 0.0
        self.controlled = cfg.control.target != "none"
        self._empty_checks = [0, 0]
        self.reservoir_ppc = [e.number_density_m3 * cfg.tube.cell_volume / self.weight if e.type == "reservoir"
                              else 0.0 for e in (cfg.left, cfg.right)]
        inflow = self.reservoirs.inflow.sum()
        self.max_particles = int(MAX_GROWTH * max(dv.particles, 100.0 * (1.0 + inflow)))
        # 2% slack over the expected count (plus five standard deviations and twenty steps of
        # inflow): growth beyond it reallocates by 25%
        self.particles = Particles(int(1.02 * dv.particles + 5 * np.sqrt(dv.particles) + 20 * inflow + 64))
        self._initialise()
        self._bind_kernel_arguments()
        _sort.compute_keys(self.particles.arrays, self.particles.n, self.particles.key, self.geo)
        self._sort()

    def _bind_kernel_arguments(self):
        """The kernels' arguments that stay the same objects all run long (the owners restore
        their arrays in place, as the kernels' views require), bound once instead of sliced and
        looked up at every step: the Python between two kernels runs on caches the kernels have
        just filled with particles (at 1e5 it took 42 us a step, 34-37 us with this)."""
        t, res, c = self.tallies, self.reservoirs, self.collisions
        common = (self.config.dt_s, self.mass, self.geo, self.walls, self.ends, self.probe)
        self._move_args = common + (t.cross[:CHUNKS], t.bnd[:CHUNKS], t.wall[:CHUNKS])
        self._move_rngs, self._inject_rng = self.rngs[:CHUNKS], self.rngs[CHUNKS]
        self._inject_args = (res.T, res.drift) + common + (t.cross[CHUNKS], t.bnd[CHUNKS], t.wall[CHUNKS])
        self._collide_args = (self.geo, c.model, c.sgmax, c.remainder)
        self._collide_tallies = ((t.ncoll_warmup, t.sep_warmup), (t.ncoll, t.sep))
        self._collide_rngs = self.rngs[:self.cchunks]
        self._profile_blocks = list(t.prof)  # a view of each block

    def _geometry(self, cfg: Config, dv):
        """Cells, sub-cells, walls, ends and probe planes as the kernels take them."""
        tube = cfg.tube
        self.ncells, self.nbins = tube.cells, dv.bins
        self.geo = sec.geometry(tube.section, tube.length_m, tube.cells, tube.area_m2, tube.radius_m, tube.height_m,
                                tube.width_m, dv.bins, dv.subcells_z, dv.subcells_across)
        self.ncc = self.ncells * self.nbins  # collision cells
        self.nsub = self.geo.nsz * self.geo.nsa  # sub-cells per collision cell
        self.walls = Walls(cfg.walls.accommodation, cfg.walls.temperature_left_K, cfg.walls.temperature_right_K)
        self.planes = np.array(cfg.sampling.planes_m, dtype=float)
        self.probe = plane_lookup(self.planes, tube.dz, self.ncells, self.geo)
        self.ends = end_behaviour(cfg)
        self.start = np.zeros(self.ncc * self.nsub + 1, dtype=np.int64)
        # sort workspace: one histogram per thread (the sorted order does not depend on it)
        self.sort_counts = np.zeros((max(1, get_num_threads()), self.ncc * self.nsub), dtype=np.int32)

    @property
    def sampled_steps(self) -> int:
        return self.tallies.sampled_steps

    # ------------------------------------------------------------------ set-up
    def _initialise(self):
        """Maxwellian particles at the initial T with the configured composition profile."""
        cfg, p = self.config, self.particles
        ini = cfg.initial
        if ini.composition == "vacuum":
            return
        zc = (np.arange(self.ncells) + 0.5) * cfg.tube.dz
        yl, yr = np.array(ini.mole_fractions_left), np.array(ini.mole_fractions_right)
        if ini.composition == "step":
            y = np.where((zc < 0.5 * cfg.tube.length_m)[:, None], yl, yr)
        else:  # uniform (yl == yr) or linear
            f = (zc / cfg.tube.length_m)[:, None]
            y = (1.0 - f) * yl + f * yr
        mean = ini.number_density_m3 * cfg.tube.cell_volume / self.weight * y
        # numpy's generator seeded from the run seed: the initial state is reproducible too
        gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence([cfg.seed, 1])))
        counts = np.floor(mean + gen.random(mean.shape)).astype(np.int64)
        p.ensure(int(counts.sum()))
        # fill in chunks of cells, so start-up needs no large temporaries
        nsp = counts.shape[1]
        chunk = max(1, int(2**18 // max(counts.sum(axis=1).mean(), 1.0)))
        for c0 in range(0, self.ncells, chunk):
            cnt = counts[c0:c0 + chunk]
            k = int(cnt.sum())
            cell = np.repeat(np.repeat(np.arange(c0, c0 + cnt.shape[0]), nsp), cnt.ravel())
            species = np.repeat(np.tile(np.arange(nsp), cnt.shape[0]), cnt.ravel())
            sl = slice(p.n, p.n + k)
            p.z[sl] = (cell + gen.random(k)) * cfg.tube.dz
            p.x[sl], p.y[sl] = sec.uniform_positions(self.geo, k, gen)
            a = np.sqrt(K_B * ini.temperature_K / self.mass[species])
            p.vx[sl] = a * gen.standard_normal(k)
            p.vy[sl] = a * gen.standard_normal(k)
            p.vz[sl] = a * gen.standard_normal(k)
            p.sp[sl] = species
            p.n += k

    def _control(self):
        """Feedback before sampling (config.control): after each window of every_steps steps,
        the reservoirs adjust to the molar fluxes measured over the window, averaged over the planes."""
        cfg, t = self.config, self.tallies
        net = t.plane_net()
        t.cross[:] = 0
        window = cfg.control.every_steps * cfg.dt_s
        N_i = (net[..., 0] - net[..., 1]).mean(axis=0) * self.weight / (cfg.tube.area_m2 * window * N_AV)
        self.reservoirs.control(self.step_index, N_i)

    def _freeze_control(self):
        self.reservoirs.freeze_control()
        self.tallies.bnd[:] = 0  # end tallies of the feedback phase are not part of the sample

    # ------------------------------------------------------------------ the loop
    def step(self):
        """Advance one time step."""
        sampling = self.step_index >= self.config.sampling.start_step
        tally = sampling or self.controlled  # the feedback measures the flux before sampling
        if self.step_index == self.config.sampling.start_step:
            self.tallies.cross[:] = 0  # sampling starts from clean tallies
            self.tallies.start_faces()
        self._move(tally)
        self._inject(tally)
        self._absorb_into_bulbs()
        self._sort()
        self._collide(sampling)
        if sampling:
            self._end_sample()
        self.step_index += 1
        self.particle_steps += self.particles.n
        self._after_step()

    def _face_populations(self) -> np.ndarray:
        p = self.particles
        out = np.empty_like(self.tallies.face_base)
        _probes.face_populations(p.n, p.z, p.sp, self.probe.inv_h, out)
        return out

    def _move(self, tally: bool):
        p = self.particles
        _move.move(p.arrays, p.n, p.key, p.order, *self._move_args, tally, self._move_rngs)

    def _inject(self, tally: bool):
        res = self.reservoirs
        res.bulb_inflow()
        if not res.inflow.any():
            return
        p, rng = self.particles, self._inject_rng
        counts = _ends.draw_counts(res.inflow, rng)
        res.take_from_bulbs(counts)
        p.ensure(int(counts.sum()))
        p.n = _ends.inject(p.arrays, p.n, p.key, counts, *self._inject_args, tally, rng)

    def _absorb_into_bulbs(self):
        """Molecules that left the tube through a bulb's end join its inventory (the EXITS
        column counts them at every step); the record is kept every sampling interval."""
        if not self.reservoirs.bulbs:  # reservoirs' exit counts are never read: no per-step work for them
            return
        exits = self.tallies.bnd[:, :, :, _move.EXITS]
        step = self.step_index + 1
        self.reservoirs.absorb(exits.sum(axis=0), step, step % self.config.sampling.interval_steps == 0)
        exits[...] = 0.0

    def _sort(self):
        p = self.particles
        p.n = _sort.order_by_subcell(p.n, p.key, p.order, self.start, self.sort_counts)
        _sort.gather(p.n, p.order, p.x, p.y, p.z, p.vx, p.vy, p.vz, p.f_spare, p.sp, p.sp_spare, p.tag, p.tag_spare)
        p.rotate()

    def _collide(self, sampling: bool):
        self.block = self.tallies.block() if sampling else 0
        ncoll, sep = self._collide_tallies[sampling]
        p = self.particles
        self.collisions_total += _collide.collide(
            p.arrays, self.start, p.key, *self._collide_args, ncoll, sep, self.collisions.last_tag,
            self._collide_rngs, self._profile_blocks[self.block], sampling, self.collisions.reactions)

    def _after_step(self):
        """The feedback on a reservoir, before sampling starts (config.control)."""
        if not self.controlled:
            return
        cfg = self.config
        if (self.step_index < cfg.sampling.start_step and self.step_index % cfg.control.every_steps == 0
                and self.step_index + cfg.control.every_steps <= cfg.sampling.start_step):
            self._control()
        if self.step_index == cfg.sampling.start_step:
            self._freeze_control()

    def _end_sample(self):
        currents = None
        if self.config.sampling.currents:
            p = self.particles
            currents = np.empty(len(self.config.species))
            _probes.species_vz_sums(p.n, p.vz, p.sp, currents)
        self.tallies.end_sample(self.block, currents)

    def run(self, steps: int | None = None, progress: bool = False, checkpoint=None, stop=None) -> Results:
        """Run `steps` more steps (default: up to config.steps) and return the results.

        checkpoint: a `checkpoint.Checkpointer`, consulted between chunks of steps.
        stop: a callable; when it returns true the run ends early (after a whole step).
        Runtime guards raise `RunStopped` (non-finite state, particle-count runaway)."""
        remaining = self.config.steps - self.step_index if steps is None else int(steps)
        bar = None
        if progress:
            bar = tqdm(total=remaining, unit="step", desc=self.config.name, dynamic_ncols=True)
        t0 = time.perf_counter()
        ps0 = self.particle_steps
        chunk = 1  # steps between guards, stop checks and progress updates: about a second's worth
        done = 0
        try:
            while done < remaining and not (stop and stop()):
                k = min(chunk, remaining - done)
                if checkpoint is not None and checkpoint.steps_to_next(self.step_index):
                    k = min(k, checkpoint.steps_to_next(self.step_index))
                tc = time.perf_counter()
                for _ in range(k):
                    self.step()
                done += k
                chunk = max(1, min(200, int(k / max(time.perf_counter() - tc, 1e-6))))
                self._guard()
                if checkpoint is not None:
                    self.wall_time += time.perf_counter() - t0
                    t0 = time.perf_counter()
                    checkpoint.maybe_write(self)
                if bar is not None:
                    el = self.wall_time + time.perf_counter() - t0
                    bar.set_postfix(particles=self.particles.n,
                                    Mps=f"{(self.particle_steps - ps0) / max(el, 1e-9) / 1e6:.1f}", refresh=False)
                    bar.update(k)
        finally:
            if bar is not None:
                bar.close()
            self.wall_time += time.perf_counter() - t0
        return self.results()

    def _guard(self):
        """Stop, with a clear message, on states that can only give wrong results."""
        p = self.particles
        if p.n > self.max_particles:
            raise RunStopped(f"step {self.step_index}: {p.n} particles, more than {self.max_particles} "
                             f"({MAX_GROWTH:g} times the expected count); check the reservoir densities and weight")
        if not _probes.all_finite(p.arrays, p.n):
            raise RunStopped(f"step {self.step_index}: non-finite particle position or velocity")
        # a reservoir that should keep its neighbouring cell filled (5 or more particles
        # expected, so an empty cell at five checks in a row is no accident) leaves it empty
        for e, side in enumerate(("left", "right")):
            if self.reservoir_ppc[e] < 5.0:
                continue
            c = 0 if e == 0 else self.ncells - 1
            per_z_cell = self.nbins * self.nsub
            empty = self.start[(c + 1) * per_z_cell] == self.start[c * per_z_cell]
            self._empty_checks[e] = self._empty_checks[e] + 1 if empty else 0
            if self._empty_checks[e] >= 5:
                raise RunStopped(f"step {self.step_index}: the {side} reservoir leaves its cell empty at five checks "
                                 "in a row; it cannot hold the gas there (lower particles.weight, check drift_m_s)")

    # ------------------------------------------------------------------ results
    def crossing_series(self) -> np.ndarray:
        return self.tallies.crossing_series()

    def face_crossings(self) -> np.ndarray:
        return self.tallies.face_crossings()

    def results(self) -> Results:
        return Results.from_simulation(self)

    def snapshot(self) -> pd.DataFrame:
        """The live particles now: x_m, y_m, z_m, vx_m_s, vy_m_s, vz_m_s, species."""
        v = self.particles.view()
        names = np.array(self.config.species_names)
        return pd.DataFrame({"x_m": v["x"].copy(), "y_m": v["y"].copy(), "z_m": v["z"].copy(), "vx_m_s": v["vx"].copy(), "vy_m_s": v["vy"].copy(),
                             "vz_m_s": v["vz"].copy(), "species": names[v["sp"]]})

    def inventory(self) -> np.ndarray:
        """Simulated molecules per species, in the tube and the bulbs together: constant in a
        closed cell without reactions."""
        out = np.zeros(self.mass.size, dtype=np.int64)
        species_counts(self.particles.n, self.particles.sp, out)
        return out + self.reservoirs.bulb_count.sum(axis=0)

    def totals(self) -> dict:
        """Momentum (kg m/s) and kinetic energy (J) of the simulated gas, in real molecules."""
        v = self.particles.view()
        m = self.mass[v["sp"]]
        return {
            "particles": int(self.particles.n),
            "momentum_x": self.weight * math.fsum(m * v["vx"]),
            "momentum_y": self.weight * math.fsum(m * v["vy"]),
            "momentum_z": self.weight * math.fsum(m * v["vz"]),
            "energy": self.weight * math.fsum(0.5 * m * (v["vx"] ** 2 + v["vy"] ** 2 + v["vz"] ** 2)),
        }


def warm_up(config: Config) -> float:
    """Compile (or load from the cache) every kernel a run of `config` calls, by running the same
    config for four steps on four cells; returns the seconds it took. The kernels' types do not
    depend on sizes, so the real run then starts at full speed and its rate excludes compiling."""
    changes = {"steps": 4, "sampling.start_step": 1, "sampling.interval_steps": 1, "sampling.profile_blocks": 1,
               "checkpoint.every_steps": 0, "checkpoint.every_minutes": 0.0, "control.target": "none"}
    if config.particles_per_cell > 0:
        changes["particles.per_cell"] = min(config.particles_per_cell, 20.0)
    tiny = config.replace(**changes)
    if tiny.tube.cells > 4:
        tiny = tiny.replace(**{"tube.cells": 4})
    t0 = time.perf_counter()
    Simulation(tiny, allow_coarse=True).run()
    return time.perf_counter() - t0

