"""The data explorer's selection: rows of one public view under the shared filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from reports import rates
from reports.labels import text
from reports.views import ROUNDING, has_sample
from warehouse import queries

Read = Callable[..., pl.DataFrame]
PAGE_ROWS = 500  # rows drawn at a time; downloads hold the whole selection
LIMIT = 100_000  # rows a selection holds at most (said on the page when reached)


@dataclass(frozen=True)
class Selection:
    rows: pl.DataFrame
    count: str  # '**1,234** 行 × 28 列' (and that the limit was reached)
    sample: bool
    rate_note: str = ""  # what the rate columns are, or why this view has none
    year_type: str = "fiscal"  # "calendar" when every row counts calendar years (PCT): file names say cy


def _rate_columns(rows: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The query's denominator columns in the page's language: denominator (name and date), its source, what the
    rate is per; the value and the rate stay numbers."""
    en = lang == "en"
    suffix = "_en" if en else "_ja"
    return rows.with_columns(
        denominator=pl.format("{} ({})", pl.col("denominator" + suffix), pl.col("denominator_reference")),
        denominator_source=pl.col("denominator_source_en" if en else "denominator_source"),
        rate_per=pl.col("rate_per" + suffix),
    ).drop("denominator_ja", "denominator_en", "denominator_reference", "denominator_source_en", "rate_per_ja",
           "rate_per_en").select(pl.exclude("denominator_value", "rate"), "denominator_value",
                                 pl.col("rate").round(4, mode=ROUNDING))  # as the charts' CSVs (rates.download_columns)


def explore_view(read: Read, *, view: str, plan: str, fy_from: int, fy_to: int, blocks: tuple[str, ...],
                 prefectures: tuple[str, ...], lang: str, per: str = rates.COUNT) -> Selection:
    """The plan filters KPI results only; blocks and prefectures keep national rows out of a regional selection.
    ``per`` adds a denominator and a rate to the rows of counts (views of ``queries.RATE_VIEWS``)."""
    rated = per != rates.COUNT and view in queries.RATE_VIEWS
    rows = read(queries.explore, view=view, year_from=fy_from, year_to=fy_to, blocks=blocks or None,
                prefectures=prefectures or None, plan=plan if view == "kpi_results" else None, limit=LIMIT,
                per=per if rated else None)
    note = "" if per == rates.COUNT else text("per.explorer_note" if rated else "per.explorer_none", lang)
    if rated:
        rows = _rate_columns(rows, lang)
    count = text("explorer.count", lang).format(rows=rows.height, columns=rows.width)
    if rows.height >= LIMIT:
        count += " " + text("explorer.limit", lang).format(limit=LIMIT)
    # an analyst who sorted the grid expects the file in that order; the grid's sort never reaches the server
    count += "  \n" + text("explorer.order", lang)
    return Selection(rows, count, has_sample(rows), note, year_type=_year_type(read, view, rows))


def _year_type(read: Read, view: str, rows: pl.DataFrame) -> str:
    """'calendar' when every row counts calendar years (PCT). An empty selection is named as its view counts
    (the PCT view's empty selection is still a range of years, not of fiscal years)."""
    if rows.is_empty():
        rows = read(queries.year_types, view=view)
    calendar = "year_type" in rows.columns and rows.height > 0 and rows["year_type"].eq("calendar").all()
    return "calendar" if calendar else "fiscal"
