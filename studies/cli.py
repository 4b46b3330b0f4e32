"""Command line: `particlesim run | info | report`. Thin: parses arguments, calls the Python API."""
from __future__ import annotations

import argparse
import math
import signal
import sys
from pathlib import Path

import tomllib

from particlesim import __version__, numba_config
from particlesim.checkpoint import FILENAME, UNREADABLE, Checkpointer, CheckpointError, load, saved_step
from particlesim.config import ConfigError, load_config
from particlesim.numba_config import set_threads
from particlesim.output import check_writable, hold_folder, prepare_run_dir, write_results
from particlesim.simulation import RunStopped, Simulation, warm_up
from studies.info import info_lines, remember_rate
from studies.sweep import load_sweep, run_sweep
from studies.ticker import with_ticker


def _is_sweep_file(path) -> bool:
    """A sweep file names a base config and series (docs/sweeps.md); a run file has neither."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # load_config reports it
    return "base" in data and "series" in data


def _load(args):
    if _is_sweep_file(args.config):
        raise ConfigError("CONFIG", f"{args.config} is a sweep file; run it with: particlesim sweep {args.config} "
                          f"(particlesim info {args.config} describes its points)")
    cfg = load_config(args.config)
    changes = {}
    if getattr(args, "seed", None) is not None:
        changes["seed"] = args.seed
    if getattr(args, "steps", None) is not None:
        if args.steps < 1:
            raise ConfigError("--steps", f"{args.steps} is not allowed; must be >= 1")
        new = cfg.with_steps(args.steps, **changes)  # one rule: the config's warm-up fraction is kept
        if new.sampling.start_step != cfg.sampling.start_step:
            print(f"--steps {args.steps}: sampling starts at step {new.sampling.start_step} (the config's warm-up "
                  f"fraction {cfg.sampling.start_step}/{cfg.steps} kept)", file=sys.stderr)
        return new
    return cfg.replace(**changes) if changes else cfg


def cmd_info(args) -> int:
    if _is_sweep_file(args.config):
        sweep = load_sweep(args.config)
        series = {}
        for p in sweep.points:
            series[p.series] = series.get(p.series, 0) + 1
        print(f"sweep {sweep.name}: {len(sweep.points)} runs ({', '.join(f'{k}: {v}' for k, v in series.items())}); "
              f"run it with: particlesim sweep {args.config}")
        print("its base config, as the sweep sets it:")
        print("\n".join(info_lines(sweep.base)))
        return 0
    cfg = _load(args)
    _build_tables(cfg)
    print("\n".join(info_lines(cfg)))
    return 0


def _build_tables(cfg, quiet=False):
    """The deflection tables of molecules from a potential, built before anything else, with a
    ticker: the first time, about 10 s per pair (cached on disk after)."""
    pot = cfg.potentials
    if pot is None or pot.tables_cached():
        return
    if not quiet:
        print("building the pairs' deflection tables (once per pair and temperature range, about 10 s each)...",
              file=sys.stderr, flush=True)
        with_ticker(lambda: pot.tables, what="building deflection tables")
    return pot.tables


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
    if args.threads is not None and not 1 <= args.threads <= numba_config.max_threads():
        raise ConfigError("--threads", f"{args.threads} is not allowed; must be between 1 and "
                          f"{numba_config.max_threads()} (the threads Numba may use here)")
    for opt in ("checkpoint_every", "checkpoint_minutes"):
        v = getattr(args, opt)
        if v is not None and not (math.isfinite(v) and v >= 0):  # nan slips through a plain v < 0
            raise ConfigError("--" + opt.replace("_", "-"), f"{v} is not allowed; must be a number >= 0")
    set_threads(args.threads)
    if args.resume:
        out = Path(args.resume)
        if not (out / "config.toml").is_file():
            raise ConfigError("--resume", f"{str(out)!r} is not a run folder (no config.toml)")
        if (out / "summary.json").is_file() and not (out / FILENAME).is_file():
            raise ConfigError("--resume", f"{str(out)!r} holds a finished run; nothing to resume")
        cfg = load_config(out / "config.toml")
        held = hold_folder(out, "--resume")  # noqa: F841 (held until the command ends)
    else:
        cfg = _load(args)
        out = Path(args.out) if args.out else Path(args.config).parent / "output" / cfg.name
        check_writable(out, args.force)
    _build_tables(cfg, args.quiet)
    sim = Simulation(cfg, allow_coarse=args.allow_coarse)  # resolution and memory checks, before any file
    if not args.resume:
        held = hold_folder(out)  # noqa: F841 (held until the command ends)
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
    if args.resume:  # only now, with the checkpoint accepted, is the folder marked running again
        prepare_run_dir(cfg, out, resume=True)
    every = cfg.checkpoint.every_steps if args.checkpoint_every is None else args.checkpoint_every
    minutes = cfg.checkpoint.every_minutes if args.checkpoint_minutes is None else args.checkpoint_minutes
    ck = Checkpointer(ck_path, every, minutes)
    if not args.quiet:
        print("loading the kernels (compiled once per machine and version: 40-100 s the first time on 2 cores, "
              "about 2 s after)...", file=sys.stderr, flush=True)
    took = warm_up(cfg) if args.quiet else with_ticker(warm_up, cfg)
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
              f"({_saved(ck_path)}) is kept", file=sys.stderr)
        return 3
    except OSError as err:
        print(f"particlesim: stopped: cannot write {err.filename or 'output'}: {err.strerror}; the last good "
              f"checkpoint {'is kept' if ck_path.exists() else 'does not exist yet'}", file=sys.stderr)
        return 3
    ck_path.unlink(missing_ok=True)
    s = res.summary
    remember_rate(s.particle_steps_per_s, s.particle_steps)
    print(f"wrote {out}: {s.steps} steps, {s.particles_final} particles, "
          f"{s.particle_steps_per_s / 1e6:.1f} M particle-steps/s, MCS/lambda = {s.mcs_over_lambda:.3g}")
    return 0


def cmd_report(args) -> int:
    # deferred: reports load matplotlib, which run and info do not need
    from analysis.load import RunFolderError
    from analysis.report.run_report import write_report
    from analysis.report.sweeps import write_sweep_report
    run_dir = Path(args.run_dir)
    sweep = (run_dir / "table.parquet").is_file()
    if not sweep and not (run_dir / "summary.json").is_file():
        raise ConfigError("RUN_DIR", f"{str(run_dir)!r} is not a run folder (no summary.json) nor a sweep folder "
                          "(no table.parquet)")
    try:
        (write_sweep_report if sweep else write_report)(run_dir, args.out)
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
                      progress=not args.quiet, force=args.force)
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
    sw.add_argument("--force", action="store_true", help="accept a changed sweep file in an existing folder: keep "
                    "the points whose config is unchanged, run the rest, remove points the file no longer has")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.set_defaults(func=cmd_sweep)
    rp = sub.add_parser("report", help="table, CSV, Markdown and figures for a run folder")
    rp.add_argument("run_dir")
    rp.add_argument("--out", help="report folder (default: RUN_DIR/report)")
    rp.set_defaults(func=cmd_report)
    return p


def _saved(ck_path) -> str:
    try:
        return f"step {saved_step(ck_path)}" if ck_path.exists() else "none yet"
    except UNREADABLE:
        return "unreadable"


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
