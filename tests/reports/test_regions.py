"""The regions page's map and ranking say what they show, and print their figures alike."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from reports import export, regions

Read = Callable[..., pl.DataFrame]


def _model(read: Read, **choices: str) -> regions.Regions:
    arguments = dict(measure="subsidy_new_adoptions", mode="value", sort="value", highlight="", blocks=(),
                     prefectures=(), fy_from=2020, fy_to=2022, lang="ja", per="count") | choices
    return regions.regions(read, **arguments)  # type: ignore[arg-type]


def _tile_texts(model: regions.Regions) -> list[str]:
    assert model.map is not None
    rows = [row for rows in export.vega_lite(model.map.spec)["datasets"].values() for row in rows]
    return [row["value_text"] for row in rows if "value_text" in row]


def test_year_on_year_titles_name_the_change_not_the_figure(read: Read) -> None:
    growth = _model(read, mode="growth")
    assert growth.title == "外国出願補助金 新規採択件数の前年比"
    assert growth.map is not None and growth.ranking is not None
    assert growth.map.spec["title"]["text"].startswith("外国出願補助金 新規採択件数の前年比 · ")
    assert "前年比" in growth.ranking.spec["title"]["text"]
    assert _model(read).title == "外国出願補助金 新規採択件数"  # the figures themselves
    assert _model(read, mode="growth", lang="en").title == "Year-on-year change in Foreign-filing subsidy adoptions"


def test_tiles_print_every_rate_with_the_same_decimals_and_counts_whole(read: Read) -> None:
    rates = [text for text in _tile_texts(_model(read, per="population")) if text != "—"]
    assert rates and all(len(text.split(".")[1]) == 2 for text in rates)  # 12.80 beside 11.64, not 12.8
    counts = [text for text in _tile_texts(_model(read)) if text != "—"]
    assert counts and all("." not in text for text in counts)
    shares = [text for text in _tile_texts(_model(read, measure="regional_achievement", blocks=("近畿",), fy_from=2021,
                                                   fy_to=2021)) if text != "—"]
    assert shares and all(len(text.split(".")[1]) == 1 for text in shares)  # 100.0 and 50.0, even where all are whole


def test_a_tile_name_longer_than_its_tile_is_cut_to_the_tile(read: Read) -> None:
    """English names (Kagoshima) ran over the next tile on a narrow screen; they end in … at the tile's width."""
    model = _model(read, lang="en")
    assert model.map is not None
    names = [layer for layer in model.map.spec["layer"]
             if layer["mark"].get("type") == "text" and layer["encoding"]["text"]["field"] == "short"]
    assert [layer["mark"]["limit"] for layer in names] == [{"expr": "bandwidth('x')"}]
