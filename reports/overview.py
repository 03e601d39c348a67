"""The overview's scorecard: one card per KPI of a plan for one year, and the regional-KPI headline.

Rules an executive can trust (each is tested in tests/reports/test_overview.py):
- one card per KPI the plan sets, in every year of it, whether or not the year has a figure;
- a cumulative KPI shows its running total where yearly figures exist; a KPI reported only for the whole plan
  says so ("reported at the end of the plan (FY2022)") with its target, until that year;
- a baseline (a figure from before the plan) is labelled as a baseline, never shown as the year's value;
- a change is computed only against the immediately preceding year of the same kind (年度 or 年), labelled
  前年度比 / 前年比; otherwise the card says there is no previous figure;
- a national headline is a published figure: sample rows never make one;
- cards are ordered with the ones that missed their target first, then in the plan's own order;
- each card's trend ends at the chosen year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from reports import charts
from reports.labels import number_text, rounded, span_label, text, year_label
from reports.views import ROUNDING, ChartView, flag_text, year_text
from warehouse import queries

Read = Callable[..., pl.DataFrame]
# Cards that missed their target lead; every other card keeps the plan's order, so a card stays in place from
# one year to the next unless it misses (an executive finds "the subsidy card" where it was last time).
MISSED = ("not_achieved", "off_track")


@dataclass(frozen=True)
class Card:
    kpi_id: str
    name: str
    group: str
    heading: str  # which figure: '2020年度 · 通期', '計画期間累計 (2020–2022年度)'
    value: str  # '267 社', or '—'
    status: str  # a status code (labels "status.<code>")
    status_label: str
    target: str  # '目標 250社/年度'
    achievement: str  # '106.8% (計画書記載 107%)', or ''
    delta: str | None  # '+11', or None
    delta_label: str  # '前年度比' / '前年比' / 'no previous figure'
    notes: tuple[str, ...]  # baseline, end-of-plan reporting, sample …
    trend: dict[str, Any] | None  # sparkline spec


@dataclass(frozen=True)
class Regional:
    """The regional-KPI share: nationally only when published, by block from whatever exists (badged)."""

    headline: str | None  # '78.9%', None when no published national figure exists for the year
    label: str
    caption: str
    blocks: ChartView | None


@dataclass(frozen=True)
class Overview:
    title: str
    cards: tuple[Card, ...]
    regional: Regional
    note: str = ""  # said above the cards when none of them has a figure for the year


def _value_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows that can be shown as a figure: published (never sample), with a figure."""
    return rows.filter(~pl.col("is_sample"), pl.col("actual_to_date").is_not_null())


def _target_text(indicator: dict[str, Any], row: dict[str, Any] | None, lang: str) -> str:
    """The target as the plan states it; the year's own target figure first where there is one."""
    unit_text = kpi_unit(indicator, lang)
    written = indicator["target_text_en" if lang == "en" else "target_text"]
    label = text("col.target", lang)
    if written:  # as the plan states it (250社/年度, 250件(2020～2022年度累計))
        return f"{label} {written}"
    if row is not None and row.get("target") is not None:
        return f"{label} {number_text(row['target'], unit_text)}"
    if indicator.get("target_value") is not None:
        when = year_label(indicator["target_year"], indicator["year_type"], lang)
        return f"{label} {number_text(indicator['target_value'], unit_text)}" + (f" ({when})" if when else "")
    return text("overview.no_target_set", lang)


def _achievement(row: dict[str, Any], lang: str) -> str:
    if row.get("achievement_pct") is None:
        return ""
    shown = f"{text('col.achievement_short', lang)} {rounded(row['achievement_pct'])}%"
    if row.get("printed_achievement_pct") is not None:
        shown += f" ({text('overview.printed', lang)} {row['printed_achievement_pct']:g}%)"
    return shown


def _trend(history: pl.DataFrame, indicator: dict[str, Any], year: int, lang: str) -> dict[str, Any] | None:
    points = _value_rows(history).filter(pl.col("period") == "FY", pl.col("fiscal_year") <= year)
    if points.height < 2:
        return None
    frame = points.select(year="fiscal_year", value="actual_to_date", year_type=pl.lit(indicator["year_type"]))
    frame = frame.with_columns(year_label=year_text(lang, year="year"))
    chart = charts.sparkline(frame, value_title=kpi_unit(indicator, lang) or text("col.actual", lang))
    return charts.spec(chart)


@dataclass(frozen=True)
class _KPI:
    """One KPI's rows and catalogue entry, as the card rules need them."""

    indicator: dict[str, Any]
    history: pl.DataFrame  # national kpi_results rows, every year
    plan: dict[str, Any]
    year: int
    lang: str

    @property
    def kind(self) -> str:
        return str(self.indicator["year_type"])

    def year_text(self, year: int) -> str:
        return year_label(year, self.kind, self.lang)

    @property
    def chosen_year_text(self) -> str:
        """The year chosen above the cards, for a card without a figure of its own that year (a survey KPI's year
        without a survey is the fiscal year chosen, not a survey that never was)."""
        return year_label(self.year, "fiscal", self.lang) if self.kind == "survey" else self.year_text(self.year)

    @property
    def plan_row(self) -> dict[str, Any] | None:
        rows = self.history.filter(pl.col("plan") == self.plan["plan"], pl.col("period") == "PLAN").rows(named=True)
        return rows[0] if rows else None

    def rows_of_year(self) -> pl.DataFrame:
        return self.history.filter(pl.col("plan") == self.plan["plan"], pl.col("fiscal_year") == self.year,
                                   pl.col("period") != "PLAN")

    def figure_of_year(self) -> dict[str, Any] | None:
        """The year's own published figure: full year first, else the latest half."""
        rows = _value_rows(self.rows_of_year())
        if rows.is_empty():
            return None
        order = {"FY": 0, "H2": 1, "H1": 2}
        return rows.sort(pl.col("period").replace_strict(order, return_dtype=pl.Int8)).row(0, named=True)


def _from_year(kpi: _KPI, shown: dict[str, Any]) -> tuple[str, str]:
    """Status and heading of a figure of the chosen year."""
    status, when = shown["status"], kpi.year_text(kpi.year)
    heading = f"{when} · {text('period.' + shown['period'], kpi.lang)}"
    if kpi.indicator["basis"] == "cumulative":
        heading = text("overview.cumulative_to", kpi.lang).format(year=when)
    return status, heading


def _without_year_figure(kpi: _KPI) -> tuple[dict[str, Any] | None, str, str, str | None]:
    """No figure for the year itself: the whole-plan figure at the plan's end, or say when it comes."""
    plan, plan_row, lang = kpi.plan, kpi.plan_row, kpi.lang
    if plan_row is not None and kpi.year == plan["fy_end"] and plan_row["actual_to_date"] is not None \
            and not plan_row["is_sample"]:
        span = span_label(plan["fy_start"], plan["fy_end"], kpi.kind, lang)
        return plan_row, plan_row["status"], text("overview.plan_total", lang).format(span=span), None
    if plan_row is not None and kpi.year < plan["fy_end"]:
        note = text("overview.assessed_at_end", lang).format(year=kpi.year_text(plan["fy_end"]))
        return None, "reported_at_end", kpi.chosen_year_text, note
    rows = kpi.rows_of_year().rows(named=True) or ([plan_row] if plan_row is not None else [])
    return None, rows[0]["status"] if rows else "no_figure", kpi.chosen_year_text, None


def _baseline_note(kpi: _KPI) -> str | None:
    value, year = kpi.indicator.get("baseline_value"), kpi.indicator.get("baseline_year")
    if value is None or year is None or year >= kpi.year:
        return None
    return f"{text('kpi.baseline', kpi.lang)} {number_text(value, kpi_unit(kpi.indicator, kpi.lang))} " \
           f"({kpi.year_text(year)})"


def kpi_unit(indicator: dict[str, Any], lang: str) -> str:
    """The KPI's own unit word (社, 件; companies, requests) in ``lang``."""
    return str(indicator["unit_en" if lang == "en" else "unit"] or "")


def card(indicator: dict[str, Any], history: pl.DataFrame, plan: dict[str, Any], year: int, lang: str) -> Card:
    """The card of one KPI in ``year`` of ``plan`` (``history``: its national kpi_results rows)."""
    kpi = _KPI(indicator, history, plan, year, lang)
    notes = [note for note in [_baseline_note(kpi)] if note]
    shown = kpi.figure_of_year()
    if indicator["basis"] == "qualitative":
        shown, status, heading = None, "qualitative", text("basis.qualitative", lang)
    elif shown is not None:
        status, heading = _from_year(kpi, shown)
    else:
        shown, status, heading, note = _without_year_figure(kpi)
        notes[:0] = [note] if note else []
    rows_of_year = kpi.rows_of_year()
    target_row = shown or (rows_of_year.row(0, named=True) if rows_of_year.height else kpi.plan_row)
    delta, delta_label = _delta(_value_rows(history), shown, year, kpi.kind, lang)
    value = "—" if shown is None else number_text(shown["actual_to_date"], kpi_unit(indicator, lang))
    return Card(
        kpi_id=indicator["kpi_id"], name=indicator["kpi_name_en" if lang == "en" else "kpi_name_ja"],
        group=indicator["indicator_group_en" if lang == "en" else "indicator_group"] or "", heading=heading,
        value=value, status=status, status_label=text(f"status.{status}", lang),
        target=_target_text(indicator, target_row, lang), achievement=_achievement(shown, lang) if shown else "",
        delta=delta, delta_label=delta_label, notes=tuple(notes), trend=_trend(history, indicator, year, lang),
    )


def _delta(values: pl.DataFrame, shown: dict[str, Any] | None, year: int, kind: str,
           lang: str) -> tuple[str | None, str]:
    """Change from the immediately preceding year of the same kind, or say there is none."""
    label = text("overview.vs_last_year" if kind == "fiscal" else "overview.vs_last_calendar_year", lang)
    if shown is None or shown["period"] != "FY" or shown.get("actual_to_date") is None:
        return None, ""
    previous = values.filter(pl.col("fiscal_year") == year - 1, pl.col("period") == "FY")
    if previous.is_empty():
        return None, text("overview.no_previous", lang)
    change = shown["actual_to_date"] - previous["actual_to_date"][0]
    return f"{change:+,.0f}" if float(change).is_integer() else f"{change:+,.1f}", label


def regional(read: Read, *, plan: dict[str, Any], year: int, blocks: tuple[str, ...], lang: str) -> Regional:
    summary = read(queries.regional_summary, fy_from=plan["fy_start"], fy_to=plan["fy_end"])
    national = summary.filter(pl.col("geography_level") == "national", pl.col("fiscal_year") == year,
                              ~pl.col("is_sample"))
    label = text("overview.regional_rate", lang).format(year=year_label(year, "fiscal", lang))
    if national.height:
        row = national.row(0, named=True)
        headline = f"{rounded(row['achieved_share_pct'])}%"
        caption = text("overview.regional_help", lang).format(achieved=row["achieved"], items=row["items"])
        caption += f" · {text('chart.source', lang)} {row['source_en' if lang == 'en' else 'source']}"
    else:
        headline, caption = None, text("overview.regional_unpublished", lang)
    by_block = summary.filter(pl.col("geography_level") == "block", pl.col("fiscal_year") == year)
    if blocks:
        by_block = by_block.filter(pl.col("block").is_in(blocks))
    chart = _block_chart(by_block, read, lang, published=bool(national.height)) if by_block.height else None
    return Regional(headline, label, caption, chart)


def _block_chart(by_block: pl.DataFrame, read: Read, lang: str, *, published: bool) -> ChartView:
    """``published``: the year has a published national figure, which the sample's blocks add up to."""
    order = {b: i for i, b in enumerate(read(queries.prefectures).unique("block", maintain_order=True)["block"])}
    names = read(queries.prefectures).unique("block").select("block", "block_en")
    frame = by_block.join(names, on="block").select(
        code="block", label=pl.col("block_en" if lang == "en" else "block"), value="achieved_share_pct",
        value_text=pl.format("{}% ({}/{})", pl.col("achieved_share_pct").round(1, mode=ROUNDING), "achieved", "items"),
        order=pl.col("block").replace_strict(order, return_dtype=pl.Int32), is_sample="is_sample",
        items="items", achieved="achieved",
    ).sort("order")
    sample = bool(frame["is_sample"].any())
    subtitle = [text("source.sample_counted" if published else "source.sample_counted_only", lang) if sample else ""]
    chart = charts.finish(charts.ranking(frame, value_title=text("overview.rate_axis", lang), highlight=None,
                                         domain=[0.0, 100.0]),  # the same 0–100 % axis every year
                          title=text("overview.by_block", lang), subtitle=subtitle)
    table = frame.select(pl.col("label").alias(text("geo.region", lang)),
                         pl.col("value_text").alias(text("overview.rate_axis", lang)),
                         flag_text("is_sample", lang).alias(text("col.sample", lang)))
    # the CSV holds numbers a spreadsheet can add up, not the text shown on the bars
    data = frame.select(block="label", items="items", achieved="achieved",
                        achieved_share_pct=pl.col("value").round(1, mode=ROUNDING), is_sample="is_sample")
    return ChartView(charts.spec(chart), table, sample=sample, data=data, name="overview-blocks")


def latest_year_with_figures(read: Read, *, plan: str) -> int | None:
    """The last fiscal year of the plan in which one of its central KPIs has a published figure (None: none yet;
    a baseline year before the plan does not count)."""
    span = read(queries.plans).filter(pl.col("plan") == plan).row(0, named=True)
    figures = _value_rows(read(queries.plan_kpis, plan=plan)).filter(  # the rows the cards read (_KPI.rows_of_year)
        pl.col("plan") == plan, pl.col("period") != "PLAN",
        pl.col("fiscal_year").is_between(span["fy_start"], span["fy_end"]))
    return None if figures.is_empty() else int(figures["fiscal_year"].max())  # type: ignore[arg-type]


def overview(read: Read, *, plan: str, year: int, blocks: tuple[str, ...], lang: str) -> Overview:
    plan_info = read(queries.plans).filter(pl.col("plan") == plan).row(0, named=True)
    catalogue = read(queries.indicators, plan=plan)
    results = read(queries.plan_kpis, plan=plan)
    cards = [card(indicator, results.filter(pl.col("kpi_id") == indicator["kpi_id"]), plan_info, year, lang)
             for indicator in catalogue.iter_rows(named=True)]
    position = {kpi: i for i, kpi in enumerate(catalogue["kpi_id"])}
    cards.sort(key=lambda c: (c.status not in MISSED, position[c.kpi_id]))
    title = text("overview.central_title", lang).format(plan=text(f"plan.{plan}", lang),
                                                          year=year_label(year, "fiscal", lang))
    empty = bool(cards) and all(card.value == "—" for card in cards)
    note = ""
    if empty and latest_year_with_figures(read, plan=plan) is None:
        note = text("overview.no_figures_plan", lang).format(plan=text(f"plan.{plan}", lang))
    elif empty:
        note = text("overview.no_figures", lang).format(year=year_label(year, "fiscal", lang))
    return Overview(title, tuple(cards), regional(read, plan=plan_info, year=year, blocks=blocks, lang=lang), note)
