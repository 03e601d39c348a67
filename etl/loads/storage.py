"""Disk errors on the loader's write paths (quarantine, archive, journal, lock) said in the user's language.

Which errors are disk errors, and the guard that raises them, live in warehouse/disk.py (one home for the
build and the loader); this adds the Japanese and English sentence (etl/cells/messages.py, ``storage.*``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.cells import messages
from warehouse import disk


class StorageError(disk.DiskError):
    def line(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        ja, en = messages.render(f"storage.{self.key}", {"path": self.path, "detail": self.detail})
        return ja if lang == "ja" else en


@contextmanager
def guarded(path: Path | str) -> Iterator[None]:
    """Re-raise an OSError of the block as a StorageError naming ``path``."""
    with disk.guarded(path, StorageError):
        yield
