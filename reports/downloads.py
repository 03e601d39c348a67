"""Download files of exactly what a page shows: CSV for Excel, XLSX with context, Parquet (pure bytes builders;
ui.downloads draws the buttons).

Numbers are written as a person expects them: a column whose values are all whole numbers is an integer
column (``20``, not ``20.0``); percentages are rounded in the warehouse views.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import polars as pl
import polars.selectors as cs
import xlsxwriter

from etl.cells.values import FORMULA_START  # one list of what a spreadsheet runs as a formula


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix an apostrophe to text cells that a spreadsheet would evaluate; numbers stay numbers."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    pattern = "^[" + re.escape("".join(FORMULA_START)) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


def _whole(values: pl.Series) -> bool:
    values = values.drop_nulls()
    return values.len() > 0 and bool((values == values.round(0)).all()) and float(values.abs().max()) < 2**53


def whole_numbers_as_integers(frame: pl.DataFrame) -> pl.DataFrame:
    """Float columns holding only whole numbers (counts, targets) become integer columns."""
    return frame.with_columns(pl.col(name).cast(pl.Int64) for name in frame.select(cs.float()).columns
                              if _whole(frame[name]))


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel on Japanese Windows reads it right), CRLF, formula-safe."""
    buffer = io.BytesIO()
    neutralise(whole_numbers_as_integers(frame)).write_csv(buffer, include_bom=True, line_terminator="\r\n")
    return buffer.getvalue()


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    whole_numbers_as_integers(frame).write_parquet(buffer)
    return buffer.getvalue()


def sources_in(frame: pl.DataFrame) -> list[str]:
    """Every source a download's rows name: the figures' and, for rates, their denominators' (the census beside
    the sample)."""
    return sorted({s for column in ("source", "denominator_source") if column in frame.columns
                   for s in frame[column].drop_nulls().to_list()})


def xlsx_bytes(frame: pl.DataFrame, *, context: dict[str, str], sources: list[str]) -> bytes:
    """Sheets: data; the context (filters applied, build version, time); the sources of the rows."""
    buffer = io.BytesIO()
    # strings stay strings: no formulas, no auto-links, whatever the cell says
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        header = book.add_format({"bold": True})
        data = book.add_worksheet("data")
        data.write_row(0, 0, frame.columns, header)
        for row_number, row in enumerate(whole_numbers_as_integers(frame).iter_rows(), start=1):
            data.write_row(row_number, 0, [_cell(v) for v in row])
        data.freeze_panes(1, 0)  # the header stays in view
        data.autofilter(0, 0, max(frame.height, 1), max(frame.width - 1, 0))
        about = book.add_worksheet("filters")
        about.write_row(0, 0, ["項目 / item", "値 / value"], header)
        for row_number, (key, value) in enumerate(context.items(), start=1):
            about.write_row(row_number, 0, [key, value])
        cited = book.add_worksheet("sources")
        cited.write(0, 0, "出典 / source", header)
        for row_number, source in enumerate(sources, start=1):
            cited.write(row_number, 0, source)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def filename(view: str, slug: str, extension: str) -> str:
    return f"ipdash_{view}_{slug}.{extension}"
