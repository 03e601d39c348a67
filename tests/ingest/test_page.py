"""The admin "Load data" page in AppTest: hidden without a secret, password compared, templates offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.filters import Filters

PAGE = str(ROOT / "pages" / "load_data.py")


def _page(home: Path, monkeypatch: pytest.MonkeyPatch, password: str | None) -> AppTest:
    monkeypatch.setenv("IPDASH_HOME", str(home))
    monkeypatch.chdir(ROOT)
    if password is None:
        monkeypatch.delenv("IPDASH_ADMIN_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("IPDASH_ADMIN_PASSWORD", password)
    at = AppTest.from_file(PAGE, default_timeout=60)
    # the page file alone, as app.py would run it: the router has read the sidebar filters
    at.session_state["filters"] = Filters(plan="2nd", fy_from=2020, fy_to=2022, blocks=(), prefectures=())
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.info, *at.error, *at.success, *at.warning, *at.caption])


def test_without_a_secret_the_page_says_how_to_enable_it(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(built_home, monkeypatch, None).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "データの読み込み"
    assert "IPDASH_ADMIN_PASSWORD" in at.info[0].value and "secrets.toml" in at.info[0].value
    assert not at.text_input and not at.get("file_uploader")
    buttons = [b.label for b in at.get("download_button")]  # templates and examples are offered to everyone
    assert len(buttons) == 10 and "kpi.csv (テンプレート)" in buttons and "kpi_example.csv (記入例)" in buttons


def test_wrong_password_is_refused_and_the_right_one_opens_the_upload(
    built_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = _page(built_home, monkeypatch, "s3cret-パスワード-long").run()
    assert not at.get("file_uploader")
    at.text_input(key="admin_account").input("admin")
    at.text_input(key="admin_password").input("guess")
    at.button[0].click().run()
    assert "パスワードが違います" in _markdown(at) and not at.get("file_uploader")
    at.text_input(key="admin_password").input("s3cret-パスワード-long")
    at.button[0].click().run()
    assert not at.exception
    assert at.get("file_uploader") and at.selectbox(key="w_load_dataset_ja").value == "kpi"


def test_the_secret_can_come_from_streamlit_secrets(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(built_home, monkeypatch, None)
    at.secrets["IPDASH_ADMIN_PASSWORD"] = "from-secrets"
    at.run()
    assert not at.info and at.text_input(key="admin_password")
    at.text_input(key="admin_account").input("admin")
    at.text_input(key="admin_password").input("from-secrets")
    at.button[0].click().run()
    assert at.get("file_uploader")


def test_english_labels(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(built_home, monkeypatch, None)
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Load data" and "administrators" in at.info[0].value


@pytest.mark.parametrize(("lang", "action", "status"), [("ja", "版の作成", "作成済み"), ("en", "build", "built")])
def test_the_load_log_says_what_happened_in_the_users_language(
    built_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str, action: str, status: str,
) -> None:
    at = _page(built_home, monkeypatch, "s3cret-パスワード-long")
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="admin_account").input("admin")
    at.text_input(key="admin_password").input("s3cret-パスワード-long")
    at.button[0].click().run()
    log = at.dataframe[0].value  # nothing uploaded yet: the one table is the load log
    column = {"ja": ("操作", "結果"), "en": ("Action", "Status")}[lang]
    assert (log[column[0]].iloc[-1], log[column[1]].iloc[-1]) == (action, status)  # the first build, oldest last
