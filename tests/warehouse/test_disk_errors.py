"""Disk errors on the warehouse's write paths (version file, pointer, prune): one clear line, exit 3, no
leftovers, the old version keeps serving.  Real limits in child processes: RLIMIT_FSIZE (EFBIG), a read-only
bind mount (EROFS) and a tiny tmpfs (ENOSPC) in a private mount namespace."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT, env_with
from warehouse.connection import current_version, pointer_path, versions_dir

EXIT_WRITE_FAILED = 3


@pytest.fixture
def home(built_home: Path, tmp_path: Path) -> Path:
    root = tmp_path / "home"
    shutil.copytree(built_home, root)
    return root


def _etl(home: Path, *args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env_with(home), capture_output=True,
                          text=True, timeout=300, preexec_fn=limit)


def _leftovers(home: Path) -> list[str]:
    found = [p.name for p in versions_dir(home).iterdir() if not p.name.startswith("wh_")]
    found += [p.name for p in (home / "warehouse").glob("*.tmp")]
    found += [str(p) for p in (home / "parquet").glob("*/*")] if (home / "parquet").exists() else []
    return found


def _assert_clean_failure(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == EXIT_WRITE_FAILED, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert reason in lines[0] and "current version keeps serving" in lines[0], lines[0]


def test_file_size_limit_on_the_version_file(home: Path) -> None:
    before = current_version(home)
    journal = (home / "load_log.jsonl").read_text().splitlines()
    result = _etl(home, "build", fsize=1_000_000)  # the Parquet files fit, the DuckDB file does not
    _assert_clean_failure(result, "file too large")
    assert current_version(home) == before and [p.name for p in versions_dir(home).iterdir()] == [before.name]
    assert _leftovers(home) == []
    last = json.loads((home / "load_log.jsonl").read_text().splitlines()[-1])
    assert len(journal) + 1 == len((home / "load_log.jsonl").read_text().splitlines())
    assert last["status"] == "failed" and "file too large" in last["message"]  # the journal was writable
    assert _etl(home, "status").returncode == 0


def test_file_size_limit_on_the_pointer(home: Path) -> None:
    """The version file is written and checked; then the pointer cannot be: the new file goes, the old serves."""
    before = current_version(home)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from tests.warehouse.test_versioned_build import _generation
        from warehouse.publish import WriteFailed
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        def tiny(_path):
            resource.setrlimit(resource.RLIMIT_FSIZE, (10, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        try:
            _generation(Path({str(home)!r}), 7, before_switch=tiny)
        except WriteFailed as exc:
            print(exc)
            sys.exit(3)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == EXIT_WRITE_FAILED, result.stderr
    assert "file too large" in result.stdout
    assert current_version(home) == before
    assert json.loads(pointer_path(home).read_text())["version"] == before.name
    assert [p.name for p in versions_dir(home).iterdir()] == [before.name]  # the unswitched file is gone
    assert _leftovers(home) == []


@cache
def _mount_refused() -> str | None:
    """Why a private mount namespace with tmpfs and read-only bind mounts is unavailable (None: it is)."""
    if shutil.which("unshare") is None:
        return "unshare(1) is not installed"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt && umount /mnt"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"mount in a private namespace is not permitted here ({probe.stderr.strip()[:120]})"
    return None


def _in_namespace(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    reason = _mount_refused()
    if reason:
        pytest.skip(reason)
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], cwd=ROOT,
                          env={**env_with(home), "PY": sys.executable}, capture_output=True, text=True, timeout=300)


def test_read_only_warehouse_directory(home: Path) -> None:
    before = current_version(home)
    warehouse = home / "warehouse"
    if os.geteuid() != 0:  # an ordinary user: a directory without write permission is enough
        warehouse.chmod(0o555)
        versions_dir(home).chmod(0o555)
        try:
            result = _etl(home, "build")
        finally:
            versions_dir(home).chmod(0o755)
            warehouse.chmod(0o755)
        _assert_clean_failure(result, "permission denied")
    else:  # root writes through permissions: a read-only bind mount gives the real EROFS
        script = f'mount --bind -o ro "{warehouse}" "{warehouse}"\n"$PY" -m etl build || echo "exit=$?"'
        result = _in_namespace(script, home)
        assert "exit=3" in result.stdout and "Traceback" not in result.stderr, result.stderr
        line = result.stderr.strip().splitlines()
        assert len(line) == 1 and "read-only file system" in line[0] and "keeps serving" in line[0], result.stderr
    assert current_version(home) == before and _leftovers(home) == []


def test_prune_on_a_read_only_directory_reports_instead_of_failing(home: Path) -> None:
    from etl.build import run as build_run

    for _ in range(2):
        build_run.rebuild_warehouse(home)
    script = textwrap.dedent(f"""
        mount --bind -o ro "{versions_dir(home)}" "{versions_dir(home)}"
        "$PY" -c 'import sys; sys.path.insert(0, "{ROOT}"); from warehouse import publish
        p = publish.prune(keep=1); print(len(p.removed), p.problems)'
    """)
    result = _in_namespace(script, home)
    assert result.returncode == 0, result.stderr
    assert "could not remove" in result.stdout and "read-only file system" in result.stdout
    assert len(list(versions_dir(home).iterdir())) == 3 and current_version(home).path.exists()


def test_full_disk_on_a_tiny_tmpfs(home: Path) -> None:
    before = current_version(home)
    warehouse = home / "warehouse"
    shutil.copytree(warehouse, home / "warehouse.orig")
    size_kb = (before.path.stat().st_size // 1024) + 1024  # room for the old version, not for a new one
    script = textwrap.dedent(f"""
        mount -t tmpfs -o size={size_kb}k tmpfs "{warehouse}"
        cp -a "{home}/warehouse.orig/." "{warehouse}/"
        "$PY" -m etl build || echo "exit=$?"
        "$PY" -m etl status --json > "{home}/status.json"
        ls -a "{warehouse}/versions" "{warehouse}" > "{home}/listing.txt"
    """)
    result = _in_namespace(script, home)
    assert "exit=3" in result.stdout, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no space left on device" in lines[0] and "Traceback" not in result.stderr, lines
    status = json.loads((home / "status.json").read_text())
    assert status["ok"] and status["version"] == before.id and not status["damage"]
    listing = (home / "listing.txt").read_text().split()
    assert ".building" not in " ".join(listing) and "CURRENT.tmp" not in listing
    assert [n for n in listing if n.startswith("wh_")] == [before.name]


def test_file_size_limit_on_a_fresh_home_leaves_nothing_half_written(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    result = _etl(home, "build", fsize=20_000)  # the sample CSVs are the first files written
    _assert_clean_failure(result, "file too large")
    assert not list(home.rglob("*.tmp")) and not (home / "warehouse" / "CURRENT").exists()
    assert "no warehouse" in _etl(home, "status").stderr
