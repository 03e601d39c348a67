"""CLI: ``python -m bench [--quick] [options]``; see bench/__init__.py and docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load import LoadModel

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Mode:
    name: str
    build_rows: tuple[int, ...]
    page_rows: int
    sessions: tuple[int, ...]
    model: LoadModel
    query_repeats: int
    step_timeout: float  # per subprocess (sample, build, baseline)


FULL = Mode("full", (1_000_000, 10_000_000, 50_000_000), 10_000_000, (1, 20, 50),
            LoadModel(reruns=6, think=(0.0, 10.0), ramp=2.0, timeout=60.0), 5, 3600.0)
# Quick: one session, so the smoke test checks the bench itself, not races that only show under load.
QUICK = Mode("quick", (20_000,), 20_000, (1,),
             LoadModel(reruns=2, think=(0.0, 0.2), ramp=0.2, timeout=30.0, settle=0.3), 2, 300.0)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny data, 1-2 sessions, few reruns (smoke test)")
    parser.add_argument("--build-rows", type=_ints, help="comma-separated fact-row scales to build")
    parser.add_argument("--page-rows", type=int, help="scale the query and page phases run on")
    parser.add_argument("--max-build-rows", type=int, help="cap on any scale (recorded as a cap)")
    parser.add_argument("--sessions", type=_ints, help="comma-separated concurrent session counts")
    parser.add_argument("--reruns", type=int, help="reruns per session (load model: at least 6)")
    parser.add_argument("--think", help="think time range in seconds, MIN,MAX (load model: 0,10)")
    parser.add_argument("--repeats", type=int, help="rounds per query timing")
    parser.add_argument("--skip", default="", help="comma-separated phases to skip: build,queries,release,pages")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory (default bench/results)")
    parser.add_argument("--work", type=Path, help="work directory (default a temporary one, removed at the end)")
    parser.add_argument("--note", default="", help="free text stored with the results (e.g. machine load)")
    return parser.parse_args(argv)


def resolve_mode(args: argparse.Namespace) -> Mode:
    base = QUICK if args.quick else FULL
    model = base.model
    if args.reruns or args.think:
        think = tuple(float(x) for x in args.think.split(",")) if args.think else model.think
        model = LoadModel(reruns=args.reruns or model.reruns, think=(think[0], think[1]), ramp=model.ramp,
                          timeout=model.timeout, settle=model.settle)
    build_rows = args.build_rows or base.build_rows
    page_rows = args.page_rows or (base.page_rows if base.page_rows in build_rows else build_rows[0])
    return Mode(base.name, build_rows, page_rows, args.sessions or base.sessions, model,
                args.repeats or base.query_repeats, base.step_timeout)


def machine() -> dict[str, Any]:
    import duckdb
    import polars
    import psutil
    import pyarrow
    import streamlit

    return {
        "cpus": os.cpu_count(), "memory_bytes": psutil.virtual_memory().total,
        "load_average_start": list(os.getloadavg()), "python": sys.version.split()[0],
        "streamlit": streamlit.__version__, "duckdb": duckdb.__version__, "polars": polars.__version__,
        "pyarrow": pyarrow.__version__, "platform": sys.platform,
    }


def main(argv: list[str] | None = None) -> int:
    import streamlit.logger

    streamlit.logger.set_log_level("ERROR")  # bare-mode cache warnings are expected in this process
    args = parse_args(argv)
    mode = resolve_mode(args)
    skip = set(filter(None, args.skip.split(",")))
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    work = args.work or Path(tempfile.mkdtemp(prefix="ipdash_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "schema": 1, "mode": mode.name, "started_at": started.isoformat(timespec="seconds"),
        "note": args.note, "machine": machine(),
        "config": {"build_rows": list(mode.build_rows), "page_rows": mode.page_rows, "sessions": list(mode.sessions),
                   "reruns": mode.model.reruns, "think_seconds": list(mode.model.think),
                   "query_repeats": mode.query_repeats, "skipped": sorted(skip),
                   "max_build_rows": args.max_build_rows},
    }
    t0 = time.perf_counter()
    try:
        from bench.phases import run_phases

        run_phases(result, mode=mode, work=work, skip=skip, max_rows=args.max_build_rows)
    finally:
        result["duration_seconds"] = time.perf_counter() - t0
        result["machine"]["load_average_end"] = list(os.getloadavg())
        result["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        from bench.report import evaluate, markdown

        result["goals"] = evaluate(result)
        json_path = args.out / f"{stamp}.json"
        json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        text = markdown(result)
        (args.out / f"{stamp}.md").write_text(text, encoding="utf-8")
        if mode.name == "full" and not skip:
            (args.out / "latest.md").write_text(text, encoding="utf-8")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        print(f"results: {json_path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
