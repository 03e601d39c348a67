"""Page frame shared by every view: language, URL notes, sample badge, prepared charts, safe run."""

from __future__ import annotations

import contextvars
import functools
import gc
import logging
import re
from collections.abc import Callable
from typing import Any, NoReturn

import polars as pl
import streamlit as st

from reports.views import ChartView, TableView, japan_time
from ui import chart_downloads, data, i18n, urlstate
from ui.i18n import t
from warehouse.connection import Version

log = logging.getLogger("ipdash")
LANG = urlstate.choice("lang", i18n.LANG_KEY, i18n.LANGS, "ja")
_LANG_WIDGET = "w_lang"
_NOTES_SLOT = "_url_notes_slot"


def freeze_startup_heap() -> None:
    """Move what start-up built (imported modules, Streamlit's own objects) out of the collector's reach, once.

    Every rerun allocates; each allocation burst triggers collections that walk every tracked object,
    and the imported libraries (Altair's schema classes, Polars, DuckDB, PyArrow, pandas) are most of them.
    Frozen objects are never collected, so this runs once per process, at the first run, before any
    session data exists to be frozen with them.
    """
    if getattr(freeze_startup_heap, "done", False):
        return
    import duckdb  # noqa: F401  (everything a page will import, so it is frozen too)
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import pyarrow.compute  # noqa: F401  (0.1 s on first use: a chart's table turned to Arrow)

    import reports.charts  # noqa: F401

    gc.collect()
    gc.freeze()
    freeze_startup_heap.done = True  # type: ignore[attr-defined]


def require_router() -> None:
    """Make sure the page runs inside app.py's st.navigation.

    Streamlit 1.67 keeps the old ``pages/`` auto-discovery until some run calls st.navigation: the
    first request of a fresh server that names a page URL (/regions) runs that file alone, without
    app.py. Switch the process to app.py's navigation and rerun; the URL picks the same page. The flag is
    process-wide: when several first visits arrive at once, another session's st.navigation may have
    cleared it already while this run started without the router, so a run that has no filters from
    app.py reruns too.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or "filters" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def language_selector() -> str:
    """ja/en toggle, mirrored in the URL (?lang=en) so a copied link keeps the language."""
    st.session_state[_LANG_WIDGET] = urlstate.use(LANG)
    st.sidebar.segmented_control(
        t("lang.label"), options=list(i18n.LANGS), key=_LANG_WIDGET, required=True,
        format_func={"ja": "日本語", "en": "English"}.__getitem__,
        on_change=lambda: st.session_state.update({i18n.LANG_KEY: st.session_state[_LANG_WIDGET]}),
    )
    return i18n.lang()


def page_not_found_note(url_paths: list[str]) -> None:
    """A link to a page that does not exist opens the overview; say so in the page's language (called before
    st.navigation, which would otherwise show Streamlit's own "Page not found" dialog, in English only)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    wanted = ctx.pages_manager.intended_page_name if ctx is not None else None
    if ctx is not None and wanted and wanted.strip("/") not in url_paths:
        urlstate.note(f"/{wanted.strip('/')}")
        ctx.pages_manager.set_script_intent("", "")  # no page asked for: st.navigation opens the default one


def notes_slot() -> None:
    """Reserve the top of the page for notes about the URL (filled once the page has run)."""
    st.session_state[_NOTES_SLOT] = st.empty()


def url_notes() -> None:
    """Say which URL parameters were ignored (unknown, malformed, or not used on this page).

    Names and values are shown as plain text (st.text): a shared link cannot turn them into links,
    images or formatting."""
    notes = urlstate.take_notes()
    slot = st.session_state.pop(_NOTES_SLOT, None)
    if not notes or slot is None:
        return
    with slot.container(border=True):
        st.markdown(f":material/link: {t('url.ignored')}")
        st.text("\n".join(notes[:10]) + ("\n…" if len(notes) > 10 else ""))


# Narrow screens (a 1024 px laptop, a projector): a card's figure and a row of choices wrap instead of being
# cut with "…" or hidden past the column's edge.
_NARROW_SCREEN_CSS = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"] * {
  white-space: normal !important; text-overflow: clip !important; overflow-wrap: anywhere; }
@media (max-width: 1280px) { [data-testid="stMetricValue"] { font-size: 1.75rem !important; } }
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
</style>"""


def page_style() -> None:
    st.html(_NARROW_SCREEN_CSS)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def plain(text: str) -> str:
    """Text shown literally where Streamlit renders Markdown (no emphasis, link, image, emoji, icon, LaTeX; a
    bracket cannot end a ``:gray[…]`` directive early)."""
    return _MARKDOWN.sub(r"\\\1", text)


def sample_notice(has_sample: bool) -> None:
    """Badge and caption wherever synthetic sample rows are shown."""
    if has_sample:
        st.badge(t("sample.badge"), icon=":material/warning:", color="orange")
        st.caption(t("sample.caption"))


def chart(view: ChartView, *, key: str, on_select: Any = "ignore", width: str = "stretch",
          notice: bool = True) -> Any:
    """A prepared chart with its figures as a plain table underneath (screen readers, copying) and its downloads
    (PNG, SVG, CSV; built on click)."""
    if notice:
        sample_notice(view.sample)
    state = st.vega_lite_chart(_plot_height(view.spec), theme=None, key=key, on_select=on_select, width=width)
    if view.hint:
        st.caption(view.hint)
    with st.expander(t("chart.as_table"), icon=":material/table:"):
        table(view.table)
    chart_downloads.buttons(view, key=key)
    return state


def _plot_height(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its height meaning the plot's, as in the PNG, SVG and PDF made from it.

    Streamlit sizes a chart that names no ``autosize`` to fit its whole height — title, subtitle lines, legend
    and axis labels included — so a chart whose subtitle wrapped to four lines in a narrow column kept a plot a
    few dozen pixels tall, its bars cut at the top and its axis title clipped. Only the width follows the column
    (``fit-x``); a projected map keeps Streamlit's fit (drawn to the space it is given), and a faceted or
    concatenated chart Streamlit's own choice (``fit-x`` breaks nested compositions: Streamlit issue 13410).
    """
    composed = {"facet", "repeat", "concat", "hconcat", "vconcat"} & spec.keys() or {"row", "column", "facet"} & (
        spec.get("encoding") or {}).keys()
    if "autosize" in spec or "projection" in spec or composed:
        return spec
    # a title or subtitle line wider than the column (a half-width chart on a 1024 px screen) would take its width
    # from the plot, down to nothing: the text ends in "…" at the column's edge instead (the exports keep it whole)
    title = {**spec["title"], "limit": {"expr": "max(containerSize()[0] - 8, 0)"}} if "title" in spec else None
    return {**spec, "autosize": {"type": "fit-x", "contains": "padding"}, **({"title": title} if title else {})}


def table_view(view: TableView, *, key: str) -> None:
    """A table on its own (a programme page's table tab): what it shows, the table, its CSV."""
    sample_notice(view.sample)
    st.caption("  \n".join(view.caption))
    table(view.table)
    chart_downloads.buttons(view, key=key, images=False)


def table(frame: pl.DataFrame) -> None:
    """A display frame (text cells) as a plain HTML table when small, else a scrolling grid."""
    if frame.height <= 120:
        st.table(frame, hide_index=True)  # saying so spares Streamlit a pandas copy to find out, every rerun
    else:
        grid(frame)


def grid(frame: pl.DataFrame, **kwargs: Any) -> Any:
    """``st.dataframe`` of a Polars frame, handed over as its Arrow table (no index to hide).

    Given a Polars frame, st.dataframe converts it to pandas and back to Arrow on every rerun: 2.7 ms for
    150 rows × 12 columns where the Arrow table costs 0.3 ms (measured 2026-12-07, docs/performance.md).
    """
    kwargs.setdefault("width", "stretch")
    return st.dataframe(frame.to_arrow(), **kwargs)


def fragment(body: Callable[..., None]) -> Callable[..., None]:
    """st.fragment that fails as a whole page does (run_page): queries meeting a damaged version rerun the app on
    an intact one, and any other error is the page's message with the traceback in the log. Streamlit draws its
    own error box inside a fragment otherwise: the first reader of a damaged version saw one."""
    @functools.wraps(body)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            with data.rerun_if_damaged():
                body(*args, **kwargs)
        except PageDone:
            pass  # stop_page() within a part of the page: that part has drawn all it has to show
        except Exception:
            log.exception("part of a page failed")
            st.error(t("error.page"), icon=":material/warning:")

    return st.fragment(guarded)


@fragment
def paged_table(frame: pl.DataFrame, *, page_rows: int, key: str) -> None:
    """A long table a page at a time; turning pages reruns only this part of the page."""
    pages = max(1, -(-frame.height // page_rows))
    number = 1
    if pages > 1:
        number = int(st.number_input(t("explorer.page").format(pages=pages), 1, pages, 1, key=f"{key}_page"))
    # a fixed height keeps the page from jumping while paging; a few rows keep their own height (no empty grid)
    grid(frame.slice((number - 1) * page_rows, page_rows), height=420 if frame.height > 10 else "auto",
         key=f"{key}_table")


def empty(message_key: str = "empty.selection") -> None:
    st.info(t(message_key), icon=":material/search_off:")


def footer(version: Version) -> None:
    st.sidebar.divider()
    st.sidebar.caption(f"{t('footer.version')}: `{version.id}`  \n{t('footer.built')}: {japan_time(version.built_at)}")


class PageDone(Exception):
    """A page has drawn all it has to show (e.g. an empty selection)."""


_ROUTED = contextvars.ContextVar("ipdash_routed", default=False)


def stop_page() -> NoReturn:
    """End the page here. Not st.stop() under the router: once a run is stopped Streamlit refuses every
    further message, so app.py could no longer put the URL notes on the page or the filters in the URL."""
    if not _ROUTED.get():
        st.stop()  # a page file run on its own (tests of one page)
    raise PageDone


def run_page(page: Any) -> None:
    """Run the chosen page; an unexpected error becomes a helpful message, the traceback goes to the log."""
    token = _ROUTED.set(True)
    try:
        with data.rerun_if_damaged():
            page.run()
    except PageDone:
        pass
    except Exception:
        log.exception("page failed")
        st.error(t("error.page"), icon=":material/warning:")
    finally:
        _ROUTED.reset(token)
