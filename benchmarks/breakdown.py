"""Where a step's time goes: milliseconds per step in each kernel, on the reference problem
of throughput.py (one thread by default), and what is left for the Python step loop.

    python benchmarks/breakdown.py [small|large|capillary] [--threads N] [--steps N] [--no-sampling]

Each kernel is timed by wrapping the module function the step calls; the wrapper adds
well under a microsecond per call. Use it to see which lever to pull next; --no-sampling
times the same steps before sampling starts (no crossing tallies, no profiles), which shows
what sampling costs each kernel.
"""
import argparse
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from throughput import problem  # noqa: E402

import particlesim as ps  # noqa: E402
from particlesim.kernels import collide, ends, move, sort  # noqa: E402
from particlesim.numba_config import set_threads  # noqa: E402

KERNELS = {"move (flight, ends, crossing tally)": (move, "move"),
           "inject (reservoir inflow)": (ends, "inject"),
           "sort: order by sub-cell": (sort, "order_by_subcell"),
           "sort: gather fields": (sort, "gather"),
           "collide (+ profile sampling)": (collide, "collide")}

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="?", default="small", choices=["small", "large", "capillary"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=0, help="timed steps (default 1000 small, 40 large)")
    ap.add_argument("--no-sampling", action="store_true", help="time steps before sampling starts")
    a = ap.parse_args()
    steps = a.steps or {"small": 1000, "capillary": 1000, "large": 40}[a.which]
    set_threads(a.threads)
    cfg = problem(a.which, steps + (63 if a.no_sampling else 60))
    if a.no_sampling:  # sampling starts after the timed steps (three steps, the least a run samples)
        cfg = cfg.replace(**{"sampling.start_step": steps + 60, "sampling.interval_steps": 1,
                             "sampling.profile_blocks": 1})
    sim = ps.Simulation(cfg)
    sim.run(50)
    spent = dict.fromkeys(KERNELS, 0.0)

    def timed(name, f):
        def call(*args):
            t = time.perf_counter()
            r = f(*args)
            spent[name] += time.perf_counter() - t
            return r
        return call

    for name, (mod, attr) in KERNELS.items():
        setattr(mod, attr, timed(name, getattr(mod, attr)))
    t0 = time.perf_counter()
    for _ in range(steps):
        sim.step()
    total = time.perf_counter() - t0
    n = sim.particles.n
    print(f"{a.which}: {n} particles, {a.threads} thread(s), {steps} steps{' without sampling' if a.no_sampling else ''}: "
          f"{total / steps * 1e3:.3f} ms per step "
          f"= {n * steps / total / 1e6:.1f} M particle-steps/s")
    for name, t in spent.items():
        print(f"  {name:38s} {t / steps * 1e3:7.3f} ms  {t / total:6.1%}")
    rest = total - sum(spent.values())
    print(f"  {'Python step loop and tallies':38s} {rest / steps * 1e3:7.3f} ms  {rest / total:6.1%}")
