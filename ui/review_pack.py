"""The meeting-pack buttons of the review page: one click makes the PDF and the XLSX (reports.pack)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st

from ui import data
from ui.i18n import lang, t
from warehouse.reviews import Entry

_PACK_KEY = "review_pack"


def buttons(kpis: pl.DataFrame, entries: list[Entry], *, plan_row: Mapping[str, Any], block: str, year: int,
                 half: str) -> None:
    """One click makes the PDF and the XLSX of this block and half; they stay until something changes."""
    from reports.pack import content
    from reports.pack.fonts import FontMissing
    from reports.pack.make import make

    st.subheader(t("pack.title"))
    version = data.version()
    wanted = (block, year, half, lang(), version.id, len(entries))
    made = st.session_state.get(_PACK_KEY)
    if st.button(t("pack.make"), icon=":material/picture_as_pdf:", key="review_pack_make"):
        with st.spinner(t("pack.making")):
            try:
                gathered = content.from_frames(
                    kpis, entries, plan=plan_row, block=block, year=year, half=half, lang=lang(),
                    version_id=version.id, built_at=data.build_info(version.name).get("built_at", version.built_at))
                made = (wanted, make(gathered))
            except FontMissing as exc:
                st.error(t("pack.failed").format(reason=exc), icon=":material/error:")
                return
        st.session_state[_PACK_KEY] = made
    if made is None or made[0] != wanted:
        return
    result = made[1]
    cols = st.columns(2)
    cols[0].download_button(t("pack.pdf"), result.pdf, file_name=f"{result.stem}.pdf", mime="application/pdf",
                            icon=":material/download:", on_click="ignore", key="review_pack_pdf")
    cols[1].download_button(
        t("pack.xlsx"), result.xlsx, file_name=f"{result.stem}.xlsx", on_click="ignore", key="review_pack_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:")
