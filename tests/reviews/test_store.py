"""The review store: history kept, append-only, two editors, permissions, rebuilds, SIGKILL, backup."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from etl import backup
from etl.build import run as build_run
from tests.conftest import ROOT
from warehouse.accounts import Account, Throttle
from warehouse.connection import current_version
from warehouse.reviews import EntryKey, EntryText, ReviewRefused, ReviewStore, store_path

KYUSHU = Account(name="kyushu", role="editor", blocks=frozenset({"九州"}))
KEY = EntryKey(plan="3rd", block="九州", kpi_id="R_COLLAB", fiscal_year=2023, half="H1")
OFF = "off_track"


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "records" / "reviews.sqlite")


def text(cause: str, state: str = "submitted") -> EntryText:
    return EntryText(assessment="遅れ", cause=cause, countermeasure="連携先を増やす", owner="九州局", state=state)


def test_every_change_is_kept_with_who_and_when(store: ReviewStore) -> None:
    first = store.save(KEY, text("人員不足", "draft"), base_revision=0, actor=KYUSHU, status=OFF)
    second = store.save(KEY, text("人員不足と周知不足"), base_revision=1, actor=KYUSHU, status=OFF)
    assert first.saved and second.saved and second.saved.revision == 2
    history = store.history(KEY)
    assert [(e.revision, e.text.state, e.text.cause, e.author) for e in history] == [
        (1, "draft", "人員不足", "kyushu"), (2, "submitted", "人員不足と周知不足", "kyushu")]
    assert all(e.written_at.endswith("+00:00") for e in history)
    assert store.current(plan="3rd", block="九州")[KEY].revision == 2
    with sqlite3.connect(store.path) as con:  # nothing can be overwritten or deleted, not even by hand
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("UPDATE review_entries SET cause = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM review_entries")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM audit_log")
    assert [a["action"] for a in store.audit_entries()] == ["review.save", "review.save"]


def test_second_editor_of_the_same_entry_is_told_and_keeps_their_text(store: ReviewStore) -> None:
    colleague = Account(name="kyushu2", role="editor", blocks=frozenset({"九州"}))
    store.save(KEY, text("初版", "draft"), base_revision=0, actor=KYUSHU, status=OFF)
    # both open revision 1; the first saves, the second's save names the stale base
    assert store.save(KEY, text("Aの要因"), base_revision=1, actor=KYUSHU, status=OFF).saved
    late = store.save(KEY, text("Bの要因"), base_revision=1, actor=colleague, status=OFF)
    assert late.conflict and late.current and late.current.text.cause == "Aの要因" and late.current.author == "kyushu"
    assert late.yours.cause == "Bの要因"
    assert [e.text.cause for e in store.history(KEY)] == ["初版", "Aの要因"]  # the first save stands
    conflict = store.audit_entries()[0]
    assert conflict["action"] == "review.conflict" and conflict["actor"] == "kyushu2"
    assert json.loads(str(conflict["detail"]))["cause"] == "Bの要因"  # nothing is lost
    again = store.save(KEY, text("Aの要因とBの要因"), base_revision=2, actor=colleague, status=OFF)
    assert again.saved and again.saved.revision == 3


def test_permissions_are_enforced_by_the_store(store: ReviewStore) -> None:
    shikoku = EntryKey(plan="3rd", block="四国", kpi_id="R_COLLAB", fiscal_year=2023, half="H1")
    with pytest.raises(PermissionError):
        store.save(shikoku, text("x"), base_revision=0, actor=KYUSHU, status=OFF)
    with pytest.raises(PermissionError):
        store.save(KEY, text("x"), base_revision=0, actor=Account(name="v", role="viewer"), status=OFF)
    with pytest.raises(PermissionError):
        store.save(KEY, text("x"), base_revision=0, actor=None, status=OFF)
    locked = Throttle(account_free=1)
    locked.begin("kyushu", "somewhere")  # a failed login locks the account
    with pytest.raises(PermissionError):
        store.save(KEY, text("x"), base_revision=0, actor=KYUSHU, status=OFF, throttle=locked)
    admin = Account(name="admin", role="admin")
    assert store.save(shikoku, text("x"), base_revision=0, actor=admin, status=OFF).saved
    assert [a["action"] for a in store.audit_entries()].count("review.denied") == 4
    assert store.history(KEY) == []


def test_off_track_needs_cause_and_countermeasure_to_submit(store: ReviewStore) -> None:
    with pytest.raises(ReviewRefused) as refused:
        store.save(KEY, EntryText(state="submitted"), base_revision=0, actor=KYUSHU, status=OFF)
    assert refused.value.reasons == ["cause_required", "countermeasure_required"]
    assert store.save(KEY, EntryText(state="draft"), base_revision=0, actor=KYUSHU, status=OFF).saved


def test_the_store_survives_a_warehouse_rebuild(home: Path) -> None:
    build_run.rebuild_warehouse(home)
    store = ReviewStore(store_path(home))
    store.save(KEY, text("人員不足"), base_revision=0, actor=KYUSHU, status=OFF,
               warehouse_version=current_version(home).id)
    before = current_version(home)
    build_run.rebuild_warehouse(home)
    build_run.rebuild_warehouse(home)
    assert current_version(home) != before
    assert ReviewStore(store_path(home)).current(plan="3rd", block="九州")[KEY].text.cause == "人員不足"


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from warehouse.accounts import Account
    from warehouse.reviews import EntryKey, EntryText, ReviewStore
    store = ReviewStore(Path(sys.argv[1]))
    key = EntryKey("3rd", "九州", "R_EXPERT", 2023, "H1")
    real_audit = ReviewStore._audit
    def stall(con, action, *args):
        real_audit(con, action, *args)
        if action == "review.save":  # the entry row and its audit row are written, not committed
            print("in-transaction", flush=True)
            time.sleep(60)
    ReviewStore._audit = staticmethod(stall)
    store.save(key, EntryText(cause="途中", countermeasure="途中", state="submitted"), base_revision=1,
               actor=Account("kyushu", "editor", frozenset({"九州"})), status="off_track")
""")


def test_sigkill_during_a_write_loses_only_that_write(store: ReviewStore) -> None:
    other = EntryKey("3rd", "九州", "R_EXPERT", 2023, "H1")
    store.save(other, text("確定済み"), base_revision=0, actor=KYUSHU, status=OFF)
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(store.path)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None and child.stdout.readline().strip() == "in-transaction"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    reopened = ReviewStore(store.path)
    assert reopened.integrity() == "ok"
    assert [e.text.cause for e in reopened.history(other)] == ["確定済み"]
    assert [a["action"] for a in reopened.audit_entries()] == ["review.save"]
    # the killed writer's lock is gone: the next write goes through
    assert reopened.save(other, text("次の版"), base_revision=1, actor=KYUSHU, status=OFF).saved


def test_backup_is_a_consistent_copy_of_the_store_and_the_current_version(home: Path, tmp_path: Path) -> None:
    build_run.rebuild_warehouse(home)
    store = ReviewStore(store_path(home))
    store.save(KEY, text("人員不足"), base_revision=0, actor=KYUSHU, status=OFF)
    result = backup.run(tmp_path / "backups", root=home)
    copied = ReviewStore(store_path(result.directory))
    assert copied.integrity() == "ok"
    assert copied.history(KEY)[0].text.cause == "人員不足"
    assert not (result.directory / "records" / "reviews.sqlite-wal").exists()  # one self-contained file
    assert current_version(result.directory).name == current_version(home).name
    manifest = json.loads((result.directory / "MANIFEST.json").read_text(encoding="utf-8"))
    assert "records/reviews.sqlite" in manifest["files"] and "load_log.jsonl" in manifest["files"]
    # the CLI does the same
    out = subprocess.run([sys.executable, "-m", "etl", "backup", "--out", str(tmp_path / "cli")], cwd=ROOT,
                         env={**os.environ, "IPDASH_HOME": str(home)}, capture_output=True, text=True, check=True)
    assert "records/reviews.sqlite" in out.stdout
