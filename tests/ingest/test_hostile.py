"""Memory bombs and hostile files: refused before they are materialised, peak memory measured in a child
process; the CLI never shows a traceback; a crash or limit of the checker is a clean rejection (issue 11, item 5).

Times are printed (``pytest -s``), not asserted: speed targets live in the benchmark. Peak memory is asserted
because the bound is what makes a 500 KB file unable to take gigabytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.loads import journal
from etl.uploads.sandbox import Limits, validate_isolated
from tests.conftest import env_with
from tests.ingest.bombs import BOMBS, measure, write_all
from tests.ingest.conftest import SUBSIDY_HEADER, csv_bytes, warehouse_state

PEAK_MB = 300


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("bombs"))


def test_every_bomb_is_refused_with_its_rule_and_bounded_memory(bombs: dict[str, Path], built_home: Path) -> None:
    """Each bomb checked in one child process, its peak resident memory reset before each (Linux clear_refs)."""
    folder = next(iter(bombs.values())).parent
    done = subprocess.run([sys.executable, "-m", "tests.ingest.bombs", "--validate-all", str(folder)],
                          env=env_with(built_home), capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results = {r["label"]: r for r in map(json.loads, done.stdout.splitlines())}
    print("\n| bomb | file | seconds | peak MB | rules |")
    for label, path in bombs.items():
        result = results[label]
        print(f"| {label} | {path.stat().st_size // 1024:,} KB | {result['seconds']} | {result['peak_mb']} | "
              f"{', '.join(result['rules'])} |")
    for label, (_name, _writer, rule) in BOMBS.items():
        assert rule in results[label]["rules"], (label, results[label])
        assert results[label]["peak_mb"] < PEAK_MB, (label, results[label])


@pytest.mark.parametrize("label", ["one row of 20 M cells", "one row of 20 M bare cells (80 MB of XML)",
                                   "20 M shared strings", "CSV: 40 MB of one-character cells"])
def test_the_cli_refuses_a_bomb_cleanly(bombs: dict[str, Path], home_copy: Path, label: str) -> None:
    """Exit 2, the reason, quarantined, one journal line; no traceback or MemoryError; the tree's largest
    process stays under the bound."""
    path = bombs[label]
    before = warehouse_state(home_copy)
    result = measure([sys.executable, "-m", "etl", "ingest", str(path), "--dataset", "subsidy"],
                     env=env_with(home_copy))
    print(f"\n{label}: CLI {result['seconds']} s, peak {result['peak_mb']} MB")
    stderr = str(result["stderr"])
    assert result["returncode"] == 2, stderr
    assert f"[{BOMBS[label][2]}]" in stderr and "nothing was loaded" in stderr
    assert "Traceback" not in stderr and "MemoryError" not in stderr
    assert float(result["peak_mb"]) < PEAK_MB  # type: ignore[arg-type]
    assert warehouse_state(home_copy) == before
    assert list((home_copy / "quarantine").glob(f"*_{path.name}.reasons.json"))
    last = journal.entries(home_copy)[-1]
    assert (last["status"], last["file_name"]) == ("rejected", path.name)


def test_a_checker_out_of_memory_is_a_clean_rejection(built_home: Path) -> None:
    """Whatever exhausts the child (here: a limit too small even to start) is a rejection with a reason."""
    data = csv_bytes([SUBSIDY_HEADER, "東京都,令和4年度,85,,"])
    report = validate_isolated(data, "ok.csv", "subsidy", root=built_home, limits=Limits(memory_mb=64))
    assert [p.rule for p in report.problems] == ["check_failed"]
    assert "64 MB" in report.problems[0].message and "メモリ" in report.problems[0].message_ja


def test_a_checker_out_of_cpu_time_is_a_clean_rejection(built_home: Path, tmp_path: Path) -> None:
    rows = [f"{code:02d},{year},{code + year},," for year in range(2000, 2026) for code in range(1, 48)] * 40
    data = csv_bytes([SUBSIDY_HEADER, *rows])
    report = validate_isolated(data, "big.csv", "subsidy", root=built_home, limits=Limits(cpu_seconds=1))
    assert [p.rule for p in report.problems] == ["check_failed"]
    assert "CPU" in report.problems[0].message


def test_the_isolated_check_gives_the_same_report_as_the_direct_one(built_home: Path) -> None:
    from etl.uploads.validate import validate

    data = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,△3,", "東京都,R4,x,5,秘匿", "アトランティス,R4,1,,"])
    direct, isolated = (validate(data, "f.csv", "subsidy", root=built_home),
                        validate_isolated(data, "f.csv", "subsidy", root=built_home))
    assert isolated.as_dict() == direct.as_dict()
    assert isolated.preview is not None and direct.preview is not None and isolated.preview.equals(direct.preview)
    good = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,△3,", "東京都,R4,x,5,秘匿"])
    direct, isolated = (validate(good, "g.csv", "subsidy", root=built_home),
                        validate_isolated(good, "g.csv", "subsidy", root=built_home))
    assert isolated.rows is not None and direct.rows is not None and isolated.rows.equals(direct.rows)
