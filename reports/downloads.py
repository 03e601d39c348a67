"""Download files of exactly what a page shows: CSV for Excel, XLSX with context, Parquet.

The byte builders are pure (tested without Streamlit); ``buttons`` draws the three buttons.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import polars as pl
import streamlit as st
import xlsxwriter

from ui.i18n import t

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix an apostrophe to text cells that a spreadsheet would evaluate; numbers stay numbers."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    pattern = "^[" + re.escape("".join(FORMULA_START)) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel on Japanese Windows reads it right), CRLF, formula-safe."""
    buffer = io.BytesIO()
    neutralise(frame).write_csv(buffer, include_bom=True, line_terminator="\r\n")
    return buffer.getvalue()


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


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
        for row_number, row in enumerate(frame.iter_rows(), start=1):
            data.write_row(row_number, 0, [_cell(v) for v in row])
        data.freeze_panes(1, 0)
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


def buttons(frame: pl.DataFrame, *, view: str, slug: str, filters: dict[str, str], version: str,
            key: str) -> None:
    """CSV / XLSX / Parquet of ``frame`` (which must be what the page shows, with source and is_sample)."""
    sources = sorted(set(frame["source"].drop_nulls().to_list())) if "source" in frame.columns else []
    context = {**filters, t("download.version"): version, t("download.rows"): str(frame.height),
               t("download.created"): datetime.now(UTC).isoformat(timespec="seconds")}
    left, middle, right = st.columns(3)
    left.download_button(t("download.csv"), csv_bytes(frame), filename(view, slug, "csv"), "text/csv",
                         key=f"{key}_csv", icon=":material/csv:", on_click="ignore")
    middle.download_button(  # built on click, in a separate thread: no Streamlit state inside
        t("download.xlsx"), lambda: xlsx_bytes(frame, context=context, sources=sources),
        filename(view, slug, "xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/table_view:", on_click="ignore")
    right.download_button(t("download.parquet"), lambda: parquet_bytes(frame), filename(view, slug, "parquet"),
                          "application/octet-stream", key=f"{key}_parquet", icon=":material/database:",
                          on_click="ignore")
