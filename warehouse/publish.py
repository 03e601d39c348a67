"""Publish a new warehouse version: Parquet -> new file -> checks -> atomic pointer swap -> prune.

Only this module writes, and only to a file no reader can have open.  A failure or kill at any
step leaves the previous pointer (and so the previous version) serving.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse import contract, loads
from warehouse.connection import (
    FUTURE_SLACK,
    VERSION_PATTERN,
    Version,
    inspect,
    parse_time,
    pointer_path,
    read_pointer,
    sound_versions,
    versions_dir,
    warehouse_dir,
)
from warehouse.disk import DiskError, disk_errno, disk_error_reason
from warehouse.loads import Counted, Replacement
from warehouse.staged import Rows, insert
from warehouse.status import row_counts

SQL_DIR = Path(__file__).parent / "sql"
TABLES = tuple(contract.TABLES)
PUBLIC_VIEWS = contract.PUBLIC_VIEWS
DEFAULT_KEEP = 3
# A version that stopped being current less than this long ago is never pruned: sessions pinned to it
# (a page being drawn, a download button on screen) can still read it.
PRUNE_GRACE_SECONDS = 15 * 60


class BuildCheckFailed(RuntimeError):
    """A check on the new file found offending rows; the new file is discarded."""

    def __init__(self, failures: dict[str, list[tuple[object, ...]]]):
        self.failures = failures
        lines = [f"{name}: {len(rows)} offending row(s), e.g. {rows[:3]}" for name, rows in failures.items()]
        super().__init__("warehouse checks failed:\n" + "\n".join(lines))


@dataclass(frozen=True)
class PublishResult:
    version: Version
    row_counts: dict[str, int]  # per public view
    seconds: float
    size_bytes: int
    prune_problems: tuple[str, ...] = ()
    table_rows: dict[str, int] = field(default_factory=dict)  # per contract table
    replaced: dict[str, Counted] = field(default_factory=dict)  # per replacement (loaded file)


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
    """Each sql/checks/<view>__<rule>.sql returns offending rows; empty means pass. A file that checks several
    rules in one pass over the rows names each row's rule in its first column, ``failed_rule``."""
    failures: dict[str, list[tuple[object, ...]]] = {}
    for check in sorted((SQL_DIR / "checks").glob("*.sql")):
        cursor = con.execute(check.read_text(encoding="utf-8"))
        rows = cursor.fetchall()
        if rows and cursor.description[0][0] == "failed_rule":
            view = check.stem.split("__")[0]
            for rule, *rest in rows:
                failures.setdefault(f"{view}__{rule}", []).append(tuple(rest))
        elif rows:
            failures[check.stem] = rows
    return failures


# Bounded memory whatever the row count: DuckDB streams the inputs and spills what does not fit beside the file.
BUILD_MEMORY = "1GB"


@contextmanager
def _bounded(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection writing or checking ``path`` within the memory limit, spilling beside the file; the spill
    is removed on close (and swept with the file as a ``.building_*`` leftover if the process dies)."""
    spill = path.with_suffix(".spill")
    con = duckdb.connect(str(path), read_only=read_only,
                         config={"memory_limit": BUILD_MEMORY, "temp_directory": str(spill)})
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _write_version_file(path: Path, rows: list[Rows], meta: dict[str, str], replacements: list[Replacement],
                        finish: Callable[[dict[str, Counted]], list[Rows]] | None,
                        ) -> tuple[dict[str, Counted], dict[str, int]]:
    """Write every table, apply the replacements, add the marts and views; (what each replacement replaced,
    rows per table as the inputs gave them)."""
    with _bounded(path) as con:
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        for staged in rows:
            insert(con, staged)
        replaced = {r.name: loads.apply(con, r) for r in replacements}
        for staged in finish(replaced) if finish else []:
            insert(con, staged)
        _move_denominators(con)
        tables = row_counts(con, contract.TABLES)
        con.execute((SQL_DIR / "marts.sql").read_text(encoding="utf-8"))
        con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
        con.executemany("INSERT INTO build_meta VALUES (?, ?)", sorted(meta.items()))
        con.execute("CHECKPOINT")
    return replaced, tables


def _move_denominators(con: duckdb.DuckDBPyConnection) -> None:
    """Denominator rows (bundled and loaded, contract.DENOMINATOR_DATASET) out of fact_statistic into
    fact_denominator: the newest reference year of each measure. Bundled rows carry the published date in
    year_label; a loaded file names the year only (reference_date NULL)."""
    dataset = {"dataset": contract.DENOMINATOR_DATASET}
    con.execute("""
        INSERT INTO fact_denominator BY NAME
        SELECT stat_code AS measure, indicator_ja, indicator_en, prefecture_code, value, year AS reference_year,
               try_strptime(year_label, '%Y-%m-%d')::DATE AS reference_date, is_sample, source_id, note
        FROM fact_statistic WHERE dataset = $dataset
        QUALIFY year = max(year) OVER (PARTITION BY stat_code)""", dataset)
    con.execute("DELETE FROM fact_statistic WHERE dataset = $dataset", dataset)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


class WriteFailed(DiskError):
    """The disk refused a write of the warehouse (full, file-size limit, read-only, no permission): nothing was
    published. ``str()`` is one line for people: what could not be written and why."""

    def line(self) -> str:
        return (f"cannot write the warehouse under {self.path}: {self.reason}; nothing was published and the "
                "current version keeps serving")


def publish_version(
    rows: list[Rows],
    *,
    inputs: dict[str, str],
    root: Path | None = None,
    keep: int = DEFAULT_KEEP,
    prune_grace: float = 0.0,
    replacements: list[Replacement] | None = None,
    finish: Callable[[dict[str, Counted]], list[Rows]] | None = None,
    before_switch: Callable[[Path], None] | None = None,
) -> PublishResult:
    """Write a new version from staged rows of every contract table, check it and make it current.

    ``rows`` may give a table several times (they are appended). ``replacements`` (loaded files) are applied
    in order after them (warehouse.loads); ``finish`` is then called with what each replaced and returns the
    last tables (the load history, which records those counts) or raises to abandon the build.

    ``inputs`` maps each input name to its sha256 (recorded in the version, and hashed into its
    name).  ``keep`` and ``prune_grace`` (seconds) go to ``prune``; ``etl.build.run.rebuild_warehouse`` passes
    ``PRUNE_GRACE_SECONDS``.  ``before_switch`` is called with the finished, checked file just
    before the pointer moves (tests use it to fail or stall a build at the last moment).

    Whatever the pointer or the other versions look like (missing, corrupt), a build only writes
    new files, so it also repairs a damaged ``CURRENT``.  A disk error raises ``WriteFailed`` and
    leaves no ``.building_*`` or ``CURRENT.tmp`` behind; the old pointer keeps serving.
    """
    started = datetime.now(UTC)
    t0 = datetime.now(UTC).timestamp()
    try:
        with build_lock(root):
            vdir = versions_dir(root)
            vdir.mkdir(parents=True, exist_ok=True)
            _sweep(root)
            stamp = _stamp(started)
            digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:8]
            name = f"wh_{stamp}_{digest}.duckdb"
            meta = {"version": name.removesuffix(".duckdb"), "built_at": started.isoformat(timespec="seconds"),
                    "inputs": json.dumps(inputs, sort_keys=True, ensure_ascii=False)}
            built = _build_and_switch(root, vdir, name, stamp, meta, before_switch,
                                      lambda tmp: _write_version_file(tmp, rows, meta, replacements or [], finish))
            try:  # published: from here on a failure is a warning, never "nothing was published"
                pruned = prune(root, keep=keep, grace_seconds=prune_grace)
            except OSError as exc:
                pruned = Pruned([], [f"pruning failed: {disk_error_reason(exc) or exc}"])
    except (OSError, duckdb.Error) as exc:
        if disk_errno(exc) is None:
            raise
        raise WriteFailed(exc, warehouse_dir(root)) from exc
    version = Version(name=name, path=vdir / name, built_at=meta["built_at"])
    return PublishResult(version=version, row_counts=built.views, table_rows=built.tables, replaced=built.replaced,
                         seconds=datetime.now(UTC).timestamp() - t0, size_bytes=version.path.stat().st_size,
                         prune_problems=tuple(pruned.problems))


def _sweep(root: Path | None) -> None:
    """Remove what a killed or failed writer left: never a published version (we hold the lock)."""
    for stale in versions_dir(root).glob(".building_*"):
        _remove(stale)
    pointer_path(root).with_suffix(".tmp").unlink(missing_ok=True)


@dataclass(frozen=True)
class _Built:
    views: dict[str, int]
    tables: dict[str, int]
    replaced: dict[str, Counted]


def _build_and_switch(root: Path | None, vdir: Path, name: str, stamp: str, meta: dict[str, str],
                      before_switch: Callable[[Path], None] | None,
                      write: Callable[[Path], tuple[dict[str, Counted], dict[str, int]]]) -> _Built:
    tmp = vdir / f".building_{stamp}.duckdb"
    final = vdir / name
    try:
        replaced, tables = write(tmp)
        if Path(str(tmp) + ".wal").exists():
            raise RuntimeError(f"{tmp.name}: WAL left after CHECKPOINT; refusing to publish")
        fsync_path(tmp)
        views = _verify(tmp, meta["version"])
        if before_switch is not None:
            before_switch(tmp)
        os.replace(tmp, final)
        final.chmod(0o444)
        fsync_path(vdir)
        _write_pointer(root, name, meta["built_at"])
    except BaseException:
        for leftover in vdir.glob(f".building_{stamp}*"):
            _remove(leftover)
        if read_pointer(root).name != name:  # never switched in: not a version anyone may read
            final.unlink(missing_ok=True)
        raise
    return _Built(views, tables, replaced)


def _remove(path: Path) -> None:
    """A file, or a directory DuckDB spilled into."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _verify(path: Path, version_id: str) -> dict[str, int]:
    """Rows per public view of a new file that passes every check."""
    with _bounded(path, read_only=True) as con:  # the checks scan every row too
        failures = run_checks(con)
        if failures:
            raise BuildCheckFailed(failures)
        counts = row_counts(con)
    # Readers will judge this file by the same quick check; a version that would fail it is not published.
    verdict = inspect(path, version_id)
    if not verdict.ok:
        raise BuildCheckFailed({"reader_check": [(str(verdict.problem),)]})
    return counts


def _write_pointer(root: Path | None, name: str, built_at: str) -> None:
    if not VERSION_PATTERN.match(name):
        raise ValueError(f"invalid version name {name!r}")
    pointer = pointer_path(root)
    tmp = pointer.with_suffix(".tmp")
    if pointer.is_dir() and not pointer.is_symlink():
        # os.replace cannot put a file over a directory; keep it (someone may want to look) and repair
        pointer.rename(pointer.with_name(f"CURRENT.damaged_{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"))
    try:
        tmp.write_text(json.dumps({"version": name, "built_at": built_at}), encoding="utf-8")
        fsync_path(tmp)
        os.replace(tmp, pointer)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(pointer.parent)


@dataclass(frozen=True)
class Pruned:
    removed: list[str]
    problems: list[str]  # files that could not be removed, or versions that cannot be judged


def prune(root: Path | None = None, *, keep: int = DEFAULT_KEEP, grace_seconds: float = 0.0,
          now: datetime | None = None) -> Pruned:
    """Delete old versions, judged by the build time recorded inside each file, never by its name.

    Kept: the version ``CURRENT`` names; the ``keep`` newest intact versions (counting the current
    one); every version that stopped being current less than ``grace_seconds`` ago (it stopped when
    the next newer version was built), so a session that pinned it a moment ago can still read it.
    Never removed: files that do not pass ``connection.check_version`` (a stray, forged or damaged
    file proves nothing about its age; ``etl status`` lists them) and versions whose recorded build
    time lies in the future (a wrong clock); neither counts towards ``keep``.  Nothing is removed
    while ``CURRENT`` is unreadable.  A reader that still has a pruned file open keeps reading it:
    on Linux the data stays until the last handle closes.
    """
    pointer = read_pointer(root)
    if pointer.name is None:
        return Pruned([], [f"nothing pruned: {pointer.problem}"] if not pointer.missing else [])
    now = now or datetime.now(UTC)
    dated = [(v, parse_time(v.built_at)) for v in sound_versions(root, now=now)]
    past = [(v, built) for v, built in dated if built is not None and built <= now + FUTURE_SLACK]
    past.sort(key=lambda item: (item[1], item[0].name), reverse=True)  # newest first, as sound_versions
    removed: list[str] = []
    problems: list[str] = []
    kept = 1 if any(v.name == pointer.name for v, _ in past) else 0
    superseded_at: datetime | None = None  # build time of the next newer version
    for version, built in past:
        if version.name == pointer.name:
            superseded_at = built
            continue
        within_grace = superseded_at is not None and (now - superseded_at).total_seconds() < grace_seconds
        if kept < keep:
            kept += 1
        elif not within_grace:
            try:
                version.path.unlink(missing_ok=True)
                removed.append(version.name)
            except OSError as exc:
                problems.append(f"could not remove {version.name}: {disk_error_reason(exc) or exc.strerror}")
        superseded_at = built
    return Pruned(removed, problems)


def list_versions(root: Path | None = None) -> list[str]:
    return sorted(p.name for p in versions_dir(root).glob("wh_*.duckdb") if VERSION_PATTERN.match(p.name))
