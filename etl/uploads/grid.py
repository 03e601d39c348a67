"""A file read into rows of text cells: what every later step works on, whatever the format was."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.cells.problems import Problem


@dataclass
class Grid:
    format: str  # csv | xlsx
    encoding: str | None  # utf-8 | utf-8-sig | cp932 (CSV); None for XLSX
    rows: list[tuple[int, list[str]]]  # (row number as in the file, cells)
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    warnings: list[Problem] = field(default_factory=list)  # about the file as a whole
    hidden: tuple[str, ...] = ()  # hidden and very hidden sheets

    @property
    def label(self) -> str:
        return f"XLSX, sheet {self.sheet!r}" if self.format == "xlsx" else f"CSV, {self.encoding}"
