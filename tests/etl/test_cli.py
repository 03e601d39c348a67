"""The etl command line: build, status --json, sample --rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, damage_blocks_of, env_with
from warehouse.connection import current_version


def _etl(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env_with(home),
                          capture_output=True, text=True, timeout=300)


def test_status_without_warehouse_says_how_to_build(tmp_path: Path) -> None:
    result = _etl(tmp_path, "status")
    assert result.returncode == 1
    assert "python -m etl build" in result.stderr


def test_build_then_status_json(tmp_path: Path) -> None:
    built = _etl(tmp_path, "build")
    assert built.returncode == 0, built.stderr
    status = json.loads(_etl(tmp_path, "status", "--json").stdout)
    warehouse = Path(status["warehouse"])
    assert warehouse.is_absolute() and warehouse.exists() and warehouse.is_relative_to(tmp_path)
    assert status["rows"]["prefectures"] == 47
    assert status["rows"]["kpi_results"] > 0 and status["rows"]["load_log"] >= 0
    assert status["load_log_tail"][-1]["status"] == "built"
    again = _etl(tmp_path, "build", "--if-missing")
    assert again.returncode == 0 and "present" in again.stdout
    assert json.loads(_etl(tmp_path, "status", "--json").stdout)["version"] == status["version"]


def test_sample_rows_writes_scaled_files(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    result = _etl(tmp_path, "sample", "--rows", "20000", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with open(out / "kpi_sample.csv", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 20_001


def _versions(home: Path) -> list[Path]:
    return sorted((home / "warehouse" / "versions").glob("wh_*.duckdb"))


def test_status_reports_a_corrupt_pointer_and_serves_the_newest_intact_version(tmp_path: Path) -> None:
    assert _etl(tmp_path, "build").returncode == 0
    assert _etl(tmp_path, "build").returncode == 0
    newest = json.loads(_etl(tmp_path, "status", "--json").stdout)["version"]
    (tmp_path / "warehouse" / "CURRENT").write_text("garbage{")
    human = _etl(tmp_path, "status")
    assert human.returncode == 0, human.stderr
    assert "FALLBACK: CURRENT is not valid JSON" in human.stdout and newest in human.stdout
    assert "Traceback" not in human.stderr
    status = json.loads(_etl(tmp_path, "status", "--json").stdout)
    assert status["ok"] and status["fallback"] and status["version"] == newest
    assert status["damage"] == ["CURRENT is not valid JSON"] and status["pointer"]["version"] is None
    assert status["rows"]["prefectures"] == 47


def test_status_fails_only_when_nothing_can_serve(tmp_path: Path) -> None:
    assert _etl(tmp_path, "build").returncode == 0
    for path in _versions(tmp_path):
        path.chmod(0o644)
        path.write_bytes(b"not a database")
    human = _etl(tmp_path, "status")
    assert human.returncode == 1 and "python -m etl build" in human.stderr and "Traceback" not in human.stderr
    assert "damaged" in human.stderr or "does not open" in human.stderr
    machine = _etl(tmp_path, "status", "--json")
    status = json.loads(machine.stdout)
    assert machine.returncode == 1 and status["version"] is None and not status["ok"]
    assert status["versions"][0]["ok"] is False and "does not open" in status["versions"][0]["problem"]


def test_build_works_whatever_the_pointer_and_the_current_version_say(tmp_path: Path) -> None:
    assert _etl(tmp_path, "build").returncode == 0
    current = _versions(tmp_path)[0]
    current.chmod(0o644)
    current.write_bytes(current.read_bytes()[:5000])  # truncated
    (tmp_path / "warehouse" / "CURRENT").write_text("[]")
    assert _etl(tmp_path, "status").returncode == 1  # nothing intact is left to serve
    rebuilt = _etl(tmp_path, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    status = json.loads(_etl(tmp_path, "status", "--json").stdout)
    assert status["ok"] and not status["fallback"] and status["pointer"]["problem"] is None  # repaired
    assert [line.split()[0] for line in status["damage"]] == [current.name]  # left for a person to inspect


def test_build_if_missing_serves_a_fallback_and_says_so(tmp_path: Path) -> None:
    assert _etl(tmp_path, "build").returncode == 0
    (tmp_path / "warehouse" / "CURRENT").write_text("")
    again = _etl(tmp_path, "build", "--if-missing")
    assert again.returncode == 0 and "present" in again.stdout
    assert "CURRENT is empty" in again.stderr and "python -m etl build" in again.stderr


def test_status_read_by_a_pager_that_stops_early_ends_quietly(built_home: Path) -> None:
    """`python -m etl status | head -1` printed a BrokenPipeError traceback once head had its line."""
    piped = subprocess.run(f"'{sys.executable}' -m etl status | head -1", shell=True, cwd=ROOT,
                           env=env_with(built_home), capture_output=True, text=True, timeout=300)
    assert piped.stdout.count("\n") == 1 and "Traceback" not in piped.stderr, piped.stderr


def test_status_of_a_version_whose_data_blocks_fail_says_what_serves_instead(tmp_path: Path) -> None:
    """It printed the damaged version as serving and "ok" beside a DAMAGED line, and exited 1 as if nothing
    could serve; the app meanwhile served the older intact version."""
    for _ in range(2):
        assert _etl(tmp_path, "build").returncode == 0
    damaged = current_version(tmp_path).path
    damaged.chmod(0o644)
    damage_blocks_of(damaged, "mart_kpi")  # the KPI mart's checksums fail on read, the file opens
    status = _etl(tmp_path, "status")
    assert status.returncode == 0, status.stderr
    assert "FALLBACK" in status.stdout and damaged.stem not in status.stdout.splitlines()[0]
    serving_line = next(line for line in status.stdout.splitlines() if line.startswith("  * "))
    assert damaged.name not in serving_line and serving_line.endswith("ok")
    assert any(damaged.name in line and "DAMAGED" in line for line in status.stdout.splitlines())
