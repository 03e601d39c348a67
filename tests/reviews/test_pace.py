"""Pace to plan end: annual and cumulative KPIs, too few halves, and the review's status rules."""

from __future__ import annotations

import pytest

from reports import pace, review
from reports.pace import HalfValue, project
from warehouse.reviews import EntryText, problems

PLAN = {"fy_start": 2023, "fy_end": 2025}


def halves(*values: float) -> list[HalfValue]:
    order = pace.plan_halves(2023, 2025)
    return [HalfValue(year, half, value) for (year, half), value in zip(order, values, strict=False)]


def test_fewer_than_two_reported_halves_give_no_projection() -> None:
    assert project(halves(), basis="annual", target=100, **PLAN) is None
    assert project(halves(40), basis="annual", target=100, **PLAN) is None
    # halves after the reviewed one do not count: reviewing 2023 H1 leaves one half
    assert project(halves(40, 60, 55), basis="cumulative", target=300, as_of=(2023, "H1"), **PLAN) is None
    assert project(halves(40, 60), basis="annual", target=100, **PLAN) is not None


def test_cumulative_projects_the_plan_total_with_the_slowest_and_fastest_half() -> None:
    p = project(halves(10, 30, 20), basis="cumulative", target=150, **PLAN)
    assert p is not None
    assert p.run_rate == 20 and p.halves_used == 3 and p.remaining_halves == 3
    assert p.projected == 60 + 3 * 20 and p.low == 60 + 3 * 10 and p.high == 60 + 3 * 30
    assert p.on_pace is False  # 120 < 150
    assert project(halves(10, 30, 20), basis="cumulative", target=120, **PLAN).on_pace is True  # type: ignore[union-attr]


def test_annual_projects_the_last_year_of_the_plan_against_its_target() -> None:
    early = project(halves(40, 60), basis="annual", target=110, **PLAN)
    assert early is not None and early.projected == 100 and (early.low, early.high) == (80, 120)
    assert early.on_pace is False and early.end_year == 2025
    # the last year's own halves count as reported, only the missing one is projected
    late = project(halves(40, 60, 50, 50, 70), basis="annual", target=110, **PLAN)
    assert late is not None and late.remaining_halves == 1
    assert late.projected == pytest.approx(70 + 54) and late.on_pace is True
    done = project(halves(40, 60, 50, 50, 70, 30), basis="annual", target=110, **PLAN)
    assert done is not None and done.remaining_halves == 0 and done.low == done.high == done.projected == 100


@pytest.mark.parametrize(("lang", "said", "unsaid"), [("ja", ["実績:", "× 未達"], ["見通し", "範囲", "ペース"]),
                                                      ("en", ["Actual:", "× not achieved"], ["Projection", "range"])])
def test_once_every_half_is_in_the_text_gives_the_result_not_a_projection(
        lang: str, said: list[str], unsaid: list[str]) -> None:
    done = project(halves(40, 60, 50, 50, 70, 30), basis="annual", target=110, **PLAN)
    shown = review.projection_text(done, "件", lang)
    assert all(s in shown for s in said) and not any(u in shown for u in unsaid), shown
    early = review.projection_text(project(halves(40, 60), basis="annual", target=110, **PLAN), "件", lang)
    assert "△" in early and ("範囲" in early if lang == "ja" else "range" in early)


def test_no_projection_for_milestones_and_qualitative_kpis_and_none_without_a_target() -> None:
    assert project(halves(1, 2, 3), basis="milestone", target=10, **PLAN) is None
    assert project(halves(1, 2, 3), basis="qualitative", target=None, **PLAN) is None
    assert project(halves(1, 2, 3), basis="cumulative", target=None, **PLAN).on_pace is None  # type: ignore[union-attr]


def test_off_track_entries_need_cause_and_countermeasure_to_be_submitted() -> None:
    empty = EntryText(assessment="遅れ", state="submitted")
    assert problems(empty, "off_track") == ["cause_required", "countermeasure_required"]
    assert problems(empty, "not_achieved") == ["cause_required", "countermeasure_required"]
    assert problems(empty, "on_pace") == []
    assert problems(EntryText(state="draft"), "off_track") == []  # a draft may be incomplete
    full = EntryText(cause="人員不足", countermeasure="セミナー増", state="submitted", next_review="2024-03-31")
    assert problems(full, "off_track") == []
    assert problems(EntryText(next_review="来月"), None) == ["next_review_invalid"]
