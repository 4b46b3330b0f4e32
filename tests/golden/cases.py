"""The golden-output cases: five shipped run files, shortened, with fixed seeds. Recorded once
by `python -m tests.golden.record` before a restructure; tests/test_golden.py reruns them and
demands identical tables and report numbers, so that a move of code cannot move a result."""
from __future__ import annotations

import json
from pathlib import Path

import particlesim as ps

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# run file, then overrides that make it a few seconds long (same physics, fewer molecules and steps)
CASES = {
    "quickstart": ("runs/quickstart.toml", {"particles.per_cell": 16, "time.steps": 900,
                                            "sampling.start_step": 150, "sampling.profile_blocks": 10}),
    "closed_tube": ("runs/closed_tube.toml", {"particles.per_cell": 16, "time.steps": 600,
                                              "sampling.profile_blocks": 30}),
    "duncan_toor": ("runs/duncan_toor.toml", {"particles.per_cell": 12, "time.steps": 800,
                                              "sampling.profile_blocks": 8}),
    "transmission": ("runs/capillary/transmission.toml", {"time.steps": 1500, "sampling.start_step": 300}),
    "he_ar_vss": ("runs/he_ar_vss.toml", {"particles.per_cell": 16, "time.steps": 900,
                                          "sampling.start_step": 150, "sampling.profile_blocks": 10}),
}
# what differs between two identical runs: the clock, the host and the code's own version
VOLATILE = {"wall_time_s", "particle_steps_per_s", "compile_time_s", "threads", "status"}


def config(name: str):
    path, over = CASES[name]
    return ps.load_config(ROOT / path).replace(**over)


def run_case(name: str, out: Path) -> Path:
    """Run one case into out/NAME and write its report into out/NAME/report; returns the run folder."""
    from analysis.report.run_report import write_report
    from particlesim.output import write_run

    cfg = config(name)
    run_dir = write_run(ps.Simulation(cfg).run(), cfg, out / name)
    write_report(run_dir, quiet=True)
    return run_dir


def stable_summary(run_dir: Path) -> dict:
    s = json.loads((run_dir / "summary.json").read_text())
    return {k: v for k, v in s.items() if k not in VOLATILE}
