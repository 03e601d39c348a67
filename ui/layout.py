"""Page frame shared by every view: language, URL notes, sample badge, charts with tables, safe run."""

from __future__ import annotations

import logging
from typing import Any

import altair as alt
import polars as pl
import polars.selectors as cs
import streamlit as st

from ui import i18n, urlstate
from ui.i18n import t
from warehouse.connection import Version

log = logging.getLogger("ipdash")
TABLE_ROWS = 120
_LANG_WIDGET = "lang_choice"
LANG = urlstate.choice("lang", i18n.LANG_KEY, i18n.LANGS, "ja")


def require_router() -> None:
    """Make sure the page runs inside app.py's st.navigation.

    Streamlit 1.67 keeps the old ``pages/`` auto-discovery until some run calls st.navigation: the
    first request of a fresh server that names a page URL (/regions) runs that file alone, without
    app.py. Switch the process to app.py's navigation and rerun; the URL picks the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def language_selector() -> str:
    """ja/en toggle, mirrored in the URL (?lang=en) so a copied link keeps the language.

    The choice lives under a plain session key; the widget is re-seeded from it every run, so the
    language survives page switches whatever happens to widget state.
    """
    urlstate.use(LANG)
    st.session_state[_LANG_WIDGET] = i18n.lang()
    st.sidebar.segmented_control(
        t("lang.label"), options=list(i18n.LANGS), key=_LANG_WIDGET, required=True,
        format_func={"ja": "日本語", "en": "English"}.__getitem__,
        on_change=lambda: st.session_state.update({i18n.LANG_KEY: st.session_state[_LANG_WIDGET]}),
    )
    return i18n.lang()


def url_notes() -> None:
    """Say which URL parameters were ignored (unknown or malformed) instead of failing."""
    notes = urlstate.take_notes()
    if notes:
        st.info(t("url.ignored") + " " + ", ".join(f"`{n}`" for n in notes), icon=":material/link:")


def sample_notice(has_sample: bool) -> None:
    """Badge and caption wherever synthetic sample rows are shown."""
    if has_sample:
        st.badge(t("sample.badge"), icon=":material/warning:", color="orange")
        st.caption(t("sample.caption"))


def has_sample(frame: pl.DataFrame) -> bool:
    return "is_sample" in frame.columns and bool(frame["is_sample"].any())


def chart(chart: alt.TopLevelMixin, table: pl.DataFrame, *, key: str, on_select: Any = "ignore",
          width: str = "stretch") -> Any:
    """An Altair chart with its data as a table underneath (screen readers, copying)."""
    state = st.altair_chart(chart, width=width, theme=None, key=key, on_select=on_select)
    table = table.with_columns(cs.float().round(2))
    with st.expander(t("chart.as_table"), icon=":material/table:"):
        if table.height <= TABLE_ROWS:  # a plain HTML table: read by screen readers, copied as text
            st.table(table)
        else:
            st.dataframe(table, hide_index=True, width="stretch")
    return state


def empty(message_key: str = "empty.selection") -> None:
    st.info(t(message_key), icon=":material/search_off:")


def footer(version: Version) -> None:
    st.sidebar.divider()
    st.sidebar.caption(f"{t('footer.version')}: `{version.id}`  \n{t('footer.built')}: {version.built_at}")


def run_page(page: Any) -> None:
    """Run the chosen page; an unexpected error becomes a helpful message, the traceback goes to the log."""
    try:
        page.run()
    except Exception:
        log.exception("page failed")
        st.error(t("error.page"), icon=":material/warning:")
