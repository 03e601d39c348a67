"""Rows of the serving version that a loaded file may touch: its prefectures in its years.

The ETL's replacement rule (etl/loads/override.py) is applied to these rows to count, before a file is loaded,
what it would add and replace (etl/loads/impact.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from warehouse.connection import NoWarehouseError, Version, current_version, open_read_only
from warehouse.contract import TABLES

_YEAR = {"fact_kpi": "fiscal_year", "fact_statistic": "year"}


def prefecture_rows(table: str, years: list[int], prefectures: list[str], root: Path | None = None,
                    ) -> tuple[Version, pl.DataFrame] | None:
    """(serving version, its prefecture rows of ``table`` in these years and prefectures: the table's key
    columns and is_sample); None when there is no readable version."""
    try:
        version = current_version(root)
        con = open_read_only(version.path)
    except (NoWarehouseError, duckdb.Error, OSError, ValueError):
        return None
    columns = ", ".join([*TABLES[table].key, "is_sample"])
    sql = (f"SELECT {columns} FROM {table} WHERE geography_level = 'prefecture' "  # noqa: S608 (contract names)
           f"AND list_contains($years, {_YEAR[table]}) AND list_contains($prefectures, prefecture_code)")
    try:
        frame = pl.from_arrow(con.sql(sql, params={"years": years, "prefectures": prefectures}).to_arrow_table())
    except duckdb.Error:
        return None
    finally:
        con.close()
    assert isinstance(frame, pl.DataFrame)
    return version, frame
