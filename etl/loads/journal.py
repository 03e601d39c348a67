"""The load journal: one JSON line per build or load attempt, appended and fsynced.

It lives outside the warehouse (``$IPDASH_HOME/load_log.jsonl``) so that a rejected file is
recorded without touching the serving version; every build copies it into ``load_log``.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from etl.loads.storage import guarded
from warehouse.connection import home


def journal_path(root: Path | None = None) -> Path:
    return (root or home()) / "load_log.jsonl"


def make_entry(
    *, action: str, status: str, dataset: str | None = None, file_name: str | None = None,
    sha256: str | None = None, rows_loaded: int | None = None, rows_replaced: int | None = None,
    message: str = "",
) -> dict[str, object]:
    """A journal line not yet written (a load puts it into its version first, then appends it)."""
    return {
        "load_id": uuid.uuid4().hex[:12],
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "action": action, "dataset": dataset, "file_name": file_name, "sha256": sha256, "status": status,
        "rows_loaded": rows_loaded, "rows_replaced": rows_replaced, "message": message,
    }


def record(
    *, action: str, status: str, dataset: str | None = None, file_name: str | None = None,
    sha256: str | None = None, rows_loaded: int | None = None, rows_replaced: int | None = None,
    message: str = "", root: Path | None = None,
) -> dict[str, object]:
    entry = make_entry(action=action, status=status, dataset=dataset, file_name=file_name, sha256=sha256,
                       rows_loaded=rows_loaded, rows_replaced=rows_replaced, message=message)
    return append(entry, root)


def append(entry: dict[str, object], root: Path | None = None) -> dict[str, object]:
    """Append one line and fsync it: an entry is either whole in the journal or absent.

    A disk error raises etl.loads.storage.StorageError; a line cut by it (or by a kill) is skipped by
    ``entries`` and never swallows the next one. The line is written in one call, so at most that line
    is torn.
    """
    path = journal_path(root)
    with guarded(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+", encoding="utf-8") as handle:
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            if handle.tell() and not _ends_with_newline(path):
                line = "\n" + line  # a line torn by a kill must not swallow this entry
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    return entry


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def entries(root: Path | None = None) -> list[dict[str, object]]:
    path = journal_path(root)
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line torn by a kill mid-write is not a record
    return out
