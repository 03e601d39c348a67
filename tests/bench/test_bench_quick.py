"""`python -m bench --quick` runs end to end on the default data (a smoke test of the bench, never a timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.pages_bench import APP, app_pages
from deploy.serve import nginx_binary
from tests.conftest import ROOT

TIMEOUT = 600  # the quick run takes about two minutes; generous for a loaded machine


def test_quick_bench_writes_every_section_without_errors(tmp_path: Path) -> None:
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
    assert result["mode"]["name"] == "quick" and not result["failure"]

    [build] = result["builds"]
    assert build["rows_requested"] is None and build["fact_rows"] > 0
    assert build["build_seconds"] > 0 and build["copy_seconds"] > 0 and build["copy_failed"] == {}

    [scale] = result["scales"]
    pages = [p.name for p in app_pages(APP)]
    queries = scale["queries"]
    assert queries and all(q["pages"] and not q["error"] and q["raw_ms"] > 0 and q["function_ms"] > 0
                           for q in queries), queries
    assert {"overview", "explorer"} <= {page for q in queries for page in q["pages"]}

    reference, app = scale["reference"], scale["app"]
    assert reference["pages"] == {"one_line": ""}
    [floor] = reference["costs"]
    assert floor["change"] == "query string" and floor["cpu_seconds"] > 0 and not floor["errors"]
    assert list(app["pages"]) == pages and app["pages"][pages[0]] == ""  # the default page opens at /
    full = {c["page"]: c for c in app["costs"] if not c["fragment"]}
    assert set(full) == set(pages)
    for page, cost in full.items():
        assert cost["cpu_seconds"] > 0 and cost["latency"]["n"] == 3 and not cost["errors"], (page, cost)
    for run_ in (reference, app):
        [level] = run_["levels"]
        assert level["sessions"] == 1 and level["rss_peak"] > 0
        for crowd in level["crowds"]:
            assert crowd["errors"] == 0 and crowd["reruns"]["n"] == 2, crowd

    if nginx_binary() is None:
        assert "nginx" in scale["replicas_skipped"]
    else:
        assert [r["replicas"] for r in scale["replicas"]] == [2]
        for replicas in scale["replicas"]:
            assert len(replicas["cpu_by_process"]) == replicas["replicas"] + 1  # nginx, then each replica
            for crowd in (replicas["crowd"], replicas["capacity"]):
                assert crowd["errors"] == 0 and crowd["reruns"]["n"] == 4 and crowd["reruns_per_second"] > 0, crowd
    goals = {g["goal"].split(",")[0] for g in result["goals"]}
    assert {"server CPU per rerun", "errors", "server memory", "fragment reruns", "replicas behind nginx"} <= goals
