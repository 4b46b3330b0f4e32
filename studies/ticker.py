"""A line on stderr every few seconds while something slow and silent runs (a first kernel
compilation, a potential's deflection tables): a silent terminal looks hung."""
from __future__ import annotations

import sys
import threading
import time


def with_ticker(fn, *args, every_s: float = 15.0, what: str = "compiling the kernels"):
    """fn(*args), with a line on stderr every `every_s` seconds while it runs: a first compilation
    takes minutes, and a silent terminal looks hung."""
    done = threading.Event()

    def tick():
        t0 = time.perf_counter()
        while not done.wait(every_s):
            print(f"  ... {what}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)

    threading.Thread(target=tick, daemon=True).start()
    try:
        return fn(*args)
    finally:
        done.set()
