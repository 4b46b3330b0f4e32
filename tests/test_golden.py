"""Restructuring moves code, never results: five shipped run files (shortened, fixed seeds) give
the very tables, summary and report numbers recorded in tests/golden/data before the moves."""
import json

import numpy as np
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
        # every text of the report exactly and every number to 1e-7, column by column (a new column,
        # such as the rows' keys, may join the table; none that was there may change). The tables
        # above are bit-identical on any host; a report's derived numbers pass through numpy's and
        # LAPACK's CPU-specific kernels, which may move the last digit, and an adaptive ODE solver
        # amplifies that (seen on a host without AVX-512: a chi2 by one ulp, the two-bulb cell's
        # Maxwell-Stefan theory by 4e-9)
        golden_table = pd.read_csv(golden / r, dtype=str, keep_default_na=False)
        table = pd.read_csv(run_dir / "report" / r.removeprefix("report_"), dtype=str, keep_default_na=False)
        assert set(golden_table.columns) <= set(table.columns), (name, r)
        if "key" in table:  # what code selects rows by: one row per key
            assert table["key"].is_unique and (table["key"] != "").all(), table["key"].tolist()
        table = table[golden_table.columns]
        for col in golden_table.columns:
            want, got = golden_table[col], table[col]
            numbers = pd.to_numeric(want, errors="coerce")
            if numbers.notna().sum() == (want != "").sum() > 0:  # a numeric column (blanks allowed)
                assert ((got == "") == (want == "")).all(), (name, r, col)
                np.testing.assert_allclose(pd.to_numeric(got, errors="coerce"), numbers, rtol=1e-7, atol=0,
                                           err_msg=f"{name}/{r} column {col}")
            else:
                pd.testing.assert_series_equal(got, want, obj=f"{name}/{r} column {col}")
