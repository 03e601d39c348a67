"""Bytes -> text -> CSV records, each with the line it starts on: the one CSV reader of every input.

Text is decoded once, here: BOM -> utf-8-sig, else strict UTF-8, else strict CP932 (never ``shift_jis``: it
rejects NEC/IBM extensions and maps －/～ differently), else rejected with the byte offset and line. Never
lossy, and never a guess across lines: a file whose lines need different encodings (a UTF-8 file with one
CP932 line pasted in) is rejected naming the first line that differs, instead of turning the UTF-8 text into
mojibake. Uploads read any of these (etl.uploads.decode); the bundled files must be UTF-8 (``read_bundled``),
which also rejects duplicate and missing headers and truncated rows (Polars would let those through).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.cells import messages
from etl.cells.problems import Problem, RejectedInput

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_NOT_TEXT = re.compile("[\u0080-\u009f\ue000-\uf8ff]")
_FIRST_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(frozen=True)
class CsvLimits:
    """What a CSV may hold before it is refused (etl.uploads.specs sets them for uploads)."""

    data_rows: int = 1 << 62
    header_rows: int = 0  # rows allowed above the data (titles, header)
    columns: int = 1 << 62
    cells: int = 1 << 62
    cell_chars: int = csv.field_size_limit()


def reject(name: str, key: str, row: int | None = None, **args: object) -> RejectedInput:
    return RejectedInput([messages.problem(name, row, None, None, key, **args)])


def line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding: utf-8-sig | utf-8 | cp932); RejectedInput naming the byte, offset and line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(name, "unsupported_encoding")
    control = _CONTROL.search(data)
    if control:
        raise reject(name, "binary_file", byte=control.group()[0], offset=control.start(),
                     line=line_of(data, control.start()))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise (_mixed_lines(data, name) or reject(name, "undecodable.bom", offset=exc.start,
                                                      line=line_of(data, exc.start))) from None
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
            raise reject(name, "undecodable", encoding=encoding, byte=data[offset], offset=offset,
                         line=line_of(data, offset)) from None


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
        encoding = None if line.isascii() else _line_encoding(line)
        if encoding is None:
            continue
        if first is None:
            first = (number, encoding)
        elif encoding != first[1]:
            return reject(name, "mixed_encoding", row=number, first=first[0], first_encoding=first[1],
                          line=number, encoding=encoding)
    return None


def check_line_lengths(text: str, name: str, limit: int) -> None:
    """A line longer than any valid row is refused before the CSV reader builds a row of millions of fields.

    Lines are found with str.find (C speed); a long stretch between two LF is looked at again for CR endings.
    """
    if len(text) <= limit:
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > limit and _longest_piece(text, start, end) > limit:
            line = text.count("\n", 0, start) + 1
            raise reject(name, "line_too_long", row=line, line=line, limit=limit)
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


def csv_rows(text: str, name: str, limits: CsvLimits = CsvLimits()) -> list[tuple[int, list[str]]]:
    """Records with the physical line each starts on; broken quoting or a limit rejects the file naming the line."""
    reader = csv.reader(_lines(text), delimiter=_delimiter(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    cells, start = 0, 1
    try:
        for record in reader:
            rows.append((start, record))
            cells += len(record)
            _within(limits, name, start, len(record), len(rows), cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise reject(name, "cell_too_large.csv", row=start, limit=limits.cell_chars) from None
        raise reject(name, "broken_csv", row=start, detail=str(exc)) from None
    return rows


def _within(limits: CsvLimits, name: str, start: int, fields: int, rows: int, cells: int) -> None:
    if fields > limits.columns:
        raise reject(name, "too_many_columns", row=start, count=fields, limit=limits.columns)
    if rows > limits.data_rows + limits.header_rows:
        raise reject(name, "too_many_rows", row=start, limit=limits.data_rows)
    if cells > limits.cells:
        raise reject(name, "too_many_cells", row=start, limit=limits.cells)


def read_bundled(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """A bundled CSV (UTF-8, with or without BOM) as (line in the file, {column: text}); every problem of
    the file at once (RejectedInput) when its encoding, header or a row's field count is wrong."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput([Problem(name, None, None, None, "encoding", f"not UTF-8 at byte {exc.start}")]) from exc
    records = [(line, fields) for line, fields in csv_rows(text, name) if any(cell.strip() for cell in fields)]
    if not records:
        raise RejectedInput([Problem(name, None, None, None, "empty", "file is empty")])
    (_, header), body = records[0], records[1:]
    problems = _header_problems(name, header, required)
    rows: list[tuple[int, dict[str, str]]] = []
    for line, record in body:
        if len(record) != len(header):
            problems.append(Problem(name, line, None, None, "ragged_row",
                                    f"row has {len(record)} fields, header has {len(header)}"))
            continue
        rows.append((line, {h: cell.strip() for h, cell in zip(header, record, strict=True)}))
    if problems:
        raise RejectedInput(problems)
    return rows


def _header_problems(name: str, header: list[str], required: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, col, "duplicate_header", "column name appears twice"))
        seen.add(col)
    problems += [Problem(name, 1, col, None, "missing_column", "required column is missing")
                 for col in required if col not in seen]
    return problems
