"""What loading a valid file would do, before it is loaded: rows added, sample rows replaced, real rows replaced.

Counted against the serving version with the same rule the build applies (warehouse/loads.py, as
etl/loads/override.py says it), so the report shown before loading and the summary after it agree. Real rows
are rows that are not sample: earlier loads or bundled published figures; replacing them needs an explicit
confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.loads import override
from etl.uploads import specs
from etl.uploads.report import Report
from warehouse.loads import impact


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
    if report.rows is None:
        return None
    table = specs.DATASETS[report.dataset].table
    found = impact(report.rows.to_arrow(), table, override.SAMPLE_SCOPE.get(table, ()), root)
    if found is None:  # no readable warehouse: the build still counts (and guards) it
        return None
    version, counted = found
    return Impact(counted.added, counted.sample, counted.real, version.id)
