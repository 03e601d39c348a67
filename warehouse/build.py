"""Publish a new warehouse version: Parquet -> new file -> checks -> atomic pointer swap -> prune.

Only this module writes, and only to a file no reader can have open.  A failure or kill at any
step leaves the previous pointer (and so the previous version) serving.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.connection import (
    VERSION_PATTERN,
    NoWarehouseError,
    Version,
    current_version,
    pointer_path,
    versions_dir,
    warehouse_dir,
)

SQL_DIR = Path(__file__).parent / "sql"
TABLES = ("dim_plan", "dim_prefecture", "dim_indicator", "dim_source", "fact_kpi", "fact_statistic",
          "fact_regional_summary", "load_history")
PUBLIC_VIEWS = ("prefectures", "plans", "indicators", "sources", "kpi_results", "regional_kpi_summary",
                "published_statistics", "subsidy_adoptions", "accelerated_exam", "pct_filings", "load_log")
DEFAULT_KEEP = 3


class BuildCheckFailed(RuntimeError):
    """A check on the new file found offending rows; the new file is discarded."""

    def __init__(self, failures: dict[str, list[tuple[object, ...]]]):
        self.failures = failures
        lines = [f"{name}: {len(rows)} offending row(s), e.g. {rows[:3]}" for name, rows in failures.items()]
        super().__init__("warehouse checks failed:\n" + "\n".join(lines))


@dataclass(frozen=True)
class PublishResult:
    version: Version
    row_counts: dict[str, int]
    seconds: float
    size_bytes: int


@contextmanager
def build_lock(root: Path | None = None) -> Iterator[None]:
    """One writer at a time (the OS releases the lock if the writer dies)."""
    warehouse_dir(root).mkdir(parents=True, exist_ok=True)
    with open(warehouse_dir(root) / "build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fsync_path(path: Path) -> None:
    """Flush a file or a directory (after a rename) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_checks(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    """Each sql/checks/<view>__<rule>.sql returns offending rows; empty means pass."""
    failures = {}
    for check in sorted((SQL_DIR / "checks").glob("*.sql")):
        rows = con.execute(check.read_text(encoding="utf-8")).fetchall()
        if rows:
            failures[check.stem] = rows
    return failures


def _write_version_file(path: Path, parquet: dict[str, Path], meta: dict[str, str]) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        for table in TABLES:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($path)",  # noqa: S608 (allow-listed name)
                        {"path": str(parquet[table])})
        con.execute((SQL_DIR / "marts.sql").read_text(encoding="utf-8"))
        con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
        con.executemany("INSERT INTO build_meta VALUES (?, ?)", sorted(meta.items()))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def publish(
    parquet: dict[str, Path],
    *,
    inputs: dict[str, str],
    root: Path | None = None,
    keep: int = DEFAULT_KEEP,
    before_switch: Callable[[Path], None] | None = None,
) -> PublishResult:
    """Build a new version from one Parquet file per table and make it current.

    ``inputs`` maps each input name to its sha256 (recorded in the version, and hashed into its
    name).  ``before_switch`` is called with the finished, checked file just before the pointer
    moves (tests use it to fail or stall a build at the last moment).
    """
    missing = set(TABLES) - set(parquet)
    if missing:
        raise ValueError(f"no Parquet for tables: {sorted(missing)}")
    started = datetime.now(UTC)
    t0 = datetime.now(UTC).timestamp()
    with build_lock(root):
        vdir = versions_dir(root)
        vdir.mkdir(parents=True, exist_ok=True)
        for stale in vdir.glob(".building_*"):
            stale.unlink()  # left by a killed build; never a published version
        stamp = _stamp(started)
        digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:8]
        name = f"wh_{stamp}_{digest}.duckdb"
        tmp = vdir / f".building_{stamp}.duckdb"
        meta = {"version": name.removesuffix(".duckdb"), "built_at": started.isoformat(timespec="seconds"),
                "inputs": json.dumps(inputs, sort_keys=True, ensure_ascii=False)}
        try:
            _write_version_file(tmp, parquet, meta)
            if Path(str(tmp) + ".wal").exists():
                raise RuntimeError(f"{tmp.name}: WAL left after CHECKPOINT; refusing to publish")
            fsync_path(tmp)
            row_counts = _verify(tmp)
            if before_switch is not None:
                before_switch(tmp)
            final = vdir / name
            os.replace(tmp, final)
            final.chmod(0o444)
            fsync_path(vdir)
            _write_pointer(root, name, meta["built_at"])
        except BaseException:
            for leftover in vdir.glob(f".building_{stamp}*"):
                leftover.unlink()
            raise
        prune(root, keep=keep)
    version = current_version(root)
    return PublishResult(version=version, row_counts=row_counts,
                         seconds=datetime.now(UTC).timestamp() - t0, size_bytes=version.path.stat().st_size)


def _verify(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        failures = run_checks(con)
        if failures:
            raise BuildCheckFailed(failures)
        return {view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]  # type: ignore[index]  # noqa: S608
                for view in PUBLIC_VIEWS}
    finally:
        con.close()


def _write_pointer(root: Path | None, name: str, built_at: str) -> None:
    if not VERSION_PATTERN.match(name):
        raise ValueError(f"invalid version name {name!r}")
    pointer = pointer_path(root)
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": name, "built_at": built_at}), encoding="utf-8")
    fsync_path(tmp)
    os.replace(tmp, pointer)
    fsync_path(pointer.parent)


def prune(root: Path | None = None, *, keep: int = DEFAULT_KEEP) -> list[str]:
    """Delete all but the newest ``keep`` versions (never the current one).

    A reader that still has a pruned file open keeps reading it: on Linux the data stays until
    the last handle closes.
    """
    try:
        current = current_version(root).name
    except NoWarehouseError:
        return []
    published = sorted(p.name for p in versions_dir(root).glob("wh_*.duckdb") if VERSION_PATTERN.match(p.name))
    removed = []
    for name in published[: max(0, len(published) - keep)]:
        if name != current:
            (versions_dir(root) / name).unlink(missing_ok=True)
            removed.append(name)
    return removed


def list_versions(root: Path | None = None) -> list[str]:
    return sorted(p.name for p in versions_dir(root).glob("wh_*.duckdb") if VERSION_PATTERN.match(p.name))
