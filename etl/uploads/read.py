"""A file on disk -> its bytes, read once; a file still being written is refused, not half-loaded.

The size and modification time are taken before and after the read (and the path is looked at again,
in case the file was replaced). A file modified within the last SETTLE_SECONDS is looked at once more
after that quiet period: a writer still appending in bursts shows as a change. Any change rejects the
file ("the file changed while it was read"). What was read is what is hashed, validated and archived.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from etl.cells import messages
from etl.uploads import specs
from etl.uploads.report import Report

SETTLE_SECONDS = 1.0


def _signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def read_once(path: Path, dataset: str) -> tuple[bytes | None, Report | None]:
    """(bytes, None) to validate, or (bytes or None, a report of why the file cannot be loaded)."""
    try:
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read(specs.MAX_FILE_BYTES + 1)  # never more than the limit into memory
            after = os.fstat(handle.fileno())
        quiet = SETTLE_SECONDS - (time.time() - after.st_mtime)
        if quiet > 0:
            time.sleep(min(quiet, SETTLE_SECONDS))
        final = os.stat(path)
    except OSError as exc:
        report = Report(path.name, dataset, hashlib.sha256(b"").hexdigest(), 0)
        report.problem(messages.problem(path.name, None, None, None, "file_unreadable",
                                        detail=exc.strerror or type(exc).__name__))
        return None, report
    size = max(before.st_size, after.st_size, final.st_size, len(data))
    if len(data) > specs.MAX_FILE_BYTES:  # not copied: only the reasons are kept (hash of what was read)
        report = Report(path.name, dataset, hashlib.sha256(data).hexdigest(), size)
        report.problem(messages.problem(path.name, None, None, None, "file_too_large", size=size,
                                        limit=specs.MAX_FILE_BYTES))
        return None, report
    if not (_signature(before) == _signature(after) == _signature(final) and len(data) == final.st_size):
        report = Report(path.name, dataset, hashlib.sha256(data).hexdigest(), len(data))
        report.problem(messages.problem(path.name, None, None, None, "file_changed", before=before.st_size,
                                        after=final.st_size))
        return data, report
    return data, None
