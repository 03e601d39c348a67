"""KPI detail opens for every KPI of every plan, in both languages (each overview card links to it)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest

from reports import kpi_detail
from reports.views import span_text
from warehouse import queries

Read = Callable[..., pl.DataFrame]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_kpi_opens(read: Read, lang: str) -> None:
    for kpi_id in read(queries.indicators)["kpi_id"]:
        for blocks in ((), ("九州",)):
            model = kpi_detail.kpi_detail(read, kpi_id=kpi_id, blocks=blocks, prefectures=(), fy_from=2016,
                                          fy_to=2025, lang=lang)
            assert model is not None, (kpi_id, blocks)


def test_plan_spans_of_different_plans_in_one_column() -> None:
    # several whole-plan rows in one frame (P2_OUT_IP_MGMT) crashed KPI detail when the span was a str.replace
    spans = pl.DataFrame({"fy_start": [2016, 2020], "fy_end": [2019, 2022], "year_type": ["fiscal", "calendar"]})
    assert spans.select(ja=span_text("ja"), en=span_text("en")).rows() == [
        ("2016–2019年度", "FY2016–2019"), ("2020–2022年", "CY2020–2022")]


def test_figures_table_reads_as_a_person_reads_it(read: Read) -> None:
    """Issue 9.7: key columns first, whole numbers without decimals, no true/false, the plan total named."""
    table = kpi_detail.kpi_detail(read, kpi_id="P2_BANK", blocks=(), prefectures=(), fy_from=2016, fy_to=2025,
                                  lang="ja").table
    assert table.columns[:5] == ["年度/年", "期間", "実績", "目標", "達成率(再計算, %)"]
    cells = [str(cell) for row in table.rows() for cell in row]
    assert "213" in cells and "250" in cells and "85.2" in cells
    assert not any(cell.endswith(".0000") or cell.lower() in ("true", "false", "none") for cell in cells)
    assert "2020–2022年度" in table["年度/年"].to_list()  # the cumulative figure is the plan's, not FY2022's
    pct = kpi_detail.kpi_detail(read, kpi_id="P2_OUT_SME_PCT", blocks=(), prefectures=(), fy_from=2016,
                                fy_to=2025, lang="ja").table
    rates = [r for r in pct["達成率(再計算, %)"].to_list() if r != "—"]
    assert "94.0" in rates and all(len(r.split(".")) == 2 for r in rates), rates  # not '94' beside '90.3'


def test_cumulative_kpi_is_drawn_over_its_plan_not_as_one_year(read: Read) -> None:
    trend = kpi_detail.kpi_detail(read, kpi_id="P2_BANK", blocks=(), prefectures=(), fy_from=2016, fy_to=2025,
                                  lang="en").trend
    assert trend is not None
    rows = trend.table.rows(named=True)
    assert any("FY2020–2022" in str(value) for row in rows for value in row.values()), rows


def test_a_kpi_without_any_figure_draws_no_empty_chart_but_keeps_its_table(read: Read) -> None:
    # the 2nd plan's years: only the plan-end target (the 2018 baseline lies before them)
    model = kpi_detail.kpi_detail(read, kpi_id="P2_OUT_IP_MGMT", blocks=(), prefectures=(), fy_from=2020,
                                  fy_to=2022, lang="ja")
    assert model.trend is None and model.table.height > 0


@pytest.mark.parametrize(("lang", "said"), [("ja", "九州・関東の合計"), ("en", "Kyushu, Kanto added together")])
def test_half_year_chart_of_several_blocks_says_it_adds_them_up(read: Read, lang: str, said: str) -> None:
    def subtitle(blocks: tuple[str, ...]) -> str:
        detail = kpi_detail.kpi_detail(read, kpi_id="R_COLLAB", blocks=blocks, prefectures=(), fy_from=2020,
                                       fy_to=2022, lang=lang)
        assert detail.halves is not None
        return " ".join(detail.halves.spec["title"]["subtitle"])

    assert said in subtitle(("九州", "関東"))
    assert "九州の合計" not in subtitle(("九州",)) and "added together" not in subtitle(("九州",))


def test_every_year_of_a_short_trend_is_labelled_on_its_axis(read: Read) -> None:
    """The 1st plan's chart showed only 2016 and 2018: its 2015 baseline bar and 2019 target had no year."""
    detail = kpi_detail.kpi_detail(read, kpi_id="P1_CONSULT", blocks=(), prefectures=(), fy_from=2016, fy_to=2019,
                                   lang="ja")
    assert detail.trend is not None
    axes = [view["encoding"]["x"]["axis"] for view in detail.trend.spec["layer"] if "axis" in view["encoding"]["x"]]
    assert [axis["values"] for axis in axes] == [[2015, 2016, 2017, 2018, 2019]]
