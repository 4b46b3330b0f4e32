"""Start-up: seconds from interpreter start to the end of the quickstart's first step, with
the compiled kernels cached (issue 9 target: under 3 s). Runs it twice in fresh processes;
the first may compile, the second shows the cached start."""
import subprocess
import sys
import time

CODE = """
import particlesim as ps
sim = ps.Simulation(ps.load_config('runs/quickstart.toml'))
sim.step()
"""

if __name__ == "__main__":
    for label in ("first run", "second run (cached kernels)"):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", CODE], check=True)
        print(f"{label}: {time.perf_counter() - t0:.2f} s to the end of the first step")
