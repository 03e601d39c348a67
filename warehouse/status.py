"""What a published version holds: rows per public view (counted here and nowhere else) and the inputs it
was built from (recorded in its ``warehouse_info``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb

from warehouse.connection import NoWarehouseError, current_version, open_read_only
from warehouse.contract import PUBLIC_VIEWS
from warehouse.quoting import ident


def row_counts(con: duckdb.DuckDBPyConnection, views: Iterable[str] = PUBLIC_VIEWS,
               schema: str | None = None) -> dict[str, int]:
    """Rows of each view (of ``schema`` when given, e.g. an attached database)."""
    prefix = f"{ident(schema)}." if schema else ""
    counts = {}
    for view in views:
        row = con.execute(f"SELECT count(*) FROM {prefix}{ident(view)}").fetchone()  # noqa: S608 (quoted names)
        counts[view] = int(row[0]) if row else 0
    return counts


def version_row_counts(path: Path) -> dict[str, int]:
    """Rows per public view of one version file, opened read-only (duckdb.Error when it is damaged)."""
    con = open_read_only(path)
    try:
        return row_counts(con)
    finally:
        con.close()


def recorded_inputs(root: Path | None = None) -> list[str]:
    """Input names recorded in the serving version (raw/…, sample/…, load/<dataset>/<sha256>).

    Read only if it can be: with no intact version (corrupt pointer and files) this is empty, and a build
    carries on from the raw files, the sample and the archive alone.
    """
    try:
        version = current_version(root)
        con = open_read_only(version.path)
    except (NoWarehouseError, duckdb.Error, OSError):
        return []
    try:
        row = con.execute("SELECT value FROM warehouse_info WHERE key = 'inputs'").fetchone()
        return list(json.loads(row[0])) if row else []
    except (duckdb.Error, ValueError, TypeError):
        return []
    finally:
        con.close()
