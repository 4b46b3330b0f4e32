"""Throughput on the reference problem of issue 9 (the SPARTA comparison), through the public API.

Argon-like A and helium-like B, pure reservoirs at 273.15 K and n = 2.687e25 m^-3 at the two
ends, dt = 2e-11 s, probes and profile sampling on as in a real run:
  small: L = 3e-6 m, 300 cells, 1e5 particles      (SPARTA serial: 16.3 M particle-moves/s)
  large: L = 3e-5 m, 3000 cells, 1e6 particles     (SPARTA serial: 10.5 M particle-moves/s)
  capillary: small in a circular tube of R = 5 lambda with diffuse walls (5 rings)
  vss: small with Bird's VSS argon and helium (a power of g per candidate, VSS deflection)
  potential: small with Lennard-Jones argon and helium (deflection tables; pi b_M^2 is 4-5 times
    the viscosity cross-section, so collisions per step are that much more frequent), at the
    same dt, and at dt / 4 (where the last-partner rule no longer biases the unlike pair;
    compare per simulated time: dt/4 needs 4 times the steps)

All have positions in 3D; small and large have the unbounded (periodic) section. SPARTA
figures: SPARTA's in.cd reference deck (the project's shared benchmark inputs) measured on this kind of machine, 2026-11-28.

    python benchmarks/throughput.py [small|large|capillary|vss|all] [--steps N] [--sparta BINARY]

Prints particle-steps per second, collisions per second and peak resident memory, for one
thread and for all threads (the speed-up is measured in the same run, blocks interleaved).
Compare figures as ratios measured in one run: the machine is shared and noisy. With
--sparta (a serial SPARTA binary, e.g. built by `make serial` in SPARTA's src/), SPARTA runs
the same problem (benchmarks/sparta/in.cd, 1e5 or 1e6 particles) before and after each case,
and the ratios are to the mean of those two figures of this sitting; without it they are to
the stored figures above, labelled as such.
"""
import argparse
import re
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

import particlesim as ps
from particlesim.numba_config import get_num_threads, set_threads

REFERENCE = {"small": (3.0e-6, 300, 1e5, 16.3e6), "large": (3.0e-5, 3000, 1e6, 10.5e6),
             "capillary": (3.0e-6, 300, 1e5, 16.3e6), "vss": (3.0e-6, 300, 1e5, 16.3e6),
             "potential": (3.0e-6, 300, 1e5, 16.3e6), "potential_dt4": (3.0e-6, 300, 1e5, 16.3e6)}
NAMES = ["small", "vss", "potential", "potential_dt4", "capillary", "large"]
LAMBDA = 6.25e-8  # argon mean free path at the reference density


def problem(name, steps):
    length, cells, particles, _ = REFERENCE[name]
    res = {"type": "reservoir", "temperature_K": 273.15, "number_density_m3": 2.687e25}
    tube = {"length_m": length, "cells": cells}
    extra, bins = {}, 1
    model = {"vss": "vss", "potential": "lennard_jones", "potential_dt4": "lennard_jones"}.get(name, "hard_sphere")
    if name == "capillary":
        bins = 5
        tube.update(section="circle", radius_m=5 * LAMBDA, bins=bins)
        extra = {"walls": {"model": "diffuse", "temperature_K": 273.15}}
    return ps.from_dict({
        "name": f"bench-{name}", "seed": 1, **extra,
        "species": [{"name": "A", "preset": "argon", "model": model}, {"name": "B", "preset": "helium", "model": model}],
        "tube": tube,
        "particles": {"per_cell": particles / (cells * bins)},
        "time": {"dt_s": 0.5e-11 if name == "potential_dt4" else 2.0e-11, "steps": steps},
        "initial": {"composition": "linear", "temperature_K": 273.15, "number_density_m3": 2.687e25},
        "ends": {"left": {**res, "mole_fractions": {"A": 1.0}}, "right": {**res, "mole_fractions": {"B": 1.0}}},
        "sampling": {"start_step": 0, "interval_steps": min(10, steps), "profile_blocks": min(10, steps), "planes": 9},
    })


DECK = Path(__file__).resolve().parent / "sparta"
# particles, cells, length, warm-up and timed steps (the large deck's 600 steps take about a minute)
SPARTA_SIZES = {"small": ("100000", "300", "3.0e-6", "2000", "4000"),
                "large": ("1000000", "3000", "3.0e-5", "200", "400")}


def sparta_rate(binary: str, size: str) -> float:
    """SPARTA's particle-moves per CPU-second on the reference deck (its second, warm run)."""
    np_, ncell, length, nwarm, nrun = SPARTA_SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        for f in ("in.cd", "hs.species", "hs.vss"):
            shutil.copy(DECK / f, tmp)
        args = [binary, "-in", "in.cd", "-var", "np", np_, "-var", "ncell", ncell, "-var", "L", length,
                "-var", "nwarm", nwarm, "-var", "nrun", nrun, "-log", "none"]
        out = subprocess.run(args, cwd=tmp, capture_output=True, text=True, check=True).stdout
    rates = re.findall(r"Particle-moves/CPUsec/proc:\s*([0-9.eE+-]+)", out)
    if not rates:
        raise RuntimeError(f"no Particle-moves/CPUsec line in SPARTA's output:\n{out[-2000:]}")
    return float(rates[-1])


def bench(name, steps, repeats=5, sparta=None):
    """Time `repeats` blocks of `steps` steps for one thread and for all, interleaved; report
    the median block of each (the machine is shared). sparta: a SPARTA binary to measure the
    reference figure in this sitting, before and after."""
    size = "large" if name == "large" else "small"
    measured = [sparta_rate(sparta, size)] if sparta else []
    threads = get_num_threads()
    cfg = problem(name, 2 * steps * repeats + 20)
    sim = ps.Simulation(cfg)
    sim.run(20)  # compile (or load cached kernels) and warm up
    rates, colls = {1: [], threads: []}, {1: [], threads: []}
    for _ in range(repeats):
        for th in rates:
            set_threads(th)
            ps0, c0, t0 = sim.particle_steps, sim.collisions_total, time.perf_counter()
            sim.run(steps)
            dt = time.perf_counter() - t0
            rates[th].append((sim.particle_steps - ps0) / dt)
            colls[th].append((sim.collisions_total - c0) / dt)
    set_threads(threads)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if sparta:
        measured.append(sparta_rate(sparta, size))
        ref = float(np.mean(measured))
        print(f"SPARTA serial, {size} deck, this sitting: " + ", ".join(f"{m / 1e6:.2f}" for m in measured)
              + " M particle-moves/CPU-s (before and after)")
    else:
        ref = REFERENCE[name][3]
    label = "SPARTA serial, this sitting" if sparta else "SPARTA serial, stored figure of 2026-11-28"
    one = float(np.median(rates[1]))
    for th in rates:
        rate, coll = float(np.median(rates[th])), float(np.median(colls[th]))
        print(f"{name:13s} {sim.particles.n:>9d} particles  {th} thread{'s' if th > 1 else ' '}  "
              f"{rate / 1e6:6.1f} M particle-steps/s (median of {repeats}; best {max(rates[th]) / 1e6:.1f}; "
              f"{rate / ref:.2f} x {label}; {rate / one:.2f} x one thread)  "
              f"{coll / 1e6:5.2f} M collisions/s ({coll / (rate / sim.particles.n):.0f} per step)  "
              f"peak RSS {rss / 2**20:.0f} MiB")
        if threads == 1:
            break


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="?", default="all", choices=[*NAMES, "all"])
    ap.add_argument("--steps", type=int, default=0, help="timed steps per block (default 200 small, 20 large)")
    ap.add_argument("--sparta", metavar="BINARY", help="serial SPARTA binary: measure its figure in this sitting")
    ap.add_argument("--threads", type=int, default=0, help="threads besides one (default: all cores)")
    a = ap.parse_args()
    if a.threads:
        set_threads(a.threads)
    for name in (NAMES if a.which == "all" else [a.which]):
        bench(name, a.steps or (20 if name == "large" else 200), sparta=a.sparta)
