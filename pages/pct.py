"""PCT: national filings (two different measures, kept apart), SME PCT against the 5,000 target, by region."""

import streamlit as st

from ui import layout, programme
from ui.i18n import t

layout.require_router()

st.title(t("page.pct"))
st.caption(t("pct.intro"))
st.subheader(t("pct.national_title"))
st.caption(t("pct.national_unfiltered"))  # 2013–2023 beside a sidebar saying 2020–2022 must not look like a bug
for column, measure in zip(st.columns(2), ["pct_jpo_receiving_office", "pct_wipo_japan_origin"], strict=True):
    with column:
        programme.national_statistic("pct_applications", measure, key=f"pct_{measure}")
st.subheader(t("pct.sme_title"))
st.caption(t("programme.national_unfiltered"))
programme.national_vs_target("P2_OUT_SME_PCT", key="pct_sme")
st.subheader(t("programme.regions_title"))
programme.by_region(["sme_pct_filings"], key="pct_regions")
st.subheader(t("programme.published_title"))
programme.published_table("pct_applications")
