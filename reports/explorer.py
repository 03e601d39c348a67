"""The data explorer's selection: rows of one public view under the shared filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from reports.labels import text
from reports.views import has_sample
from warehouse import queries

Read = Callable[..., pl.DataFrame]
PAGE_ROWS = 500  # rows drawn at a time; downloads hold the whole selection
LIMIT = 100_000  # rows a selection holds at most (said on the page when reached)


@dataclass(frozen=True)
class Selection:
    rows: pl.DataFrame
    count: str  # '**1,234** 行 × 28 列' (and that the limit was reached)
    sample: bool


def explore_view(read: Read, *, view: str, plan: str, fy_from: int, fy_to: int, blocks: tuple[str, ...],
                 prefectures: tuple[str, ...], lang: str) -> Selection:
    """The plan filters KPI results only; blocks and prefectures keep national rows out of a regional selection."""
    rows = read(queries.explore, view=view, year_from=fy_from, year_to=fy_to, blocks=blocks or None,
                prefectures=prefectures or None, plan=plan if view == "kpi_results" else None, limit=LIMIT)
    count = text("explorer.count", lang).format(rows=rows.height, columns=rows.width)
    if rows.height >= LIMIT:
        count += " " + text("explorer.limit", lang).format(limit=LIMIT)
    return Selection(rows, count, has_sample(rows))
