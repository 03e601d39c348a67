"""The phases in order. Per scale (the default data first, then the synthetic scales, smallest first):
build vs COPY; then, on the page scales, the queries the pages make, the pages (reference one-line page
and app) and the replicas behind nginx. Records are added to the result as they are made, so a run
that fails half-way keeps what it measured."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.build_bench import build_scale, too_big
from bench.pages_bench import APP, REFERENCE, PageRef, app_pages, run_app
from bench.queries_bench import time_page_queries
from bench.replicas_bench import run_replicas
from bench.results import AppRun, Build, Cap, Mode, Result, ScaleRun


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def scale_label(rows: int | None, fact_rows: int) -> str:
    return f"default data ({fact_rows:,} fact rows)" if rows is None else f"{fact_rows:,} fact rows"


def _pages(mode: Mode) -> list[PageRef]:
    pages = app_pages(APP)
    unknown = set(mode.pages) - {p.name for p in pages}
    if unknown:
        raise ValueError(f"--pages: no such page in app.py: {', '.join(sorted(unknown))}")
    return [p for p in pages if not mode.pages or p.name in mode.pages]


def _run_app(label: str, script: Path, pages: list[PageRef], home: Path, mode: Mode, work: Path) -> AppRun:
    say(f"{label} pages, sessions {list(mode.sessions)}")
    measured = run_app(script, home, pages=pages, levels=mode.sessions, model=mode.model,
                       cost_reruns=mode.cost_reruns, log_dir=work / "logs")
    costs = ", ".join(f"{c.page}{'/' + c.fragment[:6] if c.fragment else ''} "
                      f"{'-' if c.cpu_seconds is None else f'{c.cpu_seconds:.3f}'}" for c in measured.costs)
    say(f"  {label}: CPU s per rerun {costs}")
    return measured


def _measure(scale: ScaleRun, home: Path, mode: Mode, skip: set[str], work: Path) -> None:
    pages = _pages(mode)
    if "queries" not in skip:
        say(f"queries the pages make, {scale.label}")
        scale.queries = time_page_queries(home, pages, repeats=mode.query_repeats, work_dir=work)
    if "pages" not in skip:
        scale.reference = _run_app("reference", REFERENCE, app_pages(REFERENCE), home, mode, work)
        scale.app = _run_app("app", APP, pages, home, mode, work)
    if "replicas" not in skip:
        say(f"replicas {list(mode.replicas)} behind nginx, {mode.replica_sessions} sessions, {scale.label}")
        scale.replicas, scale.replicas_skipped = run_replicas(
            home, pages, counts=mode.replicas, sessions=mode.replica_sessions, model=mode.model)
        for run in scale.replicas:
            say(f"  {run.replicas} replica(s): p95 {run.crowd.reruns.p95_ms or 0:.0f} ms, "
                f"capacity {run.capacity.reruns_per_second:.1f} reruns/s")


def run(result: Result, *, work: Path, skip: set[str], max_rows: int | None) -> None:
    mode = result.mode
    (work / "logs").mkdir(parents=True, exist_ok=True)
    scales: list[int | None] = [None] if None in mode.page_rows else []
    scales += sorted(set(mode.build_rows) | {r for r in mode.page_rows if r is not None})
    previous: Build | None = None
    for rows in scales:
        if rows:
            why = f"--max-build-rows {max_rows:,}" if max_rows and rows > max_rows else too_big(rows, previous, work)
            if why:
                result.caps.append(Cap(rows, why))
                say(f"{rows:,} rows not built: {why}")
                continue
        say(f"build {f'{rows:,} rows' if rows else 'the default data'}")
        build, home = build_scale(rows, work, timeout=mode.step_timeout)
        result.builds.append(build)
        say(f"  build {build.build_seconds:.1f} s vs COPY {build.copy_seconds:.1f} s (×{build.ratio:.2f}), "
            f"peak RSS {build.build_peak_rss / 1e9:.2f} GB, {build.fact_rows:,} fact rows")
        previous = build if rows is not None else previous
        try:
            if rows in mode.page_rows:
                result.scales.append(ScaleRun(scale_label(rows, build.fact_rows), build.fact_rows))
                _measure(result.scales[-1], home, mode, skip, work)
        finally:
            shutil.rmtree(home, ignore_errors=True)
