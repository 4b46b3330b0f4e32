"""Particle storage: structure of arrays, with a second set for the cell sort."""
import numpy as np

FIELDS = ("z", "vx", "vy", "vz")


class Particles:
    """Positions z (m), velocities (m/s) and species index of the live particles [0, n).

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
        self.sp = np.full(cap, -1, dtype=np.int8)
        self.sp2 = np.full(cap, -1, dtype=np.int8)
        self.key = np.zeros(cap, dtype=np.int32)

    def ensure(self, extra: int):
        """Make room for `extra` more particles beyond n (grows by 1.25x at least)."""
        need = self.n + int(extra)
        if need <= self.capacity:
            return
        old = {f: getattr(self, f)[: self.n].copy() for f in FIELDS + ("sp",)}
        self._alloc(max(need, int(self.capacity * 1.25)))
        for f, a in old.items():
            getattr(self, f)[: self.n] = a

    def swap(self):
        for f in FIELDS + ("sp",):
            a, b = getattr(self, f), getattr(self, f + "2")
            setattr(self, f, b)
            setattr(self, f + "2", a)

    def view(self):
        """The live particles as a dict of array views."""
        return {f: getattr(self, f)[: self.n] for f in FIELDS + ("sp",)}

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, f).nbytes for f in FIELDS + tuple(f + "2" for f in FIELDS)) \
            + self.sp.nbytes + self.sp2.nbytes + self.key.nbytes
