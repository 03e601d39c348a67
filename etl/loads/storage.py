"""Disk errors on the loader's write paths (quarantine, archive, journal) as one clear, translated message.

A full disk (ENOSPC, EDQUOT), a file-size limit (EFBIG; Python ignores SIGXFSZ, so the write fails with
this error), a read-only file system (EROFS) or a permission problem is a property of the machine, not of
the file being loaded: callers turn it into a message and a journal line where the journal is writable,
never a traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_KEYS = {errno.ENOSPC: "storage.no_space", errno.EDQUOT: "storage.no_space", errno.EFBIG: "storage.too_big",
         errno.EROFS: "storage.read_only", errno.EACCES: "storage.denied", errno.EPERM: "storage.denied"}


class StorageError(Exception):
    def __init__(self, cause: OSError, path: Path | str):
        self.errno = cause.errno
        self.path = str(path)
        self.key = _KEYS.get(cause.errno or 0, "storage.failed")
        self.detail = cause.strerror or str(cause)
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        from etl.cells import messages

        ja, en = messages.render(self.key, {"path": self.path, "detail": self.detail})
        return ja if lang == "ja" else en


@contextmanager
def guarded(path: Path | str) -> Iterator[None]:
    """Re-raise an OSError of the block as a StorageError naming ``path``."""
    try:
        yield
    except StorageError:
        raise
    except OSError as exc:
        raise StorageError(exc, path) from exc
