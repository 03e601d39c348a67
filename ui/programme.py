"""Sections shared by the programme pages (subsidies, accelerated examination, PCT)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from reports import charts
from ui import data, filters, frames, layout, tables
from ui.i18n import UNITS_EN, lang, t, unit


def national_vs_target(kpi_id: str, *, key: str) -> None:
    """The plan's KPI nationally: actual per year against its target, with status."""
    series = data.fetch("kpi_series", kpi_id=kpi_id)
    if series.is_empty():
        layout.empty()
        return
    first = series.row(0, named=True)
    name = first["kpi_name_en" if lang() == "en" else "kpi_name_ja"]
    unit = first["unit_en" if lang() == "en" else "unit"]
    yearly = frames.yearly(series)
    plans = data.fetch("plans").with_columns(
        label=frames.labelled("plan", "plan."))
    chart = charts.actual_vs_target(
        yearly, x_title=t("year." + first["year_type"]), y_title=f"{t('col.actual')} ({unit})",
        actual_label=t("col.actual"), target_label=t("col.target"), plans=plans)
    source = t("chart.source") + " " + " / ".join(sorted(set(series["source"].drop_nulls())))
    layout.chart(charts.finish(chart, title=name, subtitle=[source, t("kpi.chart_note")]),
                 tables.kpi_table(yearly), key=key)
    layout.sample_notice(layout.has_sample(series))


def by_region(measures: list[str], *, key: str) -> None:
    """A count measure per block (or per prefecture of the chosen blocks) for the chosen years."""
    chosen = filters.current()
    measure = measures[0]
    if len(measures) > 1:
        measure = st.segmented_control(t("regions.measure"), measures, default=measures[0], key=f"{key}_measure",
                                       format_func={m: t(f"measure.{m}") for m in measures}.__getitem__,
                                       required=True)
    level = "prefecture" if chosen.blocks else "block"
    values = data.fetch("region_values", measure=measure, geography_level=level, year_from=chosen.fy_from,
                        year_to=chosen.fy_to, blocks=chosen.block_filter)
    if chosen.prefectures:
        values = values.filter(pl.col("prefecture_code").is_in(chosen.prefectures))
    if values.is_empty():
        layout.empty()
        return
    labels = filters.prefecture_label(data.fetch("prefectures"))
    lines = values.select(
        series=(pl.col("prefecture_code").replace_strict(labels, default=None) if level == "prefecture"
                else frames.block_name()),
        year="year", value="value", value_text=pl.col("value").cast(pl.Int64).cast(pl.String),
        year_label=frames.year_text("year"),
        is_sample="is_sample", source="source")
    unit_text = unit(values["unit"][0])
    title = t("programme.by_region").format(measure=t(f"measure.{measure}"),
                                            level=t(f"geo.{level}"))
    order = (list(dict.fromkeys(lines.sort("year")["series"])) if level == "prefecture"
             else [filters.block_label(b) for b in filters.BLOCKS.values()])
    chart = charts.lines(lines, x_title=t("year." + values["year_type"][0]),
                         y_title=f"{t('measure.' + measure)} ({unit_text})", series_title=t("geo.region"), order=order)
    source = t("chart.source") + " " + " / ".join(sorted(set(values["source"].drop_nulls())))
    layout.sample_notice(layout.has_sample(values))
    layout.chart(charts.finish(chart, title=title, subtitle=[source]), lines, key=f"{key}_chart")


def published_table(dataset: str, measures: list[str] | None = None) -> None:
    """The published national figures of a dataset, exactly as bundled (with year type and source)."""
    rows = data.fetch("national_statistics", dataset=dataset)
    if measures is not None:
        rows = rows.filter(pl.col("measure").is_in(measures))
    if rows.is_empty():
        layout.empty()
        return
    en = lang() == "en"
    st.dataframe(rows.select(
        pl.col("indicator_en" if en else "indicator_ja").alias(t("col.kpi")),
        frames.year_text("year").alias(t("col.year")),
        pl.col("value").alias(t("col.actual")), pl.col("value_text").fill_null("").alias(t("col.as_published")),
        pl.col("unit").replace_strict(UNITS_EN, default=pl.col("unit")).alias(t("col.unit")) if lang() == "en"
        else pl.col("unit").alias(t("col.unit")),
        pl.col("target_text").fill_null("").alias(t("col.target")),
        pl.col("source").alias(t("col.source")), pl.col("source_url").alias("URL"),
        pl.col("note").alias(t("col.note")),
    ), hide_index=True, width="stretch", column_config={
        "URL": st.column_config.LinkColumn(), t("col.actual"): st.column_config.NumberColumn(format="localized")})
