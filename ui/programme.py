"""Sections shared by the programme pages (subsidies, accelerated examination, PCT): draw prepared views."""

from __future__ import annotations

import streamlit as st

from reports import programme
from reports.rates import per_options
from reports.regions import MAP_SELECTION
from ui import data, filters, layout, urlstate
from ui.i18n import lang, t


def national_vs_target(kpi_id: str, *, key: str, half_width: bool = False) -> None:
    """The plan's KPI nationally: actual per year against its target, with status."""
    view = data.prepared(programme.national_vs_target, kpi_id=kpi_id, lang=lang(), half_width=half_width)
    if view is None:
        layout.empty()
    else:
        layout.chart(view, key=key)


TABS = ("chart", "map", "table")
_DRILLED = "_programme_drilled"


@layout.fragment
def by_region(measures: list[str], *, key: str) -> None:
    """A count or rate per block (or per prefecture of the chosen blocks) as a chart, a map or a table, chosen in
    the URL (?tab=, ?per=) like OWID's Grapher; choosing redraws only this part (and keeps the URL in step)."""
    if st.session_state.pop(_DRILLED, False):
        st.rerun(scope="app")  # a click on the map changed the shared filters: the whole page follows
    chosen = filters.current()
    pers = data.prepared(per_options, lang=lang())
    left, right = st.columns([2, 3])  # the rate choices are the longer row: one line from 1280 px
    tab = filters.page_choice("tab", t("tab.label"), list(TABS), "chart", format_func=lambda v: t(f"tab.{v}"),
                              horizontal=True, where=left, after_change=urlstate.write_url)
    per = filters.page_choice("per", t("per.label"), list(pers), "count", format_func=pers.__getitem__,
                              horizontal=True, where=right, after_change=urlstate.write_url)
    measure = measures[0]
    if len(measures) > 1:
        measure = filters.page_choice("measure", t("regions.measure"), measures, measures[0],
                                      format_func=lambda m: t(f"measure.{m}"), horizontal=True,
                                      after_change=urlstate.write_url)
    arguments = dict(measure=measure, blocks=chosen.blocks, prefectures=chosen.prefectures, fy_from=chosen.fy_from,
                     fy_to=chosen.fy_to, lang=lang(), per=per)
    if tab == "table":
        table = data.prepared(programme.region_table, **arguments)
        if table is None:
            layout.empty()
        else:
            layout.table_view(table, key=f"{key}_table")
        return
    view = data.prepared(programme.region_map if tab == "map" else programme.by_region, **arguments)
    if view is None:
        layout.empty()
    elif tab == "map":
        map_key = f"{key}_map"

        def picked() -> None:
            selection = st.session_state[map_key]["selection"][MAP_SELECTION]
            if selection:
                filters.drill_down(selection[0]["prefecture_code"])
                st.session_state[_DRILLED] = True

        layout.chart(view, key=map_key, on_select=picked)
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
        layout.grid(table, column_config={t("sources.link"): st.column_config.LinkColumn()})
