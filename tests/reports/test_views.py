"""Small display helpers: times on Japan's clock, decimals as a person reads them."""

from __future__ import annotations

import polars as pl

from reports.views import decimal_text, japan_time


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
