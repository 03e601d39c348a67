"""データの読み込み Load data (admin): templates, upload, validation report, confirm, versioned load."""

import streamlit as st

from ui import admin, layout
from ui.i18n import t

layout.require_router()

st.title(t("page.load_data"))
st.caption(t("load.intro"))
admin.last_result()
if admin.unlocked():
    uploaded = admin.upload()
    if uploaded is not None:
        report, data = uploaded
        admin.report_view(report)
        admin.confirm_and_load(report, data)
    admin.history()
admin.templates()
