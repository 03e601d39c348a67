"""概要 Overview: which KPIs of a plan are on or off track in a year, and how the regions are doing."""

import streamlit as st

from reports.overview import latest_year_with_figures, overview
from ui import data, filters, layout
from ui.i18n import lang, t, year_label

layout.require_router()

chosen = filters.current()
st.title(t("app.title"))
st.caption(t("app.subtitle"))
first, last = filters.PLAN_YEARS[chosen.plan]
years = [str(y) for y in range(first, last + 1)]
# the plan's last reported year, unless the sidebar's range ends earlier; always one of the plan's years
latest = data.prepared(latest_year_with_figures, plan=chosen.plan) or chosen.fy_to
default_year = str(min(max(min(chosen.fy_to, latest), first), last))
year = int(filters.page_choice("year", t("overview.year"), years, default_year, horizontal=True,
                               format_func=lambda y: year_label(int(y), "fiscal")))
model = data.prepared(overview, plan=chosen.plan, year=year, blocks=chosen.blocks, lang=lang())

st.subheader(model.title)
if chosen.prefectures or chosen.blocks:  # a block's staff must not read the national cards as their own
    st.caption(t("overview.national_only_prefectures" if chosen.prefectures else "overview.national_only"))
if model.note:
    st.info(model.note, icon=":material/info:")
columns = st.columns(3)
for index, card in enumerate(model.cards):
    with columns[index % 3].container(border=True):
        # one Markdown element per text block: each element drawn costs a rerun ≈ 0.2 ms (docs/performance.md)
        group = f":gray[:small[{layout.plain(card.group)}]]  \n" if card.group else ""
        st.markdown(f"{group}**{layout.plain(card.name)}**")
        st.metric(card.heading, card.value, delta=card.delta, delta_description=card.delta_label or None)
        st.markdown(f"**{card.status_label}** · {card.target}" + (f" · {card.achievement}" if card.achievement else ""))
        if card.notes:
            st.caption("  \n".join(card.notes))
        if card.trend is not None:
            st.vega_lite_chart(card.trend, theme=None, width="stretch", key=f"trend_{card.kpi_id}")
        st.page_link("pages/kpi_detail.py", label=t("overview.details"), icon=":material/arrow_forward:",
                     query_params={"kpi": card.kpi_id})
st.caption(t("overview.central_caption"))

st.subheader(t("overview.regional_title"))
regional = model.regional
left, right = st.columns([1, 2])
with left:
    st.metric(regional.label, regional.headline or "—")
    st.caption(regional.caption)
with right:
    if regional.blocks is None:
        layout.empty("empty.regional_year")
    else:
        layout.chart(regional.blocks, key="overview_blocks")
