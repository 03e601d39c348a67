"""Where loaded files go: quarantine (rejected, with a JSON of reasons) or the archive (accepted, by sha256).

An accepted load is kept as the original bytes, its normalised rows (Parquet) and a small JSON of
metadata, all under ``$IPDASH_HOME/archive/<dataset>/<sha256>.*``, written atomically (temp file, fsync,
rename). Which archived loads count is decided by the journal (etl.loads.journal): a load counts once an
'accepted' line for it exists, and that line is written only after its version was published.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from etl.cells.values import loaded_source_id
from etl.loads import journal
from etl.loads.storage import StorageError, guarded
from etl.uploads import specs
from etl.uploads.report import Report


def quarantine_dir(root: Path) -> Path:
    return root / "quarantine"


def archive_dir(root: Path, dataset: str) -> Path:
    return root / "archive" / dataset


def write_atomic(path: Path, data: bytes) -> None:
    """Bytes -> temp file, fsync, rename: never a half-written file, and no temp file left on a disk error
    (raised as etl.loads.storage.StorageError naming the path)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with guarded(path.parent):
            path.parent.mkdir(parents=True, exist_ok=True)
        with guarded(path):
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the disk error being reported matters more than a temp file we could not remove


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._")
    return cleaned[:100] or "upload"


def quarantine(data: bytes | None, report: Report, root: Path) -> Path:
    """Keep the rejected bytes and why they were rejected; returns the quarantined file's path.

    ``data`` is None for a file over the size limit: it is not copied, only its reasons are kept.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = quarantine_dir(root) / f"{stamp}_{report.sha256[:12]}_{safe_name(report.file_name)}"
    reasons = {**report.as_dict(), "rejected_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "file_kept": data is not None}
    try:
        if data is not None:
            write_atomic(path, data)
        write_atomic(path.with_name(path.name + ".reasons.json"),
                     json.dumps(reasons, ensure_ascii=False, indent=2).encode("utf-8"))
    except StorageError:
        _remove(path)  # a quarantined file always has its reasons beside it
        raise
    return path


@dataclass(frozen=True)
class ArchivedLoad:
    dataset: str
    sha256: str
    file_name: str
    extension: str  # csv | xlsx

    def path(self, root: Path, suffix: str) -> Path:
        return archive_dir(root, self.dataset) / f"{self.sha256}.{suffix}"

    @property
    def table(self) -> str:
        return specs.DATASETS[self.dataset].table

    @property
    def source(self) -> dict[str, object]:
        return {"source_id": loaded_source_id(self.sha256), "source_type": "loaded", "title": self.file_name,
                "url": f"archive/{self.dataset}/{self.sha256}.{self.extension}"}

    @classmethod
    def from_metadata(cls, root: Path, dataset: str, sha256: str) -> ArchivedLoad:
        meta = json.loads((archive_dir(root, dataset) / f"{sha256}.json").read_text(encoding="utf-8"))
        return cls(dataset, sha256, str(meta["file_name"]), str(meta["extension"]))


@dataclass(frozen=True)
class PendingLoad:
    """A load archived but not yet published; its journal line is written after the switch."""

    load: ArchivedLoad
    rows_loaded: int
    message: str
    replace_real: bool = False  # confirmed: it may replace real (non-sample) rows

    def entry(self, rows_replaced: int) -> dict[str, object]:
        return journal.make_entry(action="ingest", status="accepted", dataset=self.load.dataset,
                                  file_name=self.load.file_name, sha256=self.load.sha256,
                                  rows_loaded=self.rows_loaded, rows_replaced=rows_replaced, message=self.message)


def archive(data: bytes, report: Report, root: Path) -> ArchivedLoad:
    """Original bytes, normalised Parquet and metadata; the same file always lands on the same paths."""
    assert report.rows is not None and report.accepted
    load = ArchivedLoad(report.dataset, report.sha256, report.file_name,
                        "xlsx" if report.format == "xlsx" else "csv")
    parquet = io.BytesIO()  # written by Python, so a disk error is an OSError with its errno
    report.rows.write_parquet(parquet)
    meta = {k: v for k, v in report.as_dict().items() if k not in ("problems", "warnings")}
    meta |= {"extension": load.extension, "table": load.table, "source_id": loaded_source_id(report.sha256),
             "archived_at": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        write_atomic(load.path(root, load.extension), data)
        write_atomic(load.path(root, "parquet"), parquet.getvalue())
        write_atomic(load.path(root, "json"), json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
    except StorageError:
        discard(load, root)  # never half an archive
        raise
    return load


def discard(load: ArchivedLoad, root: Path) -> None:
    """Remove an archive whose build failed (it never counted)."""
    for suffix in (load.extension, "parquet", "json"):
        _remove(load.path(root, suffix))


def accepted_loads(root: Path) -> list[ArchivedLoad]:
    """Loads the journal records as accepted, oldest first (a later load overrides an earlier one)."""
    loads: dict[tuple[str, str], ArchivedLoad] = {}
    for entry in journal.entries(root):
        if entry.get("action") == "ingest" and entry.get("status") == "accepted":
            key = (str(entry["dataset"]), str(entry["sha256"]))
            if key not in loads:
                loads[key] = ArchivedLoad.from_metadata(root, *key)
    return list(loads.values())


def is_accepted(root: Path, dataset: str, sha256: str) -> bool:
    return any(e.get("action") == "ingest" and e.get("status") == "accepted" and e.get("dataset") == dataset
               and e.get("sha256") == sha256 for e in journal.entries(root))


def input_key(load: ArchivedLoad) -> str:
    return f"load/{load.dataset}/{load.sha256}"


def parse_input_key(key: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"load/([a-z]+)/([0-9a-f]{64})", key)
    return (match.group(1), match.group(2)) if match and match.group(1) in specs.DATASETS else None


_held = threading.local()


@contextmanager
def etl_lock(root: Path) -> Iterator[None]:
    """One loader or builder at a time across processes (the OS drops the lock if its holder dies).

    Re-entrant within a thread: a load holds it across validate-check, archive and build.
    """
    key = str(root.resolve())
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    with guarded(root / "etl.lock"):  # a read-only or full $IPDASH_HOME is said here, before any work
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / "etl.lock", "a")  # noqa: SIM115 - closed below; 'a' never truncates
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)
