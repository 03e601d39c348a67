"""Typed parsing of the bundled files' cells. Each parser returns a value or raises ValueError."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from etl.cells.problems import Problem

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_LEADING_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:\((.*)\))?$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


def optional_number(text: str) -> float | None:
    """'' -> None; '1234' / '12.5' -> float; '1/2' -> 0.5; else ValueError."""
    text = text.strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text)
    if re.fullmatch(r"\d+/\d+", text):
        return float(Fraction(text))
    raise ValueError(f"not a number: {text!r}")


def number_with_note(text: str) -> float | None:
    """A target such as '5000 (2022年)' -> 5000.0; the note stays in the raw text column."""
    text = text.strip()
    if not text:
        return None
    match = _LEADING_NUMBER.match(text)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    return float(match.group(1))


def year_span(text: str) -> tuple[int, int]:
    """'2022' -> (2022, 2022); '2020-2022' -> (2020, 2022)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text), int(text)
    match = _YEAR_RANGE.match(text)
    if match and int(match.group(1)) <= int(match.group(2)):
        return int(match.group(1)), int(match.group(2))
    raise ValueError(f"not a year or year range: {text!r}")


def source_type(text: str) -> str:
    """Normalise the raw files' source_type text to seed | primary | secondary."""
    lowered = text.strip().lower()
    for kind in ("seed", "primary", "secondary"):
        if lowered.startswith(kind):
            return kind
    raise ValueError(f"unknown source type: {text!r}")


def source_id(title: str, url: str) -> str:
    return "src_" + hashlib.sha256(f"{title}\x1f{url}".encode()).hexdigest()[:10]


def cells(
    file: str, line: int, row: Mapping[str, str], parsers: Mapping[str, Callable[[str], Any]]
) -> tuple[dict[str, Any], list[Problem]]:
    """Parse several cells of one row; every cell that fails becomes a Problem naming its column."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, parser in parsers.items():
        try:
            values[column] = parser(row[column])
        except ValueError as exc:
            problems.append(Problem(file, line, column, row[column], "not_parsable", str(exc).split(":")[0]))
    return values, problems
