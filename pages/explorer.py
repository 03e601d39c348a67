"""Data explorer: pick a public view, filter it, see it a page at a time, and download exactly what is selected."""

import streamlit as st

from reports.explorer import PAGE_ROWS, explore_view
from reports.rates import per_options
from ui import data, downloads, filters, layout
from ui.i18n import lang, t
from warehouse.queries import EXPLORER_VIEWS, RATE_VIEWS

layout.require_router()

chosen = filters.current()
st.title(t("page.explorer"))
st.caption(t("explorer.intro"))
pers = data.prepared(per_options, lang=lang())
left, right = st.columns([2, 2])
view = filters.page_choice("view", t("explorer.view"), list(EXPLORER_VIEWS), "kpi_results",
                           format_func=lambda v: f"{v} — {t('view.' + v)}", where=left)
per = filters.page_choice("per", t("per.label"), list(pers), "count", format_func=pers.__getitem__, where=right,
                          horizontal=True)
model = data.prepared(explore_view, view=view, plan=chosen.plan, fy_from=chosen.fy_from, fy_to=chosen.fy_to,
                      blocks=chosen.blocks, prefectures=chosen.prefectures, lang=lang(), per=per)
described = chosen.describe(lang(), model.year_type)
if view != "kpi_results":  # the plan filters KPI results only
    described.pop(t("filter.plan"))
if per != "count" and view in RATE_VIEWS:  # said on the page and in the Excel file's filters sheet
    described[t("per.label")] = pers[per]
st.caption(" · ".join(f"{k}: {v}" for k, v in described.items()))
layout.sample_notice(model.sample)
rate_note = st.container()  # always there: the paged table's fragment keeps its id when the note comes and goes
if model.rate_note:
    rate_note.caption(model.rate_note)
if model.rows.is_empty():
    layout.empty()
else:
    st.markdown(model.count)
    layout.paged_table(model.rows, page_rows=PAGE_ROWS, key=f"explorer_{view}")
    rated = f"_per-{per}" if per != "count" else ""
    slug = (chosen.plan + "_" if view == "kpi_results" else "") + chosen.slug(model.year_type) + rated
    downloads.buttons(model.rows, view=view, slug=slug,
                      filters={t("explorer.view"): view, **described}, version=data.version().id, key="explorer")

st.subheader(t("explorer.warehouse_title"))
st.markdown(t("explorer.warehouse_text"))
st.download_button(t("explorer.warehouse_button"), data.version_file(), file_name=data.version().name,
                   mime="application/octet-stream", icon=":material/download:", on_click="ignore",
                   key="explorer_duckdb")
with st.expander(t("explorer.views_title"), icon=":material/list:"):
    st.markdown("\n".join(f"- `{name}` — {t('view.' + name)}" for name in EXPLORER_VIEWS))
