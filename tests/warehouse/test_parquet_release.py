"""A version exported as a Parquet release answers every query function exactly like the DuckDB file."""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse import parquet_release, queries
from warehouse.connection import NoWarehouseError, current_version, open_read_only
from warehouse.parquet_release import (
    RELEASE_VIEWS,
    current_release,
    export_release,
    open_parquet_release,
    publish_parquet_release,
)

# Functions whose SQL fixes no total row order: the same rows must come back, in any order.
UNORDERED = {
    "explore": "rows of a view under filters, no ORDER BY",
    "sources": "ORDER BY source_type, title ties on titles cited with two URLs",
}
# Arguments for the query functions that need them: a question a page asks with a filter set.
ARGUMENTS: dict[str, dict[str, object]] = {
    "plan_kpis": {"plan": "3rd"},
    "block_kpis": {"plan": "3rd", "block": "九州"},
    "indicators": {"tier": "central"},
    "kpi_series": {"kpi_id": "R_CONSULT", "geography_level": "prefecture", "blocks": ["関東"]},
    "regional_summary": {"fy_from": 2020, "fy_to": 2025},
    "region_values": {"measure": "sme_pct_filings", "geography_level": "prefecture", "year_from": 2020,
                      "year_to": 2025},
    "national_statistics": {"dataset": "pct_applications"},
    "explore": {"view": "kpi_results", "year_from": 2020, "year_to": 2025, "blocks": ["関東"]},
    "year_types": {"view": "kpi_results"},
}


@dataclass(frozen=True)
class QueryCall:
    name: str
    function: Callable[..., object]
    kwargs: dict[str, object]


# Every public function of warehouse/queries.py, so a new query is checked on both backends too.
CALLS = {name: QueryCall(name, fn, ARGUMENTS.get(name, {}))
         for name, fn in inspect.getmembers(queries, inspect.isfunction)
         if not name.startswith("_") and fn.__module__ == queries.__name__}


@pytest.fixture(scope="module")
def release(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("releases") / "current"
    export_release(current_version(built_home).path, out)
    return out


@pytest.fixture
def parquet_con(release: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_parquet_release(release)
    yield con
    con.close()


def _run(call: QueryCall, con: duckdb.DuckDBPyConnection) -> object:
    cur = con.cursor()
    try:
        return call.function(cur, **call.kwargs)
    finally:
        cur.close()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_query_function_returns_the_same_frame(
    name: str, con: duckdb.DuckDBPyConnection, parquet_con: duckdb.DuckDBPyConnection
) -> None:
    call = CALLS[name]
    on_duckdb, on_parquet = _run(call, con), _run(call, parquet_con)
    if not isinstance(on_duckdb, pl.DataFrame):
        assert on_duckdb == on_parquet
        return
    assert isinstance(on_parquet, pl.DataFrame)
    assert on_parquet.schema == on_duckdb.schema
    if name in UNORDERED:
        on_duckdb, on_parquet = on_duckdb.sort(on_duckdb.columns), on_parquet.sort(on_parquet.columns)
    assert on_parquet.equals(on_duckdb), f"{name}({call.kwargs}) differs between the backends"


def test_every_query_function_is_covered() -> None:
    assert {"plan_kpis", "explore", "build_info"} <= set(CALLS)
    for call in CALLS.values():  # a new function with a required argument needs an entry in ARGUMENTS
        required = {p.name for p in list(inspect.signature(call.function).parameters.values())[1:]
                    if p.default is inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD}
        assert required <= set(call.kwargs), (call.name, required - set(call.kwargs))


def test_manifest_names_every_view_with_rows_and_types(release: Path, con: duckdb.DuckDBPyConnection) -> None:
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == parquet_release.FORMAT
    assert manifest["version"] == dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())["version"]
    assert set(manifest["views"]) == set(RELEASE_VIEWS)
    for view, entry in manifest["views"].items():
        assert entry["rows"] == con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]  # noqa: S608
        assert entry["columns"] == [[r[0], r[1]] for r in con.execute(f"DESCRIBE {view}").fetchall()]
    expected = ["manifest.json", *(f"{v}.parquet" for v in RELEASE_VIEWS)]
    assert sorted(p.name for p in release.iterdir()) == sorted(expected)


def test_export_refuses_an_existing_release_and_leaves_no_temporary_files(
    release: Path, built_home: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in release.iterdir())
    with pytest.raises(FileExistsError):
        export_release(current_version(built_home).path, release)
    assert sorted(p.name for p in release.iterdir()) == before
    with pytest.raises(duckdb.Error):
        export_release(tmp_path / "missing.duckdb", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp_" in p.name]


def test_release_can_only_read_its_own_files(parquet_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a\n1\n", encoding="utf-8")
    for sql in (f"SELECT * FROM read_csv('{other}')",  # noqa: S608 (the attack under test) f"COPY (SELECT 1) TO '{tmp_path / 'x.parquet'}'",
                f"ATTACH '{tmp_path / 'x.duckdb'}'", "SET enable_external_access = true", "INSTALL httpfs"):
        with pytest.raises(duckdb.Error):
            parquet_con.execute(sql)
    assert not (tmp_path / "x.parquet").exists()


def test_a_tampered_manifest_is_refused(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "release"
    copy.mkdir()
    for path in release.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["views"]["plans"]["columns"][0][1] = "VARCHAR); DROP VIEW kpi_results; --"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValueError):
        open_parquet_release(copy)


def test_cursors_on_many_threads(parquet_con: duckdb.DuckDBPyConnection) -> None:
    call, results, errors = CALLS["plan_kpis"], [], []

    def worker() -> None:
        try:
            results.append(_run(call, parquet_con))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and len(results) == 8
    assert all(r.equals(results[0]) for r in results)  # type: ignore[attr-defined]


def test_cli_exports_and_checks(built_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = current_version(built_home).path
    assert parquet_release.main(["export", str(tmp_path / "r"), "--version", str(version)]) == 0
    assert parquet_release.main(["check", str(tmp_path / "r")]) == 0
    assert "kpi_results" in capsys.readouterr().out


def test_publish_points_current_at_the_release(built_home: Path, tmp_path: Path) -> None:
    version = current_version(built_home)
    with pytest.raises(NoWarehouseError):
        current_release(tmp_path / "releases")
    release = publish_parquet_release(version.path, tmp_path / "releases")
    assert current_release(tmp_path / "releases") == (version.name, release)
    assert publish_parquet_release(version.path, tmp_path / "releases") == release  # idempotent, no re-export
    con = open_parquet_release(release)
    try:
        assert dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())["version"] == version.id
    finally:
        con.close()


def test_export_works_beside_the_apps_read_only_connection(built_home: Path, tmp_path: Path) -> None:
    version = current_version(built_home).path
    live = open_read_only(version)  # the app keeps this open all the time
    try:
        manifest = export_release(version, tmp_path / "r")
    finally:
        live.close()
    assert manifest["views"]["kpi_results"]["rows"] > 0


@pytest.mark.parametrize("content", [b"garbage{", b"", b"[]", b'{"version": "../x"}'])
def test_a_corrupt_release_pointer_is_a_clear_error(built_home: Path, tmp_path: Path, content: bytes) -> None:
    publish_parquet_release(current_version(built_home).path, tmp_path / "releases")
    (tmp_path / "releases" / "CURRENT").write_bytes(content)
    with pytest.raises(NoWarehouseError, match="CURRENT"):
        current_release(tmp_path / "releases")
