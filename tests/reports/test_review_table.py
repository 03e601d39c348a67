"""The review's prefecture table: what needs explaining comes first, its status beside the prefecture."""

from __future__ import annotations

import polars as pl

from reports.review import STATUS_ORDER, prefecture_table


def test_off_track_prefectures_come_first_with_their_status_next_to_the_name() -> None:
    rows = pl.DataFrame({
        "geography_level": ["prefecture"] * 3, "fiscal_year": [2025] * 3, "period": ["H1"] * 3,
        "prefecture_code": ["40", "41", "42"], "prefecture_name_ja": ["福岡県", "佐賀県", "長崎県"],
        "prefecture_name_en": ["Fukuoka", "Saga", "Nagasaki"], "kpi_id": ["R"] * 3, "kpi_name_ja": ["相談"] * 3,
        "kpi_name_en": ["Consultations"] * 3, "target": [100.0] * 3, "actual_to_date": [60.0, 20.0, 55.0],
        "unit": ["件"] * 3, "unit_en": ["cases"] * 3, "achievement_pct": [60.0, 20.0, 55.0],
        "status": ["on_pace", "off_track", "on_pace"], "is_sample": [True] * 3,
    })
    table = prefecture_table(rows, year=2025, half="H1", lang="ja")
    assert table.columns[:3] == ["コード", "都道府県", "状況"]
    assert table["コード"].to_list() == ["41", "40", "42"]  # off track first, then by code
    assert STATUS_ORDER["off_track"] < STATUS_ORDER["on_pace"]
    english = prefecture_table(rows, year=2025, half="H1", lang="en")
    assert english.columns[:3] == ["Code", "Prefecture", "Status"]  # one prefecture per row (the filter is plural)
