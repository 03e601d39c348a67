"""XLSX -> rows of text cells (named or first sheet), with the sheet's merged ranges.

Read with openpyxl in read-only mode (a 200,000-row sheet stays small in memory) and ``data_only``: a
formula cell gives the value Excel last calculated, a formula never calculated reads as blank. Merged
ranges are not exposed in read-only mode, so they are read from the sheet's XML. Numbers become text the
way the cell shows them: whole numbers without '.0', percent-formatted cells as '85.3%'.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import iterparse

import openpyxl
from openpyxl.utils.cell import range_boundaries

from etl.ingest import specs
from etl.ingest.decode import Grid
from etl.problems import Problem, RejectedInput


def _reject(name: str, rule: str, message: str, row: int | None = None) -> RejectedInput:
    return RejectedInput([Problem(name, row, None, None, rule, message)])


def _number_text(value: float) -> str:
    value = float(f"{value:.12g}")  # 0.1 + 0.2 shows as 0.3, as in the cell
    return str(int(value)) if value.is_integer() else repr(value)


def cell_text(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return _number_text(value * 100) + "%"
        return _number_text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _choose_sheet(names: list[str], wanted: str | None, file_name: str) -> str:
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    by_key = {unicodedata.normalize("NFKC", n).strip(): n for n in names}
    key = unicodedata.normalize("NFKC", wanted).strip()
    if key in by_key:
        return by_key[key]
    raise _reject(file_name, "unknown_sheet", f"no sheet named {wanted!r}; sheets: {', '.join(names)}")


def merged_ranges(worksheet: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range, read from the sheet XML."""
    ranges = []
    try:
        source = worksheet._get_source()  # read-only worksheets keep merges out of their API
    except (AttributeError, KeyError):
        return []
    with source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                ranges.append((min_row, min_col, max_row, max_col))
            elif element.tag.endswith("}row"):
                element.clear()  # keep memory flat on long sheets
    return ranges


def read(data: bytes, file_name: str, sheet: str | None) -> Grid:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _reject(file_name, "not_xlsx", "a damaged or incomplete zip/XLSX file") from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise _reject(file_name, "not_xlsx", "a zip file but not an Excel workbook (.xlsx)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > specs.MAX_XLSX_UNCOMPRESSED:
        raise _reject(file_name, "file_too_large", f"unpacks to {unpacked:,} bytes; the limit is "
                      f"{specs.MAX_XLSX_UNCOMPRESSED:,}")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open is a property of the file
        raise _reject(file_name, "not_xlsx", f"Excel could not be read ({type(exc).__name__})") from None
    try:
        names = list(book.sheetnames)
        if not names:
            raise _reject(file_name, "empty_file", "the workbook has no sheets")
        chosen = _choose_sheet(names, sheet, file_name)
        worksheet = book[chosen]
        worksheet.reset_dimensions()  # some writers record a wrong size; read every row there is
        rows: list[tuple[int, list[str]]] = []
        limit = specs.MAX_DATA_ROWS + specs.HEADER_SEARCH_ROWS
        for number, row in enumerate(worksheet.iter_rows(min_row=1), start=1):
            cells = [cell_text(c.value, c.number_format) for c in row]
            while cells and cells[-1] == "":
                cells.pop()
            if len(cells) > specs.MAX_COLUMNS:
                raise _reject(file_name, "too_many_columns", f"{len(cells)} columns; the limit is "
                              f"{specs.MAX_COLUMNS}", row=number)
            rows.append((number, cells))
            if number > limit:
                raise _reject(file_name, "too_many_rows", f"more than {specs.MAX_DATA_ROWS:,} rows", row=number)
        while rows and not rows[-1][1]:
            rows.pop()
        merges = merged_ranges(worksheet)
    finally:
        book.close()
    return Grid("xlsx", None, rows, sheet=chosen, sheets=tuple(names), merges=merges)
