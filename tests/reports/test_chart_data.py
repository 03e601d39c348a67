"""A chart's CSV is typed, in the reader's language and rounded where more digits only look exact."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from reports import overview, regions

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
