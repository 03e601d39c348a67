"""KPI詳細 KPI detail: one indicator over every fiscal year and plan — actual vs target, printed vs recomputed."""

import streamlit as st

from reports.kpi_detail import kpi_choices, kpi_detail, kpi_plans
from ui import data, filters, layout
from ui.i18n import lang, t

layout.require_router()

chosen = filters.current()
st.title(t("page.kpi"))
choices = data.prepared(kpi_choices, lang=lang(), plan=chosen.plan)
first_of_plan = next(iter(choices))
# a plan chosen in the sidebar since the KPI was picked, and the KPI not one of that plan's: show the plan's first
# (the old KPI had no figure in the new plan's years, and the page said only "no data")
planned = data.prepared(kpi_plans)
if st.session_state.get("_kpi_plan", chosen.plan) != chosen.plan and planned.get(
        st.session_state.get(filters.page_key("kpi"), "")) not in (chosen.plan, "all", None):
    st.session_state[filters.page_key("kpi")] = first_of_plan
st.session_state["_kpi_plan"] = chosen.plan
kpi_id = filters.page_choice("kpi", t("filter.kpi"), list(choices), first_of_plan, format_func=choices.__getitem__)
model = data.prepared(kpi_detail, kpi_id=kpi_id, blocks=chosen.blocks, prefectures=chosen.prefectures,
                      fy_from=chosen.fy_from, fy_to=chosen.fy_to, lang=lang())

st.markdown(f"**{model.name}**  \n{model.definition}")
st.caption(model.facts)
if model.level == "national" and (chosen.blocks or chosen.prefectures):
    st.caption(t("kpi.national_only"))
if model.qualitative:
    st.info(t("kpi.qualitative"), icon=":material/edit_note:")
if model.trend is None:  # no figure yet: say so, and still show what the plan sets (baseline, target)
    if model.table.is_empty():
        layout.empty("empty.kpi")
        layout.stop_page()
    layout.empty("empty.kpi_no_figures")  # rows with targets but no result: not a filter that found nothing
else:
    layout.chart(model.trend, key="kpi_trend")
if model.halves is not None:
    st.subheader(t("kpi.halves_title"))
    layout.chart(model.halves, key="kpi_halves", notice=False)
st.subheader(t("kpi.table_title"))
layout.grid(model.table)
