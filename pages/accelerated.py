"""早期審査: SME accelerated and venture super-accelerated examination requests against targets."""

import streamlit as st

from ui import layout, programme
from ui.i18n import t

layout.require_router()

st.title(t("page.accelerated"))
st.caption(t("accelerated.intro"))
st.subheader(t("programme.national_title"))
st.caption(t("programme.national_unfiltered"))
left, right = st.columns(2)
with left:
    programme.national_vs_target("P2_SME_AE", key="ae_sme", half_width=True)
with right:
    programme.national_vs_target("P2_VENTURE_SAE", key="ae_venture", half_width=True)
st.subheader(t("programme.regions_title"))
programme.by_region(["sme_accelerated_requests", "venture_super_accelerated_requests"], key="ae_regions")
st.subheader(t("programme.published_title"))
programme.published_table("accelerated_examination")
