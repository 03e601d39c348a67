"""Every seed figure of the plan round-trips from data/raw to the public views, unchanged."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest

from etl.inputs.bundled import SEED_SOURCE
from tests.conftest import ROOT, query

RAW = ROOT / "data" / "raw"


def _kpi_id_by_name() -> dict[str, str]:
    with open(ROOT / "data" / "reference" / "indicators.csv", encoding="utf-8") as handle:
        return {name: row["kpi_id"] for row in csv.DictReader(handle)
                for name in row["source_names_ja"].split("|") if name}


def _central_rows() -> list[dict[str, str]]:
    with open(RAW / "kpi_central.csv", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["indicator_type"] != "地域KPI集計"]


def _number(text: str) -> float | None:
    text = text.replace(",", "").strip()
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


@pytest.mark.parametrize("row", _central_rows(), ids=lambda r: f"{r['indicator'][:12]}-{r['fiscal_year']}")
def test_central_kpi_row_round_trips(con: duckdb.DuckDBPyConnection, row: dict[str, str]) -> None:
    kpi_id = _kpi_id_by_name()[row["indicator"]]
    span = [int(y) for y in row["fiscal_year"].split("-")]
    period = "PLAN" if len(span) == 2 else "FY"
    found = query(con, """
        SELECT target, actual, printed_achievement_pct, year_type, is_sample, source, plan
        FROM kpi_results
        WHERE kpi_id = ? AND geography_level = 'national' AND fiscal_year = ? AND period = ?
    """, [kpi_id, span[-1], period])
    assert found.height == 1, f"{kpi_id} {row['fiscal_year']}: {found.height} rows"
    got = found.row(0, named=True)
    assert got["target"] == _number(row["target"])
    assert got["actual"] == _number(row["actual"])
    assert got["printed_achievement_pct"] == _number(row["achievement_rate_pct"])
    assert got["plan"] == row["plan"]
    assert got["is_sample"] is False
    assert "第3次地域知財活性化行動計画" in got["source"]
    raw_year_type = row["year_type"].split()[0]  # "fiscal (cumulative)" -> fiscal, "survey year" -> survey
    if raw_year_type != "plan":
        assert got["year_type"] == raw_year_type


def test_sme_pct_is_calendar_year_with_the_5000_target(con: duckdb.DuckDBPyConnection) -> None:
    rows = query(con, """
        SELECT fiscal_year AS year, year_type, target, actual, round(achievement_pct, 1) AS pct
        FROM kpi_results WHERE kpi_id = 'P2_OUT_SME_PCT' AND period = 'FY' ORDER BY year
    """)
    assert rows["year"].to_list() == [2018, 2020, 2021, 2022]
    assert set(rows["year_type"]) == {"calendar"}
    assert rows["actual"].to_list() == [4379, 5072, 5115, 4700]
    assert rows.filter(year=2022)["target"].item() == 5000
    assert rows.filter(year=2022)["pct"].item() == 94.0
    baseline = query(con, "SELECT baseline_value, baseline_year, target_value FROM indicators "
                          "WHERE kpi_id = 'P2_OUT_SME_PCT'").row(0)
    assert baseline == (4379, 2018, 5000)


def test_regional_kpi_totals_fy2022_are_the_published_ones(con: duckdb.DuckDBPyConnection) -> None:
    row = query(con, """
        SELECT items, achieved, round(achieved_share_pct, 1) AS share, printed_share_pct, is_sample, source_type
        FROM regional_kpi_summary WHERE geography_level = 'national' AND fiscal_year = 2022
    """).row(0, named=True)
    assert (row["items"], row["achieved"], row["share"], row["printed_share_pct"]) == (114, 90, 78.9, 78.9)
    assert row["is_sample"] is False and row["source_type"] == "seed"


def test_third_plan_targets(con: duckdb.DuckDBPyConnection) -> None:
    core = query(con, "SELECT fiscal_year, target, actual FROM kpi_results "
                      "WHERE kpi_id = 'P3_CORE_SUPPORT' ORDER BY fiscal_year")
    assert core.rows() == [(2023, 60, None), (2024, 60, None), (2025, 60, None)]
    action = query(con, "SELECT period, target, unit FROM kpi_results WHERE kpi_id = 'P3_OUT_IP_ACTION'")
    assert action.rows() == [("PLAN", 60, "%")]


@pytest.mark.parametrize("view", ["subsidy_adoptions", "accelerated_exam", "pct_filings"])
def test_published_long_files_round_trip(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """Every numeric national row of the raw long file is in its view with the same value and source URL
    (rows citing the plan itself cite the one bundled copy of the plan)."""
    file = {"subsidy_adoptions": "subsidies.csv", "accelerated_exam": "accelerated_examination.csv",
            "pct_filings": "pct_applications.csv"}[view]
    with open(RAW / file, encoding="utf-8") as handle:
        raw = [r for r in csv.DictReader(handle) if _number(r["value"]) is not None]
    published = query(con, f"SELECT indicator_ja, year_label, value, source_url, is_sample FROM {view} "  # noqa: S608
                           "WHERE NOT is_sample")
    if view == "subsidy_adoptions":  # the view keeps only the adoption counts of the subsidy file
        raw = [r for r in raw if r["indicator"] in set(published["indicator_ja"])]
    assert raw, "fixture file has numeric rows"
    have = {(r[0], r[1], r[2], r[3]) for r in published.rows()}
    for r in raw:
        url = SEED_SOURCE["url"] if r["source_type"].startswith("seed") else r["source_url"]
        assert (r["indicator"], r["year"], _number(r["value"]), url) in have, r
