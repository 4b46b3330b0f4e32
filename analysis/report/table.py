"""The report table shared by run, cell and one-gas reports: one row per quantity with a stable
key (what code and tests select on, e.g. "D_AB.ce" or "N_A"), a label for people, the value with
its standard error and degrees of freedom, the theory and the ratio to it; written as CSV,
Markdown and aligned terminal text."""
from __future__ import annotations

import math

import pandas as pd

from analysis.measure.stats import Estimate, rounded

COLUMNS = ["key", "quantity", "unit", "value", "error", "dof", "theory", "ratio", "ratio_error", "note"]
NAN = float("nan")


def row(key: str, label: str, unit: str, e: Estimate | None, theory=None, note="") -> dict:
    """A table row from an Estimate (None: not measured) and an optional theory value."""
    val = e.value if e is not None else NAN
    err = e.error if e is not None else NAN
    # degrees of freedom of the error (independent blocks less one): 95% intervals use Student's t
    dof = float(e.dof) if e is not None and e.samples else NAN
    return {"key": key, "quantity": label, "unit": unit, "value": val, "error": err, "dof": dof,
            "theory": theory if theory is not None else NAN,
            "ratio": val / theory if theory not in (None, 0) else NAN,
            "ratio_error": abs(err / theory) if theory not in (None, 0) else NAN, "note": note}


def plain(key: str, label: str, value, note="", unit="") -> dict:
    """A row without error or theory (a resolution figure, a diagnostic)."""
    return {**row(key, label, unit, None, None, note), "value": value}


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def select(table: pd.DataFrame, key: str, column="value", default=NAN) -> float:
    """One number of a report table by its key; `default` where the row is absent."""
    hit = table.loc[table["key"] == key, column]
    return float(hit.iloc[0]) if len(hit) else default


def _cells(r):
    """A table row as text: value +- error to the digits the error allows, theory, ratio."""
    blank = lambda v: isinstance(v, float) and math.isnan(v)
    value = "" if blank(r.value) else rounded(r.value, r.error)
    theory = "" if blank(r.theory) else f"{r.theory:.5g}"
    ratio = "" if blank(r.ratio) else rounded(r.ratio, r.ratio_error)
    return value, theory, ratio


def markdown(table: pd.DataFrame) -> str:
    esc = lambda t: str(t).replace("|", "\\|")
    lines = ["| quantity | value +- one standard error | unit | theory | ratio to theory | note |",
             "|---|---|---|---|---|---|"]
    for r in table.itertuples():
        value, theory, ratio = _cells(r)
        lines.append(f"| {esc(r.quantity)} | {value} | {esc(r.unit)} | {theory} | {ratio} | {esc(r.note)} |")
    return "\n".join(lines)


def wide(table: pd.DataFrame, floatfmt: str = ".4g") -> str:
    """A sweep's table (one row per point, any columns) as Markdown: the one writer the sweep
    reports share."""
    return table.to_markdown(index=False, floatfmt=floatfmt)


def terminal(table: pd.DataFrame) -> str:
    """The report table for a terminal: what report.md shows, in aligned columns."""
    rows = [("quantity", "value +- error", "unit", "theory", "ratio", "theory is")]
    for r in table.itertuples():
        value, theory, ratio = _cells(r)
        rows.append((r.quantity, value, r.unit, theory, ratio, r.note.split(";")[0] if theory else ""))
    w = [max(len(x[k]) for x in rows) for k in range(5)]
    return "\n".join("  ".join(c.ljust(w[k]) for k, c in enumerate(x[:5])) + ("  " + x[5] if x[5] else "")
                     for x in rows)
