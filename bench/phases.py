"""The benchmark's phases in order: build per scale (+ queries there), Parquet release, pages."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from bench.build_bench import build_scale, fits
from bench.pages_bench import run_pages
from bench.queries_bench import measure_queries
from bench.query_args import all_calls
from warehouse.connection import current_version, open_read_only
from warehouse.parquet_release import export_release, open_parquet_release

if TYPE_CHECKING:
    from bench.__main__ import Mode


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def _scale_to_build(rows: int, previous: dict[str, Any] | None, work: Path,
                    max_rows: int | None) -> tuple[int, str]:
    """The scale to build instead of ``rows`` (same when it fits), and why it was capped."""
    reasons = []
    if max_rows and rows > max_rows:
        rows, reasons = max_rows, [f"--max-build-rows {max_rows:,}"]
    floor = previous["rows_requested"] if previous else 0
    candidate = rows
    while candidate > floor:
        ok, why = fits(candidate, previous, work)
        if ok:
            return candidate, "; ".join(reasons)
        reasons.append(f"{candidate:,} rows: {why}")
        candidate -= max(1_000_000, rows // 10)
    return 0, "; ".join(reasons)


def run_phases(result: dict[str, Any], *, mode: Mode, work: Path, skip: set[str], max_rows: int | None) -> None:
    import streamlit.logger

    streamlit.logger.set_log_level("ERROR")  # bare-mode cache warnings are expected here
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result["build"] = {"scales": [], "caps": []}
    result["queries"] = {}
    page_home: Path | None = None
    previous = None
    for requested in mode.build_rows:
        rows, cap = _scale_to_build(requested, previous, work, max_rows)
        if cap:
            result["build"]["caps"].append({"requested": requested, "built": rows or None, "reason": cap})
            _say(f"scale {requested:,} capped to {rows:,}: {cap}")
        if not rows:
            continue
        _say(f"build {rows:,} rows")
        scale = build_scale(rows, work, timeout=mode.step_timeout, keep_home=True)
        scale["rows_requested_originally"] = requested
        result["build"]["scales"].append(scale)
        _say(f"  build {scale['build_seconds']:.1f} s vs COPY {scale['copy_seconds']:.1f} s "
             f"(x{scale['build_ratio']:.2f}); warehouse {scale['warehouse_bytes'] / 1e6:.0f} MB")
        home = Path(scale["home"])
        if "queries" not in skip:
            _say(f"queries at {rows:,} rows")
            result["queries"][str(rows)] = measure_queries(home, repeats=mode.query_repeats, work_dir=home)
        if requested == mode.page_rows:
            page_home = home
        else:
            shutil.rmtree(home, ignore_errors=True)
            scale["home"] = None
        previous = scale
    if page_home is None:
        raise RuntimeError(f"the page scale {mode.page_rows:,} was not built")
    if "release" not in skip:
        _say("Parquet release")
        result["parquet_release"] = measure_release(page_home, work, repeats=mode.query_repeats)
    if "pages" not in skip:
        _say(f"pages at {mode.page_rows:,} rows, sessions {mode.sessions}")
        result["pages"] = run_pages(page_home, levels=mode.sessions, model=mode.model, log_dir=logs)
    shutil.rmtree(page_home, ignore_errors=True)


def _median_ms(fn: Any, repeats: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, pl.DataFrame) and isinstance(b, pl.DataFrame):
        return a.equals(b) or (a.schema == b.schema and a.sort(a.columns).equals(b.sort(b.columns)))
    return bool(a == b)


def measure_release(home: Path, work: Path, *, repeats: int) -> dict[str, Any]:
    """Export the version as Parquet, then each query on the release vs on the DuckDB file."""
    version = current_version(home)
    out = work / "releases" / version.id
    started = time.perf_counter()
    manifest = export_release(version.path, out)
    export_seconds = time.perf_counter() - started
    duck, parquet = open_read_only(version.path), open_parquet_release(out)
    functions: dict[str, Any] = {}
    try:
        for call in all_calls():
            if not call.callable:
                continue

            def on(con: Any, call: Any = call) -> Any:
                cur = con.cursor()
                try:
                    return call.function(cur, **call.kwargs)
                finally:
                    cur.close()

            try:
                same = _same(on(duck), on(parquet))
                functions[call.name] = {"duckdb_ms": _median_ms(lambda: on(duck), repeats),
                                        "parquet_ms": _median_ms(lambda: on(parquet), repeats), "same_rows": same}
            except Exception as exc:  # reported, not fatal
                functions[call.name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        duck.close()
        parquet.close()
        shutil.rmtree(out, ignore_errors=True)
    return {"export_seconds": export_seconds, "bytes": sum(v["bytes"] for v in manifest["views"].values()),
            "duckdb_file_bytes": version.path.stat().st_size, "functions": functions}
