"""Counts as rates: per 10,000 establishments, per 100,000 people (or a loaded denominator). Pure.

The arithmetic is in the warehouse (queries.region_values, queries.explore); this module says what a
rate is in words — the denominator, its reference date and source — for subtitles, tables and downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from reports.labels import text
from reports.views import ROUNDING
from warehouse import queries

Read = Callable[..., pl.DataFrame]
COUNT = "count"  # the ``per`` choice that shows counts as they are


@dataclass(frozen=True)
class Denominator:
    """One denominator in one language: '人口10万人あたり', '人口 (2020-10-01)', its source."""

    measure: str
    per_label: str  # what one rate unit is: 'per 100,000 people'
    name: str  # 'Population (2020-10-01)'
    source: str

    def line(self, lang: str) -> str:
        """The subtitle line naming the denominator, its date and source."""
        return text("per.note", lang).format(per=self.per_label, name=self.name, source=self.source)


def per_options(read: Read, *, lang: str) -> dict[str, str]:
    """``per`` choices -> labels: counts, then each denominator the warehouse holds."""
    catalog = read(queries.denominator_catalog)
    labels = catalog["per_en" if lang == "en" else "per_ja"].to_list()
    return {COUNT: text("per.count", lang), **dict(zip(catalog["measure"].to_list(), labels, strict=True))}


def denominator(read: Read, per: str, lang: str) -> Denominator | None:
    """The denominator ``per`` names, or None for counts (or a denominator the warehouse does not hold)."""
    if per == COUNT:
        return None
    rows = read(queries.denominator_catalog).filter(pl.col("measure") == per)
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    en = lang == "en"
    when = str(row["reference_date"] or row["reference_year"])
    name = row["indicator_en" if en else "indicator_ja"]
    return Denominator(per, row["per_en" if en else "per_ja"], f"{name} ({when})", row["source_en" if en else "source"])


def download_columns(den: Denominator | None) -> list[pl.Expr]:
    """The columns a chart's CSV adds when it shows rates: denominator (name and date), its value, the rate,
    what the rate is per and the denominator's source. Needs ``denominator_value`` and ``rate`` in the frame."""
    if den is None:
        return []
    # 4 decimals: a rate per 100,000 people of a few cases is ~0.3; more digits only look exact
    return [pl.lit(den.name).alias("denominator"), pl.col("denominator_value"), pl.col("rate").round(4, mode=ROUNDING),
            pl.lit(den.per_label).alias("rate_per"), pl.lit(den.source).alias("denominator_source")]
