"""Statistical efficiency: wall time until the 95% confidence half-width on D_AB for the
quickstart problem reaches 1% (issue 9 target: under 5 minutes on this 2-core machine).

Runs the quickstart in segments and analyses the partial run after each, as a user
watching convergence would; prints D_AB / [D_AB]_1 with its interval at each check.
"""
import time

import particlesim as ps
from analysis import theory
from analysis.diffusion import fick_diffusion

TARGET = 0.01  # relative 95% half-width
SEGMENT = 6000  # steps between checks
MIN_BATCHES = 12  # an error bar from fewer batch means is itself too uncertain to stop on

if __name__ == "__main__":
    base = ps.load_config("runs/quickstart.toml")
    # plan a long run; profile blocks of 2,000 steps (about two relaxation times of the
    # slowest diffusive mode, L^2 / (pi^2 D) = 900 steps), so that batches are nearly independent
    planned = 600_000
    cfg = base.replace(steps=planned, **{"sampling.profile_blocks": (planned - base.sampling.start_step) // 2000})
    d1 = theory.diffusion_ce1(cfg.initial.number_density_m3, cfg.initial.temperature_K, *cfg.masses, *cfg.diameters)
    t0 = time.perf_counter()
    sim = ps.Simulation(cfg)
    sim.run(cfg.sampling.start_step)
    while sim.step_index < planned:
        sim.run(SEGMENT)
        d = fick_diffusion(sim.results())["D"]
        half = 1.96 * d.error / d.value
        el = time.perf_counter() - t0
        print(f"{el:6.1f} s  step {sim.step_index:7d}  D/[D]_1 = {d.value / d1:.4f} +- {1.96 * d.error / d1:.4f} (95%)  "
              f"half-width {100 * half:.2f}% ({d.samples} batches)", flush=True)
        if half <= TARGET and d.samples >= MIN_BATCHES:
            print(f"reached a 95% half-width of {100 * half:.2f}% in {el:.0f} s wall time "
                  f"({sim.particles.n} particles, {sim.step_index} steps)")
            break
