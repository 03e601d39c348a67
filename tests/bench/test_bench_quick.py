"""`python -m bench --quick` runs end to end on tiny data (a smoke test of the bench, never a timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

TIMEOUT = 600  # the quick run takes well under 2 minutes; generous for a loaded machine


def test_quick_bench_writes_results_with_every_section_and_no_errors(tmp_path: Path) -> None:
    out = tmp_path / "results"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    [result_file] = list(out.glob("*.json"))
    assert result_file.with_suffix(".md").exists()
    assert not (out / "latest.md").exists()  # only a full run replaces the committed summary
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["mode"] == "quick"
    assert {"machine", "config", "build", "queries", "parquet_release", "pages", "goals"} <= set(result)

    [scale] = result["build"]["scales"]
    assert scale["build_seconds"] > 0 and scale["copy_seconds"] > 0 and scale["warehouse_bytes"] > 0
    assert scale["copy_files_failed"] == {}

    functions = next(iter(result["queries"].values()))["functions"]
    assert "plan_kpis" in functions and "explore" in functions
    for name, entry in functions.items():
        assert not entry.get("skipped"), (name, entry["note"])
        assert entry["raw_ms"] > 0 and entry["miss_ms"] > 0 and entry["hit_ms"] > 0, name
    assert all(f.get("same_rows") for f in result["parquet_release"]["functions"].values())

    pages = result["pages"]
    assert set(pages["reference"]["pages"]) == {"naive", "one_line"}
    assert "overview" in pages["app"]["pages"]
    for group in ("reference", "app"):
        for level in pages[group]["levels"].values():
            assert level["rss_peak"] > 0 and not level["restarts"]
            for page, scenario in level["scenarios"].items():
                assert scenario["errors"] == 0, (group, page, scenario["error_samples"])
                assert scenario["rerun"]["n"] >= 2 and scenario["rerun"]["p95_ms"] is not None, (group, page)
    assert pages["reference"]["levels"]["1"]["scenarios"]["naive"]["mode"] == "widget"
    assert {g["goal"] for g in result["goals"]} >= {"cache hit", "errors (app pages)"}
