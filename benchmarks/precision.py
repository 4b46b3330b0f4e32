"""Statistical efficiency: wall time until the 95% half-width on D_AB reaches 1% and 0.1%
(issue 16: 0.1% within 5 minutes on this 2-core machine), with the coverage of the error bar
checked on replicas of the same configuration.

    python benchmarks/precision.py [CONFIG] [--target 0.001] [--replicas 24] [--replica-steps 8000] [--steps N]
                                   [--out DIR]

CONFIG defaults to runs/precision.toml (the quickstart's gas and reservoirs in the tube that
gives the most precision per CPU second: docs/method.md, "D to 0.1% in minutes");
`runs/quickstart.toml --steps 700000` measures the quickstart's tube.

1. Coverage: `--replicas` runs of the configuration, own seeds, each sampled for
   `--replica-steps` steps; the fraction of 95% intervals (Student t for each error's blocks)
   that contain the mean of the other replicas, and their spread over the mean error.
2. Time: one run watched as a user would, D_AB read every `--check` sampled steps; the clock
   is the simulation's own (set-up, the start-up transient and the steps; compiling is done
   beforehand and the analysis at the checks is not counted). `--out DIR` writes the timed run
   as a run folder, for `particlesim report` or a re-analysis (other margins, the T and p profiles).
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import particlesim as ps
from analysis import theory
from analysis.measure.diffusion import fick_diffusion
from analysis.report.coverage import coverage_table
from particlesim.config import ConfigError
from particlesim.constants import N_AV
from particlesim.output import check_writable, hold_folder, prepare_run_dir, write_results
from particlesim.simulation import warm_up

MIN_BATCHES = 12  # an error bar from fewer batch means is itself too uncertain to stop on


def d1_of(cfg):
    return theory.diffusion_ce1(cfg.initial.number_density_m3, cfg.initial.temperature_K, *cfg.masses, *cfg.diameters)


def coverage(cfg, replicas, steps):
    """D_AB / [D]_1 of `replicas` short runs; the coverage table row."""
    short = cfg.replace(steps=cfg.sampling.start_step + steps, **{"sampling.profile_blocks": 20})
    d1 = d1_of(cfg)
    rows = []
    t0 = time.perf_counter()
    for k in range(replicas):
        d = fick_diffusion(ps.Simulation(short.replace(seed=90_000 + k)).run())["D"]
        rows.append({"replica": k, "quantity": "D_AB / [D]_1", "value": d.value / d1, "error": d.error / d1,
                     "dof": float(d.dof)})
        print(f"  replica {k:2d}: D/[D]_1 = {d.value / d1:.4f} +- {d.error / d1:.4f}", flush=True)
    tab = coverage_table(pd.DataFrame(rows)).iloc[0]
    print(f"coverage of D over {replicas} replicas of {steps} sampled steps ({time.perf_counter() - t0:.0f} s): "
          f"95% intervals cover {100 * tab['coverage 95%']:.0f} +- {100 * tab['coverage error']:.0f}%, "
          f"spread / error {tab['spread / error']:.2f}, chi2/dof {tab['chi2/dof']:.2f} ({tab['verdict']})", flush=True)
    return tab


def time_to(cfg, target, check):
    """Run until the half-width reaches `target`; print the first times at 1% and at target."""
    d1 = d1_of(cfg)
    t0 = time.perf_counter()
    sim = ps.Simulation(cfg)
    setup = time.perf_counter() - t0
    sim.run(cfg.sampling.start_step)
    reached = {}
    while sim.step_index < cfg.steps:
        sim.run(min(check, cfg.steps - sim.step_index))
        d = fick_diffusion(sim.results())["D"]
        lo, hi = d.ci95()
        half = 0.5 * (hi - lo) / d.value
        el = setup + sim.wall_time
        print(f"{el:6.1f} s  step {sim.step_index:7d}  D/[D]_1 = {d.value / d1:.4f} +- {0.5 * (hi - lo) / d1:.4f} (95%)  "
              f"half-width {100 * half:.3f}% ({d.samples} batches)", flush=True)
        for goal in (0.01, target):
            if goal not in reached and half <= goal and d.samples >= MIN_BATCHES:
                reached[goal] = el
                print(f"reached a 95% half-width of {100 * goal:g}% in {el:.0f} s ({sim.particles.n} particles, "
                      f"{sim.step_index} steps, {sim.particle_steps / max(sim.wall_time, 1e-9) / 1e6:.0f} M particle-steps/s)",
                      flush=True)
        if target in reached:
            break
    return reached, sim.results()


def against_theory(cfg, fick):
    """D over the converged Chapman-Enskog D(y_A, n) averaged as the estimator averages it, over
    the faces beyond the ends' Knudsen layers (`layer_margin`, as the run report)."""
    d1 = d1_of(cfg)
    n_ref, T_ref = cfg.initial.number_density_m3, cfg.initial.temperature_K
    pair = theory.Binary(*(m * N_AV for m in cfg.masses), *cfg.diameters)
    ce = np.average(theory.diffusion_ratio_interp(*cfg.masses, *cfg.diameters, fick["theory_y"], order=theory.EXACT_ORDER)
                    * theory.local_d1_factor(pair, fick["theory_n"], fick["theory_T"], n_ref, T_ref),
                    weights=fick["theory_weights"])
    d = fick["D"]
    print(f"D_AB = {d.value / d1:.5f} +- {d.error / d1:.5f} [D]_1 (one standard error); converged CE at the faces' "
          f"y_A, n and T: {ce:.5f}; ratio {d.value / d1 / ce:.5f} +- {d.error / d1 / ce:.5f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("config", nargs="?", default="runs/precision.toml")
    ap.add_argument("--target", type=float, default=0.001, help="relative 95%% half-width (default 0.001)")
    ap.add_argument("--replicas", type=int, default=24)
    ap.add_argument("--replica-steps", type=int, default=8000, help="sampled steps per coverage replica")
    ap.add_argument("--check", type=int, default=10000, help="sampled steps between reads of D")
    ap.add_argument("--steps", type=int, default=0,
                    help="plan this many steps, in profile blocks of 1,000 (for a config planned shorter)")
    ap.add_argument("--out", metavar="DIR", help="write the timed run's results to this new folder")
    a = ap.parse_args()
    cfg = ps.load_config(a.config)
    if a.steps:
        cfg = cfg.replace(steps=a.steps, **{"sampling.profile_blocks": (a.steps - cfg.sampling.start_step) // 1000})
    if a.out:  # as `particlesim run`: refused, held and prepared before the run, not after it
        try:
            check_writable(Path(a.out), False)
            held = hold_folder(a.out)  # noqa: F841 (held until the script ends)
            prepare_run_dir(cfg, a.out)
        except ConfigError as err:
            print(f"precision.py: {err}", file=sys.stderr)
            raise SystemExit(2) from None
    print(f"{a.config}: L = {cfg.tube.length_m:g} m, {cfg.tube.cells} cells, {cfg.particles_per_cell:g} per cell, "
          f"dt = {cfg.dt_s:g} s; compiling ({warm_up(cfg):.0f} s, not counted)", flush=True)
    tab = coverage(cfg, a.replicas, a.replica_steps) if a.replicas >= 5 else None
    reached, res = time_to(cfg, a.target, a.check)
    against_theory(cfg, fick_diffusion(res))
    if a.out:
        print(f"wrote {write_results(res, cfg, a.out)}")
    print(f"\n{a.config}: time to a 95% half-width of 1%: "
          f"{reached.get(0.01, float('nan')):.0f} s; of {100 * a.target:g}%: {reached.get(a.target, float('nan')):.0f} s"
          + (f"; coverage of the error bar {100 * tab['coverage 95%']:.0f}% ({a.replicas} replicas), "
             f"spread / error {tab['spread / error']:.2f}" if tab is not None else ""))
