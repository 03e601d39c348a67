"""KPI詳細 KPI detail: one indicator over every fiscal year and plan — actual vs target, printed vs recomputed."""

import streamlit as st

from reports.kpi_detail import kpi_detail
from ui import data, filters, layout
from ui.i18n import lang, t
from warehouse import queries

layout.require_router()

chosen = filters.current()
st.title(t("page.kpi"))
catalogue = data.fetch(queries.indicators)
names = dict(zip(catalogue["kpi_id"], catalogue["kpi_name_en" if lang() == "en" else "kpi_name_ja"], strict=True))
plan_of = dict(zip(catalogue["kpi_id"], catalogue["plan"], strict=True))
kpi_id = filters.page_choice(
    "kpi", t("filter.kpi"), list(names), "P2_HANDSON",
    format_func=lambda k: f"{names[k]} — {t('plan.' + plan_of[k]) if plan_of[k] != 'all' else t('kpi.regional')}")
model = data.prepared(kpi_detail, kpi_id=kpi_id, blocks=chosen.blocks, prefectures=chosen.prefectures,
                      fy_from=chosen.fy_from, fy_to=chosen.fy_to, lang=lang())

st.markdown(f"**{model.name}**  \n{model.definition}")
st.caption(model.facts)
if model.level == "national" and (chosen.blocks or chosen.prefectures):
    st.caption(t("kpi.national_only"))
if model.qualitative:
    st.info(t("kpi.qualitative"), icon=":material/edit_note:")
if model.trend is None:
    layout.empty("empty.kpi")
    layout.stop_page()
layout.chart(model.trend, key="kpi_trend")
if model.halves is not None:
    st.subheader(t("kpi.halves_title"))
    layout.chart(model.halves, key="kpi_halves", notice=False)
st.subheader(t("kpi.table_title"))
st.dataframe(model.table, hide_index=True, width="stretch")
