"""Page models are built by pure functions over a reader of the real warehouse (no Streamlit)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from warehouse.connection import current_version, open_read_only


@pytest.fixture(scope="module")
def read(built_home: Path) -> Iterator[Callable[..., pl.DataFrame]]:
    """``read(queries.x, **arguments)`` on the shared built warehouse, as ui.data hands it to builders."""
    con: duckdb.DuckDBPyConnection = open_read_only(current_version(built_home).path)

    def run(query: Callable[..., pl.DataFrame], **arguments: Any) -> pl.DataFrame:
        cur = con.cursor()
        try:
            return query(cur, **arguments)
        finally:
            cur.close()

    yield run
    con.close()
