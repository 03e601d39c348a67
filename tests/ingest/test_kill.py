"""A load killed (SIGKILL) at any step leaves the previous version serving and no partial rows."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.ingest import STEPS, ingest_file
from etl.loads import journal
from tests.conftest import ROOT, env_with
from tests.ingest.conftest import SUBSIDY_HEADER, csv_bytes, view, warehouse_state, write
from warehouse.connection import versions_dir

DATA = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,,", "東京都,令和4年度,85,,"])


def _loaded_rows(root: Path) -> int:
    return int(view(root, "SELECT count(*) AS n FROM published_statistics WHERE source_type = 'loaded'")["n"].item())


def _kill_at(root: Path, path: Path, step: str, tmp_path: Path) -> None:
    marker = tmp_path / f"stalled_{step}"
    child = subprocess.Popen([sys.executable, "-m", "tests.ingest.stall_load", str(root), str(path), "subsidy", step,
                              str(marker)], cwd=ROOT, env=env_with(root))
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            assert child.poll() is None, f"the load ended before reaching {step!r}"
            assert time.monotonic() < deadline, f"the load never reached {step!r}"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("step", ["archived", "written", "checked"])
def test_kill_before_the_switch_leaves_the_old_version_and_the_next_load_succeeds(
    home_copy: Path, tmp_path: Path, step: str,
) -> None:
    assert step in STEPS
    before = warehouse_state(home_copy)
    path = write(tmp_path, "kill.csv", DATA)
    _kill_at(home_copy, path, step, tmp_path)

    assert warehouse_state(home_copy) == before
    assert _loaded_rows(home_copy) == 0
    assert not [e for e in journal.entries(home_copy) if e.get("status") == "accepted"]

    outcome = ingest_file(path, "subsidy", root=home_copy)  # takes over the locks, sweeps the leftovers
    assert outcome.status == "accepted", outcome.lines()
    assert _loaded_rows(home_copy) == 2
    assert not list(versions_dir(home_copy).glob(".building_*"))
    assert [p.name for p in (home_copy / "parquet").iterdir()] == []


def test_kill_after_the_switch_keeps_the_committed_load(home_copy: Path, tmp_path: Path) -> None:
    before = warehouse_state(home_copy)
    path = write(tmp_path, "late.csv", DATA)
    _kill_at(home_copy, path, "published", tmp_path)
    assert warehouse_state(home_copy)[0] != before[0] and _loaded_rows(home_copy) == 2
    assert ingest_file(path, "subsidy", root=home_copy).status == "unchanged"
