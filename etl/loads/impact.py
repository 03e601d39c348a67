"""What loading a valid file would do, before it is loaded: rows added, sample rows replaced, real rows replaced.

Counted against the serving version with the same rule the build applies (etl.loads.override.removed_by), so
the report shown before loading and the summary after it agree. Real rows are rows that are not sample:
earlier loads or bundled published figures; replacing them needs an explicit confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.loads import override as merge
from etl.uploads import specs
from etl.uploads.report import Report
from warehouse.loads import prefecture_rows


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
    year = "fiscal_year" if table == "fact_kpi" else "year"
    found = prefecture_rows(table, sorted(set(rows[year].to_list())), sorted(set(rows["prefecture_code"].to_list())),
                            root)
    if found is None:  # no readable warehouse: the build still counts (and guards) it
        return None
    version, existing = found
    gone = existing.filter(merge.removed_by(rows, table))
    keys = list(merge.KEYS[table])
    added = rows.select(keys).join(existing.select(keys), on=keys, how="anti", nulls_equal=True).height
    sample = gone.filter("is_sample").height
    return Impact(added, sample, gone.height - sample, version.id)

