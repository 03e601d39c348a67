"""Build at one scale — ``python -m etl sample [--rows N]``, ``python -m etl build`` — beside DuckDB's
own CSV → Parquet COPY of the same files (bench/copy_baseline.py), with peak RSS of each process tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.results import Build
from bench.server import rss_bytes
from deploy.serve import ROOT

RAW_DIR = ROOT / "data" / "raw"


@dataclass
class _Measured:
    seconds: float
    peak_rss: int
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: list[str], *, home: Path, timeout: float) -> _Measured:
    """Run a command over ``home``: wall seconds, peak RSS of its process tree, exit code and output."""
    started = time.perf_counter()
    env = {**os.environ, "IPDASH_HOME": str(home)}
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, rss_bytes(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(process.pid).children(recursive=True):
            child.kill()
        process.kill()
        out, err = process.communicate(timeout=30)
        err += f"\ntimed out after {timeout:.0f} s".encode()
    finally:
        done.set()
        sampler.join(timeout=5)
    return _Measured(time.perf_counter() - started, peak, process.returncode, out.decode(errors="replace"),
                     err.decode(errors="replace")[-2000:])


def build_scale(rows: int | None, work: Path, *, timeout: float) -> tuple[Build, Path]:
    """Sample (``rows`` None: the default sample), COPY baseline and build; the result and its home."""
    home = work / f"home_{rows or 'default'}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    py = sys.executable
    scale = ["--rows", str(rows)] if rows else []
    sample = run_measured([py, "-m", "etl", "sample", *scale, "--out", str(home / "sample")], home=home,
                          timeout=timeout)
    if sample.returncode != 0:
        raise RuntimeError(f"etl sample {' '.join(scale)} failed:\n{sample.stderr}")
    inputs = sorted(RAW_DIR.glob("*.csv")) + sorted((home / "sample").glob("*.csv"))
    copy_dir = work / f"copy_{rows or 'default'}"
    shutil.rmtree(copy_dir, ignore_errors=True)
    copy = run_measured([py, "-m", "bench.copy_baseline", str(copy_dir), *map(str, inputs)], home=home,
                        timeout=timeout)
    shutil.rmtree(copy_dir, ignore_errors=True)
    build = run_measured([py, "-m", "etl", "build"], home=home, timeout=timeout)
    if build.returncode != 0:
        raise RuntimeError(f"etl build at {rows or 'default'} rows failed:\n{build.stderr}")
    status = json.loads(run_measured([py, "-m", "etl", "status", "--json"], home=home, timeout=120).stdout)
    copied = json.loads(copy.stdout.strip().splitlines()[-1]) if copy.returncode == 0 else {}
    return Build(
        rows_requested=rows, fact_rows=status["rows"].get("kpi_results", 0), input_files=len(inputs),
        input_bytes=sum(p.stat().st_size for p in inputs), sample_seconds=sample.seconds,
        sample_peak_rss=sample.peak_rss, build_seconds=build.seconds, build_peak_rss=build.peak_rss,
        copy_seconds=copy.seconds, copy_peak_rss=copy.peak_rss, copy_bytes_out=copied.get("bytes_out", 0),
        copy_failed=copied.get("failed", {"all": copy.stderr[-300:]}), warehouse_bytes=status["size_bytes"],
        version=status["version"],
    ), home


def too_big(rows: int, previous: Build | None, work: Path) -> str:
    """Why a build of ``rows`` should not run on this shared machine, or "": memory and disk extrapolated
    linearly from the previous synthetic scale may take 60 % of the available memory, 80 % of the free disk."""
    if previous is None or not previous.rows_requested:
        return ""
    factor = rows / previous.rows_requested
    need_mem = max(previous.sample_peak_rss, previous.build_peak_rss) * factor
    need_disk = (previous.input_bytes + previous.warehouse_bytes + previous.copy_bytes_out) * factor
    free_mem, free_disk = psutil.virtual_memory().available, shutil.disk_usage(work).free
    if need_mem > 0.6 * free_mem:
        return f"needs ~{need_mem / 1e9:.1f} GB RAM by extrapolation, {free_mem / 1e9:.1f} GB available"
    if need_disk > 0.8 * free_disk:
        return f"needs ~{need_disk / 1e9:.1f} GB disk by extrapolation, {free_disk / 1e9:.1f} GB free"
    return ""
