"""The review card's figures in words: a half's own figure is never read against the year's target alone."""

from __future__ import annotations

from reports.review import figures_text


def _row(basis: str, actual: float, to_date: float, pct: float | None) -> dict[str, object]:
    return {"unit": "件", "basis": basis, "actual": actual, "actual_to_date": to_date, "target": 251.0,
            "achievement_pct": pct}


def test_the_second_half_is_shown_with_the_year_to_date_it_is_judged_on() -> None:
    shown = figures_text(_row("annual", 150, 289, 115.14), year=2025, half="H2", lang="ja")
    assert shown == "2025年度下期の実績 150 件 · 年度の累計 289 件 / 目標 251 件 · 達成率 115.1%"
    english = figures_text(_row("cumulative", 150, 900, 60.0), year=2025, half="H2", lang="en")
    assert english == "FY2025 H2 actual 150 件 · plan to date 900 件 vs target 251 件 · achievement 60.0%"


def test_a_half_that_is_its_own_total_is_shown_once() -> None:
    assert figures_text(_row("annual", 120, 120, None), year=2025, half="H1", lang="ja") == (
        "2025年度上期の実績 120 件 / 目標 251 件 · 達成率 —")
