"""Build at scale: ``python -m etl sample --rows N`` then ``python -m etl build`` vs DuckDB's COPY.

Each scale gets its own ``$IPDASH_HOME`` under the work directory.  Both the build and the
baseline run as fresh subprocesses on the same, freshly written (so page-cached) input files:
the bundled ``data/raw/*.csv`` plus the scaled sample CSVs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench.server import ROOT, rss_bytes

RAW_DIR = ROOT / "data" / "raw"


def run_measured(cmd: list[str], *, env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run a command; wall seconds, peak RSS of its process tree, exit code and output."""
    started = time.perf_counter()
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
    return {"seconds": time.perf_counter() - started, "peak_rss": peak, "returncode": process.returncode,
            "stdout": out.decode(errors="replace"), "stderr": err.decode(errors="replace")[-2000:]}


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "IPDASH_HOME": str(home)}


def build_scale(rows: int, work: Path, *, timeout: float, keep_home: bool) -> dict[str, Any]:
    """Sample, build and baseline at one scale; the home stays for later phases when keep_home."""
    home = work / f"home_{rows}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    py = sys.executable
    sample = run_measured([py, "-m", "etl", "sample", "--rows", str(rows), "--out", str(home / "sample")],
                          env=_env(home), timeout=timeout)
    if sample["returncode"] != 0:
        raise RuntimeError(f"sample --rows {rows} failed:\n{sample['stderr']}")
    inputs = sorted(RAW_DIR.glob("*.csv")) + sorted((home / "sample").glob("*.csv"))
    baseline_dir = work / f"copy_{rows}"
    shutil.rmtree(baseline_dir, ignore_errors=True)
    baseline = run_measured([py, "-m", "bench.copy_baseline", str(baseline_dir), *map(str, inputs)],
                            env=_env(home), timeout=timeout)
    build = run_measured([py, "-m", "etl", "build"], env=_env(home), timeout=timeout)
    if build["returncode"] != 0:
        raise RuntimeError(f"build at {rows} rows failed:\n{build['stderr']}")
    status = json.loads(run_measured([py, "-m", "etl", "status", "--json"], env=_env(home), timeout=120)["stdout"])
    copy_info = json.loads(baseline["stdout"].strip().splitlines()[-1]) if baseline["returncode"] == 0 else {}
    published = re.search(r"published \S+ in ([\d.]+) s", build["stdout"])
    shutil.rmtree(baseline_dir, ignore_errors=True)
    result = {
        "rows_requested": rows,
        "fact_rows": status["rows"].get("kpi_results"),
        "input_files": len(inputs),
        "input_bytes": sum(p.stat().st_size for p in inputs),
        "sample_seconds": sample["seconds"],
        "sample_peak_rss": sample["peak_rss"],
        "build_seconds": build["seconds"],
        "build_publish_seconds": float(published.group(1)) if published else None,
        "build_peak_rss": build["peak_rss"],
        "copy_seconds": baseline["seconds"],
        "copy_peak_rss": baseline["peak_rss"],
        "copy_files_failed": copy_info.get("failed", {"all": baseline["stderr"][-300:]}),
        "copy_bytes_out": copy_info.get("bytes_out"),
        "build_ratio": build["seconds"] / baseline["seconds"],
        "warehouse_bytes": status["size_bytes"],
        "warehouse_version": status["version"],
        "home": str(home),
    }
    if not keep_home:
        shutil.rmtree(home, ignore_errors=True)
        result["home"] = None
    return result


def fits(rows: int, previous: dict[str, Any] | None, work: Path) -> tuple[bool, str]:
    """Whether a build of ``rows`` should fit in free memory and disk, judged from a smaller one."""
    if previous is None:
        return True, ""
    factor = rows / max(1, previous["rows_requested"])
    need_mem = max(previous["sample_peak_rss"], previous["build_peak_rss"]) * factor
    need_disk = (previous["input_bytes"] + previous["warehouse_bytes"] + (previous["copy_bytes_out"] or 0)) * factor
    free_mem = psutil.virtual_memory().available
    free_disk = shutil.disk_usage(work).free
    if need_mem > 0.6 * free_mem:  # a shared machine: leave room for the others
        return False, f"needs ~{need_mem / 1e9:.1f} GB RAM by extrapolation, {free_mem / 1e9:.1f} GB available"
    if need_disk > 0.8 * free_disk:
        return False, f"needs ~{need_disk / 1e9:.1f} GB disk by extrapolation, {free_disk / 1e9:.1f} GB free"
    return True, ""
