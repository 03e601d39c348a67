"""Chizai KPI dashboard: router only (page list, language, shared sidebar). No data code."""

import streamlit as st

from ui import data, layout
from ui.i18n import t

st.set_page_config(page_title="知財KPI / Chizai KPI", page_icon="📊", layout="wide")
layout.language_selector()
version = data.pin_version()

PAGES = {
    t("nav.executive"): [
        st.Page("pages/overview.py", title=t("page.overview"), icon="📊", url_path="overview", default=True),
    ],
}
navigation = st.navigation(PAGES)

if version is None:
    st.title(t("app.title"))
    st.warning(t("no_warehouse"), icon="🛠️")
    st.stop()

layout.footer(version)
layout.run_page(navigation)
