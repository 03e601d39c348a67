"""Versioned builds: readers never see a half-built file, a failed build leaves the old version serving."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import tables
from tests.conftest import ROOT, publish_frames
from warehouse import publish
from warehouse.connection import (
    NoWarehouseError,
    Version,
    current_version,
    open_read_only,
    pointer_path,
    versions_dir,
)


def _generation(root: Path, marker: int, **kwargs: object) -> publish.PublishResult:
    """A version whose every fact row carries ``marker``; its inputs name the marker too."""
    facts = [{"kpi_id": "T_GEN", "plan": "3rd", "geography_level": "prefecture", "prefecture_code": f"{c:02d}",
              "fiscal_year": 2023, "period": "FY", "target": 100.0, "actual": float(marker),
              "is_sample": True, "source_id": "src_test"} for c in range(1, 48)]
    indicator = {"kpi_id": "T_GEN", "plan": "3rd", "kpi_tier": "regional", "indicator_group": "test",
                 "basis": "annual", "unit": "件", "unit_en": "cases", "year_type": "fiscal",
                 "kpi_name_ja": "世代", "kpi_name_en": "generation", "note": str(marker)}
    return publish_frames(root, {
        "dim_indicator": tables.frame("dim_indicator", [indicator]),
        "fact_kpi": tables.frame("fact_kpi", facts),
        "dim_source": tables.frame("dim_source", [{"source_id": "src_test", "source_type": "sample",
                                                   "title": f"generation {marker}",
                                                   "title_en": f"generation {marker}", "url": "tests"}]),
    }, **kwargs)


def _read_generation(con: duckdb.DuckDBPyConnection) -> tuple[set[float], str]:
    """What one reader sees in one version: the markers of all rows, and the source title."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT actual FROM kpi_results WHERE kpi_id = 'T_GEN' AND geography_level = 'prefecture'")
        values = {r[0] for r in rows.fetchall()}
        title = cur.execute("SELECT DISTINCT source FROM kpi_results WHERE kpi_id = 'T_GEN'").fetchone()
        return values, title[0]  # type: ignore[index]
    finally:
        cur.close()


def test_builds_while_readers_query_never_error_or_tear(tmp_path: Path) -> None:
    root = tmp_path / "home"
    _generation(root, 0)
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                version = current_version(root)
                con = open_read_only(version.path)
                try:
                    for _ in range(3):  # several queries against one pinned version
                        values, title = _read_generation(con)
                        assert len(values) == 1, f"torn read: {values}"
                        marker = int(values.pop())
                        assert title == f"generation {marker}", f"mixed version: {title} vs {marker}"
                        seen.add(marker)
                finally:
                    con.close()
            except BaseException as exc:  # noqa: BLE001 - any failure of a reader is the test's finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for marker in range(1, 9):
            _generation(root, marker, keep=2)  # pruning runs under the readers too
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, errors[:3]
    assert len(seen) >= 3, f"readers overlapped too few builds to prove anything: {seen}"
    assert len(publish.list_versions(root)) == 2
    values, _ = _read_generation(open_read_only(current_version(root).path))
    assert values == {8.0}


def test_failure_just_before_the_switch_leaves_the_old_version(tmp_path: Path) -> None:
    root = tmp_path / "home"
    before = _generation(root, 1).version

    def explode(path: Path) -> None:
        assert path.exists() and path.name.startswith(".building_")
        raise RuntimeError("disk full (simulated)")

    with pytest.raises(RuntimeError, match="disk full"):
        _generation(root, 2, before_switch=explode)
    assert current_version(root) == before
    assert publish.list_versions(root) == [before.name]
    assert not list(versions_dir(root).glob(".building_*"))
    values, _ = _read_generation(open_read_only(before.path))
    assert values == {1.0}


def test_a_build_failing_its_checks_is_not_published(tmp_path: Path) -> None:
    root = tmp_path / "home"
    before = _generation(root, 1).version
    qualitative_with_number = {"kpi_id": "P3_OUT_MODEL_REGION", "plan": "3rd", "geography_level": "national",
                               "fiscal_year": 2025, "period": "PLAN", "target": 1.0, "actual": 1.0,
                               "is_sample": False, "source_id": "src_test"}
    with pytest.raises(publish.BuildCheckFailed, match="qualitative_has_no_number"):
        publish_frames(root, {
            "fact_kpi": tables.frame("fact_kpi", [qualitative_with_number]),
            "dim_source": tables.frame("dim_source", [{"source_id": "src_test", "source_type": "seed",
                                                       "title": "t", "url": "t"}]),
        })
    assert current_version(root) == before


def test_one_pass_names_each_rule_a_row_breaks(tmp_path: Path) -> None:
    """kpi_results__rows_per_year.sql checks two rules in one grouping; each failure keeps its own name and says
    what is wrong, and a year that breaks both is reported under both."""
    root = tmp_path / "home"
    row = {"kpi_id": "R_CONSULT", "plan": "3rd", "geography_level": "prefecture", "prefecture_code": "13",
           "block": "関東", "fiscal_year": 2023, "target": 100.0, "is_sample": False, "source_id": "src_test"}
    facts = [row | {"period": "FY", "actual": 90.0}, row | {"period": "FY", "actual": 90.0},  # 2023 twice
             row | {"fiscal_year": 2024, "period": "FY", "actual": 95.0},  # 2024: 40 + 50 is not 95 ...
             row | {"fiscal_year": 2024, "period": "H1", "actual": 40.0},
             row | {"fiscal_year": 2024, "period": "H2", "actual": 50.0},
             row | {"fiscal_year": 2024, "period": "PLAN", "actual": 1.0},  # ... and its PLAN row twice
             row | {"fiscal_year": 2024, "period": "PLAN", "actual": 1.0}]
    with pytest.raises(publish.BuildCheckFailed) as failed:
        publish_frames(root, {
            "fact_kpi": tables.frame("fact_kpi", facts),
            "dim_source": tables.frame("dim_source", [{"source_id": "src_test", "source_type": "seed",
                                                       "title": "t", "url": "t"}]),
        })
    failures = failed.value.failures
    assert {name for name in failures if name.startswith("kpi_results__")} == {
        "kpi_results__unique_key", "kpi_results__halves_add_up"}
    assert failures["kpi_results__unique_key"] == [
        ("R_CONSULT", "3rd", "prefecture", "関東", "13", 2023, "FY ×2"),
        ("R_CONSULT", "3rd", "prefecture", "関東", "13", 2024, "PLAN ×2")]
    halves = failures["kpi_results__halves_add_up"]  # the prefecture's rows, and the block and national sums
    assert ("R_CONSULT", "3rd", "prefecture", "関東", "13", 2024, "H1 + H2 = 90.0, FY = 95.0") in halves
    assert {r[5] for r in halves} == {2024}
    assert not list(versions_dir(root).glob("wh_*"))


def _build_then_rebuild_with(home: Path, env: dict[str, str], edit: Callable[[list[str]], None], file: Path,
                             ) -> tuple[Version, subprocess.CompletedProcess[str]]:
    """``etl build``; then ``edit`` the lines of an input ``file`` in place and build again: (the version the
    first build published, the second build's process)."""
    cli = [sys.executable, "-m", "etl", "build"]
    assert subprocess.run(cli, env=env, cwd=ROOT, capture_output=True).returncode == 0
    good = current_version(home)
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    edit(lines)
    file.write_text("".join(lines), encoding="utf-8")
    return good, subprocess.run(cli, env=env, cwd=ROOT, capture_output=True, text=True)


def test_bad_raw_file_is_rejected_naming_file_row_and_column(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(ROOT / "data"), str(data)], check=True)
    home = tmp_path / "home"
    env = {**os.environ, "IPDASH_HOME": str(home), "IPDASH_DATA_DIR": str(data)}

    def spell_out(lines: list[str]) -> None:
        lines[1] = lines[1].replace(",267,", ",二六七,", 1)  # file row 2 (after the header): FY2020 hands-on

    good, failed = _build_then_rebuild_with(home, env, spell_out, data / "raw" / "kpi_central.csv")

    assert failed.returncode == 2, failed.stderr
    assert "kpi_central.csv" in failed.stderr and "row 2" in failed.stderr and "actual" in failed.stderr
    assert "二六七" in failed.stderr
    assert current_version(home) == good
    journal = [json.loads(line) for line in (home / "load_log.jsonl").read_text().splitlines()]
    assert journal[-1]["status"] == "rejected"


def test_killed_build_leaves_the_old_version_and_is_cleaned_up(tmp_path: Path) -> None:
    root = tmp_path / "home"
    before = _generation(root, 1).version
    stalled = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; sys.path.insert(0, '.');"
        "from tests.test_helpers_stall import stall; stall(Path(sys.argv[1]))"), str(root)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not list(versions_dir(root).glob(".building_*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(versions_dir(root).glob(".building_*")), "the stalled build never started"
        time.sleep(0.3)
        stalled.send_signal(signal.SIGKILL)
        stalled.wait(timeout=10)
    finally:
        if stalled.poll() is None:
            stalled.kill()
    assert current_version(root) == before
    assert json.loads(pointer_path(root).read_text())["version"] == before.name
    after = _generation(root, 2).version  # the next build takes over the lock and sweeps the leftovers
    assert after != before and not list(versions_dir(root).glob(".building_*"))


def test_no_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoWarehouseError, match="python -m etl build"):
        current_version(tmp_path)


def test_read_only_connection_cannot_write_or_read_files_or_take_the_memory(built_home: Path) -> None:
    """Nor take the machine's memory (DuckDB's default is 80 % of RAM; at 10 M rows one explorer query took the
    server to 4.4 GB), and it cannot lift any of these settings."""
    con = open_read_only(current_version(built_home).path)
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INT)")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # type: ignore[index]
    assert limit.endswith("MiB") and float(limit.split()[0]) <= 1024, limit
    with pytest.raises(duckdb.Error):
        con.execute("SET memory_limit = '8GB'")
    assert pl.from_arrow(con.sql("SELECT count(*) AS n FROM prefectures").to_arrow_table())["n"].item() == 47


def test_bad_sample_cell_is_rejected_naming_file_line_and_column(tmp_path: Path) -> None:
    """The sample is a file DuckDB streams (typed by the contract): a cell it cannot type still names its file,
    line and column, nothing is published and nothing is left behind."""
    home = tmp_path / "home"
    env = {**os.environ, "IPDASH_HOME": str(home)}

    def era_year(lines: list[str]) -> None:
        column = lines[0].rstrip("\n").split(",").index("fiscal_year")
        cells = lines[4].split(",")
        cells[column] = "令和四年"
        lines[4] = ",".join(cells)  # line 5 of the file (the header is line 1)

    good, failed = _build_then_rebuild_with(home, env, era_year, home / "sample" / "kpi_sample.csv")

    assert failed.returncode == 2, failed.stderr
    assert "kpi_sample.csv" in failed.stderr and "row 5" in failed.stderr and "fiscal_year" in failed.stderr
    assert "令和四年" in failed.stderr
    assert current_version(home) == good
    assert not list(versions_dir(home).glob(".building_*"))
    assert not list((home / "parquet").glob("*"))

