"""The table contract (warehouse/contract.py) as Polars schemas: the frames the ETL hands to the build.

The build inserts BY NAME, so a column missing on either side fails the build instead of shifting data.
"""

from __future__ import annotations

import polars as pl

from warehouse.contract import TABLES as CONTRACT

_POLARS = {
    "VARCHAR": pl.String, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64, "BOOLEAN": pl.Boolean,
    "DATE": pl.Date, "TIMESTAMP WITH TIME ZONE": pl.Datetime("us", "UTC"),
}
Schema = dict[str, pl.DataType | type[pl.DataType]]

TABLES: dict[str, Schema] = {
    name: {column: _POLARS[kind] for column, kind in table.columns.items()} for name, table in CONTRACT.items()
}
KEYS: dict[str, tuple[str, ...]] = {name: table.key for name, table in CONTRACT.items()}
FACT_KPI, DIM_INDICATOR, LOAD_HISTORY = TABLES["fact_kpi"], TABLES["dim_indicator"], TABLES["load_history"]


def frame(table: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    """Rows (dicts) -> a frame with exactly the table's columns and types."""
    schema = TABLES[table]
    return pl.from_dicts(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
