"""The result of validating one file: every problem (kept up to a limit, all counted), warnings, counts, preview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from etl.cells.problems import Problem
from etl.uploads import specs

PREVIEW_ROWS = 1_000  # first rows shown before loading, plus up to as many rows with problems
ROW_COLUMN = "行 / row"
STATUS_COLUMN = "状態 / status"  # ok | error | skipped: <reason> (the page shows it in the user's language)
PROBLEM_COLUMN = "問題 / problems"  # English
PROBLEM_JA_COLUMN = "問題 / problems (ja)"
FIXED_COLUMNS = (ROW_COLUMN, STATUS_COLUMN, PROBLEM_COLUMN, PROBLEM_JA_COLUMN)


@dataclass
class Report:
    file_name: str
    dataset: str
    sha256: str
    size_bytes: int
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    hidden_sheets: tuple[str, ...] = ()
    sheet_choices: tuple[str, ...] = ()  # several sheets hold data: the user must choose one of these
    header_rows: tuple[int, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written in the file
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0
    rows_in_file: int = 0  # non-blank rows of the file, header included
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> rows (title, header, blank, note, total...)
    placeholders: Counter[str] = field(default_factory=Counter)  # reason code -> cells
    rows_valid: int = 0  # data rows that passed (loaded when the whole file passes)
    rows: pl.DataFrame | None = None  # the warehouse rows (fact_kpi or fact_statistic)
    preview: pl.DataFrame | None = None
    rows_with_problems: int = 0
    _problem_rows: set[int] = field(default_factory=set, repr=False)

    @property
    def accepted(self) -> bool:
        return self.problem_count == 0

    @property
    def rows_loaded(self) -> int:
        return 0 if self.rows is None else self.rows.height

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if problem.row is not None and problem.row not in self._problem_rows:  # all counted, not only those kept
            self._problem_rows.add(problem.row)
            self.rows_with_problems += 1
        if len(self.problems) < specs.KEPT_PROBLEMS:
            self.problems.append(problem)

    def warn(self, problem: Problem) -> None:
        self.warning_count += 1
        if len(self.warnings) < specs.KEPT_PROBLEMS:
            self.warnings.append(problem)

    @property
    def source_label(self) -> str:
        if self.format == "xlsx":
            return f"XLSX, sheet {self.sheet!r}"
        return f"CSV, encoding {self.encoding}" if self.format else "unreadable"

    def counts_line(self) -> str:
        skipped = ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items()))
        verb = "loaded" if self.accepted else "valid"
        return (f"rows in file: {self.rows_in_file:,} = {self.rows_valid:,} {verb} + "
                f"{sum(self.skipped.values()):,} skipped ({skipped or 'none'})"
                + (f" + {self.rows_with_problems:,} with problems" if self.problem_count else ""))

    def as_dict(self) -> dict[str, object]:
        """JSON-able (the quarantine's reasons file and the archive's metadata)."""
        return {
            "file_name": self.file_name, "dataset": self.dataset, "sha256": self.sha256,
            "size_bytes": self.size_bytes, "format": self.format, "encoding": self.encoding, "sheet": self.sheet,
            "sheets": list(self.sheets), "hidden_sheets": list(self.hidden_sheets),
            "sheet_choices": list(self.sheet_choices),
            "header_rows": list(self.header_rows), "columns": self.columns, "rows_in_file": self.rows_in_file,
            "rows_valid": self.rows_valid, "skipped": dict(self.skipped), "placeholders": dict(self.placeholders),
            "problem_count": self.problem_count, "rows_with_problems": self.rows_with_problems,
            "problems": [p.as_dict() for p in self.problems],
            "warning_count": self.warning_count, "warnings": [w.as_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The inverse of as_dict (the tables travel separately; see etl.uploads.sandbox)."""
        report = cls(str(data["file_name"]), str(data["dataset"]), str(data["sha256"]), int(data["size_bytes"]),
                     format=data["format"], encoding=data["encoding"], sheet=data["sheet"],
                     sheets=tuple(data["sheets"]), hidden_sheets=tuple(data["hidden_sheets"]),
                     sheet_choices=tuple(data["sheet_choices"]), header_rows=tuple(data["header_rows"]),
                     columns={str(k): str(v) for k, v in data["columns"].items()})
        report.problems = [Problem(**p) for p in data["problems"]]
        report.warnings = [Problem(**w) for w in data["warnings"]]
        report.problem_count, report.warning_count = int(data["problem_count"]), int(data["warning_count"])
        report.rows_with_problems = int(data["rows_with_problems"])
        report.rows_in_file, report.rows_valid = int(data["rows_in_file"]), int(data["rows_valid"])
        report.skipped, report.placeholders = Counter(data["skipped"]), Counter(data["placeholders"])
        return report


def text_lines(items: list[Problem], total: int, limit: int = 50) -> list[str]:
    """The first ``limit`` problems as lines, then how many more."""
    lines = [f"  {p}" for p in items[:limit]]
    if total > limit:
        lines.append(f"  … and {total - limit:,} more")
    return lines


def preview_frame(names: list[str], rows: list[tuple[int, list[str], str, str, str]]) -> pl.DataFrame:
    """(row number, cells, status, problems in English, in Japanese) -> a table with the file's own column names."""
    columns: list[str] = []
    for index, name in enumerate(names):
        label = name or f"({index + 1})"
        while label in columns or label in FIXED_COLUMNS:
            label += "'"
        columns.append(label)
    data: dict[str, list[object]] = {c: [] for c in FIXED_COLUMNS}
    data |= {c: [] for c in columns}
    for number, cells, status, problems, problems_ja in rows:
        data[ROW_COLUMN].append(number)
        data[STATUS_COLUMN].append(status)
        data[PROBLEM_COLUMN].append(problems)
        data[PROBLEM_JA_COLUMN].append(problems_ja)
        for index, column in enumerate(columns):
            data[column].append(cells[index] if index < len(cells) else "")
    schema = {ROW_COLUMN: pl.Int64, **{c: pl.String for c in [*FIXED_COLUMNS[1:], *columns]}}
    return pl.DataFrame(data, schema=schema)
