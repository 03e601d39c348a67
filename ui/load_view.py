"""The validation report on the Load data page: counts, rows to add and replace, problems, warnings, preview.

Rule messages are shown in the user's language (etl.cells.messages); names from the file are shown as
text, never as Markdown.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from etl.cells import messages
from etl.cells.problems import Problem
from etl.loads import impact
from etl.uploads.report import PROBLEM_COLUMN, PROBLEM_JA_COLUMN, ROW_COLUMN, STATUS_COLUMN, Report
from ui import i18n, layout
from ui.i18n import lang, t
from warehouse.connection import current_version, home


def literal(name: str) -> str:
    """A user's file or sheet name as a code span: Markdown, links (even bare URLs, which escaping does not
    stop) and HTML are not interpreted inside one; the fence is longer than any backtick run in the name."""
    fence = "`" * (max((len(run) for run in re.findall("`+", name)), default=0) + 1)
    return f"{fence} {name.replace(chr(10), ' ')} {fence}"


def impact_of(report: Report) -> impact.Impact | None:
    """Rows to add and replace, counted once per file and serving version (another admin may load meanwhile)."""
    try:
        version = current_version(home()).id
    except Exception:  # noqa: BLE001 - no readable version: impact.measure says so (None)
        version = ""
    key = f"{report.sha256}/{report.dataset}/{version}"
    cache: dict[str, impact.Impact | None] = st.session_state.setdefault("load_impact", {})
    if key not in cache:
        cache.clear()
        cache[key] = impact.measure(report, home())
    return cache[key]


def needs_sheet(report: Report) -> bool:
    return bool(report.sheet_choices) and report.sheet is None


def _source(report: Report) -> str:
    if report.format == "xlsx":
        return t("load.source_xlsx").format(sheet=literal(report.sheet or "—"))
    if report.format:
        return t("load.source_csv").format(encoding=report.encoding)
    return t("load.source_unreadable")


def report_view(report: Report) -> None:
    """What is in the file, before anything is written: counts, problems, warnings, highlighted preview."""
    if needs_sheet(report):
        st.info(t("load.choose_sheet").format(names=", ".join(map(literal, report.sheet_choices))),
                icon=":material/tab:")
        return
    if report.accepted:
        st.success(t("load.valid").format(file=literal(report.file_name), rows=report.rows_valid),
                   icon=":material/check_circle:")
    else:
        st.error(t("load.invalid").format(file=literal(report.file_name), problems=report.problem_count,
                                          rows=report.rows_with_problems),
                 icon=":material/error:")
    st.caption(f"{_source(report)} · {t('load.header_rows')}: {', '.join(map(str, report.header_rows)) or '—'}"
               f" · sha256 {report.sha256[:12]}…")
    cols = st.columns(5)
    cols[0].metric(t("load.rows_in_file"), f"{report.rows_in_file:,}")
    cols[1].metric(t("load.rows_valid"), f"{report.rows_valid:,}")
    cols[2].metric(t("load.rows_skipped"), f"{sum(report.skipped.values()):,}",
                   help=", ".join(f"{_skip(k)} {v}" for k, v in sorted(report.skipped.items())) or None)
    cols[3].metric(t("load.problems"), f"{report.problem_count:,}")
    cols[4].metric(t("load.warnings"), f"{report.warning_count:,}")
    if report.accepted:
        _impact_view(impact_of(report))
    if report.problems:
        st.subheader(t("load.problems"))
        layout.grid(problems_table(report.problems), key="load_problems")
    if report.warnings:
        with st.expander(t("load.warnings") + f" ({report.warning_count:,})", expanded=report.accepted):
            layout.grid(problems_table(report.warnings), key="load_warnings")
    if report.preview is not None and report.preview.height:
        st.subheader(t("load.preview"))
        st.caption(t("load.preview_note"))
        st.dataframe(_highlighted(report.preview), hide_index=True, width="stretch", key="load_preview")


def _impact_view(counted: impact.Impact | None) -> None:
    st.markdown(f"**{t('load.impact')}**")
    if counted is None:
        st.caption(t("load.impact_unknown"))
        return
    cols = st.columns(3)
    cols[0].metric(t("load.added"), f"{counted.added:,}")
    cols[1].metric(t("load.replaced_sample"), f"{counted.sample:,}")
    cols[2].metric(t("load.replaced_real"), f"{counted.real:,}")


def _skip(reason: str) -> str:
    return t(f"load.skip.{reason}") if f"load.skip.{reason}" in i18n.LABELS else reason


def _status(value: str) -> str:
    kind, _, reason = value.partition(": ")
    label = t(f"load.status.{kind}") if f"load.status.{kind}" in i18n.LABELS else kind
    return f"{label}: {_skip(reason)}" if reason else label


def problems_table(items: list[Problem]) -> pl.DataFrame:
    """Problems with the rule's message in the user's language; blanks (not 'None') where a problem has no row."""
    language = lang()
    return pl.DataFrame([{t("load.col_row"): "" if p.row is None else str(p.row), t("load.col_column"): p.column or "",
                          t("load.col_value"): p.value or "", t("load.col_rule"): p.rule,
                          t("load.col_message"): messages.text(p, language)} for p in items],
                        schema={t(k): pl.String for k in ("load.col_row", "load.col_column", "load.col_value",
                                                          "load.col_rule", "load.col_message")})


def _highlighted(preview: pl.DataFrame) -> Any:
    """Rows with problems in red, skipped rows greyed (pandas Styler: st.dataframe keeps the colours);
    the fixed columns named and filled in the user's language."""
    mine, other = (PROBLEM_JA_COLUMN, PROBLEM_COLUMN) if lang() == "ja" else (PROBLEM_COLUMN, PROBLEM_JA_COLUMN)
    statuses = {s: _status(s) for s in preview[STATUS_COLUMN].unique().to_list()}
    frame = preview.drop(other).with_columns(pl.col(STATUS_COLUMN).replace(statuses))
    names = {ROW_COLUMN: t("load.col_row"), STATUS_COLUMN: t("load.col_status"), mine: t("load.problems")}
    names = {k: v for k, v in names.items() if v not in frame.columns}  # a column of the file with that name wins
    frame = frame.rename(names)
    kinds = preview[STATUS_COLUMN].to_list()

    def colour(row: pd.Series) -> list[str]:
        kind = kinds[row.name]  # type: ignore[index]
        style = "background-color: #fde2e1" if kind == "error" else "color: #888" if kind.startswith("skip") else ""
        return [style] * len(row)

    problems = names.get(mine, mine)
    return frame.to_pandas().style.apply(colour, axis=1).set_properties(subset=[problems], **{"color": "#b3261e"})
