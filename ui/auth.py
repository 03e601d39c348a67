"""Log in, who is signed in, log out: the Streamlit side of warehouse.accounts.

Accounts come from `.streamlit/secrets.toml` (and ``IPDASH_ADMIN_PASSWORD``); with an ``[auth]``
section there, Streamlit's ``st.login`` (OIDC) signs people in and their e-mail picks the account.
A session ends after ``IDLE_SECONDS`` without a click or ``MAX_SECONDS`` after logging in. Logins,
failures, lockouts, logouts and expiries go to the audit log of the review store.
"""

from __future__ import annotations

import math
import time
from typing import Any

import streamlit as st

from etl.inputs.reference import blocks
from ui import data, filters
from ui.i18n import lang, t
from warehouse import accounts
from warehouse.accounts import Account, Registry

SESSION_KEY = "auth_session"
NOTICE_KEY = "auth_notice"
IDLE_SECONDS = 30 * 60
MAX_SECONDS = 8 * 60 * 60


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets file at all is the common case
        return {}


def registry() -> Registry:
    """Read every run: an account removed from secrets.toml is signed out on its next click."""
    return accounts.load_registry(_secrets(), blocks={b.id: b.name_ja for b in blocks()})


def client_id() -> str:
    """Who is knocking, for the per-client lockout (the peer address; behind a proxy, the proxy's)."""
    try:
        value = st.context.ip_address
    except Exception:  # noqa: BLE001 - AppTest has no request
        value = None
    return value if isinstance(value, str) and value else "unknown"


def _audit(action: str, actor: str | None, detail: dict[str, object] | None = None) -> None:
    data.review_store().audit(action, actor=actor, client=client_id(), detail=detail)


def sso_configured() -> bool:
    return "auth" in _secrets()


def _sso_account(reg: Registry) -> Account | None:
    if not sso_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    email = str(getattr(st.user, "email", "") or "")
    account = reg.by_email(email) or Account(name=email or "sso", role="viewer", email=email)
    _start(account, via="sso")
    return account


def _start(account: Account, *, via: str) -> None:
    now = time.time()
    st.session_state[SESSION_KEY] = {"name": account.name, "via": via, "login_at": now, "seen_at": now,
                                     "role": account.role}
    _audit("login.ok", account.name, {"via": via, "role": account.role})


def current() -> Account | None:
    """The signed-in account of this session, or None (expired sessions end here)."""
    reg = registry()
    session = st.session_state.get(SESSION_KEY)
    if session is None:
        return _sso_account(reg)
    now = time.time()
    if now - session["seen_at"] > IDLE_SECONDS or now - session["login_at"] > MAX_SECONDS:
        st.session_state.pop(SESSION_KEY)
        st.session_state[NOTICE_KEY] = "expired"
        _audit("session.expired", session["name"])
        return None
    account = reg.accounts.get(session["name"])
    if account is None and session["via"] == "sso":
        account = Account(name=session["name"], role="viewer")
    if account is None:  # removed from the settings meanwhile
        st.session_state.pop(SESSION_KEY)
        return None
    session["seen_at"] = now
    return account


def logout() -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    if session:
        _audit("logout", session["name"])
        if session["via"] == "sso":
            st.logout()


def role_text(account: Account) -> str:
    if account.role == "editor":
        names = sorted(filters.block_label(b, lang()) for b in account.blocks)
        return t("auth.role.editor").format(blocks=", ".join(names))
    return t(f"auth.role.{account.role}")


def signed_in(account: Account, *, key: str) -> None:
    """Who is signed in, and the logout button."""
    cols = st.columns([4, 1], vertical_alignment="center")
    cols[0].markdown(t("auth.signed_in").format(name=account.name, role=role_text(account)))
    if cols[1].button(t("auth.logout"), key=f"{key}_logout", icon=":material/logout:"):
        logout()
        st.rerun()


def login_form(key: str) -> Account | None:
    """Account + password (and SSO when configured). Returns the account on success (and reruns)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice == "expired":
        st.info(t("auth.expired"), icon=":material/timer_off:")
    reg = registry()
    if sso_configured():
        st.button(t("auth.sso"), key=f"{key}_sso", on_click=st.login, icon=":material/badge:")
    with st.form(f"{key}_login"):
        name = st.text_input(t("auth.account"), key=f"{key}_account")
        password = st.text_input(t("auth.password"), type="password", key=f"{key}_password")
        submitted = st.form_submit_button(t("auth.login"), icon=":material/key:", key=f"{key}_submit")
    if not submitted:
        return None
    client = client_id()
    attempt = accounts.authenticate(reg, name, password, client)
    if attempt.account is not None:
        _start(attempt.account, via="password")
        st.rerun()
    if attempt.wait_seconds > 0:
        st.error(t("auth.locked").format(seconds=math.ceil(attempt.wait_seconds)), icon=":material/lock_clock:")
        return None
    _audit("login.locked" if attempt.locked_now else "login.failed", name.strip()[:100])
    if attempt.locked_now:
        wait = accounts.THROTTLE.locked_for(account=name.strip(), client=client)
        st.error(t("auth.locked").format(seconds=math.ceil(wait)), icon=":material/lock_clock:")
    else:
        st.error(t("auth.wrong"), icon=":material/block:")
    return None


def gate(role: str, *, disabled: str) -> bool:
    """True when an account with ``role`` is signed in; otherwise draws why not, or the login form.

    ``disabled`` is shown when no such account is configured (e.g. how to enable the admin page)."""
    reg = registry()
    if role == "admin" and not reg.has_role("admin"):
        if reg.short_admin_chars is not None:
            st.error(t("auth.short_admin").format(n=reg.short_admin_chars), icon=":material/password:")
        else:
            st.info(disabled, icon=":material/lock:")
        return False
    account = current()
    if account is not None:
        with st.sidebar:
            signed_in(account, key="gate")
        if account.role == role or account.role == "admin":
            return True
        st.warning(t("auth.not_admin"), icon=":material/block:")
        return False
    login_form(role)
    return False
