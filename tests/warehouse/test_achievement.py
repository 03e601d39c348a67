"""Achievement % semantics, computed once in the warehouse marts, on a tiny hand-made warehouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import tables
from tests.conftest import publish_frames, query
from warehouse.connection import current_version, open_read_only

INDICATORS = [
    ("T_ANNUAL", "annual"),
    ("T_CUM", "cumulative"),
    ("T_QUAL", "qualitative"),
]


def _indicator(kpi_id: str, basis: str) -> dict[str, object]:
    return {"kpi_id": kpi_id, "plan": "3rd", "kpi_tier": "central", "indicator_group": "test", "basis": basis,
            "unit": "件", "unit_en": "cases", "year_type": "fiscal", "kpi_name_ja": kpi_id, "kpi_name_en": kpi_id}


def _fact(kpi_id: str, year: int, period: str, target: float | None, actual: float | None,
          printed: float | None = None) -> dict[str, object]:
    return {"kpi_id": kpi_id, "plan": "3rd", "geography_level": "national", "fiscal_year": year,
            "period": period, "target": target, "actual": actual, "printed_achievement_pct": printed,
            "is_sample": False, "source_id": "src_test"}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    root: Path = tmp_path_factory.mktemp("achievement")
    facts = [
        # annual: each year stands alone; H2 is compared as H1 + H2
        _fact("T_ANNUAL", 2023, "FY", 60, 75, printed=125),
        _fact("T_ANNUAL", 2024, "H1", 60, 20),
        _fact("T_ANNUAL", 2024, "H2", 60, 25),
        _fact("T_ANNUAL", 2024, "FY", 60, 45),
        _fact("T_ANNUAL", 2025, "H1", 60, 35),
        _fact("T_ANNUAL", 2025, "FY", 60, None),
        _fact("T_ANNUAL", 2099, "FY", 60, None),
        # cumulative over FY2023-25, target 300 for the plan: yearly increments add up
        _fact("T_CUM", 2023, "FY", 300, 80),
        _fact("T_CUM", 2024, "H1", 300, 50),
        _fact("T_CUM", 2024, "H2", 300, 40),
        _fact("T_CUM", 2024, "FY", 300, 90),
        _fact("T_CUM", 2025, "FY", 300, 140),
        _fact("T_QUAL", 2025, "PLAN", None, None),
    ]
    publish_frames(root, {
        "dim_indicator": tables.frame("dim_indicator", [_indicator(k, b) for k, b in INDICATORS]),
        "fact_kpi": tables.frame("fact_kpi", facts),
        "dim_source": tables.frame("dim_source", [{"source_id": "src_test", "source_type": "seed",
                                                   "title": "test fixture", "title_en": "test fixture",
                                                   "url": "tests"}]),
    })
    con: duckdb.DuckDBPyConnection = open_read_only(current_version(root).path)
    try:
        return query(con, "SELECT kpi_id, fiscal_year, period, actual, actual_to_date, achievement_pct, "
                          "printed_achievement_pct, status FROM kpi_results")
    finally:
        con.close()


def _row(results: pl.DataFrame, kpi_id: str, year: int, period: str) -> dict[str, object]:
    return results.filter(kpi_id=kpi_id, fiscal_year=year, period=period).row(0, named=True)


def test_annual_over_100_percent_keeps_printed_and_computed_apart(results: pl.DataFrame) -> None:
    row = _row(results, "T_ANNUAL", 2023, "FY")
    assert row["achievement_pct"] == pytest.approx(125.0)
    assert row["printed_achievement_pct"] == 125
    assert row["status"] == "achieved"


def test_annual_year_below_target_is_not_achieved(results: pl.DataFrame) -> None:
    row = _row(results, "T_ANNUAL", 2024, "FY")
    assert row["achievement_pct"] == pytest.approx(75.0)
    assert row["status"] == "not_achieved"


def test_second_half_is_compared_as_the_year_to_date(results: pl.DataFrame) -> None:
    h1 = _row(results, "T_ANNUAL", 2024, "H1")
    h2 = _row(results, "T_ANNUAL", 2024, "H2")
    assert h1["actual_to_date"] == 20 and h1["status"] == "off_track"  # 33% < the 50% due by H1
    assert h2["actual_to_date"] == 45 and h2["achievement_pct"] == pytest.approx(75.0)
    assert _row(results, "T_ANNUAL", 2025, "H1")["status"] == "on_pace"  # 58% >= 50%


def test_missing_actual_has_no_percentage(results: pl.DataFrame) -> None:
    row = _row(results, "T_ANNUAL", 2025, "FY")
    assert row["actual_to_date"] is None and row["achievement_pct"] is None
    # FY2025 ends in March 2026; half a year later a missing figure is "no data", before that "not yet reported"
    assert row["status"] == ("no_data" if date.today() >= date(2026, 10, 1) else "not_reported")
    assert _row(results, "T_ANNUAL", 2099, "FY")["status"] == "not_reported"


def test_cumulative_compares_running_total_with_the_plan_target(results: pl.DataFrame) -> None:
    assert _row(results, "T_CUM", 2023, "FY")["actual_to_date"] == 80
    y2024 = _row(results, "T_CUM", 2024, "FY")
    assert y2024["actual_to_date"] == 170
    assert y2024["achievement_pct"] == 56.7  # 170 / 300, shown to one decimal
    assert y2024["status"] == "off_track"  # two of three years gone needs 66.7%
    assert _row(results, "T_CUM", 2024, "H1")["actual_to_date"] == 130  # 80 earlier + 50 in H1
    assert _row(results, "T_CUM", 2024, "H2")["actual_to_date"] == 170
    final = _row(results, "T_CUM", 2025, "FY")
    assert final["actual_to_date"] == 310 and final["status"] == "achieved"


def test_qualitative_indicator_gets_no_number(results: pl.DataFrame) -> None:
    row = _row(results, "T_QUAL", 2025, "PLAN")
    assert (row["actual_to_date"], row["achievement_pct"]) == (None, None)
    assert row["status"] == "qualitative"


def test_real_cumulative_kpi_uses_the_plan_total(con: duckdb.DuckDBPyConnection) -> None:
    """第2次 施策KPI(a): 213 cases against 250 over FY2020-22 → 85.2% (printed 85%)."""
    row = query(con, "SELECT basis, period, achievement_pct, printed_achievement_pct, status "
                     "FROM kpi_results WHERE kpi_id = 'P2_BANK'").row(0, named=True)
    assert row["basis"] == "cumulative" and row["period"] == "PLAN"
    assert row["achievement_pct"] == pytest.approx(85.2)
    assert row["printed_achievement_pct"] == 85
    assert row["status"] == "not_achieved"
