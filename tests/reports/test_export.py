"""Per-chart downloads: the SVG is SVG with the chart's Japanese title as text and the glyphs embedded; the PNG
is a PNG; the CSV holds the chart's figures with its denominator."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import polars as pl
import pytest

from reports import export, regions
from reports.downloads import csv_bytes

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kyushu(read: Callable[..., pl.DataFrame]) -> regions.Regions:
    return regions.regions(read, measure="sme_pct_filings", mode="value", sort="value", highlight="",
                           blocks=("九州",), prefectures=(), fy_from=2020, fy_to=2022, lang="ja", map_kind="geo",
                           per="population")


def test_svg_download_is_svg_with_the_japanese_title_and_its_glyphs(kyushu: regions.Regions) -> None:
    drawn = export.svg(kyushu.map.spec)  # type: ignore[union-attr]
    root = ET.fromstring(drawn)
    assert root.tag == f"{SVG}svg"
    texts = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert "中小企業のPCT国際出願件数 · 2022年" in texts
    assert len(root.findall(f".//{SVG}path")) > 47  # the prefectures are drawn, not only the text
    fonts = re.findall(r"base64,([A-Za-z0-9+/=]+)", drawn.decode())
    assert fonts and base64.b64decode(fonts[0])[:4] == b"OTTO"  # an OpenType (CFF) subset of Noto Sans CJK


def test_png_download_is_a_png(kyushu: regions.Regions) -> None:
    assert export.png(kyushu.ranking.spec, scale=1).startswith(b"\x89PNG\r\n\x1a\n")  # type: ignore[union-attr]


def test_chart_csv_has_the_denominator_and_the_rate(kyushu: regions.Regions) -> None:
    data = kyushu.map.data  # type: ignore[union-attr]
    assert data is not None and data.height == 7
    header = csv_bytes(data).decode("utf-8-sig").splitlines()[0].split(",")
    assert {"denominator", "denominator_value", "rate", "count", "is_sample", "source"} <= set(header)
    # the CSV rounds rates to 4 decimals
    assert (data["rate"] - data["count"] / data["denominator_value"] * 100_000).abs().max() <= 0.00005
    assert kyushu.map.name == "regions-map_sme_pct_filings_per-population_2022"  # type: ignore[union-attr]
