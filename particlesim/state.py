"""Particle storage: structure of arrays, handed to the kernels as one `ParticleArrays` tuple.

Positions x, y, z (m) and velocities vx, vy, vz (m/s) are float64; `sp` is the species index
(-1: removed during the step) and `tag` the id of the particle's last collision (0: none yet;
16 bits: two particles share a tag by accident with probability 1/65535, which only rarely
skips a candidate pair, collide.py). The cross-section (section.py) says what x and y mean.
"""
from collections import namedtuple

import numpy as np

FIELDS = ("x", "y", "z", "vx", "vy", "vz")
INTS = (("sp", np.int8, -1), ("tag", np.uint16, 0))
ALL = FIELDS + tuple(f for f, _, _ in INTS)

# What the kernels receive. Numba pitfall (0.68): a write through a tuple field inside a
# prange body (`p.z[i] = v`, also in an inlined helper) is silently lost; the parallel
# kernels therefore call a separately compiled function per chunk, which may write.
ParticleArrays = namedtuple("ParticleArrays", ALL)


class Particles:
    """The live particles [0, n) and the workspace of the cell sort.

    The sort computes a permutation (`order`, int32) and gathers each field through it
    into a spare array of the field's type, which then takes the field's place (see
    `rotate`): 51 bytes per particle of state, 11 of spares and 4 of permutation (the sub-cell
    keys live in the float spare, `key`), and no per-step allocation.
    """

    def __init__(self, capacity: int):
        self.n = 0
        self._alloc(max(int(capacity), 16))

    def _alloc(self, cap):
        if cap >= 2**31:
            raise ValueError(f"{cap} particles: more than the sort's 32-bit permutation can hold")
        self.capacity = cap
        for f in FIELDS:
            setattr(self, f, np.zeros(cap))
        for f, dtype, fill in INTS:
            setattr(self, f, np.full(cap, fill, dtype=dtype))
            setattr(self, f + "_spare", np.full(cap, fill, dtype=dtype))
        self.f_spare = np.zeros(cap)
        self.order = np.zeros(cap, dtype=np.int32)
        self._renamed()

    def _renamed(self):
        """Refresh `arrays` and `key` after the arrays were allocated or renamed (kept, not
        rebuilt at each of the step's three uses)."""
        # the kernels' tuple of the particle arrays
        self.arrays = ParticleArrays(*(getattr(self, f) for f in ALL))
        # workspace of one int32 per particle, in the float spare's memory: the flight writes
        # each particle's sub-cell key here and the sort's first pass reads it, all before the
        # gather needs the spare; after the gather the new spare serves the collision kernel's
        # sub-cell marks. Sharing saves 4 bytes per particle.
        self.key = self.f_spare.view(np.int32)[: self.capacity]

    def ensure(self, extra: int):
        """Make room for `extra` more particles beyond n (grows by 1.25x at least)."""
        need = self.n + int(extra)
        if need <= self.capacity:
            return
        # the keys too: the flight has written them and the sort after the inflow reads them
        old = {f: getattr(self, f)[: self.n].copy() for f in ALL + ("key",)}
        self._alloc(max(need, int(self.capacity * 1.25)))
        for f, a in old.items():
            getattr(self, f)[: self.n] = a

    def rotate(self):
        """After `sort.gather`: the spare holds x, and each float field holds the one after
        it (x <- y <- z <- vx <- vy <- vz); the arrays change names accordingly, and the
        integer fields swap with their spares."""
        chain = [self.f_spare] + [getattr(self, f) for f in FIELDS]
        for f, a in zip(FIELDS, chain[:-1]):
            setattr(self, f, a)
        self.f_spare = chain[-1]
        for f, _, _ in INTS:
            a, b = getattr(self, f), getattr(self, f + "_spare")
            setattr(self, f, b)
            setattr(self, f + "_spare", a)
        self._renamed()

    def view(self):
        """The live particles as a dict of arrays (views unless a reaction has consumed some
        since the last sort: then copies without them)."""
        live = self.sp[: self.n] >= 0
        if live.all():
            return {f: getattr(self, f)[: self.n] for f in ALL}
        return {f: getattr(self, f)[: self.n][live] for f in ALL}

    @property
    def nbytes(self) -> int:
        """Bytes held in particle arrays: state, spares, sort order and keys."""
        return sum(a.nbytes for a in vars(self).values() if isinstance(a, np.ndarray) and a.base is None)


BYTES_PER_PARTICLE = Particles(16).nbytes // 16
