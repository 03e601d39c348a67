"""The bundled templates can never become data.

``data/templates/<dataset>.csv`` holds the header only; ``data/templates/<dataset>_example.csv`` shows
filled-in rows, each marked 記入例 in its 備考 (note). Two rules keep them out of the warehouse:

- a file whose non-blank rows equal a bundled template or example, cell for cell after NFKC (so also when
  re-saved by Excel as CP932 or XLSX), is refused as the unmodified template;
- any row whose note starts with 記入例 is an example row and is refused (an example file with some
  values changed but the markers left).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from etl.cells.values import nfkc
from etl.inputs.reference import data_dir

EXAMPLE_MARK = "記入例"
Fingerprint = tuple[tuple[str, ...], ...]


def template_path(dataset: str) -> Path:
    return data_dir() / "templates" / f"{dataset}.csv"


def example_path(dataset: str) -> Path:
    return data_dir() / "templates" / f"{dataset}_example.csv"


def fingerprint(rows: list[tuple[int, list[str]]]) -> Fingerprint:
    """Non-blank rows, cells normalised, trailing blank cells dropped."""
    found = []
    for _number, cells in rows:
        normal = [nfkc(cell) for cell in cells]
        while normal and not normal[-1]:
            normal.pop()
        if normal:
            found.append(tuple(normal))
    return tuple(found)


@lru_cache(maxsize=1)
def _bundled() -> dict[Fingerprint, tuple[str, bool]]:
    """Fingerprint -> (file name, is the example file) of every bundled template and example."""
    from etl.cells.text import csv_rows, decode_text

    known: dict[Fingerprint, tuple[str, bool]] = {}
    for path in sorted((data_dir() / "templates").glob("*.csv")):
        text, _encoding = decode_text(path.read_bytes(), path.name)
        known[fingerprint(csv_rows(text, path.name))] = (path.name, path.stem.endswith("_example"))
    return known


def match(rows: list[tuple[int, list[str]]]) -> tuple[str, bool] | None:
    """(template file name, is the example) when these rows are a bundled template's, unmodified."""
    if len(rows) > 50:  # templates are a few rows: do not fingerprint a large file
        return None
    return _bundled().get(fingerprint(rows))


def is_example_note(note: str) -> bool:
    return nfkc(note).startswith(EXAMPLE_MARK)
