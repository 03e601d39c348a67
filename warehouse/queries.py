"""One typed function per question the pages ask. SQL lives here; values are bound, never formatted.

Every function takes a DuckDB cursor (one per call/thread) and returns a Polars frame read from
the public views only.  ``None`` for a filter means "no filter".
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

KPI_COLUMNS = (
    "plan, kpi_id, kpi_name_ja, kpi_name_en, kpi_tier, indicator_group, basis, geography_level, block, "
    "prefecture_code, prefecture_name_ja, prefecture_name_en, fiscal_year, year_type, period, target, actual, "
    "actual_to_date, unit, unit_en, achievement_pct, printed_achievement_pct, status, is_sample, source, "
    "source_type, source_url, note"
)


def _frame(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pl.DataFrame:
    table = cur.sql(sql, params=params or {}).to_arrow_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _list(values: Sequence[str] | None) -> list[str] | None:
    return None if values is None else list(values)


def central_kpis(cur: duckdb.DuckDBPyConnection, *, plan: str | None = None) -> pl.DataFrame:
    """National results of the central KPIs, every year and period, in catalogue order."""
    return _frame(cur, f"""
        SELECT {KPI_COLUMNS}
        FROM kpi_results
        WHERE kpi_tier = 'central' AND geography_level = 'national'
          AND ($plan::VARCHAR IS NULL OR plan = $plan)
        ORDER BY plan, kpi_id, fiscal_year, period
    """, {"plan": plan})  # noqa: S608 (constant column list)


def plans(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(cur, "SELECT * FROM plans ORDER BY plan_no")


def prefectures(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(cur, "SELECT * FROM prefectures ORDER BY prefecture_code")


def indicators(cur: duckdb.DuckDBPyConnection, *, tier: str | None = None) -> pl.DataFrame:
    return _frame(cur, """
        SELECT * FROM indicators
        WHERE ($tier::VARCHAR IS NULL OR kpi_tier = $tier)
        ORDER BY kpi_tier, plan, kpi_id
    """, {"tier": tier})


def build_info(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cur.execute("SELECT key, value FROM warehouse_info").fetchall())
