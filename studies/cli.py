"""Command line: `particlesim run | info | report`. Thin: parses arguments, calls the Python API."""
from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from particlesim import __version__
from particlesim.checkpoint import FILENAME, Checkpointer, CheckpointError, load, saved_step
from particlesim.config import ConfigError, load_config
from particlesim.numba_config import CACHE_ROOT, get_num_threads, set_threads
from particlesim.output import check_writable, prepare_run_dir, write_results
from particlesim.resolution import LAYER_MEAN_FREE_PATHS, derive, errors_for, memory_error, warnings_for
from particlesim.simulation import RunStopped, Simulation, warm_up
from studies.sweep import run_sweep


def _load(args):
    cfg = load_config(args.config)
    changes = {}
    if getattr(args, "steps", None) is not None:
        if args.steps < 1:
            raise ConfigError("--steps", f"{args.steps} is not allowed; must be >= 1")
        changes["steps"] = args.steps
        if args.steps != cfg.steps and cfg.steps > 0:
            # one rule: --steps keeps the config's warm-up fraction (start_step / steps)
            start = int(round(cfg.sampling.start_step * args.steps / cfg.steps))
            changes["sampling.start_step"] = start
            if start != cfg.sampling.start_step:
                print(f"--steps {args.steps}: sampling starts at step {start} (the config's warm-up fraction "
                      f"{cfg.sampling.start_step}/{cfg.steps} kept)", file=sys.stderr)
    if getattr(args, "seed", None) is not None:
        changes["seed"] = args.seed
    return cfg.replace(**changes) if changes else cfg


RATE_FILE = "measured_rate.json"


def remember_rate(rate, particle_steps):
    """Keep the step rate of the last run of any size worth timing, for `info`'s cost estimate."""
    if not (rate and rate == rate and particle_steps > 1e7 and CACHE_ROOT):
        return
    try:
        (Path(CACHE_ROOT) / RATE_FILE).write_text(json.dumps({"particle_steps_per_s": rate,
                                                             "threads": get_num_threads()}))
    except OSError:
        pass


def _measured_rate():
    try:
        return json.loads((Path(CACHE_ROOT) / RATE_FILE).read_text())
    except (OSError, ValueError, TypeError):
        return None


def _cost_text(dv) -> str:
    rate = _measured_rate()
    if rate:
        return (f"{dv.particle_steps:.3g} particle-steps (about {dv.particle_steps / rate['particle_steps_per_s']:.0f} s "
                f"at the {rate['particle_steps_per_s'] / 1e6:.0f} M/s of the last run on this machine, "
                f"{rate['threads']} threads)")
    return f"{dv.particle_steps:.3g} particle-steps (no run measured on this machine yet; 30-90 M/s is typical)"


def _species_text(s) -> str:
    if s.model == "hard_sphere":
        return f"{s.name} ({s.molar_mass_g_mol:g} g/mol, hard sphere d = {s.diameter_m:.4g} m)"
    return (f"{s.name} ({s.molar_mass_g_mol:g} g/mol, {s.model.upper()} d_ref = {s.diameter_m:.4g} m at "
            f"{s.t_ref_K:g} K, omega = {s.omega:g}" + (f", alpha = {s.alpha:g})" if s.model == "vss" else ")"))


def _pair_text(cfg, p) -> str:
    pm = cfg.pair_models
    i, j = (cfg.species_names.index(x) for x in p.species)
    return f"{p.species[0]}-{p.species[1]}: d_ref = {pm.d_ref[i, j]:.5g} m, omega = {pm.omega[i, j]:g}, " \
           f"alpha = {pm.alpha[i, j]:g} (given; the mixing rule is overridden)"


def _bulbs_text(cfg, dv) -> str:
    tube = cfg.tube.area_m2 * cfg.tube.length_m
    return "; ".join(f"{side}: V = {e.volume_m3:.4g} m^3 ({e.volume_m3 / tube:.3g} tube volumes), "
                     f"{e.number_density_m3 * e.volume_m3 / dv.weight:.3g} simulated molecules"
                     for side, e in (("left", cfg.left), ("right", cfg.right)) if e.type == "bulb")


def cmd_info(args) -> int:
    cfg = _load(args)
    dv = derive(cfg)
    rows = [
        ("species", ", ".join(_species_text(s) for s in cfg.species)),
        *([("pairs", "; ".join(_pair_text(cfg, p) for p in cfg.pairs))] if cfg.pairs else []),
        ("reference n", f"{dv.number_density_m3:.4g} m^-3 at {dv.temperature_K:g} K"),
        ("reference mole fractions", ", ".join(f"{n}={y:.3g}" for n, y in zip(cfg.species_names, dv.mole_fractions))),
        ("mean free path lambda", f"{dv.mean_free_path_m:.4g} m (smallest species value)"),
        *([("longest species mean free path", f"{dv.mean_free_path_max_m:.4g} m (D is measured from "
            f"{LAYER_MEAN_FREE_PATHS:g} of these inside the ends: their Knudsen layers)")]
          if dv.mean_free_path_max_m > 1.001 * dv.mean_free_path_m else []),
        ("mean collision time tau", f"{dv.collision_time_s:.4g} s"),
        ("tube length L/lambda", f"{dv.knudsen_length:.4g}"),
        ("cell size dz/lambda", f"{dv.dz_over_lambda:.3g}"),
        ("time step dt/tau", f"{dv.dt_over_tau:.3g}"),
        ("weight F_N", f"{dv.weight:.4g} molecules per particle"),
        ("section", _section_text(cfg, dv)),
        *([("bulbs", _bulbs_text(cfg, dv))] if "bulb" in (cfg.left.type, cfg.right.type) else []),
        ("particles", f"{dv.particles:.4g} ({dv.particles_per_cell:.3g} per collision cell, {dv.subcells} sub-cells each: "
                      f"{dv.subcells_z} along z x {_across_text(cfg, dv)} across)"),
        ("expected MCS/lambda", f"{dv.expected_mcs_over_lambda:.3g}"),
        ("particles passed per step", f"{dv.particles_swept_per_step:.3g} (slowest species; D low by about "
                                      f"{100 * dv.recollision_bias:.2g}%)"),
        ("memory estimate", f"{dv.memory_bytes / 2**20:.1f} MiB"),
        ("cost", _cost_text(dv)),
    ]
    w = max(len(k) for k, _ in rows)
    print(f"{cfg.name}: {cfg.steps} steps of {cfg.dt_s:g} s")
    for k, v in rows:
        print(f"  {k:<{w}}  {v}")
    for field, msg in errors_for(dv, cfg):
        print(f"will be refused: {field}: {msg}")
    if (msg := memory_error(dv)) is not None:
        print(f"will be refused: particles: {msg}")
    for msg in warnings_for(dv, cfg):
        print(f"warning: {msg}")
    return 0


def _section_text(cfg, dv) -> str:
    t = cfg.tube
    if t.section == "unbounded":
        return f"unbounded (periodic {dv.section_over_lambda:.3g} lambda square), one collision cell per z-cell"
    size = f"R = {t.radius_m:.4g} m" if t.section == "circle" else f"H = {t.height_m:.4g} m, W = {t.width_m:.4g} m"
    bins = "rings of equal area" if t.section == "circle" else "bands"
    w = cfg.walls
    wall = w.model + (f" (accommodation {w.accommodation:g})" if w.model == "maxwell" else "")
    if w.model != "specular":
        wall += (f" at {w.temperature_left_K:g} K" if w.temperature_left_K == w.temperature_right_K
                 else f" at {w.temperature_left_K:g} to {w.temperature_right_K:g} K along z")
    return (f"{t.section}, {size} ({dv.section_over_lambda:.3g} lambda across), {dv.bins} {bins} "
            f"(the one at the wall {dv.bin_over_lambda:.2g} lambda wide), {wall} walls")


def _across_text(cfg, dv) -> str:
    n = dv.subcells_across
    return {"unbounded": f"{n} x {n}", "circle": f"{n} sectors", "slit": f"{n} strips"}[cfg.tube.section]


class _StopFlag:
    """Set by SIGINT or SIGTERM; the run ends after the current step and checkpoints."""

    def __init__(self):
        self.signal = None

    def __call__(self):
        return self.signal is not None

    def install(self):
        def handler(signum, _frame):
            self.signal = signum
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, handler)


def cmd_run(args) -> int:
    if args.config is None and args.resume is None:
        raise ConfigError("CONFIG", "missing; give a config file (particlesim run runs/quickstart.toml) or "
                          "--resume RUN_DIR")
    if args.config is not None and args.resume is not None:
        raise ConfigError("CONFIG", "give a config file or --resume RUN_DIR, not both")
    if args.threads is not None and args.threads < 1:
        raise ConfigError("--threads", f"{args.threads} is not allowed; must be >= 1")
    for opt in ("checkpoint_every", "checkpoint_minutes"):
        if getattr(args, opt) is not None and getattr(args, opt) < 0:
            raise ConfigError("--" + opt.replace("_", "-"), f"{getattr(args, opt)} is not allowed; must be >= 0")
    set_threads(args.threads)
    if args.resume:
        out = Path(args.resume)
        if not (out / "config.toml").is_file():
            raise ConfigError("--resume", f"{str(out)!r} is not a run folder (no config.toml)")
        if (out / "summary.json").is_file() and not (out / FILENAME).is_file():
            raise ConfigError("--resume", f"{str(out)!r} holds a finished run; nothing to resume")
        cfg = load_config(out / "config.toml")
        prepare_run_dir(cfg, out, resume=True)
    else:
        cfg = _load(args)
        out = Path(args.out) if args.out else Path(args.config).parent / "output" / cfg.name
        check_writable(out, args.force)
    sim = Simulation(cfg, allow_coarse=args.allow_coarse)  # resolution and memory checks, before any file
    if not args.resume:
        prepare_run_dir(cfg, out, args.force)
    for msg in sim.warnings:
        print(f"warning: {msg}", file=sys.stderr)
    ck_path = out / FILENAME
    if args.resume and ck_path.is_file():
        try:
            load(sim, ck_path)
        except CheckpointError as err:
            raise ConfigError("--resume", str(err)) from None
        print(f"resuming {out} at step {sim.step_index}", file=sys.stderr)
    every = cfg.checkpoint.every_steps if args.checkpoint_every is None else args.checkpoint_every
    minutes = cfg.checkpoint.every_minutes if args.checkpoint_minutes is None else args.checkpoint_minutes
    ck = Checkpointer(ck_path, every, minutes)
    if not args.quiet:
        print("loading the kernels (compiled once per machine and version: about 30 s the first time)...",
              file=sys.stderr, flush=True)
    took = warm_up(cfg)
    if not args.quiet and took > 3.0:
        print(f"compiled the kernels in {took:.0f} s; the step rate below excludes it", file=sys.stderr)
    stop = _StopFlag()
    stop.install()
    try:
        res = sim.run(progress=not args.quiet, checkpoint=ck, stop=stop)
        if stop():
            ck.write(sim)
            write_results(res, cfg, out, status="interrupted")
            print(f"particlesim: interrupted at step {sim.step_index} of {cfg.steps}; checkpoint and partial results "
                  f"written; continue with: particlesim run --resume {out}", file=sys.stderr)
            return 128 + int(stop.signal)
        write_results(res, cfg, out)
    except RunStopped as err:
        print(f"particlesim: stopped: {err}; the last checkpoint "
              f"({'step ' + str(saved_step(ck_path)) if ck_path.exists() else 'none yet'}) is kept", file=sys.stderr)
        return 3
    except OSError as err:
        print(f"particlesim: stopped: cannot write {err.filename or 'output'}: {err.strerror}; the last good "
              f"checkpoint {'is kept' if ck_path.exists() else 'does not exist yet'}", file=sys.stderr)
        return 3
    ck_path.unlink(missing_ok=True)
    s = res.summary
    remember_rate(s["particle_steps_per_s"], s["particle_steps"])
    print(f"wrote {out}: {s['steps']} steps, {s['particles_final']} particles, "
          f"{s['particle_steps_per_s'] / 1e6:.1f} M particle-steps/s, MCS/lambda = {s['mcs_over_lambda']:.3g}")
    return 0


def cmd_report(args) -> int:
    # deferred: reports load matplotlib, which run and info do not need
    from analysis.load import RunFolderError
    from analysis.report.run_report import write_report
    from analysis.report.sweeps import write_sweep_report
    run_dir = Path(args.run_dir)
    if (run_dir / "table.parquet").is_file():
        write_sweep_report(run_dir, args.out)
        return 0
    if not (run_dir / "summary.json").is_file():
        raise ConfigError("RUN_DIR", f"{str(run_dir)!r} is not a run folder (no summary.json) nor a sweep folder "
                          "(no table.parquet)")
    try:
        write_report(run_dir, args.out)
    except RunFolderError as err:
        raise ConfigError("RUN_DIR", str(err)) from None
    except ValueError as err:  # a run too short or too coarse for the analysis: say why, no traceback
        raise ConfigError("RUN_DIR", f"cannot be analysed: {err}") from None
    except OSError as err:
        raise ConfigError("--out", f"cannot write the report: {err.strerror} ({err.filename})") from None
    return 0


def cmd_sweep(args) -> int:
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers", f"{args.workers} is not allowed; must be >= 1")
    table = run_sweep(args.sweep, out=args.out, scheduler=args.scheduler, workers=args.workers, quick=args.quick,
                      progress=not args.quiet)
    out = table.attrs["out"]
    print(f"{len(table)} points in {out}/table.parquet; figures and fits: particlesim report {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="particlesim", description="DSMC of gas diffusion in a tube")
    p.add_argument("--version", action="version", version=f"particlesim {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run a config and write a run folder")
    r.add_argument("config", nargs="?", help="TOML run definition")
    r.add_argument("--resume", metavar="RUN_DIR", help="continue an interrupted run from its last checkpoint")
    r.add_argument("--checkpoint-every", type=int, metavar="STEPS", help="checkpoint every STEPS steps (0: off)")
    r.add_argument("--checkpoint-minutes", type=float, metavar="M", help="checkpoint every M minutes (0: off)")
    r.add_argument("--out", help="run folder (default: output/NAME in the config file's folder)")
    r.add_argument("--steps", type=int, help="number of steps (overrides time.steps; sampling.start_step is scaled "
                                             "with it, so the warm-up keeps its share of the run)")
    r.add_argument("--seed", type=int, help="random seed (overrides seed)")
    r.add_argument("--force", action="store_true", help="overwrite an existing run folder")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--allow-coarse", action="store_true",
                   help="run even where cells, time step or particles per cell make results meaningless")
    r.add_argument("--threads", type=int, help="threads for the kernels (default: all cores; results do not depend on it)")
    r.set_defaults(func=cmd_run)
    i = sub.add_parser("info", help="print derived quantities and resolution checks")
    i.add_argument("config")
    i.set_defaults(func=cmd_info)
    sw = sub.add_parser("sweep", help="run a parameter sweep (local cores or a Dask cluster)")
    sw.add_argument("sweep", help="sweep TOML file (docs/sweeps.md)")
    sw.add_argument("--out", help="sweep folder (default: output/NAME in the sweep file's folder)")
    sw.add_argument("--scheduler", metavar="ADDRESS", help="address of a running Dask scheduler (tcp://host:8786)")
    sw.add_argument("--workers", type=int, help="local worker processes (default: all cores)")
    sw.add_argument("--quick", action="store_true", help="the sweep's quick variant (its [quick] overrides)")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.set_defaults(func=cmd_sweep)
    rp = sub.add_parser("report", help="table, CSV, Markdown and figures for a run folder")
    rp.add_argument("run_dir")
    rp.add_argument("--out", help="report folder (default: RUN_DIR/report)")
    rp.set_defaults(func=cmd_report)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as err:
        print(f"particlesim: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("particlesim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
