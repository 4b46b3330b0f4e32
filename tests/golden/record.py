"""Record the golden outputs: `python -m tests.golden.record` (from the repository root).
Run it only when a change is meant to change results, and say so in the commit."""
import shutil
import tempfile
from pathlib import Path

from .cases import CASES, HERE, run_case, stable_summary

GOLDEN = HERE / "data"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            run_dir = run_case(name, Path(tmp))
            dest = GOLDEN / name
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            for f in run_dir.glob("*.parquet"):
                shutil.copy(f, dest / f.name)
            for f in (run_dir / "report").glob("*.csv"):
                shutil.copy(f, dest / f"report_{f.name}")
            import json
            (dest / "summary.json").write_text(json.dumps(stable_summary(run_dir), indent=1, sort_keys=True))
            print(f"recorded {name}: {sorted(p.name for p in dest.iterdir())}")


if __name__ == "__main__":
    main()
