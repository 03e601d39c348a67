"""Data explorer: pick a public view, filter it, see it, and download exactly what is shown."""

import streamlit as st

from ui import data, downloads, filters, layout
from ui.i18n import t

layout.require_router()

chosen = filters.current()
st.title(t("page.explorer"))
st.caption(t("explorer.intro"))
view = filters.page_choice("view", t("explorer.view"), list(data.EXPLORER_VIEWS), "kpi_results",
                           format_func=lambda v: f"{v} — {t('view.' + v)}")
rows = data.fetch("explore", view=view, year_from=chosen.fy_from, year_to=chosen.fy_to,
                  blocks=chosen.block_filter, prefectures=chosen.prefecture_filter,
                  plan=chosen.plan if view == "kpi_results" else None)
described = chosen.describe(filters.prefecture_label(data.fetch("prefectures")))
if view != "kpi_results":  # the plan filters KPI results only
    described.pop(t("filter.plan"))
st.caption(" · ".join(f"{k}: {v}" for k, v in described.items()))
layout.sample_notice(layout.has_sample(rows))
if rows.is_empty():
    layout.empty()
else:
    st.markdown(t("explorer.count").format(rows=rows.height, columns=rows.width))
    st.dataframe(rows, hide_index=True, width="stretch", height=420, key="explorer_table")
    downloads.buttons(rows, view=view, slug=(chosen.plan + "_" if view == "kpi_results" else "") + chosen.slug(),
                      filters={t("explorer.view"): view, **described}, version=data.version().id, key="explorer")

st.subheader(t("explorer.warehouse_title"))
st.markdown(t("explorer.warehouse_text"))
st.download_button(t("explorer.warehouse_button"), data.version_file, file_name=data.version().name,
                   mime="application/octet-stream", icon=":material/download:", on_click="ignore",
                   key="explorer_duckdb")
with st.expander(t("explorer.views_title"), icon=":material/list:"):
    for name in data.EXPLORER_VIEWS:
        st.markdown(f"- `{name}` — {t('view.' + name)}")
