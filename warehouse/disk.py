"""Disk errors, one home: which failures mean "this disk cannot take the write", and how they are said.

A full disk (ENOSPC, EDQUOT), a file-size limit (EFBIG; the CLI ignores SIGXFSZ, so the write fails with
this error), a read-only file system (EROFS) or a permission problem is a property of the machine, not of
the data being written. Every writer — the warehouse publish, the loader's quarantine, archive and journal,
the build's staging files — raises ``DiskError`` for it (``guarded``), and the CLI turns any DiskError into
one line and exit code 3 (etl/exits.py), never a traceback. DuckDB reports these errors inside its own
IOException text, so they are recognised by the operating system's wording too.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# errno -> (message key in etl/cells/messages.py "storage.<key>", a few English words)
KINDS = {errno.ENOSPC: ("no_space", "no space left on device"),
         errno.EDQUOT: ("no_space", "disk quota exceeded"),
         errno.EFBIG: ("too_big", "file too large (file-size limit)"),
         errno.EROFS: ("read_only", "read-only file system"),
         errno.EACCES: ("denied", "permission denied"),
         errno.EPERM: ("denied", "operation not permitted")}
_BY_TEXT = {os.strerror(code).lower(): code for code in KINDS}


def disk_errno(exc: BaseException) -> int | None:
    """The errno of a disk error (an OSError, or a DuckDB error quoting the system's words), else None."""
    if isinstance(exc, OSError) and exc.errno in KINDS:
        return exc.errno
    if isinstance(exc, (OSError, duckdb.Error)):
        text = str(exc).lower()
        return next((code for words, code in _BY_TEXT.items() if words in text), None)
    return None


def disk_error_reason(exc: BaseException) -> str | None:
    """Why a write failed, in a few words, when ``exc`` is a disk error (else None)."""
    code = disk_errno(exc)
    return None if code is None else KINDS[code][1]


class DiskError(Exception):
    """The disk refused a write of ``path``; ``key`` names the kind (no_space, too_big, read_only, denied,
    failed), ``reason`` says it in a few words and ``detail`` in the system's. ``str()`` is one line for people."""

    def __init__(self, cause: BaseException, path: Path | str):
        self.errno = disk_errno(cause) or getattr(cause, "errno", None)
        self.path = str(path)
        self.key = KINDS[self.errno][0] if self.errno in KINDS else "failed"
        self.detail = getattr(cause, "strerror", None) or str(cause)
        self.reason = disk_error_reason(cause) or self.detail
        super().__init__(self.line())

    def line(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


@contextmanager
def guarded(path: Path | str, error: type[DiskError] = DiskError) -> Iterator[None]:
    """Re-raise an OSError of the block as ``error`` (a DiskError) naming ``path``."""
    try:
        yield
    except DiskError:
        raise
    except OSError as exc:
        raise error(exc, path) from exc
