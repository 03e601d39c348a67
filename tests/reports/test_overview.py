"""The overview's rules on the real bundled figures (issue: numbers an executive can trust)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest

from reports.labels import text
from reports.overview import MISSED, Card, latest_year_with_figures, overview

Read = Callable[..., pl.DataFrame]


def _cards(read: Read, plan: str, year: int, lang: str = "ja") -> dict[str, Card]:
    return {card.kpi_id: card for card in overview(read, plan=plan, year=year, blocks=(), lang=lang).cards}


@pytest.mark.parametrize("plan,years", [("1st", range(2016, 2020)), ("2nd", range(2020, 2023)),
                                        ("3rd", range(2023, 2026))])
def test_one_card_per_kpi_of_the_plan_in_every_year(read: Read, plan: str, years: range) -> None:
    from warehouse import queries

    catalogue = set(read(queries.indicators, plan=plan)["kpi_id"])
    for year in years:
        assert set(_cards(read, plan, year)) == catalogue, (plan, year)


def test_cumulative_kpi_says_it_is_reported_at_the_end_of_the_plan(read: Read) -> None:
    for year in (2020, 2021):
        bank = _cards(read, "2nd", year)["P2_BANK"]
        assert bank.value == "—" and bank.status == "reported_at_end"
        assert "2022年度" in bank.notes[0] and "250件" in bank.target
    final = _cards(read, "2nd", 2022)["P2_BANK"]
    assert final.value == "213 件" and final.status == "not_achieved"
    assert "計画期間の累計 (2020–2022年度)" == final.heading and "85.2%" in final.achievement


def test_change_only_against_the_year_just_before_of_the_same_kind(read: Read) -> None:
    pct_2020 = _cards(read, "2nd", 2020)["P2_OUT_SME_PCT"]  # 2019 is missing: never 5,072 − 4,379 (2018)
    assert pct_2020.delta is None and pct_2020.delta_label == "前年の数値なし"
    pct_2021 = _cards(read, "2nd", 2021)["P2_OUT_SME_PCT"]
    assert pct_2021.delta == "+43" and pct_2021.delta_label == "前年比"  # calendar years: 前年比
    subsidy = _cards(read, "2nd", 2021)["P2_SUBSIDY"]
    assert subsidy.delta == "-132" and subsidy.delta_label == "前年度比"  # 383 − 515, fiscal years
    assert _cards(read, "2nd", 2021, "en")["P2_SUBSIDY"].delta_label == "vs previous FY"


def test_baseline_is_labelled_as_a_baseline_not_shown_as_the_value(read: Read) -> None:
    management = _cards(read, "2nd", 2020)["P2_OUT_IP_MGMT"]
    assert management.value == "—" and management.status != "no_target"
    assert any(note.startswith("基準値 30% ") and "2018" in note for note in management.notes)  # as the card's 30%
    assert "40%" in management.target


def test_milestone_figure_before_its_target_year_is_interim(read: Read) -> None:
    card = _cards(read, "2nd", 2020)["P2_OUT_SME_PCT"]
    assert card.value == "5,072 件" and card.status == "interim" and "5,000件(2022年)" in card.target


def test_national_regional_headline_is_never_made_from_the_sample(read: Read) -> None:
    for year in (2020, 2021):  # only the sample exists for these years
        regional = overview(read, plan="2nd", year=year, blocks=(), lang="ja").regional
        assert regional.headline is None and "公表されていません" in regional.caption
        assert regional.blocks is not None and regional.blocks.sample  # blocks may show the sample, badged
    published = overview(read, plan="2nd", year=2022, blocks=(), lang="ja").regional
    assert published.headline == "78.9%" and "90" in published.caption and "114" in published.caption
    assert overview(read, plan="3rd", year=2023, blocks=(), lang="en").regional.headline is None


def test_cards_missing_their_target_come_first_then_the_plans_order(read: Read) -> None:
    from warehouse import queries

    order = list(read(queries.indicators, plan="2nd")["kpi_id"])
    by_year = {}
    for year in (2020, 2021, 2022):
        cards = overview(read, plan="2nd", year=year, blocks=(), lang="ja").cards
        missed = [card.status in MISSED for card in cards]
        assert missed == sorted(missed, reverse=True), year  # every missed card before every other
        assert cards[0].status == "not_achieved" or not any(missed)
        for group in (True, False):
            ids = [card.kpi_id for card in cards if (card.status in MISSED) == group]
            assert ids == sorted(ids, key=order.index), (year, group)
        by_year[year] = [card.kpi_id for card in cards if card.status not in MISSED]
    # the cards that did not miss keep one order from year to year (a card does not wander)
    for year in (2020, 2021):
        common = [kpi for kpi in by_year[2022] if kpi in by_year[year]]
        assert common == [kpi for kpi in by_year[year] if kpi in by_year[2022]]
    assert [c.kpi_id for c in overview(read, plan="2nd", year=2022, blocks=(), lang="en").cards] == \
        [c.kpi_id for c in overview(read, plan="2nd", year=2022, blocks=(), lang="ja").cards]


def test_trend_ends_at_the_chosen_year_and_has_a_tooltip(read: Read) -> None:
    import pyarrow as pa

    trend = _cards(read, "2nd", 2021)["P2_HANDSON"].trend
    assert trend is not None
    rows = [pa.ipc.open_stream(data).read_all().to_pylist() for data in trend["datasets"].values()]
    years = {row["year"] for table in rows for row in table}
    assert years == {2020, 2021}  # FY2022 is after the chosen year
    assert "tooltip" in str(trend["layer"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_plan_without_any_result_says_so_above_the_cards(read: Read, lang: str) -> None:
    first = overview(read, plan="1st", year=2018, blocks=(), lang=lang)
    assert all(card.value == "—" for card in first.cards)
    assert text("plan.1st", lang) in first.note and "2018" not in first.note  # the plan has none, not only the year
    assert overview(read, plan="2nd", year=2022, blocks=(), lang=lang).note == ""  # results published


def test_the_overview_opens_on_the_plans_last_reported_year(read: Read) -> None:
    assert latest_year_with_figures(read, plan="2nd") == 2022
    assert latest_year_with_figures(read, plan="3rd") is None  # nothing published yet
    assert latest_year_with_figures(read, plan="1st") is None  # only a baseline year before the plan


def test_the_block_chart_claims_the_published_match_only_in_the_year_that_holds_it(read: Read) -> None:
    def subtitle(year: int) -> str:
        blocks = overview(read, plan="2nd", year=year, blocks=(), lang="ja").regional.blocks
        assert blocks is not None
        return "".join(str(line) for line in blocks.spec["title"]["subtitle"])
    assert "114" in subtitle(2022)  # FY2022: the plan's published 90 of 114
    assert "114" not in subtitle(2021) and "合成サンプル" in subtitle(2021)


def test_a_survey_kpi_without_a_survey_that_year_names_the_year_chosen(read: Read) -> None:
    """No 2021 survey exists: the card says 2021年度 (the year chosen above it), not a '2021年調査' that never was."""
    for lang, expected in (("ja", "2021年度"), ("en", "FY2021")):
        cards = {c.kpi_id: c for c in overview(read, plan="2nd", year=2021, blocks=(), lang=lang).cards}
        assert cards["P2_OUT_IP_MGMT"].heading == expected and cards["P2_OUT_IP_MGMT"].value == "—"
