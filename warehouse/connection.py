"""Where the warehouse lives, which version is current, and how readers open it.

Layout under ``$IPDASH_HOME`` (default ``./var``)::

    warehouse/versions/wh_<UTC>_<hash8>.duckdb   one immutable file per build
    warehouse/CURRENT                             JSON pointer, replaced atomically
    warehouse/build.lock                          one writer at a time

Readers read the pointer, check the file name against a strict pattern and open that file
read-only.  A build never touches a file a reader may have open, so readers see the old or
the new version, never a mix, and never a lock error.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

VERSION_PATTERN = re.compile(r"^wh_\d{8}T\d{12}Z_[0-9a-f]{8}\.duckdb$")


class NoWarehouseError(RuntimeError):
    """There is no built warehouse yet (run ``python -m etl build``)."""


def home() -> Path:
    """Root of all runtime files; ``$IPDASH_HOME`` or ``./var``."""
    return Path(os.environ.get("IPDASH_HOME") or "var").resolve()


def warehouse_dir(root: Path | None = None) -> Path:
    return (root or home()) / "warehouse"


def versions_dir(root: Path | None = None) -> Path:
    return warehouse_dir(root) / "versions"


def pointer_path(root: Path | None = None) -> Path:
    return warehouse_dir(root) / "CURRENT"


@dataclass(frozen=True)
class Version:
    """One published warehouse file."""

    name: str
    path: Path
    built_at: str

    @property
    def id(self) -> str:
        return self.name.removesuffix(".duckdb")


def current_version(root: Path | None = None) -> Version:
    """The version the pointer names; raises NoWarehouseError when there is none."""
    pointer = pointer_path(root)
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NoWarehouseError(f"no warehouse at {warehouse_dir(root)}: run `python -m etl build`") from exc
    name = str(data.get("version", ""))
    if not VERSION_PATTERN.match(name):
        raise NoWarehouseError(f"pointer {pointer} names an invalid version {name!r}")
    path = versions_dir(root) / name
    if not path.exists():
        raise NoWarehouseError(f"pointer {pointer} names {name}, which does not exist")
    return Version(name=name, path=path, built_at=str(data.get("built_at", "")))


READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open one version read-only and lock it down: no other files, no extensions."""
    if not VERSION_PATTERN.match(path.name):
        raise ValueError(f"not a warehouse version file: {path.name}")
    # Settings go in at connect time: DuckDB shares one instance per file within a process, and a
    # second connection could not SET them again once locked.
    return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)


def connect_current(root: Path | None = None) -> tuple[Version, duckdb.DuckDBPyConnection]:
    version = current_version(root)
    return version, open_read_only(version.path)
