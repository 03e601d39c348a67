"""Bytes -> rows of text cells, each with its row number as in the file; bad bytes reject the file.

The format is read from the content, not the name: a zip is XLSX, an OLE2 file is old Excel (refused),
anything else must be text. Text is decoded once, here: BOM -> utf-8-sig, else strict UTF-8, else strict
CP932 (never ``shift_jis``: it rejects NEC/IBM extensions and maps －/～ differently), else rejected
with the byte offset and line. Never lossy.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from etl.ingest import specs
from etl.problems import Problem, RejectedInput

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass
class Grid:
    format: str  # csv | xlsx
    encoding: str | None  # utf-8 | utf-8-sig | cp932 (CSV); None for XLSX
    rows: list[tuple[int, list[str]]]  # (row number as in the file, cells)
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col

    @property
    def label(self) -> str:
        return f"XLSX, sheet {self.sheet!r}" if self.format == "xlsx" else f"CSV, {self.encoding}"


def _reject(name: str, rule: str, message: str, row: int | None = None, value: str | None = None) -> RejectedInput:
    return RejectedInput([Problem(name, row, None, value, rule, message)])


def read_grid(data: bytes, name: str, sheet: str | None = None) -> Grid:
    """Rows of the file (or of one sheet); raises RejectedInput for a file that cannot be read at all."""
    if len(data) > specs.MAX_FILE_BYTES:
        raise _reject(name, "file_too_large", f"file is {len(data):,} bytes; the limit is {specs.MAX_FILE_BYTES:,}")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _reject(name, "empty_file", "the file is empty")
    if data.startswith(ZIP_MAGIC):
        from etl.ingest import xlsx  # openpyxl is imported only for spreadsheets

        return xlsx.read(data, name, sheet)
    if data.startswith(OLE2_MAGIC):
        raise _reject(name, "old_excel", "old Excel (.xls) or another OLE file: save it as .xlsx or CSV")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise _reject(name, "not_xlsx", "named .xlsx but not an XLSX (zip) file")
    text, encoding = decode_text(data, name)
    return Grid("csv", encoding, csv_rows(text, name))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _reject(name, "unsupported_encoding", "UTF-16 text: save as 'CSV UTF-8' or 'CSV' (CP932)")
    control = _CONTROL.search(data)
    if control:
        raise _reject(name, "binary_file", f"binary content: control byte 0x{control.group()[0]:02x} at byte "
                      f"{control.start()} (line {_line_of(data, control.start())}); not a CSV text file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _reject(name, "undecodable", f"has a UTF-8 BOM but invalid UTF-8 at byte {exc.start} "
                          f"(line {_line_of(data, exc.start)})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as cp932:
            # the decoder that got further is the likelier intended encoding
            offset, encoding = max((utf8.start, "UTF-8"), (cp932.start, "CP932"))
            raise _reject(name, "undecodable", f"neither UTF-8 nor CP932 (Shift_JIS): invalid {encoding} byte "
                          f"0x{data[offset]:02x} at byte {offset} (line {_line_of(data, offset)})") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def csv_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Records with the physical line each starts on; broken quoting rejects the file naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    limit = specs.MAX_DATA_ROWS + specs.HEADER_SEARCH_ROWS
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            if len(record) > specs.MAX_COLUMNS:
                raise _reject(name, "too_many_columns",
                              f"{len(record)} fields; the limit is {specs.MAX_COLUMNS}", row=start)
            if len(rows) > limit:
                raise _reject(name, "too_many_rows", f"more than {specs.MAX_DATA_ROWS:,} rows", row=start)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _reject(name, "cell_too_large", f"a cell is longer than the limit of {specs.MAX_CELL_CHARS:,} "
                          "characters", row=start) from None
        raise _reject(name, "broken_csv", f"unreadable CSV ({exc}); check quotes", row=start) from None
    return rows
