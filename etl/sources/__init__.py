"""One module per kind of source file; each reads, normalises and validates into table rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.problems import Problem


@dataclass
class Batch:
    """Rows for warehouse tables, plus the problems found while making them."""

    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, table: str, row: dict[str, object]) -> None:
        self.rows.setdefault(table, []).append(row)

    def extend(self, other: Batch) -> None:
        for table, rows in other.rows.items():
            self.rows.setdefault(table, []).extend(rows)
        self.problems.extend(other.problems)
