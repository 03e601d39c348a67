"""PCT: national filings (two different measures, kept apart), SME PCT against the 5,000 target, by region."""

import polars as pl
import streamlit as st

from reports import charts
from ui import data, layout, programme
from ui.i18n import lang, t, unit

layout.require_router()

st.title(t("page.pct"))
st.caption(t("pct.intro"))

st.subheader(t("pct.national_title"))
national = data.fetch("national_statistics", dataset="pct_applications")
columns = st.columns(2)
for column, measure in zip(columns, ["pct_jpo_receiving_office", "pct_wipo_japan_origin"], strict=True):
    rows = national.filter(measure=measure, is_sample=False).filter(pl.col("value").is_not_null())
    with column:
        if rows.is_empty():
            layout.empty()
            continue
        name = rows["indicator_en" if lang() == "en" else "indicator_ja"][0]
        lines = rows.select(series=pl.lit(name), year="year", value="value",
                            value_text=pl.col("value").cast(pl.Int64).cast(pl.String), source="source")
        chart = charts.lines(lines, x_title=t("year.calendar"), y_title=f"{t('col.actual')} ({unit(rows['unit'][0])})",
                             series_title=t("col.kpi"))
        layout.chart(charts.finish(chart, title=name, subtitle=[
            t("chart.source") + " " + " / ".join(sorted(set(rows["source"]))), t(f"pct.{measure}")]),
            lines, key=f"pct_{measure}")

st.subheader(t("pct.sme_title"))
programme.national_vs_target("P2_OUT_SME_PCT", key="pct_sme")
st.subheader(t("programme.regions_title"))
programme.by_region(["sme_pct_filings"], key="pct_regions")
st.subheader(t("programme.published_title"))
programme.published_table("pct_applications")
