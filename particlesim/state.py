"""Particle storage: structure of arrays, with one spare array per type for the cell sort."""
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

    The sort computes a permutation (`order`, int32) and gathers each field through it
    into a spare array of the field's type, which then takes the field's place (see
    `rotate`): 35 bytes per particle of state, 11 of spares, 4 of permutation and 4 of
    sub-cell keys, and no per-step allocation. sp = -1 marks a particle removed during the step.
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
        self.key = np.zeros(cap, dtype=np.int32)

    def ensure(self, extra: int):
        """Make room for `extra` more particles beyond n (grows by 1.25x at least)."""
        need = self.n + int(extra)
        if need <= self.capacity:
            return
        old = {f: getattr(self, f)[: self.n].copy() for f in ALL}
        self._alloc(max(need, int(self.capacity * 1.25)))
        for f, a in old.items():
            getattr(self, f)[: self.n] = a

    def rotate(self):
        """After `sort.gather`: the spare holds z, z holds vx, vx holds vy, vy holds vz;
        the arrays change names accordingly, and the integer fields swap with theirs."""
        self.z, self.vx, self.vy, self.vz, self.f_spare = self.f_spare, self.z, self.vx, self.vy, self.vz
        for f, _, _ in INTS:
            a, b = getattr(self, f), getattr(self, f + "_spare")
            setattr(self, f, b)
            setattr(self, f + "_spare", a)

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
        return sum(a.nbytes for a in vars(self).values() if isinstance(a, np.ndarray))


BYTES_PER_PARTICLE = Particles(16).nbytes // 16
