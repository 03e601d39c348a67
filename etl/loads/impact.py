"""What loading a valid file would do, before it is loaded: rows added, sample rows replaced, real rows replaced.

Counted against the serving version with the same rule the build applies (etl.loads.override.removed_by), so
the report shown before loading and the summary after it agree. Real rows are rows that are not sample:
earlier loads or bundled published figures; replacing them needs an explicit confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from etl.loads import override as merge
from etl.uploads import specs
from etl.uploads.report import Report
from warehouse.connection import NoWarehouseError, current_version, open_read_only

_EXISTING = {
    "fact_kpi": "SELECT kpi_id, plan, geography_level, block, prefecture_code, fiscal_year, period, is_sample "
                "FROM fact_kpi WHERE geography_level = 'prefecture' AND list_contains($years, fiscal_year) "
                "AND list_contains($prefectures, prefecture_code)",
    "fact_statistic": "SELECT stat_code, geography_level, block, prefecture_code, year, is_sample FROM fact_statistic "
                      "WHERE geography_level = 'prefecture' AND list_contains($years, year) "
                      "AND list_contains($prefectures, prefecture_code)",
}
_YEAR = {"fact_kpi": "fiscal_year", "fact_statistic": "year"}


@dataclass(frozen=True)
class Impact:
    added: int  # loaded rows whose key is not in the warehouse yet
    sample: int  # sample rows the load replaces
    real: int  # real rows (earlier loads, published figures) the load replaces
    version: str | None = None  # the version counted against

    @property
    def replaced(self) -> int:
        return self.sample + self.real

    def line(self) -> str:
        return (f"rows to add: {self.added:,}; rows to replace: {self.replaced:,} (sample {self.sample:,}, "
                f"real {self.real:,})")


def measure(report: Report, root: Path) -> Impact | None:
    """The impact of an accepted report; None when it cannot be counted (no readable warehouse)."""
    rows = report.rows
    if rows is None:
        return None
    table = specs.DATASETS[report.dataset].table
    try:
        version = current_version(root)
        con = open_read_only(version.path)
    except (NoWarehouseError, duckdb.Error, OSError, ValueError):  # the build still counts (and guards) it
        return None
    try:
        existing = pl.from_arrow(con.sql(_EXISTING[table], params={
            "years": sorted(set(rows[_YEAR[table]].to_list())),
            "prefectures": sorted(set(rows["prefecture_code"].to_list()))}).to_arrow_table())
    except duckdb.Error:
        return None
    finally:
        con.close()
    assert isinstance(existing, pl.DataFrame)
    gone = existing.filter(merge.removed_by(rows, table))
    keys = list(merge.KEYS[table])
    added = rows.select(keys).join(existing.select(keys), on=keys, how="anti", nulls_equal=True).height
    sample = gone.filter("is_sample").height
    return Impact(added, sample, gone.height - sample, version.id)

