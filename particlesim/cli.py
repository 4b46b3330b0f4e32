"""Command line: `particlesim run | info | report`. Thin: parses arguments, calls the Python API."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import ConfigError, load_config


def _load(args):
    cfg = load_config(args.config)
    changes = {}
    if getattr(args, "steps", None) is not None:
        if args.steps < 0:
            raise ConfigError("--steps", f"{args.steps} is not allowed; must be >= 0")
        changes["steps"] = args.steps
        if cfg.sampling.start_step > args.steps:
            changes["sampling.start_step"] = args.steps // 4
    if getattr(args, "seed", None) is not None:
        changes["seed"] = args.seed
    return cfg.replace(**changes) if changes else cfg


def cmd_info(args) -> int:
    from .resolution import derive, warnings_for
    cfg = _load(args)
    dv = derive(cfg)
    rows = [
        ("species", ", ".join(f"{s.name} ({s.molar_mass_g_mol:g} g/mol, d = {s.diameter_m:.3g} m)" for s in cfg.species)),
        ("reference n", f"{dv.number_density_m3:.4g} m^-3 at {dv.temperature_K:g} K"),
        ("reference mole fractions", ", ".join(f"{n}={y:.3g}" for n, y in zip(cfg.species_names, dv.mole_fractions))),
        ("mean free path lambda", f"{dv.mean_free_path_m:.4g} m (smallest species value)"),
        ("mean collision time tau", f"{dv.collision_time_s:.4g} s"),
        ("tube length L/lambda", f"{dv.knudsen_length:.4g}"),
        ("cell size dz/lambda", f"{dv.dz_over_lambda:.3g}"),
        ("time step dt/tau", f"{dv.dt_over_tau:.3g}"),
        ("weight F_N", f"{dv.weight:.4g} molecules per particle"),
        ("particles", f"{dv.particles:.4g} ({dv.particles_per_cell:.3g} per cell, {dv.subcells} sub-cells per cell)"),
        ("expected MCS/lambda", f"{dv.expected_mcs_over_lambda:.3g}"),
        ("memory estimate", f"{dv.memory_bytes / 2**20:.1f} MiB"),
        ("cost", f"{dv.particle_steps:.3g} particle-steps (about {dv.particle_steps / 1.5e7:.0f} s at 15 M/s)"),
    ]
    w = max(len(k) for k, _ in rows)
    print(f"{cfg.name}: {cfg.steps} steps of {cfg.dt_s:g} s")
    for k, v in rows:
        print(f"  {k:<{w}}  {v}")
    for msg in warnings_for(dv, cfg):
        print(f"warning: {msg}")
    return 0


def cmd_run(args) -> int:
    from .numba_config import set_threads
    from .output import check_writable, write_run
    from .simulation import Simulation
    cfg = _load(args)
    if args.threads is not None and args.threads < 1:
        raise ConfigError("--threads", f"{args.threads} is not allowed; must be >= 1")
    set_threads(args.threads)
    out = Path(args.out) if args.out else Path(args.config).parent / "output" / cfg.name
    check_writable(out, args.force)
    sim = Simulation(cfg)
    for msg in sim.warnings:
        print(f"warning: {msg}", file=sys.stderr)
    res = sim.run(progress=not args.quiet)
    write_run(res, cfg, out, force=args.force)
    s = res.summary
    print(f"wrote {out}: {s['steps']} steps, {s['particles_final']} particles, "
          f"{s['particle_steps_per_s'] / 1e6:.1f} M particle-steps/s, MCS/lambda = {s['mcs_over_lambda']:.3g}")
    return 0


def cmd_report(args) -> int:
    from analysis.report import write_report
    run_dir = Path(args.run_dir)
    if not (run_dir / "summary.json").is_file():
        raise ConfigError("RUN_DIR", f"{str(run_dir)!r} is not a run folder (no summary.json)")
    write_report(run_dir, args.out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="particlesim", description="DSMC of gas diffusion in a tube")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run a config and write a run folder")
    r.add_argument("config", help="TOML run definition")
    r.add_argument("--out", help="run folder (default: runs/output/NAME next to the config)")
    r.add_argument("--steps", type=int, help="number of steps (overrides time.steps)")
    r.add_argument("--seed", type=int, help="random seed (overrides seed)")
    r.add_argument("--force", action="store_true", help="overwrite an existing run folder")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--threads", type=int, help="threads for the kernels (default: all cores; results do not depend on it)")
    r.set_defaults(func=cmd_run)
    i = sub.add_parser("info", help="print derived quantities and resolution checks")
    i.add_argument("config")
    i.set_defaults(func=cmd_info)
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
