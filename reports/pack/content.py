"""What goes into the meeting pack of one block and half, gathered once for both the PDF and the XLSX.

``from_frames`` is pure (the page hands in what it already read); ``from_home`` reads the current
warehouse version and the review store itself (the command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from reports import review
from reports.labels import block_id, block_label, text
from reports.views import japan_time, source_column
from warehouse.reviews import Entry


@dataclass(frozen=True)
class KpiSeries:
    kpi_id: str
    name: str
    unit: str
    source: str
    halves: pl.DataFrame  # reports.review.half_series


@dataclass(frozen=True)
class PackContent:
    lang: str
    block: str  # Japanese name, as stored
    block_label: str
    plan: str
    plan_label: str
    year: int
    half: str
    half_label: str
    version_id: str
    built_at: str
    created: str  # ISO date
    board: pl.DataFrame  # reports.review.scorecard
    prefectures: pl.DataFrame  # reports.review.prefecture_table (long, numbers)
    matrix: pl.DataFrame  # reports.review.prefecture_matrix (compact, for print)
    kpi_names: dict[str, str]
    series: list[KpiSeries]
    sources: list[dict[str, str]]
    has_sample: bool
    history: list[Entry] = field(default_factory=list)

    def label(self, key: str) -> str:
        return text(key, self.lang)

    @property
    def file_stem(self) -> str:
        return f"ipdash_review_{block_id(self.block)}_fy{self.year}{self.half.lower()}_{self.lang}"


def from_frames(kpis: pl.DataFrame, entries: list[Entry], *, plan: Mapping[str, Any], block: str, year: int,
                half: str, lang: str, version_id: str, built_at: str, today: dt.date | None = None) -> PackContent:
    board = review.scorecard(kpis, review.latest(entries), plan=plan, block=block, year=year, half=half, lang=lang)
    block_rows = kpis.filter(pl.col("geography_level") == "block")
    name_col = "kpi_name_en" if lang == "en" else "kpi_name_ja"
    names = dict(block_rows.select("kpi_id", name_col).unique(maintain_order=True).iter_rows())
    series = []
    for row in board.iter_rows(named=True) if not board.is_empty() else []:
        rows = block_rows.filter(kpi_id=row["kpi_id"])
        series.append(KpiSeries(row["kpi_id"], row["kpi_name"], row["unit"], str(row["source"] or ""),
                                review.half_series(rows, plan, as_of=(year, half), lang=lang)))
    shown = kpis.filter(pl.col("fiscal_year") <= year)
    sources = [{"title": str(s), "url": str(u or "")} for s, u in
               shown.select(source_column(lang), "source_url").unique().sort(source_column(lang)).iter_rows() if s]
    return PackContent(
        lang=lang, block=block, block_label=block_label(block, lang), plan=str(plan["plan"]),
        plan_label=text(f"plan.{plan['plan']}", lang), year=year, half=half,
        half_label=review.half_label(year, half, lang), version_id=version_id, built_at=japan_time(built_at) or "",
        created=(today or dt.date.today()).isoformat(), board=board,
        prefectures=review.prefecture_table(kpis, year=year, half=half, lang=lang),
        matrix=review.prefecture_matrix(kpis, year=year, half=half, lang=lang), kpi_names=names, series=series,
        sources=sources, has_sample=bool(kpis.filter(pl.col("fiscal_year") == year)["is_sample"].any()),
        history=[e for e in entries if e.key.fiscal_year == year and e.key.half == half],
    )


def from_home(*, block: str, year: int, half: str, lang: str, root: Path | None = None) -> PackContent:
    """Read the current warehouse version and the review store under ``root`` ($IPDASH_HOME)."""
    from warehouse import queries
    from warehouse.connection import connect_current
    from warehouse.reviews import ReviewStore, store_path

    version, con = connect_current(root)
    try:
        cur = con.cursor()
        plan = review.current_plan(queries.plans(cur), dt.date.today())
        kpis = queries.block_kpis(cur, plan=str(plan["plan"]), block=block)
        built_at = queries.build_info(cur).get("built_at", version.built_at)
    finally:
        con.close()
    entries = ReviewStore(store_path(root)).entries(plan=str(plan["plan"]), block=block)
    return from_frames(kpis, entries, plan=plan, block=block, year=year, half=half, lang=lang,
                       version_id=version.id, built_at=built_at)
