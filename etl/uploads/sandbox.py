"""Validate a file in a child process with memory and CPU limits: a bomb or a crash there is a clean rejection.

The web server never parses an upload in its own process, and the CLI does the same: whatever a hostile
file does to the parser (exhaust memory, spin, crash the interpreter) happens in the child, which the
operating system stops at its limits (resource.setrlimit: address space, CPU seconds, file size, no core
file) and which runs at a lower priority, so other users' page reruns keep the CPU. The parent turns any
failure of the child into one problem (rule ``check_failed``) and never sees a traceback.

Protocol: the file's bytes on the child's stdin; on stdout the report as JSON and its two tables as Arrow
IPC, length-prefixed. No pickle: even a child a file had somehow subverted cannot make the parent run code.

    python -m etl.uploads.sandbox DATASET FILE_NAME SHEET ROOT   (SHEET '' = choose as usual)
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import resource
import signal
import struct
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.cells import messages
from etl.uploads.report import Report
from warehouse.connection import home

log = logging.getLogger(__name__)
MAGIC = b"IPDASH-REPORT-1\n"


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 4096  # address space of the child (imports reserve ~0.5 GB; 200,000 CSV rows need ~1.5 GB)
    cpu_seconds: int = 180  # CPU time; the largest valid file (500,000 rows) needs about a minute
    wall_seconds: int = 600  # the parent gives up (and kills the child) after this
    nice: int = 10  # other users' reruns first


LIMITS = Limits()


def validate_isolated(data: bytes, file_name: str, dataset: str, *, sheet: str | None = None,
                      root: Path | None = None, limits: Limits = LIMITS) -> Report:
    """etl.uploads.validate.validate, run in a limited child process."""
    root = root or home()
    name = file_name.replace("\x00", "")
    command = [sys.executable, "-m", "etl.uploads.sandbox", dataset, name, sheet or "", str(root),
               str(limits.memory_mb), str(limits.cpu_seconds), str(limits.nice)]
    env = {**os.environ, "IPDASH_HOME": str(root), "PYTHONDONTWRITEBYTECODE": "1", "POLARS_MAX_THREADS": "1"}
    try:
        child = subprocess.run(command, input=data, capture_output=True, timeout=limits.wall_seconds, env=env,
                               check=False)
    except subprocess.TimeoutExpired:
        return _failed(data, name, dataset, limits, f"no result after {limits.wall_seconds} s")
    except OSError as exc:  # cannot start a process at all (out of memory, no more processes)
        return _failed(data, name, dataset, limits, f"the checker could not start ({exc.strerror})")
    if child.returncode != 0 or not child.stdout.startswith(MAGIC):
        log.warning("validation of %r ended with %s: %s", name, child.returncode,
                    child.stderr.decode("utf-8", "replace")[-4000:])
        return _failed(data, name, dataset, limits, _why(child.returncode, child.stderr))
    try:
        return _decode(child.stdout[len(MAGIC):])
    except (ValueError, KeyError, TypeError, struct.error, pl.exceptions.PolarsError, OSError) as exc:
        log.warning("validation of %r returned an unreadable report: %s", name, exc)
        return _failed(data, name, dataset, limits, "its result could not be read")


def _why(code: int, stderr: bytes) -> str:
    if code < 0:
        signame = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        if -code in (signal.SIGXCPU, signal.SIGKILL):
            return f"it used up its CPU time ({signame})"
        return f"the checker stopped ({signame}: out of memory or crashed)"
    if b"MemoryError" in stderr:
        return "it needed more memory than allowed"
    return f"the checker failed (exit {code})"


def _failed(data: bytes, name: str, dataset: str, limits: Limits, detail: str) -> Report:
    report = Report(name, dataset, hashlib.sha256(data).hexdigest(), len(data))
    report.problem(messages.problem(name, None, None, None, "check_failed", memory_mb=limits.memory_mb,
                                    cpu_s=limits.cpu_seconds, detail=detail))
    return report


def _frame_bytes(frame: pl.DataFrame | None) -> bytes:
    if frame is None:
        return b""
    buffer = io.BytesIO()
    frame.write_ipc(buffer)
    return buffer.getvalue()


def encode(report: Report) -> bytes:
    parts = [json.dumps(report.as_dict(), ensure_ascii=False).encode("utf-8"), _frame_bytes(report.rows),
             _frame_bytes(report.preview)]
    return MAGIC + b"".join(struct.pack(">Q", len(p)) + p for p in parts)


def _decode(payload: bytes) -> Report:
    parts, at = [], 0
    for _ in range(3):
        (size,) = struct.unpack_from(">Q", payload, at)
        at += 8
        if at + size > len(payload):
            raise ValueError("truncated report")
        parts.append(payload[at:at + size])
        at += size
    report = Report.from_dict(json.loads(parts[0]))
    report.rows = pl.read_ipc(io.BytesIO(parts[1])) if parts[1] else None
    report.preview = pl.read_ipc(io.BytesIO(parts[2])) if parts[2] else None
    return report


def _lower(limit: int, soft: int, hard: int | None = None) -> None:
    """Lower a limit (never raise one the parent already set lower: that needs privileges)."""
    current_soft, current_hard = resource.getrlimit(limit)
    def cap(value: int, current: int) -> int:
        return value if current == resource.RLIM_INFINITY else min(value, current)
    resource.setrlimit(limit, (cap(soft, current_soft), cap(soft if hard is None else hard, current_hard)))


def _limit_self(memory_mb: int, cpu_seconds: int, nice: int) -> None:
    _lower(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    _lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5)  # SIGXCPU at the soft limit ends the child
    _lower(resource.RLIMIT_FSIZE, 1 << 20)  # it reads; it writes nothing
    _lower(resource.RLIMIT_CORE, 0)
    os.nice(nice)


def main(argv: list[str]) -> int:
    dataset, file_name, sheet, root, memory_mb, cpu_seconds, nice = argv
    _limit_self(int(memory_mb), int(cpu_seconds), int(nice))
    from etl.uploads.validate import validate  # imported under the limits

    data = sys.stdin.buffer.read()
    try:
        report = validate(data, file_name, dataset, sheet=sheet or None, root=Path(root))
    except MemoryError:
        traceback.print_exc()
        return 3
    sys.stdout.buffer.write(encode(report))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
