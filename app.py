"""Chizai KPI dashboard: router only (page list, language, shared sidebar filters). No data code."""

import streamlit as st

from ui import data, filters, layout, urlstate, warehouse_notice
from ui.i18n import t

layout.freeze_startup_heap()
layout.page_style()
urlstate.begin()
layout.language_selector()
version = data.pin_version()

PAGES = {
    t("nav.executive"): [
        st.Page("pages/overview.py", title=t("page.overview"),
                icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("pages/kpi_detail.py", title=t("page.kpi"), icon=":material/monitoring:", url_path="kpi_detail"),
    ],
    t("nav.regions"): [
        st.Page("pages/regions.py", title=t("page.regions"), icon=":material/map:", url_path="regions"),
        st.Page("pages/review.py", title=t("page.review"), icon=":material/fact_check:", url_path="review"),
    ],
    t("nav.programmes"): [
        st.Page("pages/subsidies.py", title=t("page.subsidies"), icon=":material/public:", url_path="subsidies"),
        st.Page("pages/accelerated.py", title=t("page.accelerated"),
                icon=":material/fast_forward:", url_path="accelerated"),
        st.Page("pages/pct.py", title=t("page.pct"), icon=":material/send:", url_path="pct"),
    ],
    t("nav.data"): [
        st.Page("pages/explorer.py", title=t("page.explorer"), icon=":material/search:", url_path="explorer"),
        st.Page("pages/load_data.py", title=t("page.load_data"), icon=":material/upload:", url_path="load_data"),
        st.Page("pages/sources.py", title=t("page.sources"), icon=":material/menu_book:", url_path="sources"),
    ],
}
layout.page_not_found_note([page.url_path for pages in PAGES.values() for page in pages])
navigation = st.navigation(PAGES)
# each tab and history entry named by its page (set once the page is known; Streamlit 1.67 allows it here)
st.set_page_config(page_title=f"{navigation.title} · {t('app.short_title')}", page_icon=":material/dashboard:",
                   layout="wide")

if version is None:
    st.title(t("app.title"))
    warehouse_notice.no_warehouse()
    st.stop()

layout.notes_slot()
with data.rerun_if_damaged():
    st.session_state["filters"] = filters.sidebar(current_plan_only=navigation.url_path == "review")
try:
    layout.run_page(navigation)
finally:  # also after layout.stop_page(): the URL keeps the filters (pages never call st.stop)
    # the data version last in the sidebar, below a page's own controls there (the regions page's highlight)
    layout.footer(version)
    warehouse_notice.sidebar()
    urlstate.finish()
    layout.url_notes()
    urlstate.write_url()
