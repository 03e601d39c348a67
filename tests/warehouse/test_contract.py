"""The table contract (warehouse/contract.py) and the SQL that must repeat it say the same."""

from __future__ import annotations

import re

import duckdb

from warehouse import contract
from warehouse.publish import SQL_DIR

INTERNAL = {"build_meta"}  # written by the build itself, not by the ETL


def _schema() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    return con


def test_schema_sql_declares_exactly_the_contract_tables_columns_and_types() -> None:
    con = _schema()
    rows = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                       "ORDER BY table_name, ordinal_position").fetchall()
    declared: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        if table not in INTERNAL:
            declared.setdefault(table, {})[column] = kind
    assert set(declared) == set(contract.TABLES)
    for name, table in contract.TABLES.items():
        assert list(declared[name].items()) == list(table.columns.items()), name


def test_primary_keys_in_schema_sql_are_the_contract_keys() -> None:
    con = _schema()
    rows = con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                       "WHERE constraint_type = 'PRIMARY KEY'").fetchall()
    for table, columns in rows:
        if table not in INTERNAL:
            assert tuple(columns) == contract.TABLES[table].key, table


def test_the_unique_key_check_uses_the_fact_kpi_key() -> None:
    """Grouped by the key without its period, each period counted apart (one pass serves the halves rule too)."""
    text = (SQL_DIR / "checks" / "kpi_results__rows_per_year.sql").read_text(encoding="utf-8")
    grouped = re.search(r"GROUP BY (.*?)\n", text)
    assert grouped is not None
    counted = re.findall(r"sum\(\(period = '(\w+)'\)::INTEGER\)", text)
    assert tuple(c.strip() for c in grouped.group(1).split(",")) + ("period",) == contract.FACT_KPI.key
    assert set(counted) == {"FY", "H1", "H2", "PLAN"}


def test_every_public_view_is_created_by_views_sql() -> None:
    text = (SQL_DIR / "views.sql").read_text(encoding="utf-8")
    created = set(re.findall(r"CREATE (?:OR REPLACE )?VIEW (\w+)", text))
    assert set(contract.PUBLIC_VIEWS) <= created
