"""The sources page: every source with its kind and how many rows cite it, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from reports.labels import labels, text
from reports.views import integer_text
from warehouse import queries

Read = Callable[..., pl.DataFrame]
KIND_ORDER = ("seed", "primary", "secondary", "loaded", "sample", "derived")  # as the query orders the rows


@dataclass(frozen=True)
class Sources:
    summary: str  # '計画書: 1 (28 行) · 一次資料: 30 (…)'
    table: pl.DataFrame


def sources(read: Read, *, lang: str) -> Sources:
    """Sources cited by at least one row (a derived source nothing cites is not a source of anything)."""
    rows = read(queries.sources).filter(pl.col("rows") > 0)
    kinds = labels("source_type.", lang)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    counts = rows.group_by("source_type").agg(pl.len().alias("n"), pl.col("rows").sum()).sort(
        pl.col("source_type").replace_strict(order, default=len(order)))
    summary = " · ".join(f"{kinds.get(r['source_type'], r['source_type'])}: {r['n']} ({r['rows']:,} "
                         f"{text('sources.rows', lang)})" for r in counts.iter_rows(named=True))
    title = "title_en" if lang == "en" else "title"
    link = pl.col("url").str.starts_with("http")
    table = rows.select(
        pl.col("source_type").replace_strict(kinds, default=pl.col("source_type")).alias(text("sources.type", lang)),
        pl.coalesce(pl.col(title), pl.col("title")).alias(text("col.source", lang)),
        pl.when(link).then("url").otherwise(pl.lit("")).alias(text("sources.link", lang)),
        pl.when(~link).then("url").fill_null("").alias(text("sources.file", lang)),
        integer_text("rows").alias(text("sources.rows", lang)),
    )
    return Sources(summary, table)
