"""Restructuring moves code, never results: five shipped run files (shortened, fixed seeds) give
the very tables, summary and report numbers recorded in tests/golden/data before the moves."""
import json

import pandas as pd
import pytest

from .golden.cases import CASES, HERE, run_case, stable_summary

GOLDEN = HERE / "data"


@pytest.mark.parametrize("name", list(CASES))
def test_same_seed_reproduces_the_golden_run_and_report(name, tmp_path):
    run_dir = run_case(name, tmp_path)
    golden = GOLDEN / name
    tables = sorted(p.name for p in golden.glob("*.parquet"))
    assert tables == sorted(p.name for p in run_dir.glob("*.parquet"))
    for t in tables:
        pd.testing.assert_frame_equal(pd.read_parquet(run_dir / t), pd.read_parquet(golden / t), check_exact=True,
                                      obj=f"{name}/{t}")
    assert stable_summary(run_dir) == json.loads((golden / "summary.json").read_text())
    reports = sorted(p.name for p in golden.glob("report_*.csv"))
    assert reports == sorted(f"report_{p.name}" for p in (run_dir / "report").glob("*.csv"))
    for r in reports:
        # the report as a user reads it: every number to the last digit written
        assert (run_dir / "report" / r.removeprefix("report_")).read_text() == (golden / r).read_text(), f"{name}/{r}"
