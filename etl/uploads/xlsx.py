"""XLSX -> rows of text cells of one sheet, with its merged ranges; which sheet is read, and why.

Which sheet: the one named (``--sheet``, or the page's sheet picker; hidden sheets too, by name only).
Otherwise hidden and very hidden sheets never count: of the visible sheets, the one whose first rows hold
the dataset's header; several such sheets -> rejected listing them (the page lets the user choose); none ->
the active visible sheet (whose problems are then reported). Hidden sheets are named in a warning.

Cells are read by etl.uploads.xlsx_sheet; a formula with no saved value is refused naming the cell, links
to other workbooks are a warning. Everything is streamed under the limits of etl.uploads.specs (see
etl.uploads.xlsx_parts).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from etl.cells import messages
from etl.cells.problems import Problem, RejectedInput
from etl.uploads import specs
from etl.uploads.grid import Grid
from etl.uploads.xlsx_book import Book, Sheet, read_book
from etl.uploads.xlsx_parts import Limits, Package, reject
from etl.uploads.xlsx_sheet import SheetReader

Probe = Callable[[list[tuple[int, list[str]]]], bool]


class SheetChoice(RejectedInput):
    """No sheet can be chosen alone: carries the sheets the user may pick from."""

    def __init__(self, problems: list[Problem], choices: tuple[str, ...], sheets: tuple[str, ...],
                 hidden: tuple[str, ...]):
        super().__init__(problems)
        self.choices, self.sheets, self.hidden = choices, sheets, hidden


def _first_rows(package: Package, book: Book, sheet: Sheet, budget: list[int]) -> list[tuple[int, list[str]]]:
    """The rows a header may be in, reading at most PROBE_TAGS tags of this sheet and PROBE_TAGS_TOTAL of all
    (``budget`` holds what is left of the total)."""
    reader = SheetReader(package, book, sheet, first_rows=specs.HEADER_SEARCH_ROWS + specs.MAX_HEADER_ROWS)
    reader.budget = allowed = min(specs.PROBE_TAGS, budget[0])
    if sheet.path is not None and allowed > 0:
        package.parse(sheet.path, reader.start, reader.end, reader.text)
    budget[0] -= allowed - max(reader.budget, 0)
    return reader.rows


def _named(book: Book, wanted: str, file_name: str) -> Sheet:
    for sheet in book.sheets:
        if sheet.name == wanted:
            return sheet
    key = unicodedata.normalize("NFKC", wanted).strip()
    for sheet in book.sheets:
        if unicodedata.normalize("NFKC", sheet.name).strip() == key:
            return sheet
    raise reject(file_name, "unknown_sheet", sheet=wanted, names=", ".join(s.name for s in book.sheets))


def choose(package: Package, book: Book, wanted: str | None, probe: Probe | None) -> tuple[Sheet, list[Problem]]:
    file_name = package.file_name
    if wanted is not None:
        return _named(book, wanted, file_name), []
    names = tuple(s.name for s in book.sheets)
    hidden = tuple(s.name for s in book.sheets if not s.visible)
    warnings = []
    if hidden:
        warnings.append(messages.problem(file_name, None, None, None, "hidden_sheets", names=", ".join(hidden)))
    visible = [s for s in book.sheets if s.visible and s.path is not None]
    if not visible:
        problem = messages.problem(file_name, None, None, None, "no_visible_sheet", names=", ".join(hidden))
        raise SheetChoice([problem], names, names, hidden)
    if len(visible) == 1:
        return visible[0], warnings
    budget = [specs.PROBE_TAGS_TOTAL]
    data_like = [s for s in visible[: specs.MAX_SHEETS_PROBED]
                 if probe and probe(_first_rows(package, book, s, budget))]
    if len(data_like) > 1:
        listed = tuple(s.name for s in data_like)
        problem = messages.problem(file_name, None, None, None, "ambiguous_sheet", names=", ".join(listed))
        raise SheetChoice([problem], listed, names, hidden)
    return (data_like[0] if data_like else book.active_sheet or visible[0]), warnings


def read(data: bytes, file_name: str, sheet: str | None, probe: Probe | None = None) -> Grid:
    package = Package.open(data, file_name)
    book = read_book(package)
    if not book.sheets:
        raise reject(file_name, "empty_file.no_sheets")
    chosen, warnings = choose(package, book, sheet, probe)
    if chosen.path is None:
        raise reject(file_name, "not_a_worksheet", sheet=chosen.name)
    reader = SheetReader(package, book, chosen)
    package.parse(chosen.path, reader.start, reader.end, reader.text, Limits(cells=specs.MAX_XLSX_CELLS))
    if reader.formula_count:
        problems = [messages.problem(file_name, None, None, None, "formula_not_calculated",
                                     cell=f"{chosen.name}!{ref}") for ref in reader.formulas]
        raise RejectedInput(problems)
    if book.external_links:
        warnings.append(messages.problem(file_name, None, None, None, "external_links", count=book.external_links))
    merges = _clipped(reader.merges, reader.last, file_name)
    return Grid("xlsx", None, reader.rows, sheet=chosen.name, sheets=tuple(s.name for s in book.sheets),
                merges=merges, warnings=warnings, hidden=tuple(s.name for s in book.sheets if not s.visible))


def _clipped(merges: list[tuple[int, int, int, int]], last_row: int, file_name: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the rows and columns there are (a range over a whole sheet is 17 billion cells)."""
    kept, area = [], 0
    for min_row, min_col, max_row, max_col in merges:
        max_row, max_col = min(max_row, last_row), min(max_col, specs.MAX_COLUMNS)
        if min_row > max_row or min_col > max_col:
            continue
        area += (max_row - min_row + 1) * (max_col - min_col + 1)
        if area > specs.MAX_XLSX_CELLS:
            raise reject(file_name, "too_many_cells.merged", count=area, limit=specs.MAX_XLSX_CELLS)
        kept.append((min_row, min_col, max_row, max_col))
    return kept
