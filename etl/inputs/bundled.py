"""What the bundled files share: their sources, the rows and problems a file gives, and reading its cells.

One module per kind of bundled file reads, normalises and validates it into table rows (etl.inputs.kpi,
etl.inputs.published), with the cell vocabulary of etl.cells.values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from etl.cells import values
from etl.cells.problems import Problem
from etl.inputs.reference import source_titles

# The plan itself: every row that cites it (in any bundled file) cites this one source.
SEED_SOURCE = {
    "source_id": "src_seed_plan3",
    "source_type": "seed",
    "title": "第3次地域知財活性化行動計画（改訂版） 2024年3月 特許庁",
    "title_en": "JPO, 3rd Regional IP Activation Action Plan (revised), March 2024",
    "url": "data/raw/plan_3rd_revised_2024-03.txt",
}


def source_of(row: dict[str, str]) -> dict[str, object]:
    """A bundled row's source (``source_table``, ``source_url``, ``source_type``), with its English title."""
    kind = values.source_type(row["source_type"])
    if kind == "seed":
        return SEED_SOURCE
    title, url = row["source_table"], row["source_url"]
    title_ja, title_en = source_titles(title)
    return {"source_id": values.source_id(title, url), "source_type": kind, "title": title_ja, "title_en": title_en,
            "url": url}


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


# What a bundled cell was expected to be, by its parser (the problem's message)
_EXPECTED = {values.plain_number: "not a number", values.number_with_note: "not a number",
             values.year_span: "not a year or year range", values.source_type: "unknown source type"}


def parse_cells(
    file: str, line: int, row: Mapping[str, str], parsers: Mapping[str, Callable[[str], Any]]
) -> tuple[dict[str, Any], list[Problem]]:
    """Parse several cells of one row; every cell that fails becomes a Problem naming its column."""
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, parser in parsers.items():
        try:
            parsed[column] = parser(row[column])
        except ValueError as exc:
            problems.append(Problem(file, line, column, row[column], "not_parsable", _EXPECTED.get(parser, str(exc))))
    return parsed, problems
