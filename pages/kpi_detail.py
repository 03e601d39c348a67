"""KPI detail: one indicator over every fiscal year and plan — actual vs target, printed vs recomputed."""

import polars as pl
import streamlit as st

from reports import charts
from ui import data, filters, frames, layout, tables
from ui.i18n import lang, t

layout.require_router()

chosen = filters.current()
st.title(t("page.kpi"))
catalogue = data.fetch("indicators")
name = "kpi_name_en" if lang() == "en" else "kpi_name_ja"
names = dict(zip(catalogue["kpi_id"], catalogue[name], strict=True))
plan_of = dict(zip(catalogue["kpi_id"], catalogue["plan"], strict=True))
kpi_id = filters.page_choice(
    "kpi", t("filter.kpi"), list(names), "P2_HANDSON",
    format_func=lambda k: f"{names[k]} — {t('plan.' + plan_of[k]) if plan_of[k] != 'all' else t('kpi.regional')}")
indicator = catalogue.filter(kpi_id=kpi_id).row(0, named=True)

regional = indicator["kpi_tier"] == "regional" and kpi_id.startswith("R_")
level = "prefecture" if regional and chosen.prefectures else "block" if regional and chosen.blocks else "national"
regional_filter = level != "national"  # central KPIs exist only nationally, whatever regions are chosen
series = data.fetch("kpi_series", kpi_id=kpi_id, geography_level=level,
                    blocks=chosen.block_filter if regional_filter else None,
                    prefectures=chosen.prefecture_filter if regional_filter else None)
series = series.filter(pl.col("fiscal_year").is_between(chosen.fy_from, chosen.fy_to) | (pl.col("plan") == "1st"))

definition = indicator["definition_en" if lang() == "en" else "definition_ja"]
st.markdown(f"**{indicator[name]}**  \n{definition or ''}")
st.caption(" · ".join(filter(None, [
    indicator["indicator_group"], t("basis." + indicator["basis"]), t("year." + indicator["year_type"]),
    f"{t('col.target')}: {indicator['target_text']}" if indicator["target_text"] else None,
    f"{t('kpi.baseline')}: {frames.number_text(indicator['baseline_value'])} ({indicator['baseline_year']})"
    if indicator["baseline_value"] is not None else None,
])))
if not regional_filter and (chosen.blocks or chosen.prefectures):
    st.caption(t("kpi.national_only"))
if indicator["basis"] == "qualitative":
    st.info(t("kpi.qualitative"), icon=":material/edit_note:")
if series.is_empty():
    layout.empty("empty.kpi")
    st.stop()

layout.sample_notice(layout.has_sample(series))
unit = series["unit_en" if lang() == "en" else "unit"][0] or ""
plans = data.fetch("plans").with_columns(label=frames.labelled("plan", "plan."))
source_line = t("chart.source") + " " + " / ".join(sorted(set(series["source"].drop_nulls())))
if level == "national":
    yearly = frames.yearly(series)
    chart = charts.actual_vs_target(
        yearly, x_title=t("year." + indicator["year_type"]), y_title=f"{t('col.actual')} ({unit})",
        actual_label=t("col.actual"), target_label=t("col.target"), plans=plans)
    title = t("kpi.chart_title").format(basis=t("basis." + indicator["basis"]))
    layout.chart(charts.finish(chart, title=title, subtitle=[source_line, t("kpi.chart_note")]),
                 tables.kpi_table(yearly), key="kpi_trend")
else:
    lines = frames.yearly(series).select(
        series=frames.geography_label(), year="fiscal_year", value="achievement_pct",
        value_text=pl.col("achievement_pct").round(1).cast(pl.String))
    chart = charts.lines(lines, x_title=t("year.fiscal"), y_title=t("col.achievement"),
                         series_title=t("geo.region"))
    layout.chart(charts.finish(chart, title=t("kpi.by_region_title"), subtitle=[source_line]), lines,
                 key="kpi_regions")

halves = series.filter(pl.col("period").is_in(["H1", "H2"]))
if not halves.is_empty():
    st.subheader(t("kpi.halves_title"))
    progress = halves.group_by("fiscal_year", "period").agg(
        actual=pl.col("actual_to_date").sum(), target=pl.col("target").sum()).sort("fiscal_year", "period")
    progress = progress.select(
        series=frames.labelled("period", "period."),
        year="fiscal_year", value=(pl.col("actual") / pl.col("target") * 100),
        value_text=(pl.col("actual") / pl.col("target") * 100).round(1).cast(pl.String))
    chart = charts.lines(progress, x_title=t("year.fiscal"), y_title=t("col.achievement"),
                         series_title=t("col.period"))
    layout.chart(charts.finish(chart, title=t("kpi.halves_title"), subtitle=[t("kpi.halves_note"), source_line]),
                 progress, key="kpi_halves")

st.subheader(t("kpi.table_title"))
st.dataframe(tables.kpi_table(series), hide_index=True, width="stretch")
