"""データの読み込み Load data (admin): templates, upload, validation report, confirm, versioned load."""

import streamlit as st

from ui import admin, layout, load_view, loading
from ui.i18n import t

layout.require_router()

st.title(t("page.load_data"))
st.caption(t("load.intro"))
loading.last_result()
if admin.unlocked():
    uploaded = loading.upload()
    if uploaded is not None:
        report, data = uploaded
        load_view.report_view(report)
        loading.confirm_and_load(report, data)
    loading.history()
loading.templates_section()
