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
