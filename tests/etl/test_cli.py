"""The etl command line: build, status --json, sample --rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, env_with


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
