"""Pace to plan end: where a KPI will be when the plan ends if it keeps the pace of the halves reported so far.

A projection, never an actual: every caller labels it so. The run rate is the mean of the reported
halves' own values; the range is what the slowest and the fastest reported half would give.

- cumulative KPIs (target = total over the plan): reported total + rate × every unreported half of the plan
- annual KPIs (target = each year's total): the plan's last year, i.e. its reported halves + rate × its
  unreported halves, against that year's target
- with fewer than ``MIN_HALVES`` reported halves, or for milestone / qualitative KPIs: no projection
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_HALVES = 2
HALVES = ("H1", "H2")
PROJECTED_BASES = ("annual", "cumulative")


@dataclass(frozen=True)
class HalfValue:
    fiscal_year: int
    half: str  # H1 | H2
    value: float  # the half's own figure (not the running total)

    @property
    def order(self) -> tuple[int, int]:
        return self.fiscal_year, HALVES.index(self.half)


@dataclass(frozen=True)
class Projection:
    basis: str
    halves_used: int
    run_rate: float  # per half
    projected: float  # at the run rate
    low: float  # at the slowest reported half
    high: float  # at the fastest reported half
    target: float | None
    end_year: int
    remaining_halves: int  # halves still projected (0: the plan's figures are all in)

    @property
    def final(self) -> bool:
        """Every half of the plan is reported: the 'projection' is the result."""
        return self.remaining_halves == 0

    @property
    def on_pace(self) -> bool | None:
        """True when the projection reaches the target; None without a target."""
        if self.target is None or self.target <= 0:
            return None
        return self.projected >= self.target


def plan_halves(fy_start: int, fy_end: int) -> list[tuple[int, str]]:
    return [(year, half) for year in range(fy_start, fy_end + 1) for half in HALVES]


def project(values: Iterable[HalfValue], *, basis: str, fy_start: int, fy_end: int, target: float | None,
            as_of: tuple[int, str] | None = None) -> Projection | None:
    """Project the plan-end value from the halves reported up to ``as_of`` (inclusive; None = all)."""
    if basis not in PROJECTED_BASES:
        return None
    halves = plan_halves(fy_start, fy_end)
    limit = (as_of[0], HALVES.index(as_of[1])) if as_of else (fy_end, 1)
    reported = {(v.fiscal_year, v.half): v.value for v in values
                if (v.fiscal_year, v.half) in halves and v.order <= limit and v.value is not None}
    if len(reported) < MIN_HALVES:
        return None
    rate = sum(reported.values()) / len(reported)
    slowest, fastest = min(reported.values()), max(reported.values())
    if basis == "cumulative":
        counted = halves
    else:  # annual: the last year of the plan is what "plan end" means
        counted = [(y, h) for y, h in halves if y == fy_end]
    known = sum(reported.get(h, 0.0) for h in counted)
    missing = sum(1 for h in counted if h not in reported)
    return Projection(basis=basis, halves_used=len(reported), run_rate=rate, projected=known + rate * missing,
                      low=known + slowest * missing, high=known + fastest * missing, target=target,
                      end_year=fy_end, remaining_halves=missing)
