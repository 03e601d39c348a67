"""CLI: ``python -m bench [--quick] [options]`` from the repository root; see bench/__init__.py."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench.results import LoadModel, Machine, Mode, Result

RESULTS = Path(__file__).resolve().parent / "results"
CORES = os.cpu_count() or 1

FULL = Mode("full", build_rows=(1_000_000, 10_000_000, 50_000_000), page_rows=(None, 10_000_000),
            sessions=(1, 20, 50), model=LoadModel(reruns=6, think=(0.0, 10.0), ramp=2.0, timeout=60.0),
            cost_reruns=20, replicas=tuple(sorted({1, CORES})), replica_sessions=50, query_repeats=5,
            step_timeout=3600.0)
# Quick: the default data, one session, few reruns: a smoke test of the bench itself, not a measurement.
QUICK = Mode("quick", build_rows=(), page_rows=(None,), sessions=(1,),
             model=LoadModel(reruns=2, think=(0.0, 0.2), ramp=0.2, timeout=30.0, settle=0.3),
             cost_reruns=3, replicas=(2,), replica_sessions=2, query_repeats=2, step_timeout=300.0)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part)


def _scales(text: str) -> tuple[int | None, ...]:
    return tuple(None if part == "default" else int(part.replace("_", "")) for part in text.split(",") if part)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    add = parser.add_argument
    add("--quick", action="store_true", help="default data, 1 session, few reruns (smoke test)")
    add("--build-rows", type=_ints, help="synthetic fact-row scales to build and time vs COPY, e.g. 1000000,10000000")
    add("--page-rows", type=_scales, help="data the queries, pages and replicas run on, e.g. default,10000000")
    add("--max-build-rows", type=int, help="cap on any scale (recorded as a cap)")
    add("--sessions", type=_ints, help="concurrent sessions per crowd, e.g. 1,20,50 (the largest also for replicas)")
    add("--reruns", type=int, help="reruns per session in a crowd")
    add("--think", help="think time range in seconds before each rerun: MIN,MAX")
    add("--cost-reruns", type=int, help="back-to-back reruns per page for CPU per rerun")
    add("--replicas", type=_ints, help=f"replica counts behind nginx (default 1,{CORES})")
    add("--pages", help="only these app pages (url paths, comma-separated)")
    add("--repeats", type=int, help="rounds per query timing")
    add("--skip", default="", help="phases to skip: queries,pages,replicas")
    add("--out", type=Path, default=RESULTS, help="results directory (default bench/results)")
    add("--work", type=Path, help="work directory (default a temporary one, removed at the end)")
    add("--note", default="", help="free text stored with the results (e.g. machine load)")
    return parser.parse_args(argv)


def resolve_mode(args: argparse.Namespace) -> Mode:
    mode = QUICK if args.quick else FULL
    model = mode.model
    if args.reruns:
        model = replace(model, reruns=args.reruns)
    if args.think:
        low, high = (float(x) for x in args.think.split(","))
        model = replace(model, think=(low, high))
    sessions = args.sessions or mode.sessions
    return replace(
        mode, model=model, sessions=sessions,
        build_rows=mode.build_rows if args.build_rows is None else args.build_rows,
        page_rows=args.page_rows or mode.page_rows,
        replica_sessions=max(args.sessions) if args.sessions else mode.replica_sessions,
        cost_reruns=args.cost_reruns or mode.cost_reruns, replicas=args.replicas or mode.replicas,
        query_repeats=args.repeats or mode.query_repeats,
        pages=tuple(filter(None, (args.pages or "").split(","))),
    )


def machine() -> Machine:
    import psutil

    versions = {name: metadata.version(name) for name in ("streamlit", "duckdb", "polars", "pyarrow")}
    return Machine(CORES, psutil.virtual_memory().total, sys.version.split()[0], versions, os.getloadavg()[0])


def main(argv: list[str] | None = None) -> int:
    import streamlit.logger

    streamlit.logger.set_log_level("ERROR")  # AppTest and bare-mode caches warn in this process; expected
    args = parse_args(argv)
    mode = resolve_mode(args)
    skip = set(filter(None, args.skip.split(",")))
    started = datetime.now(UTC)
    work = args.work or Path(tempfile.mkdtemp(prefix="ipdash_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    result = Result(mode, started.isoformat(timespec="seconds"), args.note, machine())
    t0 = time.perf_counter()
    try:
        from bench.run import run

        run(result, work=work, skip=skip, max_rows=args.max_build_rows)
    except BaseException as exc:
        result.failure = f"{type(exc).__name__}: {exc}"[:2000]
        raise
    finally:
        from bench.report import evaluate, markdown

        result.duration_seconds = time.perf_counter() - t0
        result.machine.load_average_end = os.getloadavg()[0]
        result.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        result.goals = evaluate(result)
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        json_path = args.out / f"{stamp}.json"
        json_path.write_text(json.dumps(asdict(result), indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        text = markdown(result)
        (args.out / f"{stamp}.md").write_text(text, encoding="utf-8")
        if mode == FULL and not skip and not result.failure and args.max_build_rows is None:
            (args.out / "latest.md").write_text(text, encoding="utf-8")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        print(f"results: {json_path}\n{text}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
