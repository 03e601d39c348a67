"""Streamlit glue of the admin "Load data" page: the admin gate (what follows it is ui.loading).

The loading itself is etl.ingest (no Streamlit there).
"""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

from ui import i18n
from ui.i18n import t

LABELS: dict[str, tuple[str, str]] = {
    "page.load_data": ("データの読み込み", "Load data"),
    "load.intro": ("都道府県別の統計ファイル(CSV・Excel)を読み込み、その地域・年度のサンプルを実データに置き換えます。"
                   "書き込む前に内容を検証して表示します。",
                   "Load per-prefecture statistics files (CSV, Excel); real rows replace the sample for their region "
                   "and year. The file is checked and shown before anything is written."),
    "admin.disabled": ("このページは管理者用で、現在は無効です。有効にするには、"
                       "環境変数 `IPDASH_ADMIN_PASSWORD` を設定してサーバーを起動するか、"
                       "`.streamlit/secrets.toml` に `IPDASH_ADMIN_PASSWORD = \"…\"` と書いてください。"
                       "コマンドラインでは `python -m etl ingest FILE --dataset …` で読み込めます。",
                       "This page is for administrators and is disabled. To enable it, start the server with the "
                       "environment variable `IPDASH_ADMIN_PASSWORD` set, or put `IPDASH_ADMIN_PASSWORD = \"…\"` in "
                       "`.streamlit/secrets.toml`. From the command line: `python -m etl ingest FILE --dataset …`."),
    "admin.password": ("管理者パスワード", "Admin password"),
    "admin.login": ("ログイン", "Log in"),
    "admin.logout": ("管理者ログアウト", "Log out (admin)"),
    "admin.wrong": ("パスワードが違います。", "Wrong password."),
}
i18n.register(LABELS)
SECRET_NAME = "IPDASH_ADMIN_PASSWORD"
_OK_KEY = "admin_ok"


def secret() -> str | None:
    """The admin password: environment first, then Streamlit secrets; None when neither is set."""
    value = os.environ.get(SECRET_NAME)
    if not value:
        try:
            value = st.secrets.get(SECRET_NAME)
        except Exception:  # noqa: BLE001 - no secrets file at all is the common case
            value = None
    return str(value) if value else None


def unlocked() -> bool:
    """True for an admin of this session; otherwise draws how to enable the page or the password form."""
    expected = secret()
    if expected is None:
        st.info(t("admin.disabled"), icon=":material/lock:")
        return False
    if st.session_state.get(_OK_KEY):
        if st.sidebar.button(t("admin.logout"), key="admin_logout", icon=":material/logout:"):
            st.session_state[_OK_KEY] = False
            st.rerun()
        return True
    with st.form("admin_login"):
        entered = st.text_input(t("admin.password"), type="password", key="admin_password")
        submitted = st.form_submit_button(t("admin.login"), icon=":material/key:")
    if submitted:
        if hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8")):
            st.session_state[_OK_KEY] = True
            st.rerun()
        time.sleep(1)  # slows guessing; the comparison itself is constant-time
        st.error(t("admin.wrong"), icon=":material/block:")
    return False
