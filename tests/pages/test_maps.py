"""Map, rate and tab choices live in the URL (a copied link shows the same view) and show what they say."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

App = Callable[..., AppTest]
KYUSHU = ["40", "41", "42", "43", "44", "45", "46"]


def test_regions_map_and_rate_round_trip_through_the_url(app: App) -> None:
    at = app("regions", map="geo", per="population", block="kyushu")
    assert (at.session_state["p_map"], at.session_state["p_per"]) == ("geo", "population")
    assert at.query_params["map"] == "geo" and at.query_params["per"] == "population"
    table = at.table[0].value
    assert list(table["コード"]) == KYUSHU
    rate = [float(v) for v in table["外国出願補助金 新規採択件数 (人口10万人あたり)"]]
    counts = [int(v.replace(",", "")) for v in table["件数"]]
    people = [int(v.replace(",", "")) for v in table["分母の値"]]
    assert rate == [round(c / p * 100_000, 2) for c, p in zip(counts, people, strict=True)]


def test_choosing_tiles_and_counts_leaves_them_out_of_the_url(app: App) -> None:
    at = app("regions", map="geo", per="population")
    at.button_group(key="w_p_per_ja").set_value("establishments").run()
    assert at.query_params["per"] == "establishments"  # a choice on the page goes into the URL
    at.button_group(key="w_p_map_ja").set_value("tiles").run()
    at.button_group(key="w_p_per_ja").set_value("count").run()
    assert "map" not in at.query_params and "per" not in at.query_params  # defaults are left out
    assert at.session_state["p_map"] == "tiles"


def test_a_percentage_says_it_has_no_rate(app: App) -> None:
    at = app("regions", measure="regional_achievement", per="establishments", lang="en")
    assert any("has no rate" in info.value for info in at.info)


@pytest.mark.parametrize("page", ["subsidies", "accelerated", "pct"])
def test_programme_tabs_round_trip_through_the_url(app: App, page: str) -> None:
    at = app(page, tab="table", per="establishments", block="kyushu")
    assert at.session_state["p_tab"] == "table" and at.query_params["tab"] == "table"
    wide = at.table[-1].value
    assert "地域" in wide.columns and len(wide) == 7  # one row per prefecture of 九州, one column per year
    assert any("1万事業所あたり" in c.value for c in at.caption)
    mapped = app(page, tab="map")
    assert mapped.query_params["tab"] == "map"
    assert any("コード" in t.value.columns and len(t.value) == 47 for t in mapped.table)  # the map's 47 prefectures


def test_explorer_adds_denominator_and_rate_columns(app: App) -> None:
    at = app("explorer", view="pct_filings", per="population")
    columns = set(at.dataframe[0].value.columns)
    assert {"denominator", "denominator_value", "rate", "denominator_source"} <= columns
    assert at.query_params["per"] == "population"
