"""A consistent copy of everything under $IPDASH_HOME that cannot be rebuilt from data/: the review store,
the current warehouse version, the load journal and the archive of loaded files.

Restore = point ``IPDASH_HOME`` at the backup directory (or copy it back): its layout is the same.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from etl.loads import journal
from etl.loads.store import etl_lock
from warehouse.connection import NoWarehouseError, current_version, home, pointer_path
from warehouse.publish import fsync_path
from warehouse.reviews import ReviewStore, store_path


@dataclass(frozen=True)
class BackupResult:
    directory: Path
    files: dict[str, int]  # relative path -> bytes


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    fsync_path(target)


def _journal_prefix(source: Path, target: Path) -> None:
    """The journal up to its last complete line (a writer may be appending right now)."""
    data = source.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data[: data.rfind(b"\n") + 1])
    fsync_path(target)


def run(out: Path, root: Path | None = None) -> BackupResult:
    """Write ``out/ipdash_backup_<UTC>/`` and return what it holds. Builds and loads wait meanwhile."""
    root = root or home()
    directory = out / f"ipdash_backup_{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    if directory.exists():
        raise FileExistsError(directory)
    partial = directory.with_name(directory.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with etl_lock(root):  # no build or load switches versions or appends to the archive meanwhile
        store = ReviewStore(store_path(root))
        if store.exists():
            store.backup(store_path(partial))
        try:
            version = current_version(root)
            _copy(version.path, partial / version.path.relative_to(root))
            _copy(pointer_path(root), partial / pointer_path(root).relative_to(root))
        except NoWarehouseError:
            pass
        journal_file = journal.journal_path(root)
        if journal_file.exists():
            _journal_prefix(journal_file, partial / journal_file.relative_to(root))
        archive = root / "archive"
        if archive.is_dir():
            for path in sorted(p for p in archive.rglob("*") if p.is_file() and not p.name.endswith(".tmp")):
                _copy(path, partial / path.relative_to(root))
    files = {str(p.relative_to(partial)): p.stat().st_size for p in sorted(partial.rglob("*")) if p.is_file()}
    manifest = {"created_at": datetime.now(UTC).isoformat(timespec="seconds"), "source": str(root),
                "files": {name: {"bytes": size, "sha256": hashlib.sha256((partial / name).read_bytes()).hexdigest()}
                          for name, size in files.items()}}
    (partial / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.rename(directory)
    fsync_path(out)
    return BackupResult(directory=directory, files=files)
