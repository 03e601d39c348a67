"""Page frame shared by every view: language, sample badge, safe page run, footer."""

from __future__ import annotations

import logging

import streamlit as st

from ui import i18n
from ui.i18n import t
from warehouse.connection import Version

log = logging.getLogger("ipdash")


def language_selector() -> str:
    """ja/en toggle, mirrored in the URL (?lang=en) so a copied link keeps the language."""
    if i18n.LANG_KEY not in st.session_state:
        requested = st.query_params.get(i18n.LANG_KEY, "ja")
        st.session_state[i18n.LANG_KEY] = requested if requested in i18n.LANGS else "ja"
    st.sidebar.segmented_control(
        t("lang.label"), options=list(i18n.LANGS), key=i18n.LANG_KEY,
        format_func=lambda code: "日本語" if code == "ja" else "English",
    )
    if st.session_state.get(i18n.LANG_KEY) is None:  # segmented control can be cleared
        st.session_state[i18n.LANG_KEY] = "ja"
    current = i18n.lang()
    if current == "ja":
        st.query_params.pop(i18n.LANG_KEY, None)
    else:
        st.query_params[i18n.LANG_KEY] = current
    return current


def sample_notice(has_sample: bool) -> None:
    """Badge and caption wherever synthetic sample rows are shown."""
    if has_sample:
        st.badge(t("sample.badge"), icon="⚠️", color="orange")
        st.caption(t("sample.caption"))


def footer(version: Version) -> None:
    st.sidebar.divider()
    st.sidebar.caption(f"{t('footer.version')}: `{version.id}`  \n{t('footer.built')}: {version.built_at}")


def run_page(page: st.navigation) -> None:  # type: ignore[valid-type]
    """Run the chosen page; an unexpected error becomes a helpful message, the traceback goes to the log."""
    try:
        page.run()  # type: ignore[attr-defined]
    except Exception:
        log.exception("page failed")
        st.error(t("error.page"), icon="⚠️")
