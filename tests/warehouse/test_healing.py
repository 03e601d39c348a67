"""Serving heals itself: a damaged pointer or version never stops readers while an intact version is kept;
pruning goes by the build time recorded inside each file, never by its name."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from etl.build import run as build_run
from tests.warehouse.test_versioned_build import _generation, _read_generation
from warehouse import publish
from warehouse.connection import (
    NoWarehouseError,
    check_version,
    current_version,
    forget_verdicts,
    mark_damaged,
    open_read_only,
    pointer_path,
    serving,
    sound_versions,
    versions_dir,
)
from warehouse.status import recorded_inputs


@pytest.fixture(scope="module")
def three_generations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generations 1, 2, 3 (3 is current), built once; each test breaks its own copy."""
    root = tmp_path_factory.mktemp("three") / "home"
    for marker in (1, 2, 3):
        _generation(root, marker, keep=10)
    return root


@pytest.fixture
def home3(three_generations: Path, tmp_path: Path) -> Path:
    root = tmp_path / "home"
    shutil.copytree(three_generations, root)
    for path in versions_dir(root).iterdir():
        path.chmod(0o644)  # so the test can damage it (published files are read-only)
    return root


def _marker(root: Path) -> int:
    con = open_read_only(current_version(root).path)
    try:
        values, _ = _read_generation(con)
    finally:
        con.close()
    return int(values.pop())


def _by_marker(root: Path) -> dict[int, Path]:
    out = {}
    for path in versions_dir(root).iterdir():
        con = open_read_only(path)
        try:
            out[int(_read_generation(con)[0].pop())] = path
        finally:
            con.close()
    return out


POINTERS = {
    "garbage": b"garbage{",
    "empty": b"",
    "whitespace": b" \n",
    "json_list": b"[]",
    "json_string": b'"wh_20240101T000000000000Z_00000000.duckdb"',
    "no_version": b"{}",
    "version_not_a_string": b'{"version": 5}',
    "path_traversal": b'{"version": "../../../etc/passwd"}',
    "not_utf8": b"\xff\xfe{\x00",
    "huge": b'{"version": "' + b"x" * 100_000 + b'"}',
    "names_a_missing_version": b'{"version": "wh_20240101T000000000000Z_00000000.duckdb"}',
}


@pytest.mark.parametrize("content", POINTERS.values(), ids=POINTERS.keys())
def test_a_corrupt_pointer_falls_back_to_the_newest_version(home3: Path, content: bytes) -> None:
    pointer_path(home3).write_bytes(content)
    state = serving(home3)
    assert state.fallback and state.problem and "CURRENT" in state.problem
    assert _marker(home3) == 3  # the newest intact version by recorded build time
    assert "passwd" not in state.problem and "xxxx" not in state.problem  # content is never echoed


@pytest.mark.parametrize("damage", ["missing", "directory", "fifo", "symlink_to_dev_zero"])
def test_a_missing_or_unreadable_pointer_falls_back(home3: Path, damage: str) -> None:
    pointer_path(home3).unlink()
    if damage == "directory":
        pointer_path(home3).mkdir()  # cannot be read as a file, whatever the permissions of the reader
    elif damage == "fifo":
        os.mkfifo(pointer_path(home3))  # would block a plain open() forever
    elif damage == "symlink_to_dev_zero":
        pointer_path(home3).symlink_to("/dev/zero")
    state = serving(home3)
    assert state.fallback and "CURRENT" in str(state.problem)
    assert _marker(home3) == 3


def _truncate(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _zero_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 8192)


def _replaced_by_older(path: Path) -> None:
    """A real version file copied over another name: it opens, but it is not that version."""
    older = sorted(p for p in path.parent.iterdir() if p != path)[0]
    shutil.copyfile(older, path)


DAMAGE = {"truncated": _truncate, "random_bytes": _random, "empty": _empty, "zeroed_header": _zero_header,
          "another_version_under_its_name": _replaced_by_older}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_corrupt_current_version_falls_back_to_the_previous_one(home3: Path, damage) -> None:  # type: ignore[no-untyped-def]
    current = _by_marker(home3)[3]
    damage(current)
    state = serving(home3)
    assert state.fallback and current.name in str(state.problem)
    assert _marker(home3) == 2
    assert json.loads(pointer_path(home3).read_text())["version"] == current.name  # readers never write


def test_a_fifo_or_directory_in_place_of_the_current_version_falls_back(home3: Path) -> None:
    current = _by_marker(home3)[3]
    current.unlink()
    os.mkfifo(current)  # DuckDB's open would block on it
    assert serving(home3).fallback and _marker(home3) == 2
    current.unlink()
    current.mkdir()
    assert "not a regular file" in str(serving(home3).problem) and _marker(home3) == 2


def test_every_version_corrupt_is_a_clear_no_warehouse_error(home3: Path) -> None:
    for path in versions_dir(home3).iterdir():
        _random(path)
    state = serving(home3)
    assert state.version is None and not state.fresh
    with pytest.raises(NoWarehouseError, match=r"no other kept version is intact.*python -m etl build"):
        current_version(home3)
    assert recorded_inputs(home3) == []  # a build carries on from the raw files alone


def test_damaged_blocks_found_by_a_query_stop_that_version_serving(home3: Path) -> None:
    current = _by_marker(home3)[3]
    error = duckdb.IOException('IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2')
    assert not mark_damaged(current, duckdb.BinderException("Referenced column not found"))  # a bad query
    assert _marker(home3) == 3
    assert mark_damaged(current, error)
    assert serving(home3).fallback and _marker(home3) == 2
    forget_verdicts()


def test_a_verdict_is_cached_per_file_until_the_file_changes(home3: Path) -> None:
    current = _by_marker(home3)[3]
    assert check_version(current).ok
    stat = current.stat()
    with open(current, "r+b") as handle:  # damage the header in place, then restore the mtime
        handle.write(b"\0" * 8192)
    os.utime(current, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert check_version(current).ok  # the cached verdict: no reopen on a reader's click path
    os.utime(current, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert not check_version(current).ok  # the file changed: judged again


def test_a_build_repairs_a_corrupt_pointer_and_ignores_a_corrupt_current(home3: Path) -> None:
    pointer_path(home3).write_bytes(b"garbage{")
    _random(_by_marker(home3)[3])
    _generation(home3, 4, keep=10)
    state = serving(home3)
    assert not state.fallback and state.problem is None and _marker(home3) == 4


@pytest.mark.parametrize("damage", ["directory", "fifo"])
def test_a_build_repairs_a_pointer_that_is_not_a_file(home3: Path, damage: str) -> None:
    pointer_path(home3).unlink()
    if damage == "directory":
        pointer_path(home3).mkdir()
    else:
        os.mkfifo(pointer_path(home3))
    _generation(home3, 4, keep=10)
    assert serving(home3).problem is None and _marker(home3) == 4


def _stray(root: Path, name: str, content: bytes | Path) -> Path:
    path = versions_dir(root) / name
    if isinstance(content, Path):
        shutil.copyfile(content, path)
    else:
        path.write_bytes(content)
    return path


def test_future_dated_stray_files_never_serve_nor_cause_pruning(home3: Path) -> None:
    real = _by_marker(home3)
    strays = [
        _stray(home3, "wh_20991231T000000000000Z_deadbeef.duckdb", real[1]),  # a real file, wrong name
        _stray(home3, "wh_20990101T000000000000Z_00000000.duckdb", os.urandom(5000)),
        _stray(home3, "wh_20980101T000000000000Z_11111111.duckdb", b""),
    ]
    assert [v.path for v in sound_versions(home3)] == [real[3], real[2], real[1]]
    pointer_path(home3).write_bytes(b"[]")
    assert _marker(home3) == 3  # not the stray copy of generation 1 with the "newest" name
    _generation(home3, 4, keep=2)  # publishes 4, repairs the pointer, prunes by recorded build time
    left = sorted(p.name for p in versions_dir(home3).iterdir())
    assert _marker(home3) == 4
    assert real[3].name in left and real[2].name not in left and real[1].name not in left
    assert all(s.name in left for s in strays)  # unproven files are left for a person (status lists them)


def test_a_version_built_with_a_clock_in_the_future_is_never_pruned_nor_counted(home3: Path) -> None:
    past = datetime.now(UTC) - timedelta(days=365)  # seen from a year ago, every version is "in the future"
    pruned = publish.prune(home3, keep=1, now=past)
    assert pruned.removed == [] and len(list(versions_dir(home3).iterdir())) == 3


def test_pruning_keeps_versions_within_the_grace_period_after_they_stopped_being_current(home3: Path) -> None:
    real = _by_marker(home3)
    assert publish.prune(home3, keep=1, grace_seconds=600).removed == []  # superseded seconds ago
    later = datetime.now(UTC) + timedelta(minutes=20)
    assert sorted(publish.prune(home3, keep=1, grace_seconds=600, now=later).removed) == sorted(
        [real[1].name, real[2].name])
    assert [p.name for p in versions_dir(home3).iterdir()] == [real[3].name]


def test_pruning_removes_nothing_while_the_pointer_is_unreadable(home3: Path) -> None:
    pointer_path(home3).write_bytes(b"garbage{")
    pruned = publish.prune(home3, keep=1)
    assert pruned.removed == [] and "CURRENT" in pruned.problems[0]
    assert len(list(versions_dir(home3).iterdir())) == 3


def test_the_pipeline_prunes_with_a_grace_period(tmp_path: Path) -> None:
    root = tmp_path / "home"
    first = build_run.rebuild_warehouse(root, keep=1).result.version
    build_run.rebuild_warehouse(root, keep=1)
    assert first.path.exists(), "superseded a moment ago: a session may still read it"
