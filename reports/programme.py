"""Sections of the programme pages (外国出願補助金, 早期審査, PCT): the plan's KPI nationally, a measure by region,
a national statistic over the years, and the published figures as bundled."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from reports import charts
from reports.kpi_detail import missing_years_note, trend_chart
from reports.labels import text, unit
from reports.views import (
    ChartView,
    decimal_text,
    flag_text,
    has_sample,
    integer_text,
    source_column,
    source_line,
    sources_of,
    year_text,
)
from warehouse import queries

Read = Callable[..., pl.DataFrame]


def national_vs_target(read: Read, *, kpi_id: str, lang: str) -> ChartView | None:
    """The plan's KPI nationally: actual per year against its target, with status."""
    series = read(queries.kpi_series, kpi_id=kpi_id)
    if series.is_empty():
        return None
    indicator = read(queries.indicators).filter(pl.col("kpi_id") == kpi_id).row(0, named=True)
    return trend_chart(series, indicator, read(queries.plans), lang,
                       title=indicator["kpi_name_en" if lang == "en" else "kpi_name_ja"])


def by_region(read: Read, *, measure: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
              fy_to: int, lang: str) -> ChartView | None:
    """A count per block (or per prefecture of the chosen blocks) for the chosen years."""
    level = "prefecture" if blocks else "block"
    values = read(queries.region_values, measure=measure, geography_level=level, year_from=fy_from, year_to=fy_to,
                  blocks=blocks or None)
    if prefectures:
        values = values.filter(pl.col("prefecture_code").is_in(prefectures))
    if values.is_empty():
        return None
    prefs = read(queries.prefectures)
    if level == "prefecture":
        series = pl.col("prefecture_name_en" if lang == "en" else "prefecture_name_ja")
        order = values.sort("prefecture_code")["prefecture_name_en" if lang == "en" else "prefecture_name_ja"]
    else:
        names = prefs.unique("block", maintain_order=True)
        series = pl.col("block").replace_strict(dict(zip(names["block"], names["block_en" if lang == "en" else "block"],
                                                          strict=True)))
        order = names["block_en" if lang == "en" else "block"]
    lines = values.select(series=series, year="year", year_label=year_text(lang, "year"), value="value",
                          is_sample="is_sample")
    kind = values["year_type"][0]
    y_title = f"{text('measure.' + measure, lang)} ({unit(values['unit'][0], lang)})"
    chart = charts.lines(lines, x_title=text("year." + kind, lang), y_title=y_title,
                         series_title=text("geo.region", lang), order=list(dict.fromkeys(order.to_list())))
    sources = sources_of(values, lang)
    title = text("programme.by_region", lang).format(measure=text(f"measure.{measure}", lang),
                                                     level=text(f"geo.{level}", lang))
    table = lines.sort("series", "year").select(
        pl.col("series").alias(text("geo.region", lang)), pl.col("year_label").alias(text("col.year", lang)),
        integer_text("value").alias(y_title), flag_text("is_sample", lang).alias(text("col.sample", lang)))
    finished = charts.finish(chart, title=title, subtitle=[source_line(sources, lang)])
    return ChartView(charts.spec(finished), table, sample=has_sample(values), sources=sources)


def national_statistic(read: Read, *, dataset: str, measure: str, lang: str) -> ChartView | None:
    """One published national statistic over the years (e.g. PCT filings at the JPO); gaps stay gaps."""
    rows = read(queries.national_statistics, dataset=dataset).filter(
        pl.col("measure") == measure, ~pl.col("is_sample"), pl.col("value").is_not_null())
    if rows.is_empty():
        return None
    name = rows["indicator_en" if lang == "en" else "indicator_ja"][0]
    kind = rows["year_type"][0]
    lines = rows.select(series=pl.lit(name), year="year", year_label=year_text(lang, "year"), value="value",
                        actual="value", period=pl.lit("FY"))
    y_title = f"{text('col.actual', lang)} ({unit(rows['unit'][0], lang)})"
    chart = charts.lines(lines, x_title=text("year." + kind, lang), y_title=y_title, series_title="", legend=False)
    sources = sources_of(rows, lang)
    subtitle = [source_line(sources, lang), text(f"pct.{measure}", lang), missing_years_note(lines, kind, lang)]
    table = lines.select(pl.col("year_label").alias(text("col.year", lang)), integer_text("value").alias(y_title))
    finished = charts.finish(chart, title=name, subtitle=subtitle, subtitle_width=58)  # drawn half-width
    return ChartView(charts.spec(finished), table, sources=sources)


def units(stored: list[str], lang: str) -> dict[str, str]:
    return {u: unit(u, lang) for u in stored}


def published_table(read: Read, *, dataset: str, lang: str) -> pl.DataFrame:
    """The published national figures of a dataset, exactly as bundled (year type and source kept)."""
    rows = read(queries.national_statistics, dataset=dataset)
    en = lang == "en"
    return rows.select(
        pl.col("indicator_en" if en else "indicator_ja").alias(text("col.kpi", lang)),
        year_text(lang, "year").alias(text("col.year", lang)),
        decimal_text("value").alias(text("col.actual", lang)),
        pl.col("unit").replace_strict(units(rows["unit"].drop_nulls().unique().to_list(), lang),
                                      default=pl.col("unit")).alias(text("col.unit", lang)),
        decimal_text("target").str.replace("—", "").alias(text("col.target", lang)),
        pl.col(source_column(lang)).alias(text("col.source", lang)),
        pl.col("source_url").alias(text("sources.link", lang)),
        pl.col("note_en" if en else "note").fill_null("").alias(text("col.note", lang)),
    )
