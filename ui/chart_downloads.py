"""The downloads under every chart: PNG and SVG of the chart as shown, CSV of exactly its figures.

The bytes are built only when a button is clicked (``download_button(data=callable)``, run later in a thread
without this session), so a rerun costs three small buttons, not a render. File names name the chart and
its choices (``view.name``) and the shared filters: ``ipdash_regions-map_sme_pct_filings_2022_fy2020-2022_kyushu.png``.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import streamlit as st

from reports import export
from reports.downloads import csv_bytes
from reports.views import ChartView, TableView
from ui.i18n import t

_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def typed(table: pl.DataFrame) -> pl.DataFrame:
    """A display table's numeric-looking text columns ('1,234', '85.2', '—') as numbers, for a chart without
    typed figures of its own."""
    columns = []
    for name in table.columns:
        cells = table[name].drop_nulls()
        shown = cells.filter(~cells.is_in(["—", ""]))
        if table.schema[name] == pl.String and shown.len() and all(_NUMBER.match(c) for c in shown.to_list()):
            columns.append(pl.col(name).replace({"—": None, "": None}).str.replace_all(",", "").cast(pl.Float64))
        else:
            columns.append(pl.col(name))
    return table.select(columns)


def file_stem(view: ChartView | TableView, key: str) -> str:
    filters = st.session_state.get("filters") if view.uses_filters else None
    parts = ["ipdash", view.name or key, filters.slug(view.year_type) if filters is not None else ""]
    return "_".join(p for p in parts if p)


def buttons(view: ChartView | TableView, *, key: str, images: bool = True) -> None:
    stem = file_stem(view, key)
    data, table = view.data, view.table

    def figures() -> pl.DataFrame:  # on click: reruns never type the table
        return data if data is not None else typed(table)

    row = st.container(horizontal=True)
    if images and isinstance(view, ChartView):
        spec: dict[str, Any] = view.spec
        row.download_button(t("download.png"), lambda: export.png(spec), f"{stem}.png", "image/png",
                            key=f"{key}_png", icon=":material/image:", on_click="ignore", type="tertiary")
        row.download_button(t("download.svg"), lambda: export.svg(spec), f"{stem}.svg", "image/svg+xml",
                            key=f"{key}_svg", icon=":material/draw:", on_click="ignore", type="tertiary")
    row.download_button(t("download.chart_csv"), lambda: csv_bytes(figures()), f"{stem}.csv", "text/csv",
                        key=f"{key}_csv", icon=":material/csv:", on_click="ignore", type="tertiary")
