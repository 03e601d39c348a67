"""The real app (AppTest over app.py) keeps serving when the warehouse is damaged: a calm notice, never an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.build import run as build_run
from tests.conftest import ROOT, damage_blocks_of
from warehouse import publish
from warehouse.connection import current_version, inspect, pointer_path, versions_dir

FALLBACK_JA = "最新のデータ版を開けない"


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two") / "home"
    build_run.rebuild_warehouse(root)
    build_run.rebuild_warehouse(root)
    return root


@pytest.fixture
def home(two_versions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "home"
    shutil.copytree(two_versions, root)
    for path in versions_dir(root).iterdir():
        path.chmod(0o644)
    monkeypatch.setenv("IPDASH_HOME", str(root))
    monkeypatch.chdir(ROOT)
    # every copy holds versions of the same names: results and connections cached by name in this process
    # would come from another test's files
    st.cache_resource.clear()
    st.cache_data.clear()
    return root


def _run(page: str = "overview", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_overview_renders_after_current_is_corrupted(home: Path) -> None:
    older, newer = sorted(versions_dir(home).iterdir())
    pointer_path(home).write_text("garbage{")
    at = _run()
    assert at.title and at.title[0].value == "知財KPIダッシュボード"
    assert at.metric, "the scorecards are drawn"
    captions = _captions(at)
    assert FALLBACK_JA in captions and newer.name.removesuffix(".duckdb") in captions


def test_sources_page_gives_admins_the_damage(home: Path) -> None:
    newer = current_version(home)
    newer.path.write_bytes(b"")
    at = _run("sources", lang="en")
    text = _captions(at)
    assert "could not be opened" in text and newer.name in text and "python -m etl build" in text
    assert not any(newer.id in m.value for m in at.markdown if "Data version" in m.value)  # the older one serves


def test_every_version_corrupt_says_rebuild(home: Path) -> None:
    for path in versions_dir(home).iterdir():
        path.write_bytes(b"\0" * 1000)
    at = _run()
    assert any("python -m etl build" in w.value and "破損" in w.value for w in at.warning)


def _damage_data_blocks(path: Path) -> None:
    """Overwrite every data block whose damage the quick open-time check cannot see (checksums fail on read)."""
    size, block = path.stat().st_size, 262_144
    with open(path, "r+b") as handle:
        for offset in range(3 * 4096, size, block):
            handle.seek(offset + 512)
            saved = handle.read(64)
            handle.seek(offset + 512)
            handle.write(b"\xaa" * 64)
            handle.flush()
            if not inspect(path, path.name.removesuffix(".duckdb")).ok:
                handle.seek(offset + 512)
                handle.write(saved)  # header, catalog or the prefectures block: keep those readable
                handle.flush()
    assert inspect(path, path.name.removesuffix(".duckdb")).ok


def test_damaged_blocks_met_by_a_page_query_switch_to_an_intact_version(home: Path) -> None:
    damaged = current_version(home)
    _damage_data_blocks(damaged.path)
    con = duckdb.connect(str(damaged.path), read_only=True)
    try:
        with pytest.raises(duckdb.Error, match="Corrupt"):
            con.execute("SELECT * FROM kpi_results").fetchall()
    finally:
        con.close()
    at = _run()
    assert FALLBACK_JA in _captions(at)
    assert at.metric


def test_a_session_keeps_working_after_its_version_is_pruned(home: Path) -> None:
    at = _run("explorer")
    shown = current_version(home)
    build_run.rebuild_warehouse(home)
    publish.prune(home, keep=1)  # past the grace period: the shown version is gone
    assert not shown.path.exists()
    at.run()
    assert not at.exception and not at.error
    assert current_version(home).id in _captions(at)


def test_a_vanished_pinned_version_is_re_pinned_with_a_note(home: Path) -> None:
    """Between a rerun's pin and a later read (a callback, a download), the pinned file may go."""
    from ui import data

    shown = data.pin_version()  # bare mode: this process's session state
    assert shown == current_version(home)
    download = data.version_file()  # bound to the shown version, as the explorer's button is
    build_run.rebuild_warehouse(home)
    newest = current_version(home)
    assert download() == shown.path.read_bytes()  # within the grace period: the version shown
    publish.prune(home, keep=1)
    assert not shown.path.exists()
    assert download() == newest.path.read_bytes()  # pruned: the current one, never an error
    assert data.version() == newest
    assert data.take_repinned() == (shown.id, newest.id)
    assert data.take_repinned() is None  # said once


def _damage_blocks_of(path: Path, table: str, *, keep: list[str]) -> None:
    """Damage the storage blocks holding ``table``, which the ``keep`` queries must still read."""
    damage_blocks_of(path, table)
    con = duckdb.connect(str(path), read_only=True)
    try:
        broken = not _reads(con, f"SELECT * FROM {table}")  # noqa: S608 (a table name of this test)
        assert broken and all(_reads(con, sql) for sql in keep)
    finally:
        con.close()
    assert inspect(path, path.stem).ok  # damage the quick open-time check cannot see


def _reads(con: duckdb.DuckDBPyConnection, sql: str) -> bool:
    try:
        con.execute(sql).fetchall()
    except duckdb.Error:
        return False
    return True


def test_damage_first_met_inside_a_part_of_the_page_switches_versions_without_an_error_box(home: Path) -> None:
    """The subsidies page's by-region part (a fragment) is the first to read the denominators: Streamlit drew its
    own red error box there for the first reader of a damaged version; now the app reruns on an intact one."""
    damaged = current_version(home)
    _damage_blocks_of(damaged.path, "dim_denominator", keep=[
        "SELECT * FROM kpi_results", "SELECT * FROM indicators", "SELECT * FROM prefectures", "SELECT * FROM plans",
        "SELECT * FROM warehouse_info",
        "SELECT * FROM published_statistics WHERE dataset = 'subsidies'"])
    at = _run("subsidies")  # no exception, no error element
    assert FALLBACK_JA in _captions(at) and len(at.get("vega_lite_chart")) >= 2
