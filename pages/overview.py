"""Overview (概要): the central KPIs of a plan at a glance."""

import streamlit as st

from ui import data, layout, tables
from ui.i18n import t

version = data.version()
st.title(t("app.title"))
st.caption(t("app.subtitle"))

plan = st.selectbox(
    t("col.plan"), options=["2nd", "3rd", "1st"], key="overview_plan", format_func=lambda p: t(f"plan.{p}")
)
results = data.central_kpis(version.name, plan)

st.subheader(t("overview.central_title"))
layout.sample_notice(bool(results["is_sample"].any()) if results.height else False)
if results.is_empty():
    st.info("—")
else:
    st.dataframe(tables.kpi_table(results), hide_index=True, width="stretch")
st.caption(t("overview.central_caption"))
