"""Simulation: set-up, the DSMC time loop, and results as pandas tables."""
from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from . import gases
from . import section as sec
from .config import Config, ConfigError
from .constants import K_B, N_AV
from .kernels import collide as _collide
from .kernels import ends as _ends
from .kernels import move as _move
from .kernels import probes as _probes
from .kernels import sort as _sort
from .kernels.collide import Model, Reactions
from .kernels.move import Ends, Planes
from .kernels.probes import species_counts
from .kernels.rng import seed_streams
from .kernels.walls import Walls
from .numba_config import CHUNKS, get_num_threads
from .resolution import derive, errors_for, memory_error, warnings_for
from .results import Results
from .state import Particles

MAX_GROWTH = 10.0  # a run stops if it holds this many times the expected particle count


class RunStopped(RuntimeError):
    """A runtime guard ended the run; the message says why."""


END_CODES = {"reservoir": _move.RESERVOIR, "bulb": _move.RESERVOIR, "specular": _move.SPECULAR,
             "diffuse": _move.DIFFUSE, "periodic": _move.PERIODIC}


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
        nsp = len(cfg.species)
        tube = cfg.tube
        self.mass = np.array(cfg.masses)
        self.pairs = cfg.pair_models
        self.weight = dv.weight
        self.ncells = tube.cells
        self.geo = sec.geometry(tube.section, tube.length_m, tube.cells, tube.area_m2, tube.radius_m, tube.height_m,
                                tube.width_m, dv.bins, dv.subcells_z, dv.subcells_across)
        self.nbins = dv.bins
        self.ncc = self.ncells * self.nbins  # collision cells
        self.nsub = self.geo.nsz * self.geo.nsa  # sub-cells per collision cell
        self.walls = Walls(cfg.walls.accommodation, cfg.walls.temperature_left_K, cfg.walls.temperature_right_K)
        self.planes = np.array(cfg.sampling.planes_m, dtype=float)
        # planes below each cell's lower edge: the crossing tally then compares a flight's
        # ends only with the planes inside their own cells
        edges = np.arange(self.ncells + 1) * tube.dz
        self.probe = Planes(self.planes, np.searchsorted(self.planes, edges, side="left").astype(np.int64),
                            1.0 / tube.dz)
        self.ends = Ends(np.array([END_CODES[cfg.left.type], END_CODES[cfg.right.type]], dtype=np.int64),
                         np.array([cfg.left.temperature_K, cfg.right.temperature_K]))
        # one random stream per work chunk of the parallel kernels, and one for the ends
        self.rngs = seed_streams(cfg.seed, CHUNKS + 1)
        self.cchunks = min(CHUNKS, self.ncc)  # collision chunks (of collision cells)

        # reservoir state (n, drift along +z) and inflow: mean number of simulated molecules
        # per step, per end and species; the feedback control may change n or the drift
        self.inflow = np.zeros((2, nsp))
        self.res_T = np.ones(2)
        self.res_drift = np.zeros(2)  # towards the interior
        self.res_n = np.array([e.number_density_m3 for e in (cfg.left, cfg.right)])
        self.res_u = np.array([e.drift_m_s for e in (cfg.left, cfg.right)])
        for e in range(2):
            self._set_inflow(e)
        # bulbs: the inventory of simulated molecules per end and species, and the chance per
        # step that one of them leaves into the tube (effusion: c_bar A dt / (4 V))
        self.bulbs = [e for e, end in enumerate((cfg.left, cfg.right)) if end.type == "bulb"]
        self.bulb_count = np.zeros((2, nsp), dtype=np.int64)
        self.bulb_rate = np.zeros((2, nsp))
        self._bulb_series: list[tuple[int, np.ndarray]] = []

        temps = [cfg.initial.temperature_K] + [e.temperature_K for e in (cfg.left, cfg.right) if e.temperature_K > 0]
        g_ref = gases.mean_relative_speed(self.mass, max(temps))
        # (sigma g)_max starts at 2.5 times the largest mean; raised whenever a pair exceeds it
        sigma = gases.pair_cross_sections(self.pairs.diameters_at(max(temps)))
        self.sgmax = np.full(self.ncc, 2.5 * float((sigma * g_ref).max()))
        self.remainder = np.zeros(self.ncc)
        self.start = np.zeros(self.ncc * self.nsub + 1, dtype=np.int64)
        # sort workspace: one histogram per thread (the sorted order does not depend on it)
        self.sort_counts = np.zeros((max(1, get_num_threads()), self.ncc * self.nsub), dtype=np.int32)
        coeff = self.weight * cfg.dt_s / (tube.cell_volume / self.nbins) if cfg.collisions.enabled else 0.0

        # tallies
        # per-chunk tallies (the last row belongs to the serial inflow kernel), summed when read
        # crossings: rows [0, planes) the probe planes, kept per sampling interval; the rest a
        # difference array of the net crossings of the cells' lower faces (kernels.probes.
        # tally_segment, direction column 0), kept per profile block in `faces`
        self.cross = np.zeros((CHUNKS + 1, self.planes.size + self.ncells + 2, nsp, 2), dtype=np.int64)
        self.faces = np.zeros((cfg.sampling.profile_blocks, self.ncells + 2, nsp), dtype=np.int64)
        self.bnd = np.zeros((CHUNKS + 1, 2, nsp, _move.END_COLUMNS))
        self.wall_tally = np.zeros((CHUNKS + 1, nsp, 3))
        self.prof = np.zeros((cfg.sampling.profile_blocks, nsp, self.ncc, 5))
        self.block_steps = np.zeros(cfg.sampling.profile_blocks, dtype=np.int64)
        self.ncoll = np.zeros((self.cchunks, nsp, nsp), dtype=np.int64)
        self.sep = np.zeros((self.cchunks, 2))
        self.last_tag = np.zeros(self.cchunks, dtype=np.int64)  # latest collision id per chunk (tags 1 .. 65535)
        self._ncoll_warmup = np.zeros_like(self.ncoll)  # collisions before sampling starts
        self._sep_warmup = np.zeros_like(self.sep)
        self._series: list[np.ndarray] = []
        self._currents: list[np.ndarray] = []  # per sampled step: sum of v_z per species
        self.step_index = 0
        self.sampled_steps = 0
        self.collisions_total = 0
        self.wall_time = 0.0
        self.particle_steps = 0.0

        # reactions: per species pair the reaction index, per reaction its parameters
        names = list(cfg.species_names)
        self.rx_of = np.full((nsp, nsp), -1, dtype=np.int64)
        self.rx_par = np.zeros((max(1, len(cfg.reactions)), 5))
        for r, rx in enumerate(cfg.reactions):
            a, b = (names.index(x) for x in rx.reactants)
            self.rx_of[a, b] = self.rx_of[b, a] = r
            prods = [names.index(x) for x in rx.products] + [-1]
            self.rx_par[r] = (rx.steric_factor, rx.activation_energy_J_mol / N_AV, rx.heat_released_J_mol / N_AV,
                              prods[0], prods[1])
        self.rx_cell = np.zeros((max(1, len(cfg.reactions)), self.ncells))
        sig2, expo = self.pairs.ntc(self.mass)
        self.model = Model(sig2, expo, self.pairs.alpha.copy(), not self.pairs.hard_spheres, self.mass, coeff,
                           cfg.collisions.partners == "nearest")
        self.rx = Reactions(self.rx_of, self.rx_par, self.rx_cell)
        self.controlled = cfg.control.target != "none"
        self.control_history: list = []
        self._empty_checks = [0, 0]
        self.reservoir_ppc = [e.number_density_m3 * tube.cell_volume / self.weight if e.type == "reservoir" else 0.0
                              for e in (cfg.left, cfg.right)]
        self.max_particles = int(MAX_GROWTH * max(dv.particles, 100.0 * (1.0 + self.inflow.sum())))
        self._fill_bulbs()
        # 2% slack over the expected count (plus five standard deviations and twenty steps of
        # inflow): growth beyond it reallocates by 25%
        self.particles = Particles(int(1.02 * dv.particles + 5 * np.sqrt(dv.particles) + 20 * self.inflow.sum() + 64))
        self._initialise()
        _sort.compute_keys(self.particles.arrays, self.particles.n, self.particles.key, self.geo)
        self._sort()

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

    def _fill_bulbs(self):
        """Each bulb's initial inventory: n_i V / weight simulated molecules, rounded at random
        (numpy's generator from the run seed, as the initial particles)."""
        cfg = self.config
        gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence([cfg.seed, 2])))
        for e in self.bulbs:
            end = (cfg.left, cfg.right)[e]
            mean = end.number_density_m3 * np.array(end.mole_fractions) * end.volume_m3 / self.weight
            self.bulb_count[e] = np.floor(mean + gen.random(mean.shape)).astype(np.int64)
            self.bulb_rate[e] = gases.mean_speed(self.mass, end.temperature_K) * cfg.tube.area_m2 * cfg.dt_s \
                / (4.0 * end.volume_m3)
            self.res_T[e] = end.temperature_K
        if self.bulbs:
            self._bulb_series.append((0, self.bulb_count.copy()))

    def _set_inflow(self, e: int):
        cfg = self.config
        end = (cfg.left, cfg.right)[e]
        if end.type != "reservoir":
            return
        inward = 1.0 if e == 0 else -1.0
        n_i = self.res_n[e] * np.array(end.mole_fractions)
        flux = gases.drifting_effusion_flux(n_i, self.mass, end.temperature_K, inward * self.res_u[e])
        self.inflow[e] = flux * cfg.tube.area_m2 * cfg.dt_s / self.weight
        self.res_T[e] = end.temperature_K
        self.res_drift[e] = inward * self.res_u[e]

    def _control(self):
        """Feedback before sampling (config.control): after each window of every_steps steps,
        move the chosen reservoir pressure or drift against the measured total molar flux N
        (equimolar) or mass flux (zero_mass_flux), averaged over the planes."""
        ctl, cfg = self.config.control, self.config
        window = ctl.every_steps * cfg.dt_s
        net = self.cross[:, :self.planes.size].sum(axis=0)
        self.cross[:] = 0
        N_i = (net[..., 0] - net[..., 1]).mean(axis=0) * self.weight / (cfg.tube.area_m2 * window * N_AV)
        M = self.mass * N_AV
        q = N_i.sum() if ctl.target == "equimolar" else (M * N_i).sum() / M.mean()  # mol m^-2 s^-1
        side, what = ctl.adjust.split(".")
        e = 0 if side == "left" else 1
        c = self.res_n[e] / N_AV
        if what == "pressure":
            # one-way effusion molar flux of the reservoir sets the scale; more pressure on the
            # left pushes N towards +z, on the right towards -z
            gamma = float(gases.effusion_flux(c, self.mass.mean(), self.res_T[e]))
            sign = -1.0 if e == 0 else 1.0
            self.res_n[e] *= float(np.clip(1.0 + ctl.gain * sign * q / gamma, 0.5, 1.5))
        else:
            self.res_u[e] += ctl.gain * (-q / c)  # a drift along +z pushes N towards +z
        self._set_inflow(e)
        self.control_history.append((self.step_index, float(q), float(self.res_n[e]), float(self.res_u[e])))

    def _freeze_control(self):
        """End of the feedback: freeze the reservoir at the mean of the second half of the
        adjustments (Polyak averaging, which removes most of the last steps' noise)."""
        hist = np.array(self.control_history)
        if len(hist):
            e = 0 if self.config.control.adjust.startswith("left") else 1
            late = hist[len(hist) // 2:]
            self.res_n[e], self.res_u[e] = late[:, 2].mean(), late[:, 3].mean()
            self._set_inflow(e)
        self.bnd[:] = 0  # end tallies of the feedback phase are not part of the sample

    # ------------------------------------------------------------------ the loop
    def step(self):
        """Advance one time step."""
        sampling = self.step_index >= self.config.sampling.start_step
        tally = sampling or self.controlled  # the feedback measures the flux before sampling
        if self.step_index == self.config.sampling.start_step:
            self.cross[:] = 0  # sampling starts from clean tallies
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

    def _move(self, tally: bool):
        p = self.particles
        _move.move(p.arrays, p.n, p.key, self.config.dt_s, self.mass, self.geo, self.walls, self.ends, self.probe,
                   self.cross[:CHUNKS], self.bnd[:CHUNKS], self.wall_tally[:CHUNKS], tally, self.rngs[:CHUNKS])

    def _inject(self, tally: bool):
        for e in self.bulbs:
            self.inflow[e] = self.bulb_count[e] * self.bulb_rate[e]
        if not self.inflow.any():
            return
        p, rng = self.particles, self.rngs[CHUNKS]
        counts = _ends.draw_counts(self.inflow, rng)
        for e in self.bulbs:  # a bulb emits what it holds, no more
            counts[e] = np.minimum(counts[e], self.bulb_count[e])
            self.bulb_count[e] -= counts[e]
        p.ensure(int(counts.sum()))
        p.n = _ends.inject(p.arrays, p.n, p.key, counts, self.res_T, self.res_drift, self.config.dt_s, self.mass, self.geo,
                           self.walls, self.ends, self.probe, self.cross[CHUNKS], self.bnd[CHUNKS],
                           self.wall_tally[CHUNKS], tally, rng)

    def _absorb_into_bulbs(self):
        """Molecules that left the tube through a bulb's end join its inventory (the EXITS
        column counts them at every step); the record is kept every sampling interval."""
        if not self.bulbs:  # reservoirs' exit counts are never read: no per-step work for them
            return
        exits = self.bnd[:, :, :, _move.EXITS]
        gone = exits.sum(axis=0)
        for e in self.bulbs:
            self.bulb_count[e] += np.rint(gone[e]).astype(np.int64)
        exits[...] = 0.0
        if (self.step_index + 1) % self.config.sampling.interval_steps == 0:
            self._bulb_series.append((self.step_index + 1, self.bulb_count.copy()))

    def _sort(self):
        p = self.particles
        p.n = _sort.order_by_subcell(p.n, p.key, p.order, self.start, self.sort_counts)
        _sort.gather(p.n, p.order, p.x, p.y, p.z, p.vx, p.vy, p.vz, p.f_spare, p.sp, p.sp_spare, p.tag, p.tag_spare)
        p.rotate()

    def _collide(self, sampling: bool):
        self.block = self._profile_block() if sampling else 0
        ncoll, sep = (self.ncoll, self.sep) if sampling else (self._ncoll_warmup, self._sep_warmup)
        p = self.particles
        self.collisions_total += _collide.collide(
            p.arrays, self.start, p.key, self.geo, self.model, self.sgmax, self.remainder, ncoll, sep,
            self.last_tag, self.rngs[:self.cchunks], self.prof[self.block], sampling, self.rx)

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

    def _profile_block(self, sampled: int | None = None) -> int:
        """The profile block of sampled step `sampled` (default: the next one)."""
        cfg = self.config
        span = max(cfg.steps - cfg.sampling.start_step, 1)
        k = self.sampled_steps if sampled is None else sampled
        return min(k * cfg.sampling.profile_blocks // span, cfg.sampling.profile_blocks - 1)

    def _end_sample(self):
        block = self.block
        if self.config.sampling.currents:
            p = self.particles
            out = np.empty(len(self.config.species))
            _probes.species_vz_sums(p.n, p.vz, p.sp, out)
            self._currents.append(out)
        self.block_steps[block] += 1
        self.sampled_steps += 1
        npl = self.planes.size
        if self.sampled_steps % self.config.sampling.interval_steps == 0:
            self._series.append(self.cross[:, :npl].sum(axis=0))
            self.cross[:, :npl] = 0
        if self._profile_block() != block:
            self._flush_faces()

    def _pending_faces(self):
        """The block of the last sampled step and the face difference array counted since the
        last flush (summed over the chunks)."""
        return self._profile_block(self.sampled_steps - 1), self.cross[:, self.planes.size:, :, 0].sum(axis=0)

    def _flush_faces(self):
        """Move the cell-face crossings counted since the last flush into the current block."""
        block, pending = self._pending_faces()
        self.faces[block] += pending
        self.cross[:, self.planes.size:] = 0

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
        """Tallies of the completed intervals: shape (interval, plane, species, direction)."""
        if not self._series:
            return np.zeros((0, self.planes.size) + self.cross.shape[2:], dtype=np.int64)
        return np.stack(self._series)

    def face_crossings(self) -> np.ndarray:
        """Net crossings (+z less -z) of each cell's lower face per profile block, those of the
        block still being sampled included: shape (block, cell, species); cell 0's lower face
        is the tube's end (z = 0), where the end tallies count instead (always 0 here)."""
        out = self.faces.copy()
        if self.sampled_steps:
            block, pending = self._pending_faces()
            out[block] += pending
        return np.cumsum(out, axis=1)[:, :self.ncells]

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
        return out + self.bulb_count.sum(axis=0)

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

