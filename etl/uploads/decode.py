"""Bytes -> rows of text cells, each with its row number as in the file; bad bytes reject the file.

The format is read from the content, not the name: a zip is XLSX, an OLE2 file is old Excel (refused),
anything else must be text. Text is decoded once, here: BOM -> utf-8-sig, else strict UTF-8, else strict
CP932 (never ``shift_jis``: it rejects NEC/IBM extensions and maps －/～ differently), else rejected
with the byte offset and line. Never lossy, and never a guess across lines: a file whose lines need
different encodings (a UTF-8 file with one CP932 line pasted in) is rejected naming the first line that
differs, instead of turning the UTF-8 text into mojibake.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator

from etl.cells import messages
from etl.cells.problems import RejectedInput
from etl.uploads import specs
from etl.uploads.grid import Grid

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_NOT_TEXT = re.compile("[\u0080-\u009f\ue000-\uf8ff]")
_FIRST_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _reject(name: str, key: str, row: int | None = None, **args: object) -> RejectedInput:
    return RejectedInput([messages.problem(name, row, None, None, key, **args)])


def read_grid(data: bytes, name: str, sheet: str | None = None,
              probe: Callable[[list[tuple[int, list[str]]]], bool] | None = None) -> Grid:
    """Rows of the file (or of one sheet); raises RejectedInput for a file that cannot be read at all.

    ``probe`` tells whether a sheet's first rows look like the dataset (it picks the sheet of a workbook).
    """
    if len(data) > specs.MAX_FILE_BYTES:
        raise _reject(name, "file_too_large", size=len(data), limit=specs.MAX_FILE_BYTES)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _reject(name, "empty_file")
    if data.startswith(ZIP_MAGIC):
        from etl.uploads import xlsx  # only spreadsheets need the XML machinery

        return xlsx.read(data, name, sheet, probe)
    if data.startswith(OLE2_MAGIC):
        raise _reject(name, "old_excel")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise _reject(name, "not_xlsx.named")
    text, encoding = decode_text(data, name)
    if text.count(",") + text.count("\t") + text.count("\n") > 2 * specs.MAX_CELLS:  # C speed, before any row
        raise _reject(name, "too_many_cells", limit=specs.MAX_CELLS)
    _check_line_lengths(text, name)
    grid = Grid("csv", encoding, csv_rows(text, name))
    if not text.endswith(("\n", "\r")):
        grid.warnings.append(messages.problem(name, None, None, None, "no_final_newline", line=_line_count(text)))
    return grid


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _reject(name, "unsupported_encoding")
    control = _CONTROL.search(data)
    if control:
        raise _reject(name, "binary_file", byte=control.group()[0], offset=control.start(),
                      line=_line_of(data, control.start()))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            mixed = _mixed_lines(data, name)
            if mixed:
                raise mixed from None
            raise _reject(name, "undecodable.bom", offset=exc.start, line=_line_of(data, exc.start)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8:
        mixed = _mixed_lines(data, name)
        if mixed:
            raise mixed from None
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as cp932:
            # the decoder that got further is the likelier intended encoding
            offset, encoding = max((utf8.start, "UTF-8"), (cp932.start, "CP932"))
            raise _reject(name, "undecodable", encoding=encoding, byte=data[offset], offset=offset,
                          line=_line_of(data, offset)) from None


def _line_encoding(line: bytes) -> str | None:
    """'UTF-8' or 'CP932' for a line only one of them explains; None when ASCII, ambiguous or neither.

    A line counts as UTF-8 only with a character of three bytes or more (all Japanese text): short
    two-byte UTF-8 sequences also occur by chance in CP932 half-width katakana.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = line.decode("cp932")
        except UnicodeDecodeError:
            return None
        # Python maps stray bytes (0x80, 0xA0, 0xFD–0xFF) to C1 controls and private-use characters: not text
        return None if _NOT_TEXT.search(text) else "CP932"
    return "UTF-8" if any(ord(char) >= 0x800 for char in text) else None


def _mixed_lines(data: bytes, name: str = "") -> RejectedInput | None:
    """The first line whose encoding differs from the first non-ASCII line's, when there is one."""
    first: tuple[int, str] | None = None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    for number, line in enumerate(body.split(b"\n"), start=1):
        if line.isascii():
            continue
        encoding = _line_encoding(line)
        if encoding is None:
            continue
        if first is None:
            first = (number, encoding)
        elif encoding != first[1]:
            return _reject(name, "mixed_encoding", row=number, first=first[0], first_encoding=first[1],
                           line=number, encoding=encoding)
    return None


def _check_line_lengths(text: str, name: str) -> None:
    """A line longer than any valid row is refused before the CSV reader builds a row of millions of fields.

    Lines are found with str.find (C speed); a long stretch between two LF is looked at again for CR endings.
    """
    limit = specs.MAX_LINE_CHARS
    if len(text) <= limit:
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > limit and _longest_piece(text, start, end) > limit:
            line = text.count("\n", 0, start) + 1
            raise _reject(name, "line_too_long", row=line, line=line, limit=limit)
        start = end + 1


def _longest_piece(text: str, start: int, end: int) -> int:
    """The longest stretch between CRs in text[start:end], without copying it."""
    longest = 0
    while True:
        cr = text.find("\r", start, end)
        stop = end if cr == -1 else cr
        longest = max(longest, stop - start)
        if cr == -1:
            return longest
        start = cr + 1


def _delimiter(text: str) -> str:
    first = _FIRST_LINE.search(text)
    line = first.group() if first else ""
    return "\t" if line.count("\t") > line.count(",") else ","


def _lines(text: str) -> Iterator[str]:
    """Physical lines with their endings (\r\n, \n or \r), one at a time: a StringIO would copy the whole
    text at four bytes a character."""
    for match in _PHYSICAL_LINE.finditer(text):
        yield match.group()


def csv_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Records with the physical line each starts on; broken quoting rejects the file naming the line."""
    reader = csv.reader(_lines(text), delimiter=_delimiter(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    limit = specs.MAX_DATA_ROWS + specs.HEADER_SEARCH_ROWS
    cells = 0
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            cells += len(record)
            if len(record) > specs.MAX_COLUMNS:
                raise _reject(name, "too_many_columns", row=start, count=len(record), limit=specs.MAX_COLUMNS)
            if len(rows) > limit:
                raise _reject(name, "too_many_rows", row=start, limit=specs.MAX_DATA_ROWS)
            if cells > specs.MAX_CELLS:
                raise _reject(name, "too_many_cells", row=start, limit=specs.MAX_CELLS)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _reject(name, "cell_too_large.csv", row=start, limit=specs.MAX_CELL_CHARS) from None
        raise _reject(name, "broken_csv", row=start, detail=str(exc)) from None
    return rows
