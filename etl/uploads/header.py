"""Find the header under title/unit rows, flatten multi-row (merged) headers, map them to the dataset's columns.

The header is the first row (within the first rows of the file) naming at least two of the dataset's
columns. Following rows belong to it while they name a column and leave the key columns empty (a group
label merged over 目標/実績 sits on top; 都道府県 merged downwards leaves the cell below empty). Each
column's name is matched lowest part first ('採択件数 / 件数' matches 件数), then the joined name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.cells import messages
from etl.cells.problems import Problem
from etl.cells.values import nfkc
from etl.uploads import specs
from etl.uploads.grid import Grid

_UNIT_SUFFIX = re.compile(r"[(\[【].*?[)\]】]$")
KEY_KINDS = ("prefecture", "year", "indicator")


def header_key(text: str) -> str:
    """'採択件数（件）' -> '採択件数'; 'Fiscal Year' -> 'fiscalyear'; '達成率(%)' -> '達成率'."""
    key = nfkc(text).lower()
    key = re.sub(r"(※\d*|\*+)$", "", key).strip()
    key = _UNIT_SUFFIX.sub("", key)
    return re.sub(r"[\s_\-・]", "", key)


def alias_map(dataset: specs.Dataset) -> dict[str, str]:
    return {header_key(name): column.field for column in dataset.columns for name in column.names}


@dataclass
class Header:
    rows: tuple[int, ...] = ()  # row numbers (as in the file) of the header
    next_index: int = 0  # index in grid.rows of the first row after the header
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    names: list[str] = field(default_factory=list)  # flattened header text per column index
    width: int = 0  # columns up to the last named one
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _top_rows_filled(grid: Grid) -> dict[int, list[str]]:
    """Rows with each merged range's label copied across its columns (top row only)."""
    rows = {number: list(cells) for number, cells in grid.rows[: specs.HEADER_SEARCH_ROWS + specs.MAX_HEADER_ROWS]}
    for min_row, min_col, _max_row, max_col in grid.merges:
        cells = rows.get(min_row)
        if cells is None or min_col > len(cells) or max_col == min_col:
            continue
        cells.extend([""] * (max_col - len(cells)))
        for col in range(min_col, max_col):
            cells[col] = cells[col] or cells[min_col - 1]
    return rows


def _matches(cells: list[str], aliases: dict[str, str]) -> dict[int, str]:
    return {i: aliases[header_key(c)] for i, c in enumerate(cells) if c.strip() and header_key(c) in aliases}


def find_header(grid: Grid, dataset: specs.Dataset, file_name: str) -> Header:
    aliases = alias_map(dataset)
    filled = _top_rows_filled(grid)
    header = Header()
    required = [c for c in dataset.columns if c.required]
    start = None
    for index, (number, _cells) in enumerate(grid.rows[: specs.HEADER_SEARCH_ROWS]):
        if len(_matches(filled[number], aliases)) >= min(2, len(required)):
            start = index
            break
    if start is None:
        for column in required:
            header.problems.append(messages.problem(
                file_name, None, column.ja, None, "missing_column.not_found", column=column.ja,
                rows=specs.HEADER_SEARCH_ROWS, names=", ".join(column.names)))
        return header
    rows = [grid.rows[start][0]]
    key_columns = {i for i, f in _matches(filled[rows[0]], aliases).items() if f in KEY_KINDS}
    end = start + 1
    while end < len(grid.rows) and len(rows) < specs.MAX_HEADER_ROWS:
        number, cells = grid.rows[end]
        below = filled.get(number, cells)
        if not _matches(below, aliases) or any(i < len(below) and below[i].strip() for i in key_columns):
            break
        rows.append(number)
        end += 1
    header.rows, header.next_index = tuple(rows), end
    _flatten(header, [filled[r] for r in rows], aliases, dataset, file_name)
    return header


def _flatten(header: Header, rows: list[list[str]], aliases: dict[str, str], dataset: specs.Dataset,
             file_name: str) -> None:
    at = header.rows[-1]
    seen_names: dict[str, int] = {}
    for col in range(max(len(r) for r in rows)):
        parts = _parts(rows, col)
        name = " / ".join(parts)
        header.names.append(name)
        if not name:
            continue
        header.width = col + 1
        key = header_key(name)
        if key in seen_names:
            header.problems.append(messages.problem(file_name, at, name, name, "duplicate_header",
                                                    first=seen_names[key] + 1, second=col + 1))
            continue
        seen_names[key] = col
        _map_column(header, col, name, parts, aliases, dataset, file_name)
    for column in dataset.columns:
        if column.required and column.field not in header.columns:
            header.problems.append(messages.problem(file_name, at, column.ja, None, "missing_column",
                                                    column=column.ja, names=", ".join(column.names)))


def _parts(rows: list[list[str]], col: int) -> list[str]:
    """The texts stacked in one column of the header rows, a label repeated by a merge only once."""
    parts: list[str] = []
    for cells in rows:
        text = cells[col].strip() if col < len(cells) else ""
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return parts


def _map_column(header: Header, col: int, name: str, parts: list[str], aliases: dict[str, str],
                dataset: specs.Dataset, file_name: str) -> None:
    """Which dataset column a header names (its lowest part first, then the whole); unknown ones are ignored."""
    at = header.rows[-1]
    found = next((aliases[header_key(p)] for p in [*reversed(parts), name] if header_key(p) in aliases), None)
    if found is None:
        header.warnings.append(messages.problem(file_name, at, name, None, "ignored_column"))
    elif found in header.columns:
        first = header.names[header.columns[found]]
        header.problems.append(messages.problem(file_name, at, name, name, "duplicate_header.same_meaning",
                                                first=first, meaning=dataset.column(found).ja))
    else:
        header.columns[found] = col
