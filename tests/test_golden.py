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
        # every number of the report to the last digit written, column by column (a new column, such
        # as the rows' keys, may join the table; none that was there may change)
        golden_table = pd.read_csv(golden / r, dtype=str, keep_default_na=False)
        table = pd.read_csv(run_dir / "report" / r.removeprefix("report_"), dtype=str, keep_default_na=False)
        assert set(golden_table.columns) <= set(table.columns), (name, r)
        if "key" in table:  # what code selects rows by: one row per key
            assert table["key"].is_unique and (table["key"] != "").all(), table["key"].tolist()
        pd.testing.assert_frame_equal(table[golden_table.columns], golden_table, obj=f"{name}/{r}")
