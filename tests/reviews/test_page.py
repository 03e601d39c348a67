"""The review page and the shared login in AppTest: editors write their block, others read; the admin
gate refuses short passwords, shows no uploader before login, locks out guessers across sessions and
expires; a save shows on the next click."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.filters import BLOCKS, Filters
from warehouse import accounts
from warehouse.accounts import hash_password
from warehouse.reviews import EntryKey, ReviewStore, store_path

KYUSHU_PW = "kyushu-editor-パスワード"
ADMIN_PW = "admin-password-long"
FORM = "rv_R_COLLAB_2023_H1"
KEY = EntryKey("3rd", "九州", "R_COLLAB", 2023, "H1")


@pytest.fixture(scope="module")
def secrets() -> dict[str, object]:
    return {"accounts": {"kyushu": {"role": "editor", "blocks": ["kyushu"], "password": hash_password(KYUSHU_PW)},
                         "reader": {"role": "viewer", "password": hash_password("just-reading-123")}},
            "IPDASH_ADMIN_PASSWORD": ADMIN_PW}


@pytest.fixture
def review_home(built_home: Path, tmp_path: Path) -> Path:
    """A copy of the shared warehouse with a review store of its own."""
    root = tmp_path / "home"
    shutil.copytree(built_home, root, ignore=shutil.ignore_patterns("records"))  # a review store of its own
    return root


@pytest.fixture(autouse=True)
def fresh_lockout() -> Iterator[None]:
    accounts.THROTTLE.reset()
    yield
    accounts.THROTTLE.reset()


@pytest.fixture
def start(review_home: Path, secrets: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    monkeypatch.setenv("IPDASH_HOME", str(review_home))
    monkeypatch.delenv("IPDASH_ADMIN_PASSWORD", raising=False)
    monkeypatch.chdir(ROOT)

    def run(page: str = "review", lang: str = "ja", with_secrets: dict[str, object] | None = None,
            block: str = "kyushu", **params: str) -> AppTest:
        # The page file alone (as tests/ingest/test_page.py does): AppTest (1.67) drops form and button
        # triggers on the reruns of a page reached with switch_page under app.py's st.navigation.
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90)
        for name, value in (with_secrets if with_secrets is not None else secrets).items():
            at.secrets[name] = value
        at.session_state["lang"] = lang
        at.session_state["filters"] = Filters(plan="2nd", fy_from=2020, fy_to=2022, blocks=(BLOCKS[block],),
                                              prefectures=())
        for name, value in {"half": "2023-H1", **params}.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return run


def _log_in(at: AppTest, where: str, name: str, password: str) -> AppTest:
    at.text_input(key=f"{where}_account").input(name)
    at.text_input(key=f"{where}_password").input(password)
    next(b for b in at.button if b.label in ("ログイン", "Log in")).click().run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success])


def _submit(at: AppTest, cause: str, measure: str, label: str = "提出") -> AppTest:
    at.text_area(key=f"{FORM}_cause").input(cause)
    at.text_area(key=f"{FORM}_countermeasure").input(measure)
    next(b for b in at.button if b.label == label and b.form_id == f"{FORM}_form").click().run()
    assert not at.exception, at.exception
    return at


def test_off_track_kpis_come_first_with_projection_and_sample_badge(start: Callable[..., AppTest]) -> None:
    at = start(half="2023-H2")
    cards = [m.value for m in at.markdown if str(m.value).startswith("####")]
    assert cards and all("遅れ" not in c for c in cards[1:] if "遅れ" in cards[0])
    assert any("サンプルデータ" in str(m.value) for m in at.markdown)
    assert "見通し(推計)" in _texts(at)  # two reported halves: a projection, labelled as one
    assert "見通しなし" in _texts(start(half="2023-H1"))  # one half: none
    first = [m.value for m in start(half="2023-H1").markdown if str(m.value).startswith("####")][0]
    assert "遅れ" in first and "連携件数" in first


def test_viewers_read_but_cannot_write(start: Callable[..., AppTest]) -> None:
    at = start()
    assert not at.get("text_area")  # no editor form before login
    at = _log_in(at, "review", "reader", "just-reading-123")
    assert "閲覧のみ" in _texts(at) and not at.get("text_area")


def test_a_kyushu_editor_writes_kyushu_and_sees_it_on_the_next_click(
    start: Callable[..., AppTest], review_home: Path,
) -> None:
    at = _log_in(start(), "review", "kyushu", KYUSHU_PW)
    assert "ログイン中" in _texts(at)
    at = _submit(at, "", "")
    assert "要因を記入してください" in _texts(at)  # off track: both are required to submit
    at = _submit(at, "担当者の交代で連携会議を中止", "合同会議を10月に開催")
    assert "保存しました (第1版、提出済み)" in _texts(at)
    assert "担当者の交代で連携会議を中止" in _texts(at)
    entry = ReviewStore(store_path(review_home)).history(KEY)[0]
    assert (entry.author, entry.text.state, entry.status) == ("kyushu", "submitted", "off_track")
    saved = dt.datetime.fromisoformat(entry.written_at)  # stored in UTC, shown on Japan's clock
    assert saved.utcoffset() == dt.timedelta(0)
    assert (saved + dt.timedelta(hours=9)).strftime("%Y-%m-%d %H:%M:%S JST") in _texts(at)


def test_a_kyushu_editor_cannot_write_shikoku(start: Callable[..., AppTest]) -> None:
    at = _log_in(start(block="shikoku"), "review", "kyushu", KYUSHU_PW)
    assert "閲覧のみ" in _texts(at) and not at.get("text_area")


def test_two_editors_of_one_entry_the_second_is_told_and_keeps_their_text(
    start: Callable[..., AppTest], review_home: Path,
) -> None:
    first = _log_in(start(), "review", "kyushu", KYUSHU_PW)
    second = _log_in(start(), "review", "kyushu", KYUSHU_PW)
    _submit(first, "Aの要因", "Aの対策")
    second = _submit(second, "Bの要因", "Bの対策")
    assert "保存していません" in _texts(second)
    assert "Aの要因" in _texts(second) and "Bの要因" in _texts(second)  # both shown side by side
    assert second.text_area(key=f"{FORM}_cause").value == "Bの要因"  # their text stays in the form
    history = ReviewStore(store_path(review_home)).history(KEY)
    assert [e.text.cause for e in history] == ["Aの要因"]
    second = _submit(second, "Bの要因", "Bの対策")  # now a conscious overwrite of revision 1
    assert [e.text.cause for e in ReviewStore(store_path(review_home)).history(KEY)] == ["Aの要因", "Bの要因"]


def test_english_page(start: Callable[..., AppTest]) -> None:
    at = start(lang="en")
    assert at.title[0].value == "Half-year review (PDCA)"
    assert any("off track" in str(m.value) for m in at.markdown)


def test_short_admin_password_keeps_the_load_page_off_and_says_why(start: Callable[..., AppTest]) -> None:
    for value in (" ", "s3cret-パス"):
        at = start("load_data", with_secrets={"IPDASH_ADMIN_PASSWORD": value})
        assert any("短すぎます" in e.value and "12" in e.value for e in at.error)
        assert not at.get("text_input") and not at.get("file_uploader")


def test_no_uploader_before_an_admin_logs_in(start: Callable[..., AppTest]) -> None:
    at = start("load_data")
    assert at.text_input(key="admin_account") and not at.get("file_uploader")
    at = _log_in(at, "admin", "kyushu", KYUSHU_PW)  # an editor is not an admin
    assert "管理者の権限がありません" in _texts(at) and not at.get("file_uploader")
    at = _log_in(start("load_data"), "admin", "admin", ADMIN_PW)
    assert at.get("file_uploader")


def test_lockout_is_shared_by_every_session(start: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    # the first lock lasts 2 s in production: long enough against a script, shorter than a busy CI machine
    # takes to open the second session below
    monkeypatch.setattr(accounts.THROTTLE, "base", 600.0)
    attacker = start("load_data")
    for _ in range(3):
        _log_in(attacker, "admin", "admin", "wrong guess 123")
    assert any("ロック" in e.value for e in attacker.error)
    other = _log_in(start("load_data"), "admin", "admin", ADMIN_PW)  # another session, the right password
    assert any("ロック" in e.value for e in other.error) and not other.get("file_uploader")
    audit = [a["action"] for a in ReviewStore(store_path(Path(_home()))).audit_entries()]
    assert audit.count("login.failed") == 2 and "login.locked" in audit


def _home() -> str:
    import os

    return os.environ["IPDASH_HOME"]


def test_the_admin_session_expires(start: Callable[..., AppTest]) -> None:
    at = _log_in(start("load_data"), "admin", "admin", ADMIN_PW)
    assert at.get("file_uploader")
    at.session_state["auth_session"] = {**at.session_state["auth_session"], "seen_at": time.time() - 31 * 60}
    at.run()
    assert not at.get("file_uploader") and any("ログアウトしました" in i.value for i in at.info)
    actions = [a["action"] for a in ReviewStore(store_path(Path(_home()))).audit_entries()]
    assert actions[0] == "session.expired" and "login.ok" in actions
