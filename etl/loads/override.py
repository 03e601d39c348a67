"""Accepted loads, in the order they were accepted, replace rows in the frames a build publishes.

What a loaded row replaces:
- KPI files (fact_kpi): every *sample* row of the same prefecture and fiscal year (all KPIs, all
  periods: a prefecture's real KPI table is a set, never mixed with invented items), and any row with
  the same key (KPI, plan, prefecture, year, period) from an earlier load;
- statistics files (fact_statistic): the row with the same measure, prefecture and year, sample or
  loaded earlier (or a bundled published figure, which the report counts as replaced).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells import messages
from etl.cells.problems import Problem, RejectedInput
from etl.loads.store import ArchivedLoad

KEYS = tables.KEYS
SAMPLE_SCOPE = {"fact_kpi": ("prefecture_code", "fiscal_year")}


@dataclass(frozen=True)
class Replaced:
    sample: int
    loaded: int  # rows that were not sample: earlier loads or bundled published figures

    @property
    def total(self) -> int:
        return self.sample + self.loaded


class RealRowsNotConfirmed(Exception):
    """A load would replace real (non-sample) rows and was not confirmed to."""

    def __init__(self, replaced: Replaced):
        super().__init__(f"would replace {replaced.loaded} real rows")
        self.replaced = replaced


def _key(columns: tuple[str, ...]) -> pl.Expr:
    return pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in columns], separator="\x1f")


def removed_by(rows: pl.DataFrame, table: str) -> pl.Expr:
    """True for the existing rows of ``table`` that the loaded ``rows`` replace (the rules above)."""
    remove = _key(KEYS[table]).is_in(rows.select(_key(KEYS[table])).to_series().implode())
    if table in SAMPLE_SCOPE:
        scope = rows.select(_key(SAMPLE_SCOPE[table])).to_series().implode()
        remove = remove | (pl.col("is_sample") & (pl.col("geography_level") == "prefecture")
                           & _key(SAMPLE_SCOPE[table]).is_in(scope))
    return remove.fill_null(False)


def apply_loads(frames: dict[str, pl.DataFrame], loads: list[ArchivedLoad], root: Path,
                ) -> tuple[dict[str, pl.DataFrame], dict[str, Replaced]]:
    """New frames with every load applied; rows replaced per load (by sha256). Raises RejectedInput when an
    archived load is missing or names an indicator the build no longer has."""
    frames = dict(frames)
    replaced: dict[str, Replaced] = {}
    problems: list[Problem] = []
    known_kpis = set(frames["dim_indicator"]["kpi_id"].to_list())
    sources = []
    for load in loads:
        try:
            rows = load.rows(root)
        except (FileNotFoundError, pl.exceptions.PolarsError) as exc:
            problems.append(messages.problem(load.file_name, None, None, load.sha256, "archive_missing",
                                             dataset=load.dataset, detail=type(exc).__name__))
            continue
        table = load.table
        if table == "fact_kpi":
            unknown = sorted(set(rows["kpi_id"].to_list()) - known_kpis)
            if unknown:
                problems.append(messages.problem(load.file_name, None, "指標", ", ".join(unknown[:5]),
                                                 "unknown_indicator.archived", names=", ".join(unknown[:5])))
                continue
        facts = frames[table]
        flagged = facts.with_columns(_remove=removed_by(rows, table))
        gone = flagged.filter("_remove")
        replaced[load.sha256] = Replaced(sample=gone.filter("is_sample").height,
                                         loaded=gone.filter(~pl.col("is_sample")).height)
        frames[table] = pl.concat([flagged.filter(~pl.col("_remove")).drop("_remove"), rows.select(facts.columns)])
        sources.append(load.source)
    if problems:
        raise RejectedInput(problems)
    if sources:
        frames["dim_source"] = pl.concat([frames["dim_source"], tables.frame("dim_source", sources)]).unique(
            subset="source_id", keep="last", maintain_order=True)
    return frames, replaced
