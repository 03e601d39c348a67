"""Page frame shared by every view: language, URL notes, sample badge, charts with tables, safe run."""

from __future__ import annotations

import logging
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from ui import i18n, urlstate
from ui.i18n import t
from warehouse.connection import Version

log = logging.getLogger("ipdash")
TABLE_ROWS = 120
LANG = urlstate.choice("lang", i18n.LANG_KEY, i18n.LANGS, "ja")


def language_selector() -> str:
    """ja/en toggle, mirrored in the URL (?lang=en) so a copied link keeps the language."""
    urlstate.use(LANG)
    st.sidebar.segmented_control(
        t("lang.label"), options=list(i18n.LANGS), key=i18n.LANG_KEY,
        format_func=lambda code: "日本語" if code == "ja" else "English",
    )
    if st.session_state.get(i18n.LANG_KEY) is None:  # a segmented control can be cleared
        st.session_state[i18n.LANG_KEY] = "ja"
    return i18n.lang()


def url_notes() -> None:
    """Say which URL parameters were ignored (unknown or malformed) instead of failing."""
    notes = urlstate.take_notes()
    if notes:
        st.info(t("url.ignored") + " " + ", ".join(f"`{n}`" for n in notes), icon="🔗")


def sample_notice(has_sample: bool) -> None:
    """Badge and caption wherever synthetic sample rows are shown."""
    if has_sample:
        st.badge(t("sample.badge"), icon="⚠️", color="orange")
        st.caption(t("sample.caption"))


def has_sample(frame: pl.DataFrame) -> bool:
    return "is_sample" in frame.columns and bool(frame["is_sample"].any())


def chart(chart: alt.TopLevelMixin, table: pl.DataFrame, *, key: str, on_select: Any = "ignore") -> Any:
    """An Altair chart with its data as a table underneath (screen readers, copying)."""
    state = st.altair_chart(chart, width="stretch", theme=None, key=key, on_select=on_select)
    with st.expander(t("chart.as_table"), icon="🔢"):
        if table.height <= TABLE_ROWS:  # a plain HTML table: read by screen readers, copied as text
            st.table(table)
        else:
            st.dataframe(table, hide_index=True, width="stretch")
    return state


def empty(message_key: str = "empty.selection") -> None:
    st.info(t(message_key), icon="🔍")


def footer(version: Version) -> None:
    st.sidebar.divider()
    st.sidebar.caption(f"{t('footer.version')}: `{version.id}`  \n{t('footer.built')}: {version.built_at}")


def run_page(page: Any) -> None:
    """Run the chosen page; an unexpected error becomes a helpful message, the traceback goes to the log."""
    try:
        page.run()
    except Exception:
        log.exception("page failed")
        st.error(t("error.page"), icon="⚠️")
