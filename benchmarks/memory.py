"""Peak resident memory per particle at 1e7 particles (issue 9 target: under 100 bytes).

The reference problem scaled to L = 3e-4 m, 30,000 cells, 1e7 particles; a few steps with
probes and profile sampling on. Prints the peak RSS of the whole process divided by the
particle count, and the same without the interpreter's baseline (Python, numpy, Numba).
"""
import resource
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from throughput import problem  # noqa: E402

import particlesim as ps  # noqa: E402


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    n = float(sys.argv[1]) if len(sys.argv) > 1 else 1e7
    # 30 steps first: the config check wants three sampling intervals, and problem() sets them to 10 steps
    cfg = problem("large", 30).replace(**{"tube.length_m": 3.0e-5 * n / 1e6, "tube.cells": int(3000 * n / 1e6),
                                          "time.steps": 3, "sampling.interval_steps": 1,
                                          "sampling.profile_blocks": 2})
    ps.Simulation(problem("small", 30)).run()  # load kernels: the baseline includes Numba's code
    base = peak_rss()
    sim = ps.Simulation(cfg)
    sim.run(3)
    peak = peak_rss()
    N = sim.particles.n
    print(f"{N} particles: peak RSS {peak / 2**20:.0f} MiB = {peak / N:.1f} bytes/particle "
          f"({(peak - base) / N:.1f} above the {base / 2**20:.0f} MiB baseline); "
          f"particle arrays {sim.particles.nbytes / N:.1f} bytes/particle")
