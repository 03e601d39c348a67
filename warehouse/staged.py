"""Rows staged for a new version and how they get into it: an Arrow table made in Python, or a file DuckDB
reads itself and streams into the version (Parquet; CSV typed by the table contract, with its rejected rows
named by file, line and column). warehouse/publish.py writes them into the new file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse import contract
from warehouse.quoting import ident, literal


@dataclass(frozen=True)
class Rows:
    """Rows for one contract table: an Arrow table made in Python (small), or a file DuckDB reads itself and
    streams into the new version: Parquet, or CSV with a header row (read with the contract's types; a cell
    that does not fit its type is a rejected row, see ``RejectedRows``)."""

    table: str
    arrow: pa.Table | None = None
    path: Path | None = None
    # False: the rows may be stored in any order, so DuckDB appends them from every thread (a large fact file
    # whose readers, the marts and the load preview's counts, never rely on its order); True keeps the file's order.
    ordered: bool = True


class RejectedRows(ValueError):
    """A CSV input has rows whose cells do not fit the contract's types; ``rows`` are (file, line, column,
    value, message), as DuckDB's reader found them. Nothing was published."""

    def __init__(self, rows: list[tuple[str, int | None, str | None, str | None, str]]):
        self.rows = rows
        super().__init__(f"{len(rows)} row(s) do not fit the table's types, e.g. {rows[:3]}")


def insert(con: duckdb.DuckDBPyConnection, staged: Rows) -> None:
    table = contract.TABLES[staged.table].name  # a contract name, never text from an input
    if staged.arrow is not None:
        con.register("staged_rows", staged.arrow)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged_rows")  # noqa: S608
        con.unregister("staged_rows")
    elif staged.path is not None and staged.path.suffix == ".parquet":
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($path)", {"path": str(staged.path)})  # noqa: S608
    elif staged.path is not None:
        con.execute(f"SET preserve_insertion_order = {str(staged.ordered).lower()}")
        try:
            _insert_csv(con, table, staged.path)
        finally:
            con.execute("SET preserve_insertion_order = true")


def _insert_csv(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """A CSV with a header row -> ``table``, typed by the contract; a column the file lacks (written by an older
    version) stays NULL, one the contract lacks is ignored. Rows DuckDB cannot type are collected, not loaded."""
    with open(path, encoding="utf-8") as handle:
        header = next(csv.reader([handle.readline()]), [])
    types = contract.TABLES[table].columns
    columns = "{" + ", ".join(f"{literal(c)}: {literal(types.get(c, 'VARCHAR'))}" for c in header) + "}"
    known = ", ".join(ident(c) for c in header if c in types)
    con.execute(f"INSERT INTO {table} BY NAME SELECT {known} FROM read_csv({literal(path)}, header = true, "  # noqa: S608
                f"auto_detect = false, columns = {columns}, store_rejects = true)")
    bad = con.execute("SELECT line, column_name, csv_line, error_message FROM reject_errors ORDER BY line").fetchall()
    if bad:
        raise RejectedRows([(path.name, line, column, _cell(csv_line, header, column), message.splitlines()[0])
                            for line, column, csv_line, message in bad[:10_000]])


def _cell(line: str | None, header: list[str], column: str | None) -> str | None:
    cells = next(csv.reader([line or ""]), [])
    return cells[header.index(column)] if column in header and header.index(column) < len(cells) else line


