"""`python -m etl ingest FILE --dataset …`: exit codes and what it prints; the benchmark file generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

from etl.uploads.generate import write_large_kpi_file
from etl.uploads.validate import validate
from tests.conftest import ROOT, env_with
from tests.ingest.conftest import SUBSIDY_HEADER, csv_bytes, warehouse_state, write


def _ingest(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "etl", "ingest", *args], cwd=ROOT, env=env_with(home),
                          capture_output=True, text=True, timeout=300)


def test_cli_accepts_a_cp932_file_and_prints_the_summary(home_copy: Path, tmp_path: Path) -> None:
    data = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,△3,", "東京都,令和4年度,－,,", "合計,令和4年度,12,,"],
                     encoding="cp932")
    result = _ingest(home_copy, str(write(tmp_path, "採択.csv", data)), "--dataset", "subsidy")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("accepted: 採択.csv as subsidy (CSV, encoding cp932)")
    assert "rows loaded: 2; rows replaced: 2 (sample 2" in out and "published version wh_" in out
    assert "skipped (header 1, total 1)" in out and "placeholder_none" in out
    again = _ingest(home_copy, str(tmp_path / "採択.csv"), "--dataset", "subsidy")
    assert again.returncode == 0 and again.stdout.startswith("unchanged:")


def test_cli_rejects_with_exit_2_listing_row_column_value_and_reason(home_copy: Path, tmp_path: Path) -> None:
    before = warehouse_state(home_copy)
    data = csv_bytes([SUBSIDY_HEADER, "東京都,令和4年度,85,,", "大阪府,令和0年度,１，２３,,"])
    result = _ingest(home_copy, str(write(tmp_path, "bad.csv", data)), "--dataset", "subsidy")
    assert result.returncode == 2 and result.stdout == ""
    err = result.stderr
    assert "rejected: bad.csv as subsidy" in err and "2 problem(s)" in err and "nothing was loaded" in err
    assert "row 3, column '年度'" in err and "令和0年度" in err and "[bad_year]" in err
    assert "row 3, column '採択件数'" in err and "１，２３" in err and "[not_numeric]" in err
    assert "quarantined: " + str(home_copy / "quarantine") in err
    assert warehouse_state(home_copy) == before


def test_cli_missing_file_and_unknown_dataset(home_copy: Path, tmp_path: Path) -> None:
    missing = _ingest(home_copy, str(tmp_path / "nope.csv"), "--dataset", "kpi")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    wrong = _ingest(home_copy, str(tmp_path / "nope.csv"), "--dataset", "patents")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_generator_writes_a_valid_large_kpi_file(tmp_path: Path) -> None:
    """The benchmark's 200,000-row file, at a size the suite can afford (timed only in `make bench`)."""
    root = tmp_path / "home"
    path = write_large_kpi_file(tmp_path / "large.csv", rows=3_000, root=root)
    data = path.read_bytes()
    report = validate(data, path.name, "kpi", root=root)
    assert report.accepted, [str(p) for p in report.problems[:5]]
    assert report.encoding == "cp932" and report.rows_loaded == 3_000
    assert isinstance(report.rows, pl.DataFrame) and report.rows["kpi_id"].str.starts_with("RX_").all()
