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
from etl.cells.values import looks_like_formula, nfkc, parse_prefecture
from etl.inputs.reference import Prefecture
from etl.uploads import records, specs, templates, whole_file
from etl.uploads.decode import read_grid
from etl.uploads.grid import Grid
from etl.uploads.header import Header, find_header
from etl.uploads.report import PREVIEW_ROWS, Report, preview_frame
from etl.uploads.xlsx import SheetChoice
from warehouse.connection import home

NOTE_MARKER = re.compile(r"^(※|\*|注|\(注|出典|資料|備考|\(備考|〔|\[|【|\d+\))")
UNIT_CELL = re.compile(r"^[(\[]?(単位[:：]?)?\s*(件|社|%|円|千円|百万円|機関|人|年度|年)?[)\]]?$")


def source_id(sha256: str) -> str:
    return f"src_load_{sha256[:12]}"


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
    if not header.rows:
        report.preview = _raw_preview(grid)
        return report
    report.header_rows = header.rows
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
    name, sid = report.file_name, source_id(report.sha256)
    kpi_catalog = records.kpi_catalog(root) if spec.table == "fact_kpi" else {}
    measures = records.measure_catalog(spec)
    rows: list[dict[str, object]] = []
    keys: dict[tuple[object, ...], tuple[int, tuple[object, ...]]] = {}
    totals: list[tuple[int, tuple[object, ...], float]] = []
    preview: list[tuple[int, list[str], str, str, str]] = []
    key_columns = [header.columns[f] for f in ("prefecture", "year") if f in header.columns]
    seen_data = ended = False
    for number, cells in grid.rows[header.next_index:]:
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            report.skipped["blank"] += 1
            ended = ended or seen_data
            continue
        if len(filled) == 1 and (ended or NOTE_MARKER.match(nfkc(cells[filled[0]]))):
            report.skipped["note"] += 1
            preview.append((number, cells, "skipped: note", "", ""))
            continue
        if not seen_data and (not any(i < len(cells) and cells[i].strip() for i in key_columns)
                              or all(UNIT_CELL.match(nfkc(cells[i])) for i in filled)):
            report.skipped["unit"] += 1
            preview.append((number, cells, "skipped: unit", "", ""))
            continue
        seen_data = True
        row = records.Row(name, number, cells, header.columns, header.names)
        status = _shape(row, grid, header)
        built = None
        if status == "ok":
            pref = row.read("prefecture", parse_prefecture)
            if pref in ("total", "subtotal"):
                report.skipped[str(pref)] += 1
                if pref == "total" and spec.table == "fact_statistic":
                    total = whole_file.total_row(row, spec, measures)
                    if total is not None:
                        totals.append((number, *total))
                preview.append((number, cells, f"skipped: {pref}", "", ""))
                continue
            if pref is None and not row.problems:
                row.fail("prefecture", "missing_value.prefecture")
            place = pref if isinstance(pref, Prefecture) else None
            if spec.table == "fact_kpi":
                built = records.kpi_row(row, place, kpi_catalog, sid)
            else:
                built = records.statistic_row(row, place, spec, measures, sid)
            if templates.is_example_note(row.raw("note")):
                row.fail("note", "example_row")
            if looks_like_formula(row.raw("note")):
                report.warn(messages.problem(name, number, report.columns.get("note"), row.raw("note"), "formula_text"))
        if built is not None and not row.problems:
            record, values = built
            key = tuple(record[k] for k in tables.KEYS[spec.table])
            if key in keys:
                first, first_values = keys[key]
                if first_values == values:
                    report.skipped["duplicate"] += 1
                    report.warn(messages.problem(name, number, None, None, "duplicate_row", first=first))
                    preview.append((number, cells, "skipped: duplicate", "", ""))
                    continue
                row.fail("actual" if spec.table == "fact_kpi" else "value", "conflicting_duplicate", first=first,
                         key=_key_text(record, spec.table))
            else:
                keys[key] = (number, values)
                rows.append(record)
                if row.missing:
                    report.placeholders.update(row.missing)
        for problem in row.problems:
            report.problem(problem)
        for warning in row.warnings:
            report.warn(warning)
        if len(preview) < PREVIEW_ROWS or (row.problems and len(preview) < 2 * PREVIEW_ROWS):
            preview.append((number, cells, "error" if row.problems else "ok",
                            "; ".join(f"{p.column}: {p.message}" for p in row.problems),
                            "; ".join(f"{p.column}: {messages.text(p, 'ja')}" for p in row.problems)))
    whole_file.check(report, spec, rows, keys, totals)
    report.preview = preview_frame(header.names, preview)
    report.rows_valid = len(rows)
    if report.accepted:
        report.rows = tables.frame(spec.table, rows)


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
