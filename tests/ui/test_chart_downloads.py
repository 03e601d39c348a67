"""File names of a chart's downloads name the sidebar's filters only when the chart follows them."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
import streamlit as st

from reports.views import ChartView
from ui.chart_downloads import file_stem
from ui.filters import BLOCKS, Filters


@pytest.fixture(autouse=True)
def kyushu_2020_2022() -> Iterator[None]:
    st.session_state["filters"] = Filters(plan="2nd", fy_from=2020, fy_to=2022, blocks=(BLOCKS["kyushu"],),
                                          prefectures=())
    yield
    del st.session_state["filters"]


def test_a_chart_of_the_chosen_years_and_blocks_names_them() -> None:
    view = ChartView(spec={}, table=pl.DataFrame(), name="sme_pct_filings_block")
    assert file_stem(view, "pct_regions") == "ipdash_sme_pct_filings_block_fy2020-2022_kyushu"


def test_a_national_chart_of_every_year_does_not_name_filters_it_ignores() -> None:
    view = ChartView(spec={}, table=pl.DataFrame(), name="national_pct_jpo_receiving_office", uses_filters=False)
    assert file_stem(view, "pct_national") == "ipdash_national_pct_jpo_receiving_office"


def test_figures_counted_in_calendar_years_name_them_cy() -> None:
    view = ChartView(spec={}, table=pl.DataFrame(), name="sme_pct_filings_block", year_type="calendar")
    assert file_stem(view, "pct_regions") == "ipdash_sme_pct_filings_block_cy2020-2022_kyushu"
    assert "暦年" in st.session_state["filters"].describe("ja", "calendar").__str__()
