"""Download buttons for exactly what a page shows (the bytes come from reports.downloads, built on click)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import streamlit as st

from reports.downloads import csv_bytes, filename, parquet_bytes, sources_in, xlsx_bytes
from reports.views import japan_time
from ui.i18n import t


def buttons(frame: pl.DataFrame, *, view: str, slug: str, filters: dict[str, str], version: str,
            key: str) -> None:
    """CSV / XLSX / Parquet of ``frame`` (which must be what the page shows, with source and is_sample).

    Each file is built when its button is clicked (in a separate thread: no Streamlit state inside), so a
    rerun that does not download costs nothing here."""
    sources = sources_in(frame)
    context = {**filters, t("download.version"): version, t("download.rows"): str(frame.height)}
    created = t("download.created")  # labels now: the click is served in a thread without this session

    def workbook() -> bytes:  # stamped when clicked, in the clock the sidebar shows (JST)
        stamp = japan_time(datetime.now(UTC).isoformat(timespec="seconds"))
        return xlsx_bytes(frame, context={**context, created: stamp or ""}, sources=sources)

    left, middle, right = st.columns(3)
    left.download_button(t("download.csv"), lambda: csv_bytes(frame), filename(view, slug, "csv"), "text/csv",
                         key=f"{key}_csv", icon=":material/csv:", on_click="ignore")
    middle.download_button(
        t("download.xlsx"), workbook,
        filename(view, slug, "xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/table_view:", on_click="ignore")
    right.download_button(t("download.parquet"), lambda: parquet_bytes(frame), filename(view, slug, "parquet"),
                          "application/octet-stream", key=f"{key}_parquet", icon=":material/database:",
                          on_click="ignore")
