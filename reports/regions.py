"""The regions page: a tile map of one measure, a ranking, and regions side by side over the years."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import polars as pl

from reports import charts
from reports.labels import text, unit, year_label
from reports.views import (
    ChartView,
    decimal_text,
    flag_text,
    has_sample,
    source_line,
    sources_of,
    year_text,
)
from warehouse import queries

Read = Callable[..., pl.DataFrame]
MAP_SELECTION = "pick"  # the tile map's click selection (its value names the clicked prefecture_code)
COMPARE_LIMIT = 8


@dataclass(frozen=True)
class Regions:
    year_label: str
    map: ChartView | None
    ranking: ChartView | None
    axis: str


def with_growth(values: pl.DataFrame, key: str) -> pl.DataFrame:
    """Year-on-year change (%) of ``value`` per ``key``: only against the year just before, never across a gap."""
    return values.sort([key, "year"]).with_columns(
        growth=pl.when((pl.col("year").diff().over(key) == 1) & (pl.col("value").shift().over(key) != 0))
        .then((pl.col("value") / pl.col("value").shift().over(key) - 1) * 100))


def axis_title(measure: str, mode: str, unit_text: str, lang: str) -> str:
    if mode == "growth":
        return text("regions.growth_axis", lang)
    return f"{text('measure.' + measure, lang)} ({unit_text})"


def _values(read: Read, measure: str, level: str, blocks: tuple[str, ...], fy_from: int, fy_to: int) -> pl.DataFrame:
    values = read(queries.region_values, measure=measure, geography_level=level, year_from=fy_from - 1,
                  year_to=fy_to, blocks=blocks or None)
    return with_growth(values, "prefecture_code" if level == "prefecture" else "block")


def short_names(prefs: pl.DataFrame, lang: str) -> pl.Expr:
    """Labels that fit a tile: 東京 (no 都/府/県) in Japanese, the full romanised name in English."""
    if lang == "en":
        return pl.col("prefecture_name_en")
    return pl.col("prefecture_name_ja").str.replace("[都府県]$", "")


def regions(read: Read, *, measure: str, mode: str, sort: str, highlight: str, blocks: tuple[str, ...],
            prefectures: tuple[str, ...], fy_from: int, fy_to: int, lang: str) -> Regions:
    values = _values(read, measure, "prefecture", blocks, fy_from, fy_to)
    if values.is_empty():
        return Regions("", None, None, "")
    shown = "value" if mode == "value" else "growth"
    year = fy_to if fy_to in values["year"] else int(values["year"].max())  # type: ignore[arg-type]
    kind = values["year_type"][0]
    when = year_label(year, kind, lang)
    axis = axis_title(measure, mode, "%" if mode == "growth" else unit(values["unit"][0], lang), lang)
    prefs = read(queries.prefectures)
    name = "prefecture_name_en" if lang == "en" else "prefecture_name_ja"
    block_name = "block_en" if lang == "en" else "block"
    this_year = values.filter(pl.col("year") == year).drop("prefecture_name_ja", "prefecture_name_en").join(
        prefs, on=["prefecture_code", "block"])
    if prefectures:
        this_year = this_year.filter(pl.col("prefecture_code").is_in(prefectures))
    this_year = this_year.with_columns(
        label=pl.col(name), short=short_names(prefs, lang), value=pl.col(shown),
        value_text=pl.col(shown).round(1).cast(pl.String).fill_null("—"),
        sample_label=pl.when("is_sample").then(pl.lit(text("sample.badge", lang))).otherwise(pl.lit("")),
    ).with_columns(value_rank=pl.col("value").rank() / pl.len())
    sources = sources_of(values, lang)
    subtitle = [source_line(sources, lang), text("regions.map_note", lang)]
    click = alt.selection_point(name=MAP_SELECTION, fields=["prefecture_code"], on="click")
    tile_map = charts.tile_map(this_year, value_title=axis, highlight=highlight or None, selection=click,
                               tile_width=60 if lang == "en" else 46, font_size=9 if lang == "en" else 10)
    measure_name = text("measure." + measure, lang)
    table = this_year.sort("prefecture_code").select(
        pl.col("prefecture_code").alias(text("col.code", lang)), pl.col("label").alias(text("geo.region", lang)),
        pl.col(block_name).alias(text("col.block", lang)), decimal_text("value").alias(axis),
        flag_text("is_sample", lang).alias(text("col.sample", lang)))
    map_view = ChartView(charts.spec(charts.finish(tile_map, title=f"{measure_name} · {when}", subtitle=subtitle)),
                         table, sample=has_sample(this_year), sources=sources)
    ranked = this_year.sort("prefecture_code" if sort == "code" else "value", descending=sort == "value",
                            nulls_last=True).select(
        code="prefecture_code", label=pl.format("{} ({})", "label", pl.col(block_name)), value="value",
        value_text="value_text", is_sample="is_sample").with_row_index("order")
    ranking = charts.finish(charts.ranking(ranked, value_title=axis, highlight=highlight or None),
                            title=text("regions.ranking_title", lang).format(year=when),
                            subtitle=[source_line(sources, lang)])
    ranking_table = ranked.select(pl.col("code").alias(text("col.code", lang)),
                                  pl.col("label").alias(text("geo.region", lang)), decimal_text("value").alias(axis))
    return Regions(when, map_view, ChartView(charts.spec(ranking), ranking_table, sample=has_sample(ranked),
                                             sources=sources), axis)


def compare_candidates(read: Read, *, blocks: tuple[str, ...], lang: str) -> dict[str, str]:
    """What can be compared, code -> name: the blocks (by URL id), or the prefectures of the chosen blocks."""
    prefs = read(queries.prefectures)
    if not blocks:
        names = prefs.unique("block", maintain_order=True)
        return dict(zip(names["block_en"].str.to_lowercase(), names["block_en" if lang == "en" else "block"],
                        strict=True))
    chosen = prefs.filter(pl.col("block").is_in(blocks))
    return dict(zip(chosen["prefecture_code"], chosen["prefecture_name_en" if lang == "en" else "prefecture_name_ja"],
                    strict=True))


def compare(read: Read, *, measure: str, mode: str, regions_chosen: tuple[str, ...], blocks: tuple[str, ...],
            highlight: str, fy_from: int, fy_to: int, lang: str) -> ChartView | None:
    """The chosen regions over the years (blocks by URL id when no block is chosen, else prefectures)."""
    level = "prefecture" if blocks else "block"
    names = compare_candidates(read, blocks=blocks, lang=lang)
    values = _values(read, measure, level, blocks, fy_from, fy_to)
    if level == "block":
        by_name = read(queries.prefectures).unique("block").select("block", code=pl.col("block_en").str.to_lowercase())
        values = values.join(by_name, on="block")
    else:
        values = values.with_columns(code="prefecture_code")
    values = values.filter(pl.col("code").is_in(regions_chosen), pl.col("year") >= fy_from)
    if values.is_empty():
        return None
    shown = "value" if mode == "value" else "growth"
    kind = values["year_type"][0]
    axis = axis_title(measure, mode, "%" if mode == "growth" else unit(values["unit"][0], lang), lang)
    lines = values.select(series=pl.col("code").replace_strict(names), year="year", year_label=year_text(lang, "year"),
                          value=pl.col(shown), is_sample="is_sample")
    order = [names[c] for c in regions_chosen if c in names]
    chart = charts.lines(lines, x_title=text("year." + kind, lang), y_title=axis, series_title=text("geo.region", lang),
                         highlight=names.get(highlight), order=order, value_format=",.1f")
    sources = sources_of(values, lang)
    table = lines.sort("series", "year").select(
        pl.col("series").alias(text("geo.region", lang)), pl.col("year_label").alias(text("col.year", lang)),
        decimal_text("value").alias(axis))
    finished = charts.finish(chart, title=text("regions.compare_title", lang), subtitle=[source_line(sources, lang)])
    return ChartView(charts.spec(finished), table, sample=has_sample(lines), sources=sources)
