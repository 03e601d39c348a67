"""Disk errors on every write path of a load: quarantine, archive, journal (issue 11, item 8).

A file-size limit (RLIMIT_FSIZE, set in the child before it runs the CLI: writes fail with EFBIG), a
read-only $IPDASH_HOME (EROFS) and a full disk (ENOSPC, a tiny tmpfs) give a clear message, a journal line
when the journal is writable, no traceback and no temp file. The last two need a private mount namespace
(``unshare``); they are skipped, saying so, where the system does not allow one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.build import run as build_run
from etl.loads import journal
from tests.conftest import ROOT, env_with
from tests.ingest.conftest import SUBSIDY_HEADER, csv_bytes, view, warehouse_state, write

LIMITED = ("import os, resource, sys; limit = int(sys.argv[1]); "
           "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); os.execvp(sys.argv[2], sys.argv[2:])")
NOTE = "備考" * 60


def _big_valid_file() -> bytes:
    """About 300 KB: every prefecture from FY2000 to FY2019 (years the sample has no rows for), long notes."""
    rows = [f"{code:02d},{year}年度,{code},,{NOTE}" for year in range(2000, 2020) for code in range(1, 48)]
    return csv_bytes([SUBSIDY_HEADER, *rows])


def _big_bad_file() -> bytes:
    return csv_bytes([SUBSIDY_HEADER, *[f"{code:02d},2099年度,{code},,{NOTE}" for code in range(1, 48)] * 8])


def _ingest_limited(home: Path, path: Path, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", LIMITED, str(limit), sys.executable, "-m", "etl", "ingest", str(path),
               "--dataset", "subsidy", *args]
    return subprocess.run(command, cwd=ROOT, env=env_with(home), capture_output=True, text=True, timeout=300)


def _temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".building")]


def test_quarantine_over_the_file_size_limit(home_copy: Path, tmp_path: Path) -> None:
    data = _big_bad_file()
    assert len(data) > 100_000
    result = _ingest_limited(home_copy, write(tmp_path, "bad.csv", data), 100_000)
    assert result.returncode == 2, result.stderr
    assert "file-size limit" in result.stderr and "not quarantined" in result.stderr
    assert "[year_out_of_range]" in result.stderr and "Traceback" not in result.stderr
    last = journal.entries(home_copy)[-1]
    assert last["status"] == "rejected" and "not quarantined" in str(last["message"])
    assert not _temp_files(home_copy) and not list((home_copy / "quarantine").glob("*bad.csv*"))


def test_archive_over_the_file_size_limit(home_copy: Path, tmp_path: Path) -> None:
    state = warehouse_state(home_copy)
    data = _big_valid_file()
    assert len(data) > 100_000
    result = _ingest_limited(home_copy, write(tmp_path, "big.csv", data), 100_000)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "failed: big.csv" in result.stderr and "file-size limit" in result.stderr
    assert "Traceback" not in result.stderr
    assert journal.entries(home_copy)[-1]["status"] == "failed"
    assert warehouse_state(home_copy) == state and not _temp_files(home_copy)
    assert not list((home_copy / "archive").rglob("*")) or not [p for p in (home_copy / "archive").rglob("*")
                                                                 if p.is_file()]


def test_journal_over_the_file_size_limit_after_the_switch(home_copy: Path, tmp_path: Path) -> None:
    """Published, but the journal line could not be appended: said, and the next build recovers the line."""
    journal_file = journal.journal_path(home_copy)
    old = journal_file.read_text(encoding="utf-8").splitlines()[0]
    with open(journal_file, "a", encoding="utf-8") as handle:  # a long history: 9 MB of earlier lines
        handle.write((old + "\n") * (9_000_000 // (len(old.encode()) + 1)))
    data = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,,"])
    result = _ingest_limited(home_copy, write(tmp_path, "small.csv", data), 8_000_000)
    assert result.returncode == 0, result.stderr
    assert "accepted: small.csv" in result.stdout and "load_log.jsonl" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and not _temp_files(home_copy)
    assert not [e for e in journal.entries(home_copy) if e.get("file_name") == "small.csv"]
    build_run.rebuild_warehouse(home_copy)  # what `python -m etl build` does
    recovered = [e for e in journal.entries(home_copy) if e.get("file_name") == "small.csv"]
    assert [e["status"] for e in recovered] == ["accepted"] and "recovered" in str(recovered[0]["message"])
    assert view(home_copy, "SELECT value FROM subsidy_adoptions WHERE prefecture_code = '01' AND year = 2022")[
        "value"].item() == 12.0


def _namespace(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a private user and mount namespace (mounts vanish with it)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare(1) is not installed: no private mount namespace for a read-only or full disk")
    probe = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here (unshare: {probe.stderr.strip()})")
    return subprocess.run([unshare, "--user", "--map-root-user", "--mount", "sh", "-ec", script], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_read_only_home(home_copy: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", csv_bytes([SUBSIDY_HEADER, "東京都,2099,5,,"]))
    good = write(tmp_path, "good.csv", csv_bytes([SUBSIDY_HEADER, "東京都,令和4年度,5,,"]))
    journal_before = journal.journal_path(home_copy).read_bytes()
    ingest = f"{sys.executable} -m etl ingest"
    script = (f"mount --bind {home_copy} {home_copy}; mount -o remount,bind,ro {home_copy}; "
              f"set +e; {ingest} {bad} --dataset subsidy; echo BAD=$?; {ingest} {good} --dataset subsidy; "
              "echo GOOD=$?")
    result = _namespace(script, env_with(home_copy))
    if "mount:" in result.stderr and "BAD=" not in result.stdout:
        pytest.skip(f"cannot mount read-only here: {result.stderr.strip()[:200]}")
    assert "BAD=2" in result.stdout and "GOOD=3" in result.stdout, result.stdout + result.stderr  # 3: disk
    assert result.stderr.count("read-only file system") >= 2 and "Traceback" not in result.stderr
    assert journal.journal_path(home_copy).read_bytes() == journal_before  # not writable: no line, no damage
    assert not _temp_files(home_copy)


def test_full_disk(home_copy: Path, tmp_path: Path) -> None:
    """$IPDASH_HOME on a tmpfs with 200 KB free: the 300 KB rejected file cannot be quarantined, the journal
    line (small) still gets written; the 300 KB valid file cannot be archived."""
    mount = tmp_path / "small_disk"
    mount.mkdir()
    size_kb = sum(p.stat().st_size for p in home_copy.rglob("*") if p.is_file()) // 1024 + 200
    bad = write(tmp_path, "bad.csv", _big_bad_file())
    good = write(tmp_path, "good.csv", _big_valid_file())
    ingest = f"{sys.executable} -m etl ingest"
    script = (f"mount -t tmpfs -o size={size_kb}k tmpfs {mount}; cp -a {home_copy}/. {mount}/; set +e; "
              f"{ingest} {bad} --dataset subsidy; echo BAD=$?; {ingest} {good} --dataset subsidy; echo GOOD=$?; "
              f"echo TEMP=$(find {mount} -name '*.tmp' -o -name '.building*' | wc -l); "
              f"echo JOURNAL; tail -n 2 {mount}/load_log.jsonl")
    result = _namespace(script, {**env_with(home_copy), "IPDASH_HOME": str(mount)})
    if "mount:" in result.stderr and "BAD=" not in result.stdout:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()[:200]}")
    assert "BAD=2" in result.stdout and "GOOD=3" in result.stdout, result.stdout + result.stderr  # 3: disk
    assert "the disk is full" in result.stderr and "Traceback" not in result.stderr
    assert "TEMP=0" in result.stdout
    lines = [json.loads(line) for line in result.stdout.split("JOURNAL", 1)[1].strip().splitlines()]
    assert [(e["file_name"], e["status"]) for e in lines] == [("bad.csv", "rejected"), ("good.csv", "failed")]
    assert "not quarantined" in lines[0]["message"] and "disk is full" in lines[1]["message"]
