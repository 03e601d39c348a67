"""Small display helpers: times on Japan's clock, decimals as a person reads them."""

from __future__ import annotations

import polars as pl

from reports.labels import number_text, rounded, span_label, year_label
from reports.views import decimal_text, integer_text, japan_time, span_text, year_text


def test_stored_times_read_on_japans_clock_and_odd_text_is_shown_as_it_is() -> None:
    assert japan_time("2026-11-28T17:47:05+00:00") == "2026-11-29 02:47:05 JST"
    assert japan_time("2026-11-28T17:47:05") == "2026-11-29 02:47:05 JST"  # no zone: UTC, whatever the server's
    assert japan_time("yesterday") == "yesterday" and japan_time(None) is None and japan_time("") == ""


def test_fixed_decimals_keep_a_zero_decimal_only_where_there_are_decimals() -> None:
    frame = pl.DataFrame({"v": [94.0, 90.26, 12.0, None]})
    shown = frame.select(
        trimmed=decimal_text("v"), fixed=decimal_text("v", fixed=True), whole=decimal_text("v", 0, fixed=True))
    assert shown["trimmed"].to_list()[:3] == ["94", "90.3", "12"]
    assert shown["fixed"].to_list()[:3] == ["94.0", "90.3", "12.0"]
    assert shown["whole"].to_list()[:3] == ["94", "90", "12"]


def test_thousands_separators_at_every_size_and_sign() -> None:
    values = [0.0, 999.0, 1000.0, -1234.5, 1234567.25, 12345678901.0, -5e12, 0.04, -0.04, None]
    shown = pl.DataFrame({"v": values}).select(whole=integer_text("v"), one=decimal_text("v"))
    assert shown["whole"].to_list() == ["0", "999", "1,000", "-1,235", "1,234,567", "12,345,678,901",
                                        "-5,000,000,000,000", "0", "0", "—"]
    assert shown["one"].to_list() == ["0", "999", "1,000", "-1,234.5", "1,234,567.3", "12,345,678,901",
                                      "-5,000,000,000,000", "0", "0", "—"]


def test_cards_and_tables_round_a_half_the_same_way_away_from_zero() -> None:
    values = [12.25, 0.15, 1234.5, -2.5, 78.94736842105263]
    tables = pl.DataFrame({"v": values}).select(one=decimal_text("v"))["one"].to_list()
    assert tables == ["12.3", "0.2", "1,234.5", "-2.5", "78.9"]
    assert [number_text(v) for v in values] == tables
    assert [rounded(v, 0) for v in values] == ["12", "0", "1,235", "-3", "79"]


def test_every_year_says_its_kind_and_the_text_and_frame_labels_agree() -> None:
    """A survey's year is neither 年度 nor a calendar year: it reads as the survey's (2022年調査, 2022 survey)."""
    kinds = ["fiscal", "calendar", "survey"]
    frame = pl.DataFrame({"fiscal_year": [2022] * 3, "year_type": kinds})
    for lang, expected in (("ja", ["2022年度", "2022年", "2022年調査"]), ("en", ["FY2022", "CY2022", "2022 survey"])):
        assert [year_label(2022, kind, lang) for kind in kinds] == expected
        assert frame.select(year_text(lang)).to_series().to_list() == expected
    spans = pl.DataFrame({"fy_start": [2020], "fy_end": [2022], "year_type": ["survey"]})
    for lang in ("ja", "en"):  # a plan's period of a survey KPI is not a three-year survey
        assert spans.select(span_text(lang)).item() == span_label(2020, 2022, "survey", lang)
    assert spans.select(span_text("ja")).item() == "2020–2022年"
