"""A file's bytes -> a Report: warehouse rows when every row is good, else every problem with row and column.

Rows below the header are data, or skipped with a reason that is counted (nothing is lost silently):
blank, note (a single cell starting with ※/注/出典…, or any single cell after the table has ended),
unit (a units row right under the header), total (全国/合計: a checksum, compared, not loaded),
subtotal (block rows such as 関東計), duplicate (the same row twice).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells import messages
from etl.cells.problems import RejectedInput
from etl.cells.values import loaded_source_id, looks_like_formula, nfkc
from etl.inputs.reference import Prefecture, parse_prefecture
from etl.uploads import records, specs, templates, whole_file
from etl.uploads.decode import read_grid
from etl.uploads.grid import Grid
from etl.uploads.header import Header, find_header
from etl.uploads.report import PREVIEW_ROWS, Report, preview_frame
from etl.uploads.xlsx import SheetChoice
from warehouse.connection import home

NOTE_MARKER = re.compile(r"^(※|\*|注|\(注|出典|資料|備考|\(備考|〔|\[|【|\d+\))")
UNIT_CELL = re.compile(r"^[(\[]?(単位[:：]?)?\s*(件|社|%|円|千円|百万円|機関|人|年度|年)?[)\]]?$")


def validate(data: bytes, file_name: str, dataset: str, *, sheet: str | None = None,
             root: Path | None = None) -> Report:
    """Never raises for a bad file: everything wrong with it is in ``report.problems``."""
    spec = specs.DATASETS[dataset]
    report = Report(file_name, dataset, hashlib.sha256(data).hexdigest(), len(data))
    try:
        grid = read_grid(data, file_name, sheet, probe=lambda rows: _looks_like(rows, spec, file_name))
    except RejectedInput as exc:
        for problem in exc.problems:
            report.problem(problem)
        if isinstance(exc, SheetChoice):  # the page offers these sheets to choose from
            report.format, report.sheets, report.hidden_sheets = "xlsx", exc.sheets, exc.hidden
            report.sheet_choices = exc.choices
        return report
    report.format, report.encoding, report.sheet, report.sheets = grid.format, grid.encoding, grid.sheet, grid.sheets
    report.hidden_sheets = grid.hidden
    report.rows_in_file = len(grid.rows)
    for warning in grid.warnings:
        report.warn(warning)
    template = templates.match(grid.rows)
    if template is not None:  # said first; the rows' own problems (no data, example rows) follow
        name, example = template
        report.problem(messages.problem(file_name, None, None, None,
                                        "template_unmodified.example" if example else "template_unmodified",
                                        template=name))
    header = find_header(grid, spec, file_name)
    for problem in header.problems:
        report.problem(problem)
    for warning in header.warnings:
        report.warn(warning)
    report.header_rows = header.rows
    if not header.rows or any(p.rule == "missing_column" for p in header.problems):
        # without a required column every row would fail on it too, under an internal field name: the header's
        # problems say it once and the rows are shown as they are; the rows' own problems (a prefecture name…)
        # are found once the column is there
        report.preview = _raw_preview(grid)
        return report
    report.columns = {name: header.names[index] for name, index in header.columns.items()}
    for _, cells in grid.rows[: header.next_index - len(header.rows)]:
        report.skipped["title" if any(c.strip() for c in cells) else "blank"] += 1
    report.skipped["header"] = len(header.rows)
    _fill_merged_data_cells(grid, header)
    _read_rows(report, grid, header, spec, root or home())
    return report


def _looks_like(rows: list[tuple[int, list[str]]], spec: specs.Dataset, file_name: str) -> bool:
    """A sheet whose first rows hold this dataset's header (picks the data sheet of a workbook)."""
    return bool(find_header(Grid("xlsx", None, rows), spec, file_name).rows)


def _raw_preview(grid: Grid) -> pl.DataFrame:
    width = max((len(c) for _, c in grid.rows[:PREVIEW_ROWS]), default=0)
    return preview_frame([""] * width, [(n, c, "", "", "") for n, c in grid.rows[:PREVIEW_ROWS]])


def _fill_merged_data_cells(grid: Grid, header: Header) -> None:
    """A label merged down over several data rows (東京都 over three years) belongs to each of them."""
    index = {number: cells for number, cells in grid.rows}
    for min_row, min_col, max_row, max_col in grid.merges:
        top = index.get(min_row)
        if min_row <= header.rows[-1] or top is None or min_col > len(top):
            continue
        value = top[min_col - 1]
        for number in range(min_row, max_row + 1):
            cells = index.get(number)
            if cells is None:
                continue
            cells.extend([""] * (max_col - len(cells)))
            for col in range(min_col - 1, max_col):
                cells[col] = cells[col] or value


def _read_rows(report: Report, grid: Grid, header: Header, spec: specs.Dataset, root: Path) -> None:
    reader = _Rows(report, header, spec, root)
    for number, cells in grid.rows[header.next_index:]:
        reader.read(number, cells, grid)
    whole_file.check(report, spec, reader.rows, reader.keys, reader.totals)
    report.preview = preview_frame(header.names, reader.preview)
    report.rows_valid = len(reader.rows)
    if report.accepted:
        report.rows = tables.frame(spec.table, reader.rows)


class _Rows:
    """The rows below the header, one at a time: skipped with a reason, or read into a warehouse row."""

    def __init__(self, report: Report, header: Header, spec: specs.Dataset, root: Path):
        self.report, self.header, self.spec = report, header, spec
        self.kpi_catalog = records.kpi_catalog(root) if spec.table == "fact_kpi" else {}
        self.measures = records.measure_catalog(spec)
        self.source_id = loaded_source_id(report.sha256)
        self.rows: list[dict[str, object]] = []
        self.keys: dict[tuple[object, ...], tuple[int, tuple[object, ...]]] = {}
        self.totals: list[tuple[int, tuple[object, ...], float]] = []
        self.preview: list[tuple[int, list[str], str, str, str]] = []
        self.key_columns = [header.columns[f] for f in ("prefecture", "year") if f in header.columns]
        self.seen_data = self.ended = False

    def read(self, number: int, cells: list[str], grid: Grid) -> None:
        skipped = self._not_data(cells)
        if skipped:
            self.report.skipped[skipped] += 1
            if skipped != "blank":
                self.preview.append((number, cells, f"skipped: {skipped}", "", ""))
            return
        self.seen_data = True
        row = records.Row(self.report.file_name, number, cells, self.header.columns, self.header.names)
        built = self._build(row, number, cells) if _shape(row, grid, self.header) == "ok" else None
        if built == "skipped":
            return
        if built is not None and not row.problems and self._keep(row, number, cells, *built):
            return
        self._report(row, number, cells)

    def _not_data(self, cells: list[str]) -> str | None:
        """Why a row is not data (blank, note, unit), or None."""
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            self.ended = self.ended or self.seen_data
            return "blank"
        if len(filled) == 1 and (self.ended or NOTE_MARKER.match(nfkc(cells[filled[0]]))):
            return "note"
        return "unit" if not self.seen_data and self._unit_row(cells, filled) else None

    def _unit_row(self, cells: list[str], filled: list[int]) -> bool:
        """Right under the header: a row without a prefecture or year, or of units only ((単位：件))."""
        keyless = not any(i < len(cells) and cells[i].strip() for i in self.key_columns)
        return keyless or all(UNIT_CELL.match(nfkc(cells[i])) for i in filled)

    def _build(self, row: records.Row, number: int, cells: list[str],
               ) -> tuple[dict[str, object], tuple[object, ...]] | str | None:
        """The row's warehouse row and values; 'skipped' for a total or subtotal row."""
        pref = row.read("prefecture", parse_prefecture)
        if pref in ("total", "subtotal"):
            self._skip_total(row, number, cells, str(pref))
            return "skipped"
        if pref is None and not row.problems:
            row.fail("prefecture", "missing_value.prefecture")
        place = pref if isinstance(pref, Prefecture) else None
        if self.spec.table == "fact_kpi":
            built = records.kpi_row(row, place, self.kpi_catalog, self.source_id)
        else:
            built = records.statistic_row(row, place, self.spec, self.measures, self.source_id)
        if templates.is_example_note(row.raw("note")):
            row.fail("note", "example_row")
        if looks_like_formula(row.raw("note")):
            self.report.warn(messages.problem(row.file, number, self.report.columns.get("note"), row.raw("note"),
                                              "formula_text"))
        return built

    def _skip_total(self, row: records.Row, number: int, cells: list[str], kind: str) -> None:
        """全国/合計 rows are compared with the sum of the rows; subtotals are only counted."""
        self.report.skipped[kind] += 1
        if kind == "total" and self.spec.table == "fact_statistic":
            total = whole_file.total_row(row, self.spec, self.measures)
            if total is not None:
                self.totals.append((number, *total))
        self.preview.append((number, cells, f"skipped: {kind}", "", ""))

    def _keep(self, row: records.Row, number: int, cells: list[str], record: dict[str, object],
              values: tuple[object, ...]) -> bool:
        """Keep a good row once; True when it was an identical duplicate (skipped, said as a warning)."""
        key = tuple(record[k] for k in tables.KEYS[self.spec.table])
        if key not in self.keys:
            self.keys[key] = (number, values)
            self.rows.append(record)
            self.report.placeholders.update(row.missing)
            return False
        first, first_values = self.keys[key]
        if first_values != values:
            row.fail("actual" if self.spec.table == "fact_kpi" else "value", "conflicting_duplicate", first=first,
                     key=_key_text(record, self.spec.table))
            return False
        self.report.skipped["duplicate"] += 1
        self.report.warn(messages.problem(row.file, number, None, None, "duplicate_row", first=first))
        self.preview.append((number, cells, "skipped: duplicate", "", ""))
        return True

    def _report(self, row: records.Row, number: int, cells: list[str]) -> None:
        for problem in row.problems:
            self.report.problem(problem)
        for warning in row.warnings:
            self.report.warn(warning)
        if len(self.preview) < PREVIEW_ROWS or (row.problems and len(self.preview) < 2 * PREVIEW_ROWS):
            self.preview.append((number, cells, "error" if row.problems else "ok",
                                 "; ".join(f"{p.column}: {p.message}" for p in row.problems),
                                 "; ".join(f"{p.column}: {messages.text(p, 'ja')}" for p in row.problems)))


def _key_text(record: dict[str, object], table: str) -> str:
    """The row's key as shown to people: every loaded row is a prefecture's, so level and block go unsaid."""
    return ", ".join(str(record[k]) for k in tables.KEYS[table] if k not in ("geography_level", "block"))


def _shape(row: records.Row, grid: Grid, header: Header) -> str:
    """Truncated or ragged rows and oversized cells are problems of the row as a whole."""
    if grid.format == "csv" and len(row.cells) < header.width:
        row.problems.append(messages.problem(row.file, row.number, None, None, "ragged_row", fields=len(row.cells),
                                             width=header.width))
    elif any(c.strip() for c in row.cells[len(header.names):]):
        row.problems.append(messages.problem(row.file, row.number, None, None, "ragged_row.long",
                                             width=len(header.names)))
    if max(map(len, row.cells), default=0) <= specs.MAX_CELL_CHARS:
        return "bad" if row.problems else "ok"
    for index, cell in enumerate(row.cells):
        if len(cell) > specs.MAX_CELL_CHARS:
            column = header.names[index] if index < len(header.names) else f"({index + 1})"
            row.problems.append(messages.problem(row.file, row.number, column, cell[:40] + "…", "cell_too_large",
                                                 length=len(cell), limit=specs.MAX_CELL_CHARS))
    return "bad" if row.problems else "ok"
