"""One worksheet's XML -> rows of text cells, streamed: expat handlers with their own limits.

Cells become text the way Excel shows them: whole numbers without '.0', percent-formatted cells as
'85.3%', date-formatted cells as ISO dates, phonetic guides (ふりがな) left out. Blank rows between rows are
kept (a blank row ends a table). A formula with no saved value (or in a workbook a program wrote with
"recalculate on open", whose saved values are placeholders) is noted with its cell, so it never loads as
blank or 0. Rows, cells per row, characters per cell and merged ranges are bounded as they are read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from etl.cells.problems import RejectedInput
from etl.uploads import specs
from etl.uploads.xlsx_book import Book, Sheet
from etl.uploads.xlsx_parts import Package, Stop, reject

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_COLUMNS: dict[str, int] = {}


def number_text(value: float) -> str:
    value = float(f"{value:.12g}")  # 0.1 + 0.2 shows as 0.3, as in the cell
    return str(int(value)) if value.is_integer() else repr(value)


def _column(letters: str) -> int:
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for char in letters:
            index = index * 26 + ord(char) - 64
        if len(_COLUMNS) < EXCEL_COLUMNS * 2:
            _COLUMNS[letters] = index
    return index


class SheetReader:
    """expat handlers for one worksheet; rows as (row number, cells) with blank rows between kept."""

    def __init__(self, package: Package, book: Book, sheet: Sheet, *, first_rows: int | None = None):
        self.package, self.book, self.sheet = package, book, sheet
        self.file = package.file_name
        self.stop_after = first_rows  # a probe reads only the first rows, within a small tag budget
        self.budget = specs.PROBE_TAGS if first_rows else specs.MAX_XML_TAGS
        self.rows: list[tuple[int, list[str]]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.formulas: list[str] = []  # cells whose formula has no calculated value
        self.formula_count = 0
        self.level = self.number = self.last = self.col = self.row_cells = 0
        self.cells: list[str] | None = None
        self.kind, self.style, self.ref = "n", -1, ""
        self.formula = self.collect = self.inline = False
        self.has_value = False
        self.phonetic = 0
        self.parts: list[str] = []
        self.length = 0
        self.row_limit = specs.MAX_DATA_ROWS + specs.HEADER_SEARCH_ROWS

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self._count_tag()
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._start_cell(attrs)
        elif tag in ("v", "t", "f", "is", "rPh"):
            self._start_content(tag)
        elif tag == "row":
            self._start_row(attrs.get("r"))
        elif tag == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def _count_tag(self) -> None:
        """Every tag counts against the nesting and tag limits, before anything else is done with it."""
        self.level += 1
        self.budget -= 1
        if self.level > specs.MAX_XML_DEPTH:
            raise reject(self.file, "not_xlsx.too_deep", part=self.sheet.path, limit=specs.MAX_XML_DEPTH)
        if self.budget < 0:
            if self.stop_after:
                raise Stop
            raise reject(self.file, "too_many_cells.tags", part=self.sheet.path, limit=specs.MAX_XML_TAGS)

    def _start_content(self, tag: str) -> None:
        """Inside a cell: a value, inline text, a formula, a phonetic guide."""
        if tag == "v":
            self.collect = self.has_value = True
        elif tag == "t":
            self.collect = self.inline and not self.phonetic
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.inline = self.has_value = True
        else:
            self.phonetic += 1

    def end(self, tag: str) -> None:
        self.level -= 1
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._end_cell()
        elif tag in ("v", "t"):
            self.collect = False
        elif tag == "is":
            self.inline = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row":
            self._end_row()

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            if self.length > specs.MAX_XLSX_TEXT:
                raise reject(self.file, "cell_too_large", row=self.number, length=self.length,
                             limit=specs.MAX_XLSX_TEXT)
            self.parts.append(data)

    def _damaged(self, detail: str) -> RejectedInput:
        return self.package.xml_error(str(self.sheet.path), detail)

    def _start_row(self, ref: str | None) -> None:
        number = int(ref) if ref and ref.isdigit() and len(ref) < 8 else self.number + 1
        if number <= self.number or number > EXCEL_ROWS:
            raise self._damaged(f"row {number} after row {self.number}")
        if self.stop_after and number > self.stop_after:
            raise Stop
        self.number, self.cells, self.col, self.row_cells = number, [], 0, 0

    def _end_row(self) -> None:
        cells = self.cells
        self.cells = None
        if not cells:
            return
        if self.number > self.row_limit:
            raise reject(self.file, "too_many_rows", row=self.number, limit=specs.MAX_DATA_ROWS)
        self.rows.extend((n, []) for n in range(self.last + 1, self.number))  # blank rows end a table
        self.rows.append((self.number, cells))
        self.last = self.number

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.row_cells += 1
        if self.row_cells > EXCEL_COLUMNS:
            raise reject(self.file, "too_many_cells.row", row=self.number, limit=EXCEL_COLUMNS)
        ref = attrs.get("r")
        if ref:
            letters = ref.rstrip("0123456789").upper()
            if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
                raise self._damaged(f"cell reference {ref[:20]!r}")
            self.col = _column(letters)
        else:
            self.col += 1
        if self.col > EXCEL_COLUMNS:
            raise self._damaged(f"cell reference {ref!r}")
        self.ref = ref or ""
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = int(style) if style and style.isdigit() and len(style) < 7 else -1
        self.formula = self.has_value = False
        self.parts = []
        self.length = 0

    def _end_cell(self) -> None:
        if self.cells is None:
            raise self._damaged("a cell outside a row")
        raw = "".join(self.parts) if self.parts else ""
        if self.formula and (not self.has_value or (raw == "" and self.kind != "str") or self.book.full_calc_on_load):
            self.formula_count += 1
            if len(self.formulas) < 1_000:
                self.formulas.append(self.ref or f"R{self.number}C{self.col}")
        value = self._value(raw)
        if not value:
            return
        if self.col > specs.MAX_COLUMNS:
            raise reject(self.file, "too_many_columns", row=self.number, count=self.col, limit=specs.MAX_COLUMNS)
        cells = self.cells
        if len(cells) < self.col:
            cells.extend([""] * (self.col - len(cells)))
        cells[self.col - 1] = value

    def _value(self, raw: str) -> str:
        kind = self.kind
        if kind == "n":
            if not raw:
                return ""
            try:
                number = float(raw)
            except ValueError:
                raise self._damaged(f"{self.ref}: {raw[:20]!r} is not a number") from None
            styles = self.book.styles
            shown = styles[self.style] if 0 <= self.style < len(styles) else ""
            if shown == "percent":
                return number_text(number * 100) + "%"
            if shown == "date":
                return _date_text(number, self.book.date1904)
            return number_text(number)
        if kind == "s":
            strings = self.book.strings
            raw = raw.strip()
            if not raw.isdigit() or len(raw) > 9 or int(raw) >= len(strings):
                raise self._damaged(f"{self.ref}: shared string {raw[:20]!r} does not exist")
            return strings[int(raw)]
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(raw, raw)
        return raw  # inlineStr, str (a formula's text), e (#DIV/0! …), d (an ISO date)

    def _merge(self, ref: str) -> None:
        if ":" not in ref:
            return
        if len(self.merges) >= specs.MAX_MERGES:
            raise reject(self.file, "too_many_cells.merged", count=len(self.merges), limit=specs.MAX_MERGES)
        first, _, last = ref.partition(":")
        try:
            (row1, col1), (row2, col2) = _cell(first), _cell(last)
        except ValueError:
            raise self._damaged(f"merged range {ref[:30]!r}") from None
        self.merges.append((min(row1, row2), min(col1, col2), max(row1, row2), max(col1, col2)))


def _cell(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isupper() and digits.isdigit()
            and len(digits) < 8):
        raise ValueError(ref)
    return int(digits), _column(letters)


def _date_text(serial: float, date1904: bool) -> str:
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    try:
        moment = base + timedelta(days=serial)
    except (OverflowError, ValueError):  # 1e300, inf, nan: not a date; shown as the number it is
        return number_text(serial)
    return moment.date().isoformat() if serial.is_integer() else moment.isoformat()
