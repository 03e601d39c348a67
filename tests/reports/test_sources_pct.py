"""Issue 9.10 and 9.11 on the real bundled figures: PCT gaps said and kept as gaps; the sources page in words;
download names of the charts that ignore the sidebar."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest

from reports import explorer, export, programme, review, sources

Read = Callable[..., pl.DataFrame]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sources_page_shows_no_internal_text(read: Read, lang: str) -> None:
    page = sources.sources(read, lang=lang)
    shown = [page.summary, *(str(cell) for row in page.table.rows() for cell in row)]
    for internal in ("seed:", "shared/seed", "None", "(0 "):
        assert not any(internal in cell for cell in shown), internal
    assert page.table.height > 10


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_jpo_pct_chart_says_which_years_are_missing_and_leaves_them_out(read: Read, lang: str) -> None:
    view = programme.national_statistic(read, dataset="pct_applications", measure="pct_jpo_receiving_office",
                                        lang=lang)
    assert view is not None
    years = " ".join(str(cell) for row in view.table.rows() for cell in row)
    assert "2013" in years and "2015" in years and "2014" not in years and "2017" not in years
    subtitle = " ".join(view.spec["title"]["subtitle"])
    assert "2014" in subtitle and "2017" in subtitle
    assert not any(line.endswith("…") for line in view.spec["title"]["subtitle"])


def test_national_charts_of_every_year_say_they_ignore_the_sidebar_filters(read: Read) -> None:
    """Their downloads' file names must not carry the chosen fiscal years (the charts show every year)."""
    jpo = programme.national_statistic(read, dataset="pct_applications", measure="pct_jpo_receiving_office",
                                       lang="ja")
    sme = programme.national_vs_target(read, kpi_id="P2_OUT_SME_PCT", lang="ja")
    assert jpo is not None and sme is not None
    assert not jpo.uses_filters and not sme.uses_filters
    assert {jpo.name, sme.name} == {"national_pct_jpo_receiving_office", "national_P2_OUT_SME_PCT"}


def test_review_charts_are_named_by_the_block_and_half_they_show_not_the_sidebar(read: Read) -> None:
    view = review.kpi_chart(read, plan="3rd", block="九州", kpi_id="R_COLLAB", year=2023, half="H1", lang="ja")
    assert not view.uses_filters and view.name == "review_R_COLLAB_kyushu_2023-H1"


def test_a_review_chart_leaves_room_above_its_tallest_bar_and_whisker(read: Read) -> None:
    view = review.kpi_chart(read, plan="3rd", block="九州", kpi_id="R_CONSULT", year=2024, half="H1", lang="ja")
    drawn = export.vega_lite(view.spec)
    values = [row[c] for rows in drawn["datasets"].values() for row in rows for c in ("value", "high")
              if row.get(c) is not None]
    top = drawn["layer"][0]["encoding"]["y"]["scale"]["domainMax"]
    assert top >= max(values) * 1.05  # 4,947 no longer touches an axis ending at 5,000


def test_pct_by_region_counts_calendar_years_and_subsidies_fiscal_years(read: Read) -> None:
    """What the download names build on (cy / fy), for the chart, its table tab and the explorer."""
    common = dict(blocks=("九州",), prefectures=(), fy_from=2020, fy_to=2022, lang="ja")
    pct = programme.by_region(read, measure="sme_pct_filings", **common)
    table = programme.region_table(read, measure="sme_pct_filings", **common)
    subsidy = programme.by_region(read, measure="subsidy_new_adoptions", **common)
    assert pct is not None and table is not None and subsidy is not None
    assert (pct.year_type, table.year_type, subsidy.year_type) == ("calendar", "calendar", "fiscal")
    rows = explorer.explore_view(read, view="pct_filings", plan="2nd", **common)
    assert rows.year_type == "calendar"
    assert explorer.explore_view(read, view="subsidy_adoptions", plan="2nd", **common).year_type == "fiscal"
    # an empty selection keeps its view's years: its caption says 年の範囲 (暦年), not 年度の範囲
    nothing = {**common, "fy_from": 1990, "fy_to": 1991}
    assert explorer.explore_view(read, view="pct_filings", plan="2nd", **nothing).rows.is_empty()
    assert explorer.explore_view(read, view="pct_filings", plan="2nd", **nothing).year_type == "calendar"
    assert explorer.explore_view(read, view="subsidy_adoptions", plan="2nd", **nothing).year_type == "fiscal"
    assert explorer.explore_view(read, view="sources", plan="2nd", **nothing).year_type == "fiscal"
    rated = explorer.explore_view(read, view="subsidy_adoptions", plan="2nd", per="population", **common).rows
    assert rated.height and all(r is None or round(r, 4) == r for r in rated["rate"])  # as the charts' CSVs


def test_published_table_lists_the_plans_target_series_before_the_programmes_context(read: Read) -> None:
    table = programme.published_table(read, dataset="subsidies", lang="ja")
    names = table["指標"].to_list()
    first = names[:3]
    assert first == ["外国出願補助金支援による新規採択件数"] * 3 and table["年度/年"].to_list()[:3] == [
        "2020年度", "2021年度", "2022年度"]
    assert all("補助" in name or "助成" in name for name in names[3:])  # caps and rates after the results
    # a subsidy rate the source prints as 1/2 reads 1/2 (stored as 0.5 for sorting and charts), in both languages
    rates = table.filter(pl.col("指標").str.contains("補助率"))
    assert rates["実績"].to_list() == ["1/2"] and rates["単位"].to_list() == ["比率"]
    english = programme.published_table(read, dataset="subsidies", lang="en")
    assert "1/2" in english["Actual"].to_list() and "0.5" not in english["Actual"].to_list()
