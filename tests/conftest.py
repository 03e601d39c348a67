"""Shared fixtures: real warehouses built into temporary IPDASH_HOME directories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import tables
from etl.build import run as build_run
from etl.inputs.raw import reference_frames
from warehouse import publish
from warehouse.connection import current_version, open_read_only
from warehouse.staged import Rows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One warehouse built from the bundled data and the sample, shared read-only by many tests."""
    root = tmp_path_factory.mktemp("ipdash_home")
    build_run.rebuild_warehouse(root)
    return root


@pytest.fixture
def con(built_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_read_only(current_version(built_home).path)
    yield connection
    connection.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty IPDASH_HOME for tests that build or break things."""
    root = tmp_path / "home"
    monkeypatch.setenv("IPDASH_HOME", str(root))
    return root


def query(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> pl.DataFrame:
    frame = pl.from_arrow(con.sql(sql, params=params or []).to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def publish_frames(root: Path, frames: dict[str, pl.DataFrame], **kwargs: object) -> publish.PublishResult:
    """Publish a warehouse from hand-made frames (reference dimensions are filled in)."""
    full = reference_frames()
    for table in publish.TABLES:
        full.setdefault(table, pl.DataFrame(schema=tables.TABLES[table]))
    for table, frame in frames.items():
        full[table] = pl.concat([full[table], frame]) if table == "dim_indicator" else frame
    parquet_dir = root / "fixture_parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, frame in full.items():
        paths[table] = parquet_dir / f"{table}.parquet"
        frame.cast(tables.TABLES[table]).write_parquet(paths[table])
    staged = [Rows(table, path=path) for table, path in paths.items()]
    return publish.publish_version(staged, inputs={"fixture": str(sorted(frames))}, root=root, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


def env_with(home: Path) -> dict[str, str]:
    return {**os.environ, "IPDASH_HOME": str(home)}


def damage_blocks_of(path: Path, table: str) -> None:
    """Overwrite part of each storage block holding ``table`` (as DuckDB's storage_info places it): reading the
    table then fails its checksum while the file still opens."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        blocks = {row[0] for row in con.execute(
            "SELECT DISTINCT block_id FROM pragma_storage_info(?) WHERE block_id >= 0", [table]).fetchall()}
    finally:
        con.close()
    header, block = 3 * 4096, 262_144  # DuckDB's file header, then fixed-size blocks with a checksum each
    with open(path, "r+b") as handle:
        for number in blocks:
            handle.seek(header + number * block + 64)
            handle.write(b"\xaa" * 64)
