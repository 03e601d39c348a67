"""Sections shared by the programme pages (subsidies, accelerated examination, PCT): draw prepared views."""

from __future__ import annotations

import streamlit as st

from reports import programme
from ui import data, filters, layout, urlstate
from ui.i18n import lang, t


def national_vs_target(kpi_id: str, *, key: str) -> None:
    """The plan's KPI nationally: actual per year against its target, with status."""
    view = data.prepared(programme.national_vs_target, kpi_id=kpi_id, lang=lang())
    if view is None:
        layout.empty()
    else:
        layout.chart(view, key=key)


@st.fragment
def by_region(measures: list[str], *, key: str) -> None:
    """A count per block (or per prefecture of the chosen blocks); choosing the measure redraws only this."""
    chosen = filters.current()
    measure = measures[0]
    if len(measures) > 1:
        measure = filters.page_choice("measure", t("regions.measure"), measures, measures[0],
                                      format_func=lambda m: t(f"measure.{m}"), horizontal=True,
                                      after_change=urlstate.write_url)
    view = data.prepared(programme.by_region, measure=measure, blocks=chosen.blocks, prefectures=chosen.prefectures,
                         fy_from=chosen.fy_from, fy_to=chosen.fy_to, lang=lang())
    if view is None:
        layout.empty()
    else:
        layout.chart(view, key=f"{key}_chart")


def national_statistic(dataset: str, measure: str, *, key: str) -> None:
    view = data.prepared(programme.national_statistic, dataset=dataset, measure=measure, lang=lang())
    if view is None:
        layout.empty()
    else:
        layout.chart(view, key=key, notice=False)


def published_table(dataset: str) -> None:
    """The published national figures of a dataset, exactly as bundled (with year type and source)."""
    table = data.prepared(programme.published_table, dataset=dataset, lang=lang())
    if table.is_empty():
        layout.empty()
    else:
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={t("sources.link"): st.column_config.LinkColumn()})
