"""What a page or a report shows, ready to draw: charts with the table beneath them, and readable cells.

Numbers in tables read as a person writes them: counts as integers (``1,234``), percentages to one decimal
(``85.2``), no ``false``/``None``; booleans become a mark. These are display frames (all text): the
downloads keep the typed values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from reports.labels import text
from warehouse.connection import parse_time


@dataclass(frozen=True)
class ChartView:
    """A chart (Vega-Lite spec dict) and the same figures as a small text table for 'show as table'."""

    spec: dict[str, Any]
    table: pl.DataFrame
    sample: bool = False  # sample rows are part of the picture: draw the badge
    sources: tuple[str, ...] = field(default=())
    data: pl.DataFrame | None = None  # the chart's figures, typed, for its CSV (else the text table is used)
    name: str = ""  # file names of its downloads: the chart and its choices ('regions-map_sme_pct_filings_2022')
    # False: the chart shows every year whatever the sidebar says, so its file names do not name the filters
    uses_filters: bool = True
    year_type: str = "fiscal"  # "calendar": the sidebar's years are read as calendar years (file names say cy)
    hint: str = ""  # what a click on it does: said under it on the page, never in its image files


@dataclass(frozen=True)
class TableView:
    """A table shown on its own (the table tab): display cells, the lines said above it, its typed figures."""

    table: pl.DataFrame
    caption: list[str]
    sample: bool = False
    data: pl.DataFrame | None = None
    name: str = ""
    uses_filters: bool = True  # as ChartView.uses_filters
    year_type: str = "fiscal"  # as ChartView.year_type


# 四捨五入, as published tables round (Polars' default rounds halves to even: 1,234.5 would show as 1,234)
ROUNDING = "half_away_from_zero"


def _grouped(whole: pl.Expr) -> pl.Expr:
    """A non-negative Int64 as text with thousands separators (1234567 -> '1,234,567'), in Polars itself.

    No Python callbacks in Polars expressions: they run on Polars' worker threads and, with several
    sessions building pages at once, can deadlock against the threads waiting for them. Commas go in from the
    right (reverse, a comma after every three digits, reverse back): a few string kernels, where arithmetic per
    digit group made an expression so large that one formatted column cost ≈ 10 ms on a 15-row table."""
    return whole.cast(pl.String).str.reverse().str.replace_all(r"(\d{3})", "${1},").str.strip_suffix(",") \
        .str.reverse()


def _signed(expr: pl.Expr, body: pl.Expr) -> pl.Expr:
    return pl.when(expr.is_null()).then(pl.lit("—")).when((expr < 0) & (body != "0")).then(pl.lit("-") + body) \
        .otherwise(body)


def integer_text(column: str | pl.Expr) -> pl.Expr:
    """1234.0 -> '1,234'; missing -> '—'."""
    expr = pl.col(column) if isinstance(column, str) else column
    return _signed(expr, _grouped(expr.abs().round(0, mode=ROUNDING).cast(pl.Int64)))


def decimal_text(column: str | pl.Expr, decimals: int = 1, *, fixed: bool = False) -> pl.Expr:
    """85.2173 -> '85.2' (``decimals`` places); whole numbers without decimals ('400', '1,234') unless ``fixed``
    (a column of percentages: '94.0' beside '90.3'); missing -> '—'."""
    expr = pl.col(column) if isinstance(column, str) else column
    scale = 10**decimals
    units = (expr.abs() * scale).round(0, mode=ROUNDING).cast(pl.Int64)
    whole, fraction = _grouped(units // scale), units % scale
    if decimals == 0:
        return _signed(expr, whole)
    with_fraction = pl.concat_str([whole, pl.lit("."), fraction.cast(pl.String).str.zfill(decimals)])
    body = with_fraction if fixed else pl.when(fraction == 0).then(whole).otherwise(with_fraction)
    return _signed(expr, body)


def year_text(lang: str, year: str = "fiscal_year", kind: str = "year_type", number: pl.Expr | None = None) -> pl.Expr:
    """'2022年度' / '2022年' / '2022年調査' in Japanese, 'FY2022' / 'CY2022' / '2022 survey' in English (as
    reports.labels.year_label); ``number`` replaces the year's digits (a span: a plan's period, never a survey's)."""
    survey = pl.col(kind) == "survey" if number is None else pl.lit(False)
    number = pl.col(year).cast(pl.String) if number is None else number
    if lang == "en":
        prefix = (pl.when(pl.col(kind) == "fiscal").then(pl.lit("FY"))
                  .when(pl.col(kind) == "calendar").then(pl.lit("CY")).otherwise(pl.lit("")))
        return pl.concat_str([prefix, number, pl.when(survey).then(pl.lit(" survey")).otherwise(pl.lit(""))])
    return pl.concat_str([number, pl.when(pl.col(kind) == "fiscal").then(pl.lit("年度"))
                          .when(survey).then(pl.lit("年調査")).otherwise(pl.lit("年"))])


def span_text(lang: str, first: str = "fy_start", last: str = "fy_end", kind: str = "year_type") -> pl.Expr:
    """'2020–2022年度' / 'FY2020–2022' (as reports.labels.span_label)."""
    number = pl.concat_str([pl.col(first).cast(pl.String), pl.lit("–"), pl.col(last).cast(pl.String)])
    return year_text(lang, kind=kind, number=number)


def flag_text(column: str, lang: str) -> pl.Expr:
    """A boolean as a mark a reader understands (sample rows: '⚠ サンプル'), blank otherwise."""
    return pl.when(pl.col(column)).then(pl.lit("⚠ " + text("sample.badge", lang))).otherwise(pl.lit(""))


def source_column(lang: str) -> str:
    """The column naming each row's source in ``lang`` (the views carry both)."""
    return "source_en" if lang == "en" else "source"


def sources_of(frame: pl.DataFrame, lang: str) -> tuple[str, ...]:
    return tuple(frame[source_column(lang)].drop_nulls().unique().sort())


def source_line(sources: list[str] | tuple[str, ...], lang: str) -> str:
    return f"{text('chart.source', lang)} {' / '.join(sorted(set(sources)))}" if sources else ""


def has_sample(frame: pl.DataFrame) -> bool:
    return "is_sample" in frame.columns and bool(frame["is_sample"].any())


JST = dt.timezone(dt.timedelta(hours=9), "JST")


def japan_time(stamp: str | None) -> str | None:
    """A stored timestamp (UTC when it names no zone) as reviewers read clocks: '2026-11-28T17:47:05+00:00' ->
    '2026-11-29 02:47:05 JST' (seconds kept: two revisions saved within a minute stay apart)."""
    moment = parse_time(stamp) if stamp else None
    # not a timestamp (a hand-edited file): shown as it is rather than failing the page
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S JST") if moment else stamp


def rank_in(column: str, order: list[str]) -> pl.Expr:
    """Each value's place in ``order`` (values not in it last): sorts rows as a chart's legend lists them."""
    return pl.col(column).replace_strict({value: i for i, value in enumerate(order)}, default=len(order))
