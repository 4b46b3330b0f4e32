"""What a run counts, where it happens: the kernels add to these arrays (crossings of the probe
planes and cell faces, the ends, the side walls, the cell profiles, collisions), and the run
groups them into sampling intervals (crossings) and profile blocks (profiles, faces)."""
from __future__ import annotations

import numpy as np

from .config import Config
from .kernels.move import END_COLUMNS, IN, OUT
from .numba_config import CHUNKS
from .owned import Owned


class Tallies(Owned):
    """Per-chunk tallies (the last row belongs to the serial inflow kernel), summed when read.

    cross: the probe planes' crossings (+z, -z per species), kept per sampling interval in
    `series`. faces: per profile block a difference array of the net crossings of the cells'
    lower faces (its running sum over rows), from the particle counts per cell
    (kernels.probes.face_populations) at the block's ends: face_base holds those of the last
    flush, left_base the net entries through the left end then; reactions add what they
    consume and make per cell (the collision state's reaction faces, emptied at each flush).
    bnd: per end and species what left and entered and what it gave the end; wall: per species
    the side-wall hits, momentum and energy; prof: per profile block, species and collision cell
    the raw sums of the profiles; ncoll, sep: collisions per pair and their separations (the
    warm-up's apart); currents: per sampled step the sum of v_z of each species."""

    def __init__(self, cfg: Config, nplanes: int, ncells: int, ncc: int, cchunks: int):
        nsp, blocks = len(cfg.species), cfg.sampling.profile_blocks
        self._cfg, self._ncells = cfg, ncells
        self.cross = np.zeros((CHUNKS + 1, nplanes, nsp, 2), dtype=np.int64)
        self.faces = np.zeros((blocks, ncells + 2, nsp), dtype=np.int64)
        self.face_base = np.zeros((ncells + 2, nsp), dtype=np.int64)
        self.left_base = np.zeros(nsp, dtype=np.int64)
        self._populations = self._reaction_faces = None  # set by `link`
        self.bnd = np.zeros((CHUNKS + 1, 2, nsp, END_COLUMNS))
        self.wall = np.zeros((CHUNKS + 1, nsp, 3))
        self.prof = np.zeros((blocks, nsp, ncc, 5))
        self.block_steps = np.zeros(blocks, dtype=np.int64)
        self.ncoll = np.zeros((cchunks, nsp, nsp), dtype=np.int64)
        self.sep = np.zeros((cchunks, 2))
        self.ncoll_warmup = np.zeros_like(self.ncoll)  # collisions before sampling starts
        self.sep_warmup = np.zeros_like(self.sep)
        self.series: list = []
        self.currents: list = []
        self.sampled_steps = 0

    def link(self, populations, reaction_faces: np.ndarray):
        """populations(): the particle counts per cell now (rows as `faces`); reaction_faces:
        what reactions consumed (-) and made (+) per chunk, cell row and species since the last flush."""
        self._populations, self._reaction_faces = populations, reaction_faces

    def start_faces(self):
        """Sampling starts: the faces count from the particles' places now."""
        self.face_base[...] = self._populations()
        self.left_base[...] = self._left_net()
        self._reaction_faces[...] = 0

    def _left_net(self) -> np.ndarray:
        """Molecules that entered through the left end less those that reached it, per species."""
        b = self.bnd[:, 0].sum(axis=0)
        return np.rint(b[:, IN] - b[:, OUT]).astype(np.int64)

    def block(self, sampled: int | None = None) -> int:
        """The profile block of sampled step `sampled` (default: the next one)."""
        cfg = self._cfg
        span = max(cfg.steps - cfg.sampling.start_step, 1)
        k = self.sampled_steps if sampled is None else sampled
        return min(k * cfg.sampling.profile_blocks // span, cfg.sampling.profile_blocks - 1)

    def plane_net(self) -> np.ndarray:
        """The probe planes' crossings since the last reset, summed over the chunks."""
        return self.cross.sum(axis=0)

    def end_sample(self, block: int, currents: np.ndarray | None):
        """Close one sampled step of profile block `block`: close the interval and the block when
        they are full."""
        if currents is not None:
            self.currents.append(currents)
        self.block_steps[block] += 1
        self.sampled_steps += 1
        if self.sampled_steps % self._cfg.sampling.interval_steps == 0:
            self.series.append(self.plane_net())
            self.cross[:] = 0
        if self.block() != block:
            self._flush_faces()

    def _pending_faces(self):
        """The block of the last sampled step, the face difference array since the last flush,
        and the particle counts and left-end entries it was taken at."""
        now, left = self._populations(), self._left_net()
        pending = self.face_base - now + self._reaction_faces.sum(axis=0)
        pending[1] += left - self.left_base  # the left end's bin is bin 0: row 1
        return self.block(self.sampled_steps - 1), pending, now, left

    def _flush_faces(self):
        """Move the cell-face crossings since the last flush into the current block."""
        block, pending, now, left = self._pending_faces()
        self.faces[block] += pending
        self.face_base[...] = now
        self.left_base[...] = left
        self._reaction_faces[...] = 0

    def crossing_series(self) -> np.ndarray:
        """Tallies of the completed intervals: shape (interval, plane, species, direction)."""
        if not self.series:
            return np.zeros((0,) + self.cross.shape[1:], dtype=np.int64)
        return np.stack(self.series)

    def face_crossings(self) -> np.ndarray:
        """Net crossings (+z less -z) of each cell's lower face per profile block, those of the
        block still being sampled included: shape (block, cell, species); cell 0's lower face
        is the tube's end (z = 0), where the end tallies count instead (always 0 here)."""
        out = self.faces.copy()
        if self.sampled_steps:
            block, pending, _, _ = self._pending_faces()
            out[block] += pending
        return np.cumsum(out, axis=1)[:, :self._ncells]
