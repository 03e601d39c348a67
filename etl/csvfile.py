"""Strict reading of the bundled long-format CSV files (UTF-8).

Polars lets a truncated last row through as nulls and renames duplicate headers, so the
bundled files are read with the csv module, every physical row's field count is checked,
and every cell stays a string until a typed parser turns it into a value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.cells.problems import Problem, RejectedInput


def read_rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number in the file, {column: text}); rejects the file with every problem."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput(
            [Problem(name, None, None, None, "encoding", f"not UTF-8 at byte {exc.start}")]
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RejectedInput([Problem(name, None, None, None, "empty", "file is empty")]) from None
    problems: list[Problem] = []
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, col, "duplicate_header", "column name appears twice"))
        seen.add(col)
    for col in required:
        if col not in seen:
            problems.append(Problem(name, 1, col, None, "missing_column", "required column is missing"))
    rows: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    name, line, None, None, "ragged_row",
                    f"row has {len(record)} fields, header has {len(header)}",
                )
            )
            continue
        rows.append((line, {h: cell.strip() for h, cell in zip(header, record, strict=True)}))
    if problems:
        raise RejectedInput(problems)
    return rows
