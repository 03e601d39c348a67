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
    assert growth.title == "外国出願補助金 新規採択件数の前年度比"  # fiscal years: 前年度比
    assert growth.map is not None and growth.ranking is not None
    assert growth.map.spec["title"]["text"].startswith("外国出願補助金 新規採択件数の前年度比 · ")
    assert "前年度比" in growth.ranking.spec["title"]["text"]
    pct = _model(read, measure="sme_pct_filings", mode="growth")  # calendar years: 前年比
    assert pct.title.endswith("の前年比") and pct.map is not None and "前年比 (%)" in str(pct.map.spec)
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
    # and on narrow tiles (a 1024 px screen) English names are set smaller: Yamagata and Yamaguchi were both Yamag…
    assert [layer["mark"]["fontSize"] for layer in names] == [{"expr": "bandwidth('x') < 48 ? 7.5 : 9"}]
    japanese = _model(read).map
    assert japanese is not None and {layer["mark"]["fontSize"] for layer in japanese.spec["layer"]
                                     if layer["mark"].get("type") == "text"} == {10, 9}  # CJK names fit as they are


def _cividis_luminance() -> list[float]:
    """Relative luminance of the map's colour scale at 0, 1, …, 100 % of its domain, read off vl-convert's render
    (the same Vega that draws the page and the exports)."""
    import io
    import json

    import vl_convert
    from PIL import Image

    from reports import charts

    steps = 101
    spec = {"data": {"values": [{"x": i, "v": i} for i in range(steps)]}, "width": steps * 10, "height": 4,
            "mark": "rect", "config": {"view": {"stroke": None}},
            "encoding": {"x": {"field": "x", "type": "ordinal", "axis": None, "scale": {"paddingInner": 0}},
                         "color": {"field": "v", "type": "quantitative", "scale": {"scheme": charts.MAP_SCHEME},
                                   "legend": None}}}
    image = Image.open(io.BytesIO(vl_convert.vegalite_to_png(json.dumps(spec), scale=1))).convert("RGB")

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    width, height = image.size
    pixels = [image.getpixel((int((i + 0.5) * width / steps), height // 2)) for i in range(steps)]
    return [0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) for r, g, b in pixels]  # type: ignore[misc]


def test_tile_figures_contrast_with_the_colour_of_their_tile(read: Read) -> None:
    """The ink followed a value's rank, not its colour: where one prefecture dwarfs the rest (Tokyo's count), tiles
    ranked in the upper half but still dark blue printed black on it. Now every figure contrasts at least 4.4:1
    (the scale's grey middle allows 4.5 at best) with its tile, in counts, rates, changes and shares."""
    luminance = _cividis_luminance()
    for model in (_model(read), _model(read, per="population"), _model(read, mode="growth"),
                  _model(read, measure="regional_achievement", fy_from=2021, fy_to=2021)):
        assert model.map is not None
        rows = [row for rows in export.vega_lite(model.map.spec)["datasets"].values() for row in rows
                if "dark" in row and row["value"] is not None]
        scale = model.map.spec["layer"][0]["encoding"]["color"]["scale"]
        low, high = scale.get("domain") or (min(r["value"] for r in rows), max(r["value"] for r in rows))
        inks = set()
        for row in rows:
            tile = luminance[round(100 * min(max((row["value"] - low) / (high - low), 0), 1))]
            contrast = 1.05 / (tile + 0.05) if row["dark"] else (tile + 0.05) / 0.05
            assert contrast >= 4.4, (row["label"], row["value"], row["dark"])
            inks.add(row["dark"])
        assert inks == {True, False}  # both inks in use: the test sees both sides of the scale


def test_ranking_prints_a_negative_change_left_of_its_bar_not_inside_it(read: Read) -> None:
    """Figures sat right of every bar's end: on a negative bar that is inside it, black on dark blue."""
    model = _model(read, measure="sme_accelerated_requests", mode="growth", blocks=("近畿",), per="establishments")
    assert model.ranking is not None
    spec = export.vega_lite(model.ranking.spec)
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert [(t["mark"]["align"], t["mark"]["dx"], t["transform"][0]["filter"]) for t in texts] == [
        ("left", 3, "!(datum.value < 0)"), ("right", -3, "datum.value < 0")]
    values = [row["value"] for rows in spec["datasets"].values() for row in rows if "value_text" in row]
    assert any(v is not None and v < 0 for v in values) and any(v is not None and v > 0 for v in values)
    # and the axis starts far enough left of the longest negative bar that its figure clears the names
    low, high = min(v for v in values if v is not None), max(v for v in values if v is not None)
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["x"]["scale"]["domainMin"] <= low - 0.1 * (high - low)
