"""Sections of the programme pages (外国出願補助金, 早期審査, PCT): the plan's KPI nationally, a measure by region,
a national statistic over the years, and the published figures as bundled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import polars as pl

from reports import charts, rates
from reports.kpi_detail import missing_years_note, trend_chart
from reports.labels import text, unit
from reports.regions import Shown, regions, shown
from reports.views import (
    ROUNDING,
    ChartView,
    TableView,
    decimal_text,
    flag_text,
    has_sample,
    integer_text,
    rank_in,
    source_column,
    source_line,
    sources_of,
    year_text,
)
from warehouse import queries

Read = Callable[..., pl.DataFrame]


def national_vs_target(read: Read, *, kpi_id: str, lang: str, half_width: bool = False) -> ChartView | None:
    """The plan's KPI nationally: actual per year against its target, with status (``half_width``: drawn beside
    another, its subtitle wrapped shorter)."""
    series = read(queries.kpi_series, kpi_id=kpi_id)
    if series.is_empty():
        return None
    indicator = read(queries.indicators).filter(pl.col("kpi_id") == kpi_id).row(0, named=True)
    view = trend_chart(series, indicator, read(queries.plans), lang,
                       title=indicator["kpi_name_en" if lang == "en" else "kpi_name_ja"],
                       subtitle_width=charts.HALF_SUBTITLE_WIDTH if half_width else charts.SUBTITLE_WIDTH)
    return replace(view, name=f"national_{kpi_id}", uses_filters=False)


def _region_lines(read: Read, measure: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
                  fy_to: int, lang: str, per: str) -> tuple[pl.DataFrame, str, Shown] | None:
    """The measure per block (or per prefecture of the chosen blocks) and year, as counts or rates."""
    level = "prefecture" if blocks else "block"
    rated = per != rates.COUNT
    values = read(queries.region_values, measure=measure, geography_level=level, year_from=fy_from, year_to=fy_to,
                  blocks=blocks or None, per=per if rated else None)
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
    ordered = order.unique(maintain_order=True).to_list()  # prefectures by JIS code, blocks north to south
    lines = values.with_columns(series=series, year_label=year_text(lang, "year")).with_columns(
        rank=rank_in("series", ordered))
    return lines.sort("rank", "year"), level, shown(read, measure, per, values, lang)._replace_order(ordered)


def by_region(read: Read, *, measure: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
              fy_to: int, lang: str, per: str = rates.COUNT) -> ChartView | None:
    """A count (or rate) per block, or per prefecture of the chosen blocks, for the chosen years."""
    found = _region_lines(read, measure, blocks, prefectures, fy_from, fy_to, lang, per)
    if found is None:
        return None
    values, level, how = found
    kind = values["year_type"][0]
    y_title = f"{text('measure.' + measure, lang)} ({how.unit_text})"
    lines = values.select("series", "year", "year_label", "value", "is_sample")
    chart = charts.lines(lines, x_title=text("year." + kind, lang), y_title=y_title,
                         series_title=text("geo.region", lang), order=how.order, value_format=how.format)
    sources = sources_of(values, lang)
    title = text("programme.by_region", lang).format(measure=text(f"measure.{measure}", lang),
                                                     level=text(f"geo.{level}", lang))
    rate_cells = [] if how.den is None else [
        integer_text("count").alias(text("col.count", lang)),
        integer_text("denominator_value").alias(text("col.denominator_value", lang))]
    table = values.select(
        pl.col("series").alias(text("geo.region", lang)), pl.col("year_label").alias(text("col.year", lang)),
        *rate_cells, decimal_text("value", how.decimals).alias(y_title),
        flag_text("is_sample", lang).alias(text("col.sample", lang)))
    finished = charts.finish(chart, title=title, subtitle=how.subtitle(sources, lang, blocks=level == "block"))
    return ChartView(charts.spec(finished), table, sample=has_sample(values), sources=sources,
                     data=_download(values, how, measure, lang), name=f"{measure}_{level}" + how.slug_part,
                     year_type=kind)


def _download(values: pl.DataFrame, how: Shown, measure: str, lang: str) -> pl.DataFrame:
    figures = [pl.col("count"), *rates.download_columns(how.den)] if how.den else [pl.col("value")]
    return values.select(
        pl.col("series").alias("region"), pl.col("year_label").alias("year"),
        pl.lit(text("measure." + measure, lang)).alias("measure"), *figures,
        pl.lit(unit(values["unit"][0], lang)).alias("unit"), "is_sample",
        pl.col(source_column(lang)).alias("source"))


def region_table(read: Read, *, measure: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
                 fy_to: int, lang: str, per: str = rates.COUNT) -> TableView | None:
    """The by-region figures as a table a person reads across: one row per region, one column per year."""
    found = _region_lines(read, measure, blocks, prefectures, fy_from, fy_to, lang, per)
    if found is None:
        return None
    values, level, how = found
    years = values.sort("year").unique("year", maintain_order=True)["year_label"].to_list()
    per_region = values.group_by("rank", "series").agg(
        sample_years=pl.col("year_label").filter(pl.col("is_sample")).str.join(", "),
        source=pl.col(source_column(lang)).unique(maintain_order=True).str.join("; "))

    def across(cells: pl.Expr) -> pl.DataFrame:  # one row per region in the chart's order, one column per year
        return (values.with_columns(cell=cells).pivot("year_label", index=["rank", "series"], values="cell")
                .join(per_region, on=["rank", "series"]).sort("rank").select("series", *years, "sample_years",
                                                                              "source"))

    region, sample = text("geo.region", lang), text("col.sample", lang)
    shown_table = across(decimal_text("value", how.decimals)).drop("source").rename(
        {"series": region, "sample_years": sample})
    # the download is the table as shown, with its figures as numbers (to the decimals shown) and its unit
    download = across(pl.col("value").round(how.decimals, mode=ROUNDING)).rename({"series": "region"}).with_columns(
        unit=pl.lit(how.unit_text)).select("region", *years, "unit", "sample_years", "source")
    caption = [text("programme.table_title", lang).format(measure=text(f"measure.{measure}", lang),
                                                          level=text(f"geo.{level}", lang)) + f" ({how.unit_text})",
               *how.subtitle(sources_of(values, lang), lang, blocks=level == "block")]
    return TableView(shown_table, caption=[line for line in caption if line], sample=has_sample(values),
                     data=download, name=f"{measure}_{level}_table" + how.slug_part,
                     year_type=values["year_type"][0])


def region_map(read: Read, *, measure: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
               fy_to: int, lang: str, per: str = rates.COUNT) -> ChartView | None:
    """The measure per prefecture on the map for the last year chosen (the regions page's choropleth)."""
    model = regions(read, measure=measure, mode="value", sort="value", highlight="", blocks=blocks,
                    prefectures=prefectures, fy_from=fy_from, fy_to=fy_to, lang=lang, map_kind="geo", per=per)
    return None if model.map is None else replace(model.map, name=model.map.name.replace("regions-map", "map", 1))


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
    finished = charts.finish(chart, title=name, subtitle=subtitle,
                             subtitle_width=charts.HALF_SUBTITLE_WIDTH)  # drawn half-width
    return ChartView(charts.spec(finished), table, sources=sources, name=f"national_{measure}", uses_filters=False)


def units(stored: list[str], lang: str) -> dict[str, str]:
    return {u: unit(u, lang) for u in stored}


def published_table(read: Read, *, dataset: str, lang: str) -> pl.DataFrame:
    """The published national figures of a dataset, exactly as bundled (year type and source kept)."""
    rows = read(queries.national_statistics, dataset=dataset)
    # the series the plan sets a target for first (the page's subject), then the programme's context figures
    rows = rows.sort(pl.col("target").is_not_null().any().over("measure"), "measure", "year",
                     descending=[True, False, False], maintain_order=True)
    en = lang == "en"
    return rows.select(
        pl.col("indicator_en" if en else "indicator_ja").alias(text("col.kpi", lang)),
        year_text(lang, "year").alias(text("col.year", lang)),
        # a rate the source prints as a fraction (補助率 1/2) reads as printed, not as 0.5
        pl.when(pl.col("value_text").str.contains("/", literal=True)).then(pl.col("value_text"))
        .otherwise(decimal_text("value")).alias(text("col.actual", lang)),
        pl.col("unit").replace_strict(units(rows["unit"].drop_nulls().unique().to_list(), lang),
                                      default=pl.col("unit")).alias(text("col.unit", lang)),
        decimal_text("target").str.replace("—", "").alias(text("col.target", lang)),
        pl.col(source_column(lang)).alias(text("col.source", lang)),
        pl.col("source_url").alias(text("sources.link", lang)),
        pl.col("note_en" if en else "note").fill_null("").alias(text("col.note", lang)),
    )
