"""What readers are told when the warehouse healed itself: small, calm, never a traceback.

The warehouse layer chooses the version (``warehouse.connection.serving``); ``ui.data`` pins it per
rerun; this module only words it: a sidebar caption for everyone, the details for administrators
on the Sources page, a clear message when no version can serve.
"""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import t


def _code(text: str) -> str:
    """Damage details name files and quote DuckDB: shown as inert code, never as Markdown."""
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def sidebar() -> None:
    """One quiet line under the version in the sidebar while a fallback (or re-pin) is in effect."""
    moved = data.take_repinned()
    if moved is not None:
        st.sidebar.caption(":material/info: " + t("warehouse.repinned").format(old=_code(moved[0]),
                                                                             new=_code(moved[1])))
    if data.serving_problem():
        st.sidebar.caption(":material/info: " + t("warehouse.fallback"))


def details() -> None:
    """The fallback, with the damage found, for the Sources page."""
    problem = data.serving_problem()
    if problem:
        st.caption(":material/info: " + t("warehouse.fallback") + "  \n"
                   + t("warehouse.fallback_admin").format(problem=_code(problem)))


def no_warehouse() -> None:
    """Nothing can serve: a fresh install (build it) or every kept version damaged (rebuild it)."""
    if data.serving_problem():
        st.warning(t("warehouse.unusable"), icon=":material/build:")
    else:
        st.warning(t("no_warehouse"), icon=":material/build:")
