"""What a run counts, where it happens: the kernels add to these arrays (crossings of the probe
planes and cell faces, the ends, the side walls, the cell profiles, collisions), and the run
groups them into sampling intervals (crossings) and profile blocks (profiles, faces)."""
from __future__ import annotations

import numpy as np

from .config import Config
from .kernels.move import END_COLUMNS
from .numba_config import CHUNKS
from .owned import Owned


class Tallies(Owned):
    """Per-chunk tallies (the last row belongs to the serial inflow kernel), summed when read.

    cross: rows [0, planes) the probe planes (crossings +z, -z per species), kept per sampling
    interval in `series`; the rest a difference array of the net crossings of the cells' lower
    faces (kernels.probes.tally_segment, direction column 0), kept per profile block in `faces`.
    bnd: per end and species what left and entered and what it gave the end; wall: per species
    the side-wall hits, momentum and energy; prof: per profile block, species and collision cell
    the raw sums of the profiles; ncoll, sep: collisions per pair and their separations (the
    warm-up's apart); currents: per sampled step the sum of v_z of each species."""

    def __init__(self, cfg: Config, nplanes: int, ncells: int, ncc: int, cchunks: int):
        nsp, blocks = len(cfg.species), cfg.sampling.profile_blocks
        self._cfg, self._nplanes, self._ncells = cfg, nplanes, ncells
        self.cross = np.zeros((CHUNKS + 1, nplanes + ncells + 2, nsp, 2), dtype=np.int64)
        self.faces = np.zeros((blocks, ncells + 2, nsp), dtype=np.int64)
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

    def block(self, sampled: int | None = None) -> int:
        """The profile block of sampled step `sampled` (default: the next one)."""
        cfg = self._cfg
        span = max(cfg.steps - cfg.sampling.start_step, 1)
        k = self.sampled_steps if sampled is None else sampled
        return min(k * cfg.sampling.profile_blocks // span, cfg.sampling.profile_blocks - 1)

    def plane_net(self) -> np.ndarray:
        """The probe planes' crossings since the last reset, summed over the chunks."""
        return self.cross[:, :self._nplanes].sum(axis=0)

    def end_sample(self, block: int, currents: np.ndarray | None):
        """Close one sampled step of profile block `block`: close the interval and the block when
        they are full."""
        if currents is not None:
            self.currents.append(currents)
        self.block_steps[block] += 1
        self.sampled_steps += 1
        if self.sampled_steps % self._cfg.sampling.interval_steps == 0:
            self.series.append(self.plane_net())
            self.cross[:, :self._nplanes] = 0
        if self.block() != block:
            self._flush_faces()

    def _pending_faces(self):
        """The block of the last sampled step and the face difference array counted since the
        last flush (summed over the chunks)."""
        return self.block(self.sampled_steps - 1), self.cross[:, self._nplanes:, :, 0].sum(axis=0)

    def _flush_faces(self):
        """Move the cell-face crossings counted since the last flush into the current block."""
        block, pending = self._pending_faces()
        self.faces[block] += pending
        self.cross[:, self._nplanes:] = 0

    def crossing_series(self) -> np.ndarray:
        """Tallies of the completed intervals: shape (interval, plane, species, direction)."""
        if not self.series:
            return np.zeros((0, self._nplanes) + self.cross.shape[2:], dtype=np.int64)
        return np.stack(self.series)

    def face_crossings(self) -> np.ndarray:
        """Net crossings (+z less -z) of each cell's lower face per profile block, those of the
        block still being sampled included: shape (block, cell, species); cell 0's lower face
        is the tube's end (z = 0), where the end tallies count instead (always 0 here)."""
        out = self.faces.copy()
        if self.sampled_steps:
            block, pending = self._pending_faces()
            out[block] += pending
        return np.cumsum(out, axis=1)[:, :self._ncells]
