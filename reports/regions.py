"""The regions page: a map of one measure (tiles or geographic), a ranking, and regions side by side over the
years; counts, or rates per establishment or per person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import polars as pl

from reports import charts, geo, rates
from reports.labels import text, unit, year_label
from reports.views import (
    ChartView,
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
MAP_SELECTION = "pick"  # the tile map's click selection (its value names the clicked prefecture_code)
COMPARE_LIMIT = 8


@dataclass(frozen=True)
class Regions:
    year_label: str
    title: str  # what the map and the ranking show: the measure, or its year-on-year change
    map: ChartView | None
    ranking: ChartView | None
    axis: str
    note: str = ""  # said above the map: why counts are shown although a rate was asked for


def with_growth(values: pl.DataFrame, key: str) -> pl.DataFrame:
    """Year-on-year change (%) of ``value`` per ``key``: only against the year just before, never across a gap."""
    return values.sort([key, "year"]).with_columns(
        growth=pl.when((pl.col("year").diff().over(key) == 1) & (pl.col("value").shift().over(key) != 0))
        .then((pl.col("value") / pl.col("value").shift().over(key) - 1) * 100))


def measure_title(measure: str, mode: str, lang: str, year_type: str = "fiscal") -> str:
    """The measure as a title names it: a map of changes must not read like a map of the figures (前年度比 on
    fiscal years, 前年比 on calendar years)."""
    name = text("measure." + measure, lang)
    return text(_growth_key("regions.growth_of", year_type), lang).format(measure=name) if mode == "growth" else name


def axis_title(measure: str, mode: str, unit_text: str, lang: str, year_type: str = "fiscal") -> str:
    if mode == "growth":
        return text(_growth_key("regions.growth_axis", year_type), lang)
    return f"{text('measure.' + measure, lang)} ({unit_text})"


def _growth_key(key: str, year_type: str) -> str:
    return f"{key}.{'calendar' if year_type == 'calendar' else 'fiscal'}"


def _values(read: Read, measure: str, level: str, blocks: tuple[str, ...], fy_from: int, fy_to: int,
            per: str | None = None) -> pl.DataFrame:
    values = read(queries.region_values, measure=measure, geography_level=level, year_from=fy_from - 1,
                  year_to=fy_to, blocks=blocks or None, per=per)
    return with_growth(values, "prefecture_code" if level == "prefecture" else "block")


@dataclass(frozen=True)
class Shown:
    """What the values are: counts, rates (with their denominator) or percentages, and how to print them."""

    den: rates.Denominator | None
    unit_text: str
    decimals: int
    note: str
    order: list[str] = field(default_factory=list)  # the regions in display order (programme pages)

    def _replace_order(self, order: list[str]) -> Shown:
        return replace(self, order=list(dict.fromkeys(order)))

    @property
    def slug_part(self) -> str:
        return f"_per-{self.den.measure}" if self.den else ""

    @property
    def format(self) -> str:
        return f",.{self.decimals}f"

    def subtitle(self, sources: tuple[str, ...], lang: str, *, blocks: bool = False) -> list[str]:
        """Source, and with a rate its denominator (and for blocks how their rate is made)."""
        lines = [source_line(sources, lang)]
        if self.den is not None:
            lines += [self.den.line(lang), text("per.block_rule", lang) if blocks else ""]
        return lines

    def slug(self, measure: str, mode: str) -> str:
        return measure + (f"_per-{self.den.measure}" if self.den else "") + ("_growth" if mode == "growth" else "")


def shown(read: Read, measure: str, per: str, values: pl.DataFrame, lang: str) -> Shown:
    """Rates only for counts: a percentage keeps its value, and the page says why."""
    if measure == "regional_achievement":
        return Shown(None, unit(values["unit"][0], lang), 1, text("per.no_rate", lang) if per != rates.COUNT else "")
    den = rates.denominator(read, per, lang)
    if den is None:
        return Shown(None, unit(values["unit"][0], lang), 1, "")
    return Shown(den, den.per_label, 2, "")


def short_names(prefs: pl.DataFrame, lang: str) -> pl.Expr:
    """Labels that fit a tile: 東京 (no 都/府/県) in Japanese, the full romanised name in English."""
    if lang == "en":
        return pl.col("prefecture_name_en")
    return pl.col("prefecture_name_ja").str.replace("[都府県]$", "")


def _map_view(this_year: pl.DataFrame, *, kind: str, axis: str, how: Shown, highlight: str, title: str,
              subtitle: list[str], lang: str, domain: list[float] | None) -> dict[str, object]:
    if kind == "geo":
        chart = charts.choropleth(this_year, value_title=axis, highlight=highlight or None, selection=MAP_SELECTION,
                                  fit=geo.fit(this_year["prefecture_code"].to_list()), value_format=how.format,
                                  domain=domain)
        note = text("regions.geo_note", lang)
        return charts.spec(charts.finish(chart, title=title, subtitle=[*subtitle, note]))
    chart = charts.tile_map(this_year, value_title=axis, highlight=highlight or None, selection=MAP_SELECTION,
                            tile_width=60 if lang == "en" else 46, font_size=9 if lang == "en" else 10,
                            narrow_font_size=7.5 if lang == "en" else None,
                            value_format=how.format, domain=domain)
    return charts.spec(charts.finish(chart, title=title, subtitle=[*subtitle, text("regions.map_note", lang)]))


def regions(read: Read, *, measure: str, mode: str, sort: str, highlight: str, blocks: tuple[str, ...],
            prefectures: tuple[str, ...], fy_from: int, fy_to: int, lang: str, map_kind: str = "tiles",
            per: str = rates.COUNT) -> Regions:
    rated = measure != "regional_achievement" and per != rates.COUNT
    values = _values(read, measure, "prefecture", blocks, fy_from, fy_to, per if rated else None)
    if values.is_empty():
        return Regions("", "", None, None, "")
    how = shown(read, measure, per, values, lang)
    column = "value" if mode == "value" else "growth"
    year = fy_to if fy_to in values["year"] else int(values["year"].max())  # type: ignore[arg-type]
    kind = values["year_type"][0]
    when = year_label(year, kind, lang)
    axis = axis_title(measure, mode, "%" if mode == "growth" else how.unit_text, lang, kind)
    prefs = read(queries.prefectures)
    name = "prefecture_name_en" if lang == "en" else "prefecture_name_ja"
    block_name = "block_en" if lang == "en" else "block"
    this_year = values.filter(pl.col("year") == year).drop("prefecture_name_ja", "prefecture_name_en").join(
        prefs, on=["prefecture_code", "block"])
    if prefectures:
        this_year = this_year.filter(pl.col("prefecture_code").is_in(prefectures))
    decimals = how.decimals if mode == "value" else 1
    # counts print whole; rates, shares and changes all with their decimals (12.80 beside 11.64, 100.0 beside 66.7)
    fixed = not (how.den is None and mode == "value" and measure != "regional_achievement")
    this_year = this_year.with_columns(
        label=pl.col(name), short=short_names(prefs, lang), shown=pl.col(column), level=pl.col("value"),
        value_text=decimal_text(column, decimals, fixed=fixed),
        sample_label=pl.when("is_sample").then(pl.lit(text("sample.badge", lang))).otherwise(pl.lit("")),
    ).with_columns(value=pl.col("shown"))
    sources = sources_of(values, lang)
    measure_name = text("measure." + measure, lang)
    title = measure_title(measure, mode, lang, kind)
    # a share is always drawn on 0–100 %, so one year's colours and bars compare with another's
    domain = [0.0, 100.0] if measure == "regional_achievement" and mode == "value" else None
    spec = _map_view(this_year, kind=map_kind, axis=axis, how=how, highlight=highlight,
                     title=f"{title} · {when}", subtitle=how.subtitle(sources, lang), lang=lang, domain=domain)
    rate_cells = [] if how.den is None else [
        integer_text("count").alias(text("col.count", lang)),
        integer_text("denominator_value").alias(text("col.denominator_value", lang))]
    table = this_year.sort("prefecture_code").select(
        pl.col("prefecture_code").alias(text("col.code", lang)), pl.col("label").alias(text("geo.region", lang)),
        pl.col(block_name).alias(text("col.block", lang)), *rate_cells,
        decimal_text("value", decimals, fixed=fixed).alias(axis),
        flag_text("is_sample", lang).alias(text("col.sample", lang)))
    slug = f"{how.slug(measure, mode)}_{year}"
    map_view = ChartView(spec, table, sample=has_sample(this_year), sources=sources,
                         data=_download(this_year, how, measure_name, when, mode, lang), name=f"regions-map_{slug}",
                         year_type=kind, hint=text("regions.click_hint", lang))
    ranked = this_year.sort("prefecture_code" if sort == "code" else "value", descending=sort == "value",
                            nulls_last=True).select(
        code="prefecture_code", label=pl.format("{} ({})", "label", pl.col(block_name)), value="value",
        value_text="value_text", is_sample="is_sample").with_row_index("order")
    ranking = charts.finish(charts.ranking(ranked, value_title=axis, highlight=highlight or None, domain=domain),
                            title=text("regions.ranking_title", lang).format(measure=title, year=when),
                            subtitle=how.subtitle(sources, lang))
    ranking_table = ranked.select(pl.col("code").alias(text("col.code", lang)),
                                  pl.col("label").alias(text("geo.region", lang)),
                                  decimal_text("value", decimals, fixed=fixed).alias(axis))
    ranking_data = _download(this_year, how, measure_name, when, mode, lang).join(
        ranked.select(prefecture_code="code", order="order"), on="prefecture_code").sort("order").drop("order")
    return Regions(when, title, map_view, ChartView(charts.spec(ranking), ranking_table, sample=has_sample(ranked),
                                             sources=sources, data=ranking_data, name=f"regions-ranking_{slug}",
                                             year_type=kind),
                   axis, how.note)


def _download(frame: pl.DataFrame, how: Shown, measure_name: str, when: str, mode: str, lang: str) -> pl.DataFrame:
    """The map's figures as typed columns for its CSV: the value, or with a rate the count, the denominator
    and the rate; the change when that is shown."""
    figures = [pl.col("count"), *rates.download_columns(how.den)] if how.den else [pl.col("level").alias("value")]
    growth = [pl.col("growth").alias("change_pct")] if mode == "growth" else []
    return frame.sort("prefecture_code").select(
        pl.col("prefecture_code"), pl.col("label").alias("region"),
        pl.col("block_en" if lang == "en" else "block").alias("block"), pl.lit(when).alias("year"),
        pl.lit(measure_name).alias("measure"), *figures, *growth, pl.lit(unit(frame["unit"][0], lang)).alias("unit"),
        pl.col("is_sample"), pl.col(source_column(lang)).alias("source"))


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
            highlight: str, fy_from: int, fy_to: int, lang: str, per: str = rates.COUNT) -> ChartView | None:
    """The chosen regions over the years (blocks by URL id when no block is chosen, else prefectures)."""
    level = "prefecture" if blocks else "block"
    names = compare_candidates(read, blocks=blocks, lang=lang)
    rated = measure != "regional_achievement" and per != rates.COUNT
    values = _values(read, measure, level, blocks, fy_from, fy_to, per if rated else None)
    if level == "block":
        by_name = read(queries.prefectures).unique("block").select("block", code=pl.col("block_en").str.to_lowercase())
        values = values.join(by_name, on="block")
    else:
        values = values.with_columns(code="prefecture_code")
    values = values.filter(pl.col("code").is_in(regions_chosen), pl.col("year") >= fy_from)
    if values.is_empty():
        return None
    how = shown(read, measure, per, values, lang)
    column = "value" if mode == "value" else "growth"
    decimals = how.decimals if mode == "value" else 1
    kind = values["year_type"][0]
    axis = axis_title(measure, mode, "%" if mode == "growth" else how.unit_text, lang, kind)
    values = values.with_columns(series=pl.col("code").replace_strict(names), year_label=year_text(lang, "year"))
    lines = values.select("series", "year", "year_label", value=pl.col(column), is_sample="is_sample")
    order = [names[c] for c in regions_chosen if c in names]
    chart = charts.lines(lines, x_title=text("year." + kind, lang), y_title=axis, series_title=text("geo.region", lang),
                         highlight=names.get(highlight), order=order, value_format=f",.{decimals}f")
    sources = sources_of(values, lang)
    picked_first = [rank_in("series", order), "year"]
    table = lines.sort(picked_first).select(
        pl.col("series").alias(text("geo.region", lang)), pl.col("year_label").alias(text("col.year", lang)),
        decimal_text("value", decimals).alias(axis))
    figures = [pl.col("count"), *rates.download_columns(how.den)] if how.den else [pl.col("value")]
    growth = [pl.col("growth").alias("change_pct")] if mode == "growth" else []
    data = values.sort(picked_first).select(  # in the order the regions were picked, as the legend
        pl.col("series").alias("region"), pl.col("year_label").alias("year"),
        pl.lit(text("measure." + measure, lang)).alias("measure"), *figures, *growth,
        pl.lit(unit(values["unit"][0], lang)).alias("unit"), "is_sample", pl.col(source_column(lang)).alias("source"))
    finished = charts.finish(chart, title=text("regions.compare_title", lang),
                             subtitle=how.subtitle(sources, lang, blocks=level == "block"))
    return ChartView(charts.spec(finished), table, sample=has_sample(lines), sources=sources, data=data,
                     name=f"regions-compare_{how.slug(measure, mode)}_{'+'.join(regions_chosen)}", year_type=kind)
