"""Warehouse reads of the half-year review: one block's regional KPIs, at block and prefecture level."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.queries import KPI_COLUMNS, _frame


def block_kpis(cur: duckdb.DuckDBPyConnection, *, plan: str, block: str) -> pl.DataFrame:
    """Every regional-KPI row of ``block`` in ``plan``: the block's own rows and its prefectures'."""
    return _frame(cur, f"""
        SELECT {KPI_COLUMNS}
        FROM kpi_results
        WHERE kpi_tier = 'regional' AND plan = $plan AND block = $block
          AND geography_level IN ('block', 'prefecture')
        ORDER BY kpi_id, geography_level, prefecture_code, fiscal_year, period
    """, {"plan": plan, "block": block})  # noqa: S608 (constant column list)
