"""One KPI over the years: actual against target, half-year progress, and the figures as a readable table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from reports import charts
from reports.labels import labels, number_text, text, year_label
from reports.views import (
    ROUNDING,
    ChartView,
    decimal_text,
    flag_text,
    has_sample,
    source_column,
    source_line,
    sources_of,
    span_text,
    year_text,
)
from warehouse import queries

Read = Callable[..., pl.DataFrame]


@dataclass(frozen=True)
class KpiDetail:
    name: str
    definition: str
    facts: str  # group · basis · year type · target · baseline
    level: str  # national | block | prefecture
    qualitative: bool
    trend: ChartView | None
    halves: ChartView | None
    table: pl.DataFrame  # every row, key columns first (typed, for st.dataframe)
    sample: bool


def yearly(series: pl.DataFrame, plans: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Full-year rows and whole-plan rows (spanning their plan's years), labelled, for the trend chart."""
    spans = plans.select("plan", "fy_start", "fy_end")
    rows = series.filter(pl.col("period").is_in(["FY", "PLAN"])).join(spans, on="plan", how="left").sort("fiscal_year")
    status = labels("status.", lang)
    return rows.with_columns(
        year=pl.col("fiscal_year"),
        year_label=pl.when(pl.col("period") == "PLAN").then(plan_total(lang)).otherwise(year_text(lang)),
        actual=pl.col("actual_to_date"),
        span_start=pl.when(pl.col("period") == "PLAN").then("fy_start").otherwise("fiscal_year"),
        span_end=pl.when(pl.col("period") == "PLAN").then("fy_end").otherwise("fiscal_year"),
        status_label=pl.col("status").replace_strict(status, default=pl.col("status")),
        status_icon=pl.col("status").replace_strict(status, default="").str.split(" ").list.first(),
    )


def plan_total(lang: str) -> pl.Expr:
    """'計画期間の累計 (2020–2022年度)' for a whole-plan row."""
    before, after = text("overview.plan_total", lang).split("{span}")
    return pl.concat_str([pl.lit(before), span_text(lang), pl.lit(after)])


def display_table(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The figures as a person reads them: the year, the period, actual, target, achievement and status
    first; then where, printed %, sample flag and source."""
    period = labels("period.", lang)
    status = labels("status.", lang)
    return rows.select(
        pl.col("year_label").alias(text("col.year", lang)),
        pl.col("period").replace_strict(period, default=pl.col("period")).alias(text("col.period", lang)),
        decimal_text("actual_to_date").alias(text("col.actual", lang)),
        decimal_text("target").alias(text("col.target", lang)),
        decimal_text("achievement_pct", fixed=True).alias(text("col.achievement", lang)),
        pl.col("status").replace_strict(status, default=pl.col("status")).alias(text("col.status", lang)),
        decimal_text("printed_achievement_pct").alias(text("col.printed", lang)),
        pl.col("geography").alias(text("col.geo", lang)),
        flag_text("is_sample", lang).alias(text("col.sample", lang)),
        pl.col(source_column(lang)).alias(text("col.source", lang)),
    )


def _geography(series: pl.DataFrame, lang: str, prefectures: pl.DataFrame) -> pl.Expr:
    block_names = dict(zip(prefectures["block"], prefectures["block_en" if lang == "en" else "block"], strict=False))
    name = "prefecture_name_en" if lang == "en" else "prefecture_name_ja"
    return pl.coalesce(pl.col(name), pl.col("block").replace_strict(block_names, default=pl.col("block")),
                       pl.lit(text("geo.national", lang)))


def _facts(indicator: dict[str, Any], lang: str) -> str:
    en = lang == "en"
    parts = [indicator["indicator_group_en" if en else "indicator_group"], text("basis." + indicator["basis"], lang),
             text("year." + indicator["year_type"], lang)]
    target = indicator["target_text_en" if en else "target_text"]
    if target:
        parts.append(f"{text('col.target', lang)}: {target}")
    if indicator["baseline_value"] is not None:
        unit = indicator["unit_en" if en else "unit"] or ""
        parts.append(f"{text('kpi.baseline', lang)}: {number_text(indicator['baseline_value'], unit)} "
                     f"({year_label(indicator['baseline_year'], indicator['year_type'], lang)})")
    return " · ".join(p for p in parts if p)


def missing_years_note(frame: pl.DataFrame, kind: str, lang: str) -> str:
    """'No figure: 2019' for years inside a series that the sources do not give (drawn as gaps)."""
    years = set(frame.filter(pl.col("actual").is_not_null(), pl.col("period") == "FY")["year"].to_list())
    if len(years) < 2:
        return ""
    gaps = [year_label(y, kind, lang) for y in range(min(years), max(years)) if y not in years]
    return text("chart.gaps", lang).format(years=", ".join(gaps)) if gaps else ""


def trend_chart(series: pl.DataFrame, indicator: dict[str, Any], plans: pl.DataFrame, lang: str,
                title: str | None = None, subtitle_width: int = charts.SUBTITLE_WIDTH) -> ChartView:
    """Actual against target per year (or per plan period for whole-plan figures)."""
    rows = yearly(series, plans, lang)
    unit = indicator["unit_en" if lang == "en" else "unit"] or ""
    chart = charts.actual_vs_target(
        rows, x_title=text("year." + indicator["year_type"], lang), y_title=f"{text('col.actual', lang)} ({unit})",
        actual_label=text("col.actual", lang), target_label=text("col.target", lang),
        plans=plans.with_columns(label=pl.col("plan").replace_strict(labels("plan.", lang))))  # the shading's names
    sources = sources_of(series, lang)
    subtitle = [source_line(sources, lang), text("kpi.chart_note", lang),
                missing_years_note(rows, indicator["year_type"], lang)]
    title = title or text("kpi.chart_title", lang).format(basis=text("basis." + indicator["basis"], lang))
    table = display_table(rows.with_columns(geography=pl.lit(text("geo.national", lang))), lang)
    # the CSV: typed figures under the same machine names as the regional charts' CSVs, with the unit
    data = rows.select(
        pl.lit(indicator["kpi_name_en" if lang == "en" else "kpi_name_ja"]).alias("kpi"),
        pl.col("year_label").alias("year"),
        pl.col("period").replace_strict(labels("period.", lang), default=pl.col("period")).alias("period"),
        pl.col("actual_to_date").alias("actual"), "target",
        pl.lit(unit).alias("unit"), pl.col("achievement_pct").round(1, mode=ROUNDING), "printed_achievement_pct",
        pl.col("status_label").alias("status"), "is_sample", pl.col(source_column(lang)).alias("source"))
    return ChartView(charts.spec(charts.finish(chart, title=title, subtitle=subtitle,
                                                   subtitle_width=subtitle_width)), table,
                     sample=has_sample(series), sources=sources, data=data, name=f"kpi-{indicator['kpi_id']}",
                     year_type=indicator["year_type"])


def regions_chart(series: pl.DataFrame, lang: str) -> ChartView:
    """Achievement by block or prefecture over the years."""
    rows = series.filter(pl.col("period") == "FY").with_columns(year_label=year_text(lang))
    lines = rows.select(series="geography", year="fiscal_year", year_label="year_label", value="achievement_pct")
    chart = charts.lines(lines, x_title=text("year.fiscal", lang), y_title=text("col.achievement", lang),
                         series_title=text("geo.region", lang), value_format=",.1~f")
    sources = sources_of(series, lang)
    table = lines.select(pl.col("series").alias(text("geo.region", lang)), pl.col("year_label").alias(
        text("col.year", lang)), decimal_text("value", fixed=True).alias(text("col.achievement", lang)))
    finished = charts.finish(chart, title=text("kpi.by_region_title", lang), subtitle=[source_line(sources, lang)])
    return ChartView(charts.spec(finished), table, sample=has_sample(series), sources=sources,
                     name=f"kpi-{series['kpi_id'][0]}-regions")


def halves_chart(series: pl.DataFrame, lang: str) -> ChartView | None:
    """Half-year progress: H1 and through-H2 actual against the year's target (sums over the regions shown)."""
    halves = series.filter(pl.col("period").is_in(["H1", "H2"]))
    if halves.is_empty():
        return None
    progress = halves.group_by("fiscal_year", "period").agg(
        actual=pl.col("actual_to_date").sum(), target=pl.col("target").sum(), year_type=pl.lit("fiscal"),
    ).sort("fiscal_year", "period")
    period = labels("period.", lang)
    lines = progress.select(
        series=pl.col("period").replace_strict(period), year="fiscal_year",
        year_label=year_text(lang),
        value=pl.col("actual") / pl.col("target") * 100)
    chart = charts.lines(lines, x_title=text("year.fiscal", lang), y_title=text("col.achievement", lang),
                         series_title=text("col.period", lang), value_format=",.1~f")
    sources = sources_of(series, lang)
    table = lines.select(pl.col("year_label").alias(text("col.year", lang)),
                         pl.col("series").alias(text("col.period", lang)),
                         decimal_text("value", fixed=True).alias(text("col.achievement", lang)))
    regions = halves["geography"].unique(maintain_order=True).to_list()
    together = ", ".join(regions) if lang == "en" else "・".join(regions)
    summed = text("kpi.halves_sum", lang).format(regions=together) if len(regions) > 1 else ""  # the chart above
    finished = charts.finish(chart, title=text("kpi.halves_title", lang),  # splits them: say this one does not
                             subtitle=[summed, text("kpi.halves_note", lang), source_line(sources, lang)])
    return ChartView(charts.spec(finished), table, sample=has_sample(series), sources=sources,
                     name=f"kpi-{series['kpi_id'][0]}-halves")


def kpi_choices(read: Read, *, lang: str, plan: str) -> dict[str, str]:
    """Every KPI as the picker offers it: 'name — plan' (regional sample KPIs say so); ``plan``'s own KPIs
    first, then the regional ones every plan shares, then the other plans' (each in catalogue order)."""
    catalogue = read(queries.indicators)
    name = "kpi_name_en" if lang == "en" else "kpi_name_ja"
    rows = sorted(catalogue.iter_rows(named=True), key=lambda row: 0 if row["plan"] == plan else
                  1 if row["plan"] == "all" else 2)  # a stable sort: catalogue order within each group
    return {row["kpi_id"]: f"{row[name]} — "
            + (text("plan." + row["plan"], lang) if row["plan"] != "all" else text("kpi.regional", lang))
            for row in rows}


def kpi_plans(read: Read) -> dict[str, str]:
    """Each KPI's plan ("all": a regional KPI every plan shares)."""
    return dict(read(queries.indicators).select("kpi_id", "plan").iter_rows())


def kpi_detail(read: Read, *, kpi_id: str, blocks: tuple[str, ...], prefectures: tuple[str, ...], fy_from: int,
               fy_to: int, lang: str) -> KpiDetail:
    """Regional KPIs follow the chosen blocks or prefectures; central KPIs exist only nationally."""
    indicator = read(queries.indicators).filter(pl.col("kpi_id") == kpi_id).row(0, named=True)
    regional = indicator["kpi_tier"] == "regional" and kpi_id.startswith("R_")
    level = "prefecture" if regional and prefectures else "block" if regional and blocks else "national"
    narrowed = level != "national"
    series = read(queries.kpi_series, kpi_id=kpi_id, geography_level=level, blocks=blocks if narrowed else None,
                  prefectures=prefectures if narrowed else None)
    series = series.filter(pl.col("fiscal_year").is_between(fy_from, fy_to) | (pl.col("plan") == "1st"))
    series = series.with_columns(geography=_geography(series, lang, read(queries.prefectures)))
    plans = read(queries.plans)
    trend = None
    if series["actual"].is_not_null().any():  # a frame without a single figure would draw as an empty box
        trend = trend_chart(series, indicator, plans, lang) if level == "national" else regions_chart(series, lang)
    rows = series.join(plans.select("plan", "fy_start", "fy_end"), on="plan", how="left").with_columns(
        year_label=pl.when(pl.col("period") == "PLAN").then(span_text(lang)).otherwise(year_text(lang)))
    return KpiDetail(
        name=indicator["kpi_name_en" if lang == "en" else "kpi_name_ja"],
        definition=indicator["definition_en" if lang == "en" else "definition_ja"] or "",
        facts=_facts(indicator, lang), level=level, qualitative=indicator["basis"] == "qualitative",
        trend=trend, halves=halves_chart(series, lang), table=display_table(rows, lang), sample=has_sample(series),
    )
