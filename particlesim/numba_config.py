"""The one place for Numba settings.

PARTICLESIM_NO_CACHE=1 turns off the on-disk kernel cache (the cache is what lets a
second run start in about a second). The cache lives in a folder named for a hash of the
kernel sources (under $XDG_CACHE_HOME/particlesim, or $NUMBA_CACHE_DIR if set): Numba
checks only a kernel's own file for changes, so an edited helper in another file would
otherwise leave stale compiled code in use. NUMBA_DISABLE_JIT=1 (Numba's own switch) runs the
kernels as plain Python for debugging; NUMBA_NUM_THREADS (or `set_threads`) sets the
threads of the parallel kernels. Work is split into a fixed number of chunks, each with
its own random stream, so results do not depend on the thread count.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

CACHE = os.environ.get("PARTICLESIM_NO_CACHE", "0") != "1"


def _kernel_source_hash() -> str:
    """Hash of every file the compiled kernels are built from."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for f in [here / "numba_config.py", here / "constants.py", *sorted((here / "kernels").glob("*.py"))]:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def _cache_dir() -> str:
    """A writable folder for this version of the kernels ("" if none: no caching)."""
    roots = [Path(tempfile.gettempdir()) / "particlesim-cache"]
    try:
        home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "particlesim"
        roots.insert(0, Path(os.environ.get("NUMBA_CACHE_DIR") or home_cache))
    except (RuntimeError, KeyError):  # no home directory
        pass
    name = f"kernels-{_kernel_source_hash()}"
    for root in roots:
        path = root / name
        try:
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK):
                return str(path)
        except OSError:
            continue
    return ""


if CACHE:
    # read by Numba when each kernel below is decorated, so it must be set first
    numba.config.CACHE_DIR = _cache_dir()
    CACHE = bool(numba.config.CACHE_DIR)
# the folder above the kernel caches, for small notes such as the last measured step rate
CACHE_ROOT = str(Path(numba.config.CACHE_DIR).parent) if CACHE else ""


def kernel(func=None, *, refcounts=True, **kw):
    """`numba.njit` with the project's settings (cached, fastmath off so results are exact).

    refcounts=False compiles a function that allocates nothing without Numba's reference
    counting (its `_nrt` option): a call then pays no atomic increment and decrement for each
    array it takes, nor do the inlined helpers inside it (docs/method.md, "Numba")."""
    opts = dict(cache=CACHE, nogil=True)
    if not refcounts:
        opts["_nrt"] = False
    # copies: Numba's ParallelOptions pops the keys out of a dict it is given
    opts.update({k: dict(v) if isinstance(v, dict) else v for k, v in kw.items()})
    if func is None:
        return lambda f: numba.njit(**opts)(f)
    return numba.njit(**opts)(func)


def helper(func):
    """A small per-particle or per-pair helper, inlined into the kernels that call it."""
    return numba.njit(inline="always", cache=CACHE)(func)


def outlined(func):
    """A large helper compiled once as its own function and called, not inlined: the flight's
    event loop (move.fly_pending) inlined into the parallel flight kernel and the inflow kernel
    took about 65 s of a fresh start's compilation; it runs only for the particles that meet a
    wall or an end this step. Compiled without reference counts (`kernel`'s refcounts=False):
    it allocates nothing."""
    return kernel(func, refcounts=False)


@helper
def at(i):
    """An index known to be non-negative, as unsigned: Numba then skips its negative-index
    wraparound test, which costs the hot loops 10-50% (it also blocks vectorisation)."""
    return np.uint64(i)


@intrinsic
def prefetch(typingctx, array, index):
    """Ask the processor to start loading array[index]'s cache line (LLVM's llvm.prefetch:
    a hint that never faults, so index may run past the end). For reads that follow a
    pattern the hardware prefetcher cannot see (the sort's gather reads a window that
    drifts along the array in scattered order): docs/method.md, "Numba"."""
    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        address = builder.bitcast(builder.gep(data, [args[1]]), ir.IntType(8).as_pointer())
        i32 = ir.IntType(32)
        hint = ir.FunctionType(ir.VoidType(), [address.type, i32, i32, i32])
        # read (0), keep in all cache levels (3), data cache (1)
        builder.call(cgutils.get_or_insert_function(builder.module, hint, "llvm.prefetch.p0i8"),
                     [address, i32(0), i32(3), i32(1)])
        return context.get_dummy_value()
    return types.void(array, index), codegen


if numba.config.DISABLE_JIT:  # the kernels run as plain Python, where there is nothing to hint
    def prefetch(array, index):  # noqa: F811
        pass


# fixed number of work chunks (and random streams) of the parallel kernels
CHUNKS = 64


def max_threads() -> int:
    """The most threads set_threads may ask for (read when asked: a sweep's worker sets
    NUMBA_NUM_THREADS before its first kernel, and reading it at import spoils that)."""
    return int(numba.config.NUMBA_NUM_THREADS)


def get_num_threads() -> int:
    return numba.get_num_threads()


def set_threads(n: int | None):
    """Threads for the parallel kernels (None: Numba's default, all cores)."""
    if n:
        numba.set_num_threads(int(n))
    return numba.get_num_threads()
