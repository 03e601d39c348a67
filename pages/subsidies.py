"""外国出願補助金: new adoptions per fiscal year against the plan's target, by block and prefecture."""

import streamlit as st

from ui import layout, programme
from ui.i18n import t

layout.require_router()

st.title(t("page.subsidies"))
st.caption(t("subsidies.intro"))
st.subheader(t("programme.national_title"))
st.caption(t("programme.national_unfiltered"))  # 515 under a sidebar saying 九州 must not read as Kyushu's
programme.national_vs_target("P2_SUBSIDY", key="subsidy_kpi")
st.subheader(t("programme.regions_title"))
programme.by_region(["subsidy_new_adoptions"], key="subsidy_regions")
st.subheader(t("programme.published_title"))
programme.published_table("subsidies")
