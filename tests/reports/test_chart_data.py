"""A chart's CSV is typed, in the reader's language and rounded where more digits only look exact."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from reports import kpi_detail, overview, programme, regions, review

Read = Callable[..., pl.DataFrame]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_english_map_csv_names_blocks_in_english_and_rounds_rates(read: Read) -> None:
    model = regions.regions(read, measure="subsidy_new_adoptions", mode="value", sort="value", highlight="",
                            blocks=(), prefectures=(), fy_from=2020, fy_to=2022, lang="en", per="population")
    data = model.map.data
    assert data is not None
    assert not any(JAPANESE.search(str(block)) for block in data["block"])
    assert all(rate is None or round(rate, 4) == rate for rate in data["rate"])


def test_overview_block_csv_holds_numbers(read: Read) -> None:
    chart = overview.overview(read, plan="2nd", year=2022, blocks=(), lang="ja").regional.blocks
    assert chart is not None and chart.data is not None
    assert chart.data.schema["achieved"].is_integer() and chart.data.schema["achieved_share_pct"].is_float()
    assert chart.data["items"].sum() == 114 and chart.data["achieved"].sum() == 90


KYUSHU_BY_JIS = ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"]


def test_programme_table_tab_downloads_the_table_it_shows_in_jis_order(read: Read) -> None:
    """Rows, their order and the year columns of the CSV are the table's; the figures are numbers."""
    arguments = dict(measure="subsidy_new_adoptions", blocks=("九州",), prefectures=(), fy_from=2021, fy_to=2022,
                     lang="ja", per="establishments")
    view = programme.region_table(read, **arguments)
    assert view is not None and view.data is not None
    shown, data = view.table, view.data
    years = ["2021年度", "2022年度"]
    assert shown.columns[:3] == ["地域", *years] and data.columns[:3] == ["region", *years]
    assert shown["地域"].to_list() == data["region"].to_list() == KYUSHU_BY_JIS
    assert data.schema["2022年度"].is_float()
    assert data["2022年度"].to_list() == [float(cell.replace(",", "")) for cell in shown["2022年度"]]  # as shown
    assert set(data["sample_years"]) <= {"", ", ".join(years), *years} and data["unit"].n_unique() == 1
    chart = programme.by_region(read, **arguments)
    assert chart is not None and chart.data is not None
    assert chart.data["region"].unique(maintain_order=True).to_list() == KYUSHU_BY_JIS  # the chart's CSV too


def test_what_a_click_does_is_said_under_the_map_not_in_its_image(read: Read) -> None:
    for kind in ("geo", "tiles"):
        model = regions.regions(read, measure="subsidy_new_adoptions", mode="value", sort="value", highlight="",
                                blocks=(), prefectures=(), fy_from=2020, fy_to=2022, lang="ja", map_kind=kind)
        assert model.map is not None and "クリック" in model.map.hint
        assert "クリック" not in " ".join(model.map.spec["title"]["subtitle"])  # the PNG and SVG draw the spec


def test_national_kpi_chart_csv_is_typed_with_its_unit_like_the_regional_ones(read: Read) -> None:
    view = programme.national_vs_target(read, kpi_id="P2_SUBSIDY", lang="ja")
    assert view is not None and view.data is not None
    data = view.data
    assert {"year", "actual", "target", "unit", "is_sample", "source"} <= set(data.columns)
    assert data.schema["actual"].is_numeric() and data.schema["is_sample"] == pl.Boolean
    assert data["unit"].n_unique() == 1 and data["unit"][0] and not data["is_sample"].any()


def test_review_chart_csv_keeps_the_sample_label_source_and_unit(read: Read) -> None:
    """The review chart's CSV was its text table: no sample flag (synthetic figures lost their label outside the
    page), no source, no unit."""
    view = review.kpi_chart(read, plan="3rd", block="近畿", kpi_id="R_CONSULT", year=2024, half="H1", lang="en")
    assert view.data is not None
    data = view.data
    assert {"half", "actual", "projection", "target_pace", "unit", "is_sample", "source"} <= set(data.columns)
    assert data["is_sample"].all() and data["source"][0].startswith("Synthetic sample") and data["unit"][0]
    assert data["kpi"].unique().to_list() == ["Consultations at the support desk"]  # the KPI, not the chart title
    assert data.schema["projection"] == pl.Float64 and all(
        v is None or round(v, 1) == v for v in data["projection"].to_list() + data["target_pace"].to_list())
    assert data["projection"].drop_nulls().len() and data["actual"].drop_nulls().len()


def test_compare_table_and_csv_follow_the_order_the_regions_were_picked(read: Read) -> None:
    view = regions.compare(read, measure="subsidy_new_adoptions", mode="value", regions_chosen=("46", "40", "42"),
                           blocks=("九州",), highlight="", fy_from=2020, fy_to=2022, lang="ja")
    assert view is not None and view.data is not None
    picked = ["鹿児島県", "福岡県", "長崎県"]
    assert view.data["region"].unique(maintain_order=True).to_list() == picked
    assert view.table["地域"].unique(maintain_order=True).to_list() == picked


def test_a_calendar_year_kpi_says_so_in_its_download_name_and_rows(read: Read) -> None:
    detail = kpi_detail.kpi_detail(read, kpi_id="P2_OUT_SME_PCT", blocks=(), prefectures=(), fy_from=2016,
                                   fy_to=2025, lang="en")
    assert detail.trend is not None and detail.trend.data is not None
    assert detail.trend.year_type == "calendar"  # files named cy…, as the sidebar's years are read for it
    assert "FY" not in detail.trend.data["period"].to_list()  # the period in words, beside CY years
