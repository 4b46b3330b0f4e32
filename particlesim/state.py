"""Particle storage: structure of arrays, with a second set for the cell sort."""
import numpy as np

FIELDS = ("z", "vx", "vy", "vz")
# sp: species index (-1: removed); tag: id of the particle's last collision (0: none yet),
# 16 bits: two particles share a tag by accident with probability 1/65535, which only
# rarely skips a candidate pair (collide.py)
INTS = (("sp", np.int8, -1), ("tag", np.uint16, 0))


ALL = FIELDS + tuple(f for f, _, _ in INTS)


class Particles:
    """Positions z (m), velocities (m/s), species index and last-collision tag of the live
    particles [0, n).

    The sort writes into the spare arrays and `swap` exchanges the two sets, so no
    per-step allocation happens. sp = -1 marks a particle removed during the step.
    """

    def __init__(self, capacity: int):
        self.n = 0
        self._alloc(max(int(capacity), 16))

    def _alloc(self, cap):
        self.capacity = cap
        for f in FIELDS:
            setattr(self, f, np.zeros(cap))
            setattr(self, f + "2", np.zeros(cap))
        for f, dtype, fill in INTS:
            setattr(self, f, np.full(cap, fill, dtype=dtype))
            setattr(self, f + "2", np.full(cap, fill, dtype=dtype))

    def ensure(self, extra: int):
        """Make room for `extra` more particles beyond n (grows by 1.25x at least)."""
        need = self.n + int(extra)
        if need <= self.capacity:
            return
        old = {f: getattr(self, f)[: self.n].copy() for f in ALL}
        self._alloc(max(need, int(self.capacity * 1.25)))
        for f, a in old.items():
            getattr(self, f)[: self.n] = a

    def swap(self):
        for f in ALL:
            a, b = getattr(self, f), getattr(self, f + "2")
            setattr(self, f, b)
            setattr(self, f + "2", a)

    def view(self):
        """The live particles as a dict of arrays (views unless a reaction has consumed some
        since the last sort: then copies without them)."""
        live = self.sp[: self.n] >= 0
        if live.all():
            return {f: getattr(self, f)[: self.n] for f in ALL}
        return {f: getattr(self, f)[: self.n][live] for f in ALL}

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, f).nbytes + getattr(self, f + "2").nbytes for f in ALL)
