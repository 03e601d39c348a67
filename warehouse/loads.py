"""How loaded rows replace rows already in a table, as SQL: applied in a build, counted before a load.

The rule (etl/loads/override.py says it in words): a loaded row replaces every row with the same key
(``contract.Table.key``), and, with a ``sample_scope``, every *sample* prefecture row that shares those
columns' values with any loaded row (a prefecture's real KPI table is never mixed with invented items).
The same predicate serves the build (``apply``) and the count shown before loading (``impact``), so the
two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.connection import NoWarehouseError, Version, current_version, open_read_only
from warehouse.contract import TABLES


@dataclass(frozen=True)
class Replacement:
    """One loaded file's rows (Parquet with the table's columns), applied to ``table`` in a build."""

    name: str  # how the counts are reported (the file's sha256)
    table: str
    parquet: Path
    sample_scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counted:
    sample: int  # sample rows replaced
    real: int  # rows replaced that were not sample: earlier loads or bundled published figures
    added: int = 0  # loaded rows whose key was not there yet (counted before a load only)


def _same(columns: tuple[str, ...], left: str, right: str) -> str:
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in columns)


def _replaced(table: str, sample_scope: tuple[str, ...]) -> str:
    """A condition on rows ``t`` of ``table`` true when the rows of ``incoming`` replace them."""
    condition = f"EXISTS (SELECT 1 FROM incoming i WHERE {_same(TABLES[table].key, 'i', 't')})"  # noqa: S608 (contract names)
    if sample_scope:
        condition += (" OR (t.is_sample AND t.geography_level = 'prefecture' AND EXISTS "  # noqa: S608
                      f"(SELECT 1 FROM incoming i WHERE {_same(sample_scope, 'i', 't')}))")
    return condition


def _count(con: duckdb.DuckDBPyConnection, table: str, sample_scope: tuple[str, ...]) -> Counted:
    row = con.execute(f"SELECT count(*) FILTER (WHERE t.is_sample), count(*) FILTER (WHERE NOT t.is_sample) "  # noqa: S608
                      f"FROM {table} t WHERE {_replaced(table, sample_scope)}").fetchone()
    return Counted(int(row[0]), int(row[1])) if row else Counted(0, 0)


def apply(con: duckdb.DuckDBPyConnection, replacement: Replacement) -> Counted:
    """Remove the rows the load replaces and insert its rows; what was replaced."""
    table, scope = replacement.table, replacement.sample_scope
    columns = ", ".join(TABLES[table].columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT {columns} FROM read_parquet($path)",  # noqa: S608
                {"path": str(replacement.parquet)})
    counted = _count(con, table, scope)
    con.execute(f"DELETE FROM {table} t WHERE {_replaced(table, scope)}")  # noqa: S608 (contract names)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")  # noqa: S608
    con.execute("DROP TABLE incoming")
    return counted


def impact(rows: pa.Table, table: str, sample_scope: tuple[str, ...], root: Path | None = None,
           ) -> tuple[Version, Counted] | None:
    """What ``rows`` would replace and add in the serving version; None when there is no readable version."""
    try:
        version = current_version(root)
        con = open_read_only(version.path)
    except (NoWarehouseError, duckdb.Error, OSError, ValueError):
        return None
    try:
        con.register("incoming", rows)
        counted = _count(con, table, sample_scope)
        key = TABLES[table].key
        found = con.execute(f"SELECT count(*) FROM incoming i WHERE NOT EXISTS "  # noqa: S608 (contract names)
                            f"(SELECT 1 FROM {table} t WHERE {_same(key, 'i', 't')})").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return version, Counted(counted.sample, counted.real, int(found[0]) if found else 0)
