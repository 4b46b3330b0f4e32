"""The one place for Numba settings.

PARTICLESIM_NO_CACHE=1 turns off the on-disk kernel cache (the cache is what lets a
second run start in about a second); NUMBA_DISABLE_JIT=1 (Numba's own switch) runs the
kernels as plain Python for debugging; NUMBA_NUM_THREADS (or `set_threads`) sets the
threads of the parallel kernels. Work is split into a fixed number of chunks, each with
its own random stream, so results do not depend on the thread count.
"""
from __future__ import annotations

import os

import numba
import numpy as np

CACHE = os.environ.get("PARTICLESIM_NO_CACHE", "0") != "1"


def kernel(func=None, **kw):
    """`numba.njit` with the project's settings (cached, fastmath off so results are exact)."""
    opts = dict(cache=CACHE, nogil=True)
    opts.update(kw)
    if func is None:
        return lambda f: numba.njit(**opts)(f)
    return numba.njit(**opts)(func)


def helper(func):
    """A small per-particle or per-pair helper, inlined into the kernels that call it."""
    return numba.njit(inline="always", cache=CACHE)(func)


def at(i):
    """An index known to be non-negative, as unsigned: Numba then skips its negative-index
    wraparound test, which costs the hot loops 10-50% (it also blocks vectorisation)."""
    return np.uint64(i)


at = helper(at)

# fixed number of work chunks (and random streams) of the parallel kernels
CHUNKS = 64


def get_num_threads() -> int:
    return numba.get_num_threads()


def set_threads(n: int | None):
    """Threads for the parallel kernels (None: Numba's default, all cores)."""
    if n:
        numba.set_num_threads(int(n))
    return numba.get_num_threads()
