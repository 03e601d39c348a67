"""Where the warehouse lives, which version readers use, and how they open it.

Layout under ``$IPDASH_HOME`` (default ``./var``)::

    warehouse/versions/wh_<UTC>_<hash8>.duckdb   one immutable file per build
    warehouse/CURRENT                             JSON pointer, replaced atomically
    warehouse/build.lock                          one writer at a time

Readers read the pointer, check the file name against a strict pattern and open that file
read-only.  A build never touches a file a reader may have open, so readers see the old or
the new version, never a mix, and never a lock error.

Serving heals itself: when ``CURRENT`` is missing, unreadable or malformed, or names a file that
is missing or damaged, readers use the newest kept version that passes ``check_version`` (a cheap
check: it opens, its own ``warehouse_info`` names it, its blocks fit in the file) and say so
(``Serving.problem``, one log line per process).  The full SQL checks already ran at publish
time; this check runs on a reader's click path, so its verdict is cached per file (inode, size,
mtime).  Which version is newest comes from the build time recorded inside each file, never
from its name.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

VERSION_PATTERN = re.compile(r"^wh_\d{8}T\d{12}Z_[0-9a-f]{8}\.duckdb$")
POINTER_MAX_BYTES = 4096  # a real pointer is ~100 bytes; never read a huge file on the click path
# A recorded build time later than now + this is a wrong clock or a forged file: such a version is
# never preferred over one built in the past.
FUTURE_SLACK = timedelta(minutes=5)
_HEADER_BYTES = 3 * 4096  # DuckDB's file header + two database headers, before the first block

log = logging.getLogger("ipdash.warehouse")


class NoWarehouseError(RuntimeError):
    """There is no usable warehouse (run ``python -m etl build``)."""


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


# memory_limit: DuckDB's default is 80 % of the machine. At 10 M fact rows the explorer's first query of a
# filter (top 100,000 rows of kpi_results in view order) took the server to 4.4 GB; with 1 GB per open version
# it peaks at 1.1 GB and takes 5.7 s instead of 3.1 s, once per filter (docs/performance.md).
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True, "memory_limit": "1GB"}


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open one version read-only and lock it down: no other files, no extensions."""
    if not VERSION_PATTERN.match(path.name):
        raise ValueError(f"not a warehouse version file: {path.name}")
    # Settings go in at connect time: DuckDB shares one instance per file within a process, and a
    # second connection could not SET them again once locked.
    return duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)


# --- the pointer ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pointer:
    """What ``CURRENT`` says: a well-formed version name, or why there is none.

    ``problem`` never quotes the file's content (it can be anything, and reaches pages).
    """

    name: str | None
    problem: str | None = None
    missing: bool = False


def read_pointer(root: Path | None = None) -> Pointer:
    return parse_pointer_file(pointer_path(root))


def parse_pointer_file(pointer: Path) -> Pointer:
    """Read a ``CURRENT``-style pointer (also used for Parquet releases); never raises."""
    try:
        # O_NONBLOCK: a FIFO put in its place must not hang every reader; only a regular file is read
        fd = os.open(pointer, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return Pointer(None, "CURRENT is missing", missing=True)
    except OSError as exc:
        return Pointer(None, f"CURRENT cannot be read ({exc.strerror or type(exc).__name__})")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Pointer(None, "CURRENT is not a regular file")
        raw = os.read(fd, POINTER_MAX_BYTES + 1)
    except OSError as exc:
        return Pointer(None, f"CURRENT cannot be read ({exc.strerror or type(exc).__name__})")
    finally:
        os.close(fd)
    if len(raw) > POINTER_MAX_BYTES:
        return Pointer(None, f"CURRENT is larger than {POINTER_MAX_BYTES} bytes")
    if not raw.strip():
        return Pointer(None, "CURRENT is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Pointer(None, "CURRENT is not valid JSON")
    if not isinstance(data, dict):
        return Pointer(None, "CURRENT holds JSON but not an object")
    name = data.get("version")
    if not isinstance(name, str) or not VERSION_PATTERN.match(name):
        return Pointer(None, "CURRENT names no valid version (expected wh_<UTC time>_<hash8>.duckdb)")
    return Pointer(name)


# --- checking one version file -------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    """Whether a version file can serve; ``built_at`` is what the file itself records."""

    ok: bool
    built_at: str = ""
    problem: str | None = None


def inspect(path: Path, expected_id: str) -> Verdict:
    """Open ``path`` read-only and check it is the intact version ``expected_id`` (no cache).

    Cheap: a few header and catalog blocks and one tiny table are read, whatever the file's size.
    """
    try:
        con = duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the verdict, not a crash
        return Verdict(False, problem=f"does not open ({_first_line(exc, path)})")
    try:
        info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
        blocks = con.execute("SELECT block_size, total_blocks FROM pragma_database_size() "
                             "WHERE database_name = current_database()").fetchone()
    except Exception as exc:  # noqa: BLE001
        return Verdict(False, problem=f"cannot be read ({_first_line(exc, path)})")
    finally:
        con.close()
    recorded = str(info.get("version") or "")
    if recorded != expected_id:
        # quote what it records only when it is a version name: a forged file's text reaches pages
        said = recorded if VERSION_PATTERN.match(recorded + ".duckdb") else "another or no version"
        return Verdict(False, problem=f"is not the version its name says (it records {said})")
    built_at = str(info.get("built_at") or "")
    if parse_time(built_at) is None:
        return Verdict(False, problem="records no valid build time")
    if blocks is not None:
        expected_size = _HEADER_BYTES + int(blocks[0]) * int(blocks[1])
        try:
            size = path.stat().st_size
        except OSError as exc:
            return Verdict(False, problem=f"cannot be read ({exc.strerror or type(exc).__name__})")
        if size < expected_size:
            return Verdict(False, built_at, f"is truncated ({size:,} of {expected_size:,} bytes)")
    return Verdict(True, built_at)


_verdicts: dict[tuple[str, int, int, int], Verdict] = {}
_verdicts_lock = threading.Lock()


def check_version(path: Path) -> Verdict:
    """``inspect`` with the verdict cached per file (path, inode, size, mtime): one stat on a hit."""
    if not VERSION_PATTERN.match(path.name):
        return Verdict(False, problem="is not a version file name")
    try:
        info = path.stat()
    except FileNotFoundError:
        return Verdict(False, problem="does not exist")
    except OSError as exc:
        return Verdict(False, problem=f"cannot be read ({exc.strerror or type(exc).__name__})")
    if not stat.S_ISREG(info.st_mode):  # a directory or a FIFO (which would block DuckDB's open)
        return Verdict(False, problem="is not a regular file")
    key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
    verdict = _verdicts.get(key)
    if verdict is None:
        verdict = inspect(path, path.name.removesuffix(".duckdb"))
        with _verdicts_lock:
            if len(_verdicts) > 256:  # files come and go with builds; old keys are never asked again
                _verdicts.clear()
            _verdicts[key] = verdict
    return verdict


# DuckDB's words for a file whose blocks are damaged (a checksum or a short read), as opposed to a bad query.
_STORAGE_ERRORS = ("corrupt database file", "could not read enough bytes", "not a valid duckdb database")


def is_storage_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and any(words in str(exc).lower() for words in _STORAGE_ERRORS)


def mark_damaged(path: Path, exc: BaseException) -> bool:
    """Record that reading ``path`` hit damaged blocks the quick check could not see.

    From then on (in this process, until the file changes) ``serving`` passes over it, as over any
    damaged version.  Returns False, and records nothing, when ``exc`` is not a storage error.
    """
    if not is_storage_error(exc):
        return False
    try:
        info = path.stat()
    except OSError:
        return True  # gone: check_version says so itself
    with _verdicts_lock:
        _verdicts[(str(path), info.st_ino, info.st_size, info.st_mtime_ns)] = Verdict(
            False, problem=f"fails queries ({_first_line(exc, path)})")
    log.error("warehouse version %s fails queries: %s", path.name, _first_line(exc, path))
    return True


def forget_verdicts() -> None:
    """Drop cached verdicts (tests that rewrite a file within one mtime tick)."""
    with _verdicts_lock:
        _verdicts.clear()


def version_files(root: Path | None = None) -> list[Path]:
    """Every file in the versions directory whose name looks like a version (names prove nothing)."""
    try:
        return sorted(p for p in versions_dir(root).iterdir() if VERSION_PATTERN.match(p.name))
    except OSError:
        return []


def sound_versions(root: Path | None = None, *, now: datetime | None = None) -> list[Version]:
    """Versions that pass ``check_version``, newest recorded build time first (ties: the recorded
    version id, whose UTC stamp has microseconds).

    A build time in the future is not trusted to mean "newest": such versions come after the others.
    """
    limit = (now or datetime.now(UTC)) + FUTURE_SLACK
    sound = []
    for path in version_files(root):
        verdict = check_version(path)
        if verdict.ok:
            sound.append(Version(name=path.name, path=path, built_at=verdict.built_at))

    def order(version: Version) -> tuple[bool, datetime, str]:
        built = parse_time(version.built_at) or datetime.min.replace(tzinfo=UTC)
        # built_at has whole seconds; the name breaks ties, as the file itself records it (checked)
        return built <= limit, built, version.name

    return sorted(sound, key=order, reverse=True)


# --- which version serves ------------------------------------------------------------------------

@dataclass(frozen=True)
class Serving:
    """The version readers should use now, and why it is not the pointer's (``problem``)."""

    version: Version | None
    pointer: Pointer
    problem: str | None = None  # None: the pointer's version serves
    where: Path | None = None  # the warehouse directory, for messages
    fresh: bool = False  # nothing was ever built here (no CURRENT, no version files): not damage

    @property
    def fallback(self) -> bool:
        return self.version is not None and self.problem is not None

    def require(self) -> Version:
        if self.version is not None:
            return self.version
        raise NoWarehouseError(self.no_warehouse_message())

    def no_warehouse_message(self) -> str:
        where = self.where or warehouse_dir()
        if self.fresh:
            return f"no warehouse at {where}: run `python -m etl build`"
        return (f"no usable warehouse version at {where}: {self.problem}, and no other kept version is intact; "
                "run `python -m etl build` to build a new one")


_logged: set[tuple[str, str, str]] = set()


def serving(root: Path | None = None) -> Serving:
    """The pointer's version if it is sound, else the newest sound kept version, else none."""
    root = root or home()  # resolved once: this runs on every rerun
    pointer = read_pointer(root)
    if pointer.name is not None:
        path = versions_dir(root) / pointer.name
        verdict = check_version(path)
        if verdict.ok:
            return Serving(Version(name=pointer.name, path=path, built_at=verdict.built_at), pointer,
                           where=warehouse_dir(root))
        problem = f"CURRENT names {pointer.name}, which {verdict.problem}"
    else:
        problem = pointer.problem
    fresh = pointer.missing and not version_files(root)
    if fresh:
        return Serving(None, pointer, problem, warehouse_dir(root), fresh=True)
    candidates = [v for v in sound_versions(root) if v.name != pointer.name]
    chosen = Serving(candidates[0] if candidates else None, pointer, problem, warehouse_dir(root))
    _log_once(root, problem or "", chosen.version.name if chosen.version else "")
    return chosen


def _log_once(root: Path | None, problem: str, fallback: str) -> None:
    key = (str(warehouse_dir(root)), problem, fallback)
    if key in _logged:
        return
    _logged.add(key)
    if fallback:
        log.warning("warehouse %s: %s; serving the newest intact kept version %s instead "
                    "(`python -m etl build` publishes a new version and repairs CURRENT)",
                    warehouse_dir(root), problem, fallback)
    else:
        log.error("warehouse %s: %s; no kept version is intact: run `python -m etl build`",
                  warehouse_dir(root), problem)


def current_version(root: Path | None = None) -> Version:
    """The version readers use (see ``serving``); raises NoWarehouseError when none can serve."""
    return serving(root).require()


def connect_current(root: Path | None = None) -> tuple[Version, duckdb.DuckDBPyConnection]:
    version = current_version(root)
    return version, open_read_only(version.path)


def parse_time(text: str) -> datetime | None:
    """A recorded ISO build time as an aware datetime (UTC if it has no zone), or None."""
    try:
        parsed = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _first_line(exc: BaseException, path: Path) -> str:
    """The first line of an error, with the file's full path shortened to its name."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__).replace(str(path), path.name)[:200]
