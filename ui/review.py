"""Streamlit glue of the half-year review page: block and half pickers, the login box, one card per KPI
(figures, projection, chart, the block's entry, the editor form, history) and the meeting-pack buttons.
The shaping is reports.review, the rules warehouse.reviews / warehouse.accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st

from reports import review
from reports.views import japan_time
from ui import auth, data, filters, layout
from ui.i18n import lang, t
from warehouse import accounts, queries
from warehouse.accounts import Account
from warehouse.reviews import Entry, EntryKey, EntryText, ReviewRefused

_BLOCK_KEY = "p_review_block"
_FLASH_KEY = "review_flash"


def plain(text: str) -> str:
    """User text shown as written (layout.plain), its line breaks kept."""
    return layout.plain(text).replace("\n", "  \n")


def plan() -> dict[str, Any]:
    return review.current_plan(data.fetch(queries.plans), dt.date.today())


def choose_block() -> str | None:
    """One block: the sidebar's block filter when it names exactly one (so ?block=kyushu works), else a pick.

    The picker is a view of that filter (keyed by language, like every widget: see ui.filters)."""
    chosen = filters.current().blocks
    widget_key = f"{_BLOCK_KEY}_{lang()}"
    st.session_state[widget_key] = filters.BLOCK_ID[chosen[0]] if len(chosen) == 1 else None

    def changed() -> None:
        picked = st.session_state.get(widget_key)
        st.session_state[filters.BLOCK_PARAM.key] = [picked] if picked else []

    names = {b: filters.block_label(n, lang()) for b, n in filters.BLOCKS.items()}
    value = st.selectbox(t("review.block"), list(filters.BLOCKS), key=widget_key, on_change=changed,
                         format_func=names.__getitem__, placeholder=t("review.block_pick"))
    return filters.BLOCKS[value] if value else None


def choose_half(halves: list[tuple[int, str]]) -> tuple[int, str]:
    """The half under review, in the URL as ?half=2023-H1 (default: the latest reported)."""
    options = [f"{y}-{h}" for y, h in halves]
    value = filters.page_choice("half", t("review.half"), options, options[-1],
                                format_func=lambda o: review.half_label(int(o[:4]), o[5:], lang()))
    return int(value[:4]), value[5:]


def login_box(block: str) -> Account | None:
    account = auth.current()
    if account is not None:
        auth.signed_in(account, key="review")
        if not accounts.may_write(account, block):
            st.caption(t("review.read_only"))
        return account
    reg = auth.registry()
    if not any(a.role in ("editor", "admin") for a in reg.accounts.values()) and not auth.sso_configured():
        st.caption(t("auth.no_accounts"))
        return None
    with st.expander(t("auth.login_title"), icon=":material/login:"):
        auth.login_form("review")
    st.caption(t("review.read_only"))
    return None


def counts(board: pl.DataFrame) -> None:
    items = review.status_counts(board, lang())
    cols = st.columns(max(len(items), 1))
    for col, (_status, label, n) in zip(cols, items, strict=False):
        col.metric(label, n)


def _chart(row: Mapping[str, Any], plan_row: Mapping[str, Any], block: str, as_of: tuple[int, str]) -> None:
    view = data.prepared(review.kpi_chart, plan=str(plan_row["plan"]), block=block, kpi_id=row["kpi_id"],
                         year=as_of[0], half=as_of[1], lang=lang())
    layout.chart(view, key=f"review_chart_{row['kpi_id']}", notice=False)
    st.caption(t("review.chart_note"))


def _entry_view(row: Mapping[str, Any]) -> None:
    if not row["revision"]:
        st.caption(t("review.entry_none"))
        return
    st.caption(t("review.entry_by").format(revision=row["revision"], state=row["state_label"], author=row["author"],
                                           at=row["written_at"]))
    for field in ("assessment", "cause", "countermeasure", "owner", "next_review"):
        if row[field]:
            st.markdown(f"**{t('review.' + field)}**: {plain(str(row[field]))}")


def _form(row: Mapping[str, Any], key: EntryKey, account: Account, version_id: str) -> None:
    prefix = f"rv_{key.kpi_id}_{key.fiscal_year}_{key.half}"
    base_key = f"{prefix}_base"
    st.session_state.setdefault(base_key, row["revision"])  # the revision this form started from
    with st.form(f"{prefix}_form"):
        assessment = st.text_area(t("review.assessment"), value=row["assessment"], key=f"{prefix}_assessment")
        cause = st.text_area(t("review.cause"), value=row["cause"], key=f"{prefix}_cause")
        measure = st.text_area(t("review.countermeasure"), value=row["countermeasure"], key=f"{prefix}_countermeasure")
        cols = st.columns(2)
        owner = cols[0].text_input(t("review.owner"), value=row["owner"], key=f"{prefix}_owner")
        initial = dt.date.fromisoformat(row["next_review"]) if row["next_review"] else None
        next_review = cols[1].date_input(t("review.next_review"), value=initial, key=f"{prefix}_next")
        buttons = st.columns([1, 1, 4])
        draft = buttons[0].form_submit_button(t("review.save_draft"), icon=":material/save:")
        submit = buttons[1].form_submit_button(t("review.submit"), type="primary", icon=":material/send:")
    if not (draft or submit):
        return
    text = EntryText(assessment=assessment, cause=cause, countermeasure=measure, owner=owner,
                     next_review=next_review.isoformat() if isinstance(next_review, dt.date) else None,
                     state="submitted" if submit else "draft")
    try:
        result = data.review_store().save(key, text, base_revision=st.session_state[base_key], actor=account,
                                          status=row["status"], warehouse_version=version_id, client=auth.client_id())
    except ReviewRefused as refused:
        st.error(t("review.refused").format(reasons=", ".join(t(f"review.reason.{r}") for r in refused.reasons)),
                 icon=":material/error:")
        return
    except PermissionError:
        st.error(t("review.denied"), icon=":material/block:")
        return
    if result.conflict:
        theirs = result.current
        st.session_state[base_key] = theirs.revision if theirs else 0  # the next save is a conscious overwrite
        st.session_state[_FLASH_KEY] = (key.kpi_id, "conflict", theirs, text)
    else:
        st.session_state[base_key] = result.saved.revision  # type: ignore[union-attr]
        st.session_state[_FLASH_KEY] = (key.kpi_id, "saved", result.saved, text)
    st.rerun()


def _flash(kpi_id: str) -> None:
    flash = st.session_state.get(_FLASH_KEY)
    if not flash or flash[0] != kpi_id:
        return
    st.session_state.pop(_FLASH_KEY)
    _, kind, entry, yours = flash
    if kind == "saved":
        st.success(t("review.saved").format(revision=entry.revision, state=t(f"review.state.{entry.text.state}")),
                   icon=":material/task_alt:")
        return
    st.warning(t("review.conflict").format(author=entry.author, revision=entry.revision,
                                       at=japan_time(entry.written_at)),
               icon=":material/sync_problem:")
    cols = st.columns(2)
    for col, title, text in ((cols[0], t("review.conflict_theirs").format(revision=entry.revision), entry.text),
                             (cols[1], t("review.conflict_yours"), yours)):
        with col.container(border=True):
            st.markdown(f"**{title}**")
            for field in ("assessment", "cause", "countermeasure", "owner"):
                st.markdown(f"*{t('review.' + field)}*: {plain(getattr(text, field))}")


def kpi_card(row: Mapping[str, Any], kpis: pl.DataFrame, entries: list[Entry], account: Account | None, *,
             plan_row: Mapping[str, Any], block: str, year: int, half: str) -> None:
    key = EntryKey(str(plan_row["plan"]), block, row["kpi_id"], year, half)
    with st.container(border=True, key=f"card_{row['kpi_id']}"):
        st.markdown(f"#### {row['status_label']} · {row['kpi_name']}")
        st.caption(f"{row['basis_label']} · {review.figures_text(row, year=year, half=half, lang=lang())}")
        if row["needs_explanation"]:
            st.caption(t("review.needs"))
        st.info(row["proj_text"], icon=":material/trending_up:")
        _flash(row["kpi_id"])
        _chart(row, plan_row, block, (year, half))
        _entry_view(row)
        if account is not None and accounts.may_write(account, block):
            with st.expander(t("review.edit"), icon=":material/edit:", expanded=bool(row["needs_explanation"])):
                _form(row, key, account, data.version().id)
        history = [e for e in entries if e.key == key]
        if history:
            with st.expander(t("review.history").format(n=len(history)), icon=":material/history:"):
                layout.grid(review.history_table(history, lang()))


def prefectures(plan: str, block: str, year: int, half: str) -> None:
    st.subheader(t("review.prefectures").format(half=review.half_label(year, half, lang())))
    table = data.prepared(review.block_prefectures, plan=plan, block=block, year=year, half=half, lang=lang())
    if table.is_empty():
        layout.empty()
    else:  # thousands separated (in the browser's locale), the achievement to one decimal; the indicator's long
        # name is cut (shown whole on hover) so the figures fit a 1024 px window without a sideways scroll
        numbers = {t("col.kpi"): st.column_config.TextColumn(width="medium"),
                   t("col.target"): st.column_config.NumberColumn(format="localized"),
                   t("col.actual_to_date"): st.column_config.NumberColumn(format="localized"),
                   t("col.achievement_short") + " (%)": st.column_config.NumberColumn(format="%.1f")}
        layout.grid(table, column_config=numbers)

