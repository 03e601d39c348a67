"""The half-year review of one block, shaped for the page and the meeting pack (pure: frames and ``lang`` in).

Rows come from ``warehouse.queries.block_kpis`` (kpi_results of one block and plan) and the
entries from ``warehouse.reviews``. Off-track KPIs come first: they are what the meeting discusses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from reports import charts, pace, review_chart
from reports.labels import block_id, number_text, rounded, text
from reports.views import (
    ROUNDING,
    ChartView,
    decimal_text,
    has_sample,
    japan_time,
    source_column,
    source_line,
    sources_of,
)
from warehouse import queries
from warehouse.reviews import NEEDS_EXPLANATION, Entry, EntryKey

STATUS_ORDER = {"off_track": 0, "not_achieved": 1, "not_reported": 2, "no_data": 3, "on_pace": 4, "achieved": 5,
                "no_target": 6, "qualitative": 7}
def half_label(year: int, half: str, lang: str) -> str:
    return text("review.half_label", lang).format(year=year, half=text(f"review.half.{half}", lang))


def printed_figures(row: Mapping[str, Any]) -> dict[str, str]:
    """A scorecard row's figures as printed text: actual, target, to_date (what is compared), pct."""
    unit = row["unit"]
    pct = "—" if row["achievement_pct"] is None else f"{rounded(row['achievement_pct'])}%"
    return {"actual": number_text(row["actual"], unit), "target": number_text(row["target"], unit),
            "to_date": number_text(row["actual_to_date"], unit), "pct": pct}


def figures_text(row: Mapping[str, Any], *, year: int, half: str, lang: str) -> str:
    """A scorecard row's figures in words: the half's own figure, then what is compared with the target when
    that is more than the half (the year or the plan so far) — '2025年度下期の実績 150 件 · 年度の累計 289 件 /
    目標 251 件 · 達成率 115.1%'."""
    shown = printed_figures(row)
    own = text("review.figures.own", lang).format(half=half_label(year, half, lang), actual=shown["actual"])
    if row["actual_to_date"] == row["actual"]:
        return f"{own} / " + text("review.figures.target", lang).format(**shown)
    what = row["basis"] if row["basis"] in ("annual", "cumulative") else "other"
    return f"{own} · " + text("review.figures.compared", lang).format(what=text(f"review.to_date.{what}", lang),
                                                                     **shown)


def current_plan(plans: pl.DataFrame, today: dt.date) -> dict[str, object]:
    """The plan running in today's fiscal year, else the latest one that has started."""
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    started = plans.filter(pl.col("fy_start") <= fiscal_year).sort("fy_start")
    running = started.filter(pl.col("fy_end") >= fiscal_year)
    chosen = running if running.height else started if started.height else plans.sort("fy_start")
    return chosen.row(-1, named=True)


def latest(entries: list[Entry]) -> dict[EntryKey, Entry]:
    """The current revision of each entry (entries oldest first, as the store returns them)."""
    current: dict[EntryKey, Entry] = {}
    for entry in entries:
        if entry.key not in current or entry.revision > current[entry.key].revision:
            current[entry.key] = entry
    return current


def reported_halves(kpis: pl.DataFrame) -> list[tuple[int, str]]:
    """Halves with at least one figure for the block, in time order (the page's choices)."""
    rows = kpis.filter((pl.col("geography_level") == "block") & pl.col("period").is_in(pace.HALVES)
                       & pl.col("actual").is_not_null())
    return sorted({(int(y), str(h)) for y, h in rows.select("fiscal_year", "period").iter_rows()},
                  key=lambda yh: (yh[0], pace.HALVES.index(yh[1])))


def _half_values(rows: pl.DataFrame) -> list[pace.HalfValue]:
    return [pace.HalfValue(int(r["fiscal_year"]), str(r["period"]), float(r["actual"]))
            for r in rows.filter(pl.col("period").is_in(pace.HALVES) & pl.col("actual").is_not_null())
            .iter_rows(named=True)]


def projection(rows: pl.DataFrame, plan: Mapping[str, object], as_of: tuple[int, str]) -> pace.Projection | None:
    """The pace projection of one KPI from its block rows, using the halves up to ``as_of``."""
    if rows.is_empty():
        return None
    fy_start, fy_end = int(plan["fy_start"]), int(plan["fy_end"])  # type: ignore[call-overload]
    end_targets = rows.filter((pl.col("fiscal_year") == fy_end) & pl.col("target").is_not_null())["target"]
    target = float(end_targets[0]) if end_targets.len() else None
    return pace.project(_half_values(rows), basis=str(rows["basis"][0]), fy_start=fy_start, fy_end=fy_end,
                        target=target, as_of=as_of)


def verdict_key(on_pace: bool | None, final: bool) -> str:
    """The label of a projection's verdict; once every half is in, the plan's result, not a pace."""
    if final and on_pace is not None:
        return "status.achieved" if on_pace else "status.not_achieved"
    return {True: "pace.on", False: "pace.off", None: "pace.no_target"}[on_pace]


def projection_text(p: pace.Projection | None, unit: str, lang: str) -> str:
    if p is None:
        return text("pace.too_few", lang).format(n=pace.MIN_HALVES)
    verdict = verdict_key(p.on_pace, final=p.final)
    if p.final:  # nothing left to project: the reported figure, said as such
        return text("pace.final", lang).format(year=p.end_year, value=number_text(round(p.projected), unit),
                                               target=number_text(p.target, unit), verdict=text(verdict, lang))
    return text("pace.summary", lang).format(
        year=p.end_year, value=number_text(round(p.projected), unit), low=number_text(round(p.low)),
        high=number_text(round(p.high)), target=number_text(p.target, unit), verdict=text(verdict, lang),
        halves=p.halves_used)


def scorecard(kpis: pl.DataFrame, entries: Mapping[EntryKey, Entry], *, plan: Mapping[str, object], block: str,
              year: int, half: str, lang: str) -> pl.DataFrame:
    """One row per regional KPI of the block for the chosen half: figures, status, projection, entry."""
    return with_entries(figures(kpis, plan=plan, year=year, half=half, lang=lang), entries,
                        plan=str(plan["plan"]), block=block, year=year, half=half, lang=lang)


def figures(kpis: pl.DataFrame, *, plan: Mapping[str, object], year: int, half: str, lang: str) -> pl.DataFrame:
    """The warehouse part of the scorecard: one row per regional KPI with a figure for the half (figures,
    status, projection), off-track first. The same for every session until the next version."""
    en = lang == "en"
    block_rows = kpis.filter(pl.col("geography_level") == "block")
    rows: list[dict[str, object]] = []
    for kpi_id in block_rows["kpi_id"].unique(maintain_order=True):
        series = block_rows.filter(kpi_id=kpi_id)
        current = series.filter(fiscal_year=year, period=half)
        if current.is_empty():
            continue
        r = current.row(0, named=True)
        unit = (r["unit_en"] if en else r["unit"]) or ""
        p = projection(series, plan, (year, half))
        rows.append({
            "kpi_id": kpi_id, "kpi_name": r["kpi_name_en" if en else "kpi_name_ja"],
            "basis": r["basis"], "basis_label": text(f"basis.{r['basis']}", lang), "unit": unit,
            "target": r["target"], "actual": r["actual"], "actual_to_date": r["actual_to_date"],
            "achievement_pct": r["achievement_pct"], "status": r["status"],
            "status_label": text(f"status.{r['status']}", lang),
            "needs_explanation": r["status"] in NEEDS_EXPLANATION,
            "is_sample": bool(r["is_sample"]), "source": r[source_column(lang)], "source_url": r["source_url"],
            "proj_value": p.projected if p else None, "proj_low": p.low if p else None,
            "proj_high": p.high if p else None, "proj_target": p.target if p else None,
            "proj_on_pace": p.on_pace if p else None, "proj_halves": p.halves_used if p else 0,
            "proj_final": p is not None and p.final,
            "proj_text": projection_text(p, unit, lang),
        })
    if not rows:
        return pl.DataFrame()
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return frame.with_columns(_order=pl.col("status").replace_strict(STATUS_ORDER, default=9)).sort(
        "_order", "kpi_id").drop("_order")


def board_figures(read: Callable[..., pl.DataFrame], *, plan: str, block: str, year: int, half: str,
                  lang: str) -> pl.DataFrame:
    """``figures`` of one block from the warehouse (the review page's cached builder)."""
    return figures(read(queries.block_kpis, plan=plan, block=block), plan=_plan_row(read, plan), year=year,
                   half=half, lang=lang)


def _plan_row(read: Callable[..., pl.DataFrame], plan: str) -> dict[str, object]:
    return read(queries.plans).filter(pl.col("plan") == plan).row(0, named=True)


def with_entries(board: pl.DataFrame, entries: Mapping[EntryKey, Entry], *, plan: str, block: str, year: int,
                 half: str, lang: str) -> pl.DataFrame:
    """``figures`` with the block's current entry for each KPI (the review store changes between reruns,
    so this part is never cached)."""
    if board.is_empty():
        return board
    found = [entries.get(EntryKey(plan, block, kpi_id, year, half)) for kpi_id in board["kpi_id"]]
    text_of = [e.text if e else None for e in found]
    return board.with_columns(
        pl.Series("revision", [e.revision if e else 0 for e in found], dtype=pl.Int64),
        pl.Series("state", [t.state if t else None for t in text_of], dtype=pl.String),
        pl.Series("state_label", [text(f"review.state.{t.state}" if t else "review.state.none", lang)
                                  for t in text_of], dtype=pl.String),
        *(pl.Series(field, [getattr(t, field) if t else "" for t in text_of], dtype=pl.String)
          for field in ("assessment", "cause", "countermeasure", "owner")),
        pl.Series("next_review", [t.next_review if t else None for t in text_of], dtype=pl.String),
        pl.Series("author", [e.author if e else None for e in found], dtype=pl.String),
        pl.Series("written_at", [japan_time(e.written_at) if e else None for e in found], dtype=pl.String),
    )


def status_counts(board: pl.DataFrame, lang: str) -> list[tuple[str, str, int]]:
    """(status, its label, count) in meeting order: the page's and the meeting pack's summary."""
    if board.is_empty():
        return []
    counts = board.group_by("status").len()
    ordered = sorted(counts.iter_rows(), key=lambda r: STATUS_ORDER.get(r[0], 9))
    return [(status, text(f"status.{status}", lang), int(n)) for status, n in ordered]


def prefecture_table(kpis: pl.DataFrame, *, year: int, half: str, lang: str) -> pl.DataFrame:
    """Prefectures × KPIs of the chosen half, long form with numbers (for XLSX and the page): off track first
    (STATUS_ORDER), the status next to the prefecture so a narrow window still shows it."""
    en = lang == "en"
    rows = kpis.filter((pl.col("geography_level") == "prefecture") & (pl.col("fiscal_year") == year)
                       & (pl.col("period") == half))
    order = pl.col("status").replace_strict(STATUS_ORDER, default=len(STATUS_ORDER), return_dtype=pl.Int8)
    return rows.sort(order, "prefecture_code", "kpi_id").select(
        pl.col("prefecture_code").alias(text("review.col.code", lang)),
        pl.col("prefecture_name_en" if en else "prefecture_name_ja").alias(text("col.prefecture", lang)),
        pl.col("status").replace_strict({s: text(f"status.{s}", lang) for s in STATUS_ORDER}, default=pl.col("status"))
        .alias(text("col.status", lang)),
        pl.col("kpi_name_en" if en else "kpi_name_ja").alias(text("col.kpi", lang)),
        pl.col("target").alias(text("col.target", lang)),
        pl.col("actual_to_date").alias(text("col.actual_to_date", lang)),
        pl.col("unit_en" if en else "unit").alias(text("col.unit", lang)),
        pl.col("achievement_pct").round(1, mode=ROUNDING).alias(text("col.achievement_short", lang) + " (%)"),
        pl.col("is_sample").alias(text("col.sample", lang)),
    )


def block_prefectures(read: Callable[..., pl.DataFrame], *, plan: str, block: str, year: int, half: str,
                      lang: str) -> pl.DataFrame:
    """``prefecture_table`` of one block from the warehouse (the review page's cached builder)."""
    return prefecture_table(read(queries.block_kpis, plan=plan, block=block), year=year, half=half, lang=lang)


def prefecture_matrix(kpis: pl.DataFrame, *, year: int, half: str, lang: str) -> pl.DataFrame:
    """Prefectures down, KPIs across, each cell 'status symbol + achievement %' (compact, for print)."""
    en = lang == "en"
    rows = kpis.filter((pl.col("geography_level") == "prefecture") & (pl.col("fiscal_year") == year)
                       & (pl.col("period") == half))
    if rows.is_empty():
        return pl.DataFrame()
    icons = {s: text(f"status.{s}", lang).split(" ")[0] for s in STATUS_ORDER}
    cells = rows.with_columns(
        cell=pl.col("status").replace_strict(icons, default="") + pl.lit(" ")
        + pl.col("achievement_pct").round(1, mode=ROUNDING).cast(pl.String).fill_null("—") + pl.lit("%"),
        name=pl.col("prefecture_name_en" if en else "prefecture_name_ja"))
    order = rows.select("kpi_id").unique(maintain_order=True)["kpi_id"].to_list()
    wide = cells.sort("prefecture_code").pivot(on="kpi_id", index="name", values="cell")
    return wide.select("name", *[k for k in order if k in wide.columns]).rename(
        {"name": text("col.prefecture", lang)})


def half_series(rows: pl.DataFrame, plan: Mapping[str, object], *, as_of: tuple[int, str],
                lang: str) -> pl.DataFrame:
    """One KPI's halves over the whole plan, for its chart: the reported figures up to ``as_of`` and, for
    the halves after it, the projection at the run rate (with the slowest-fastest range), never mixed.
    ``pace`` is the share of the target one half stands for (annual: half the year's target; cumulative:
    the plan target over the plan's halves)."""
    fy_start, fy_end = int(plan["fy_start"]), int(plan["fy_end"])  # type: ignore[call-overload]
    halves = pace.plan_halves(fy_start, fy_end)
    basis = str(rows["basis"][0]) if rows.height else "annual"
    p = projection(rows, plan, as_of)
    limit = (as_of[0], pace.HALVES.index(as_of[1]))
    values = {(v.fiscal_year, v.half): v.value for v in _half_values(rows) if v.order <= limit}
    targets = {int(y): t for y, t in rows.filter(pl.col("period") == "FY").select("fiscal_year", "target").iter_rows()}
    out = []
    for i, (year, half) in enumerate(halves):
        target = targets.get(year)
        per_half = None if target is None else target / (len(halves) if basis == "cumulative" else 2)
        reported = values.get((year, half))
        projected = p is not None and reported is None and (year, pace.HALVES.index(half)) > limit
        out.append({"order": i, "label": half_label(year, half, lang), "pace": per_half,
                    "actual": reported, "projection": p.run_rate if projected and p else None,
                    "low": min(values.values()) if projected and values else None,
                    "high": max(values.values()) if projected and values else None})
    return pl.DataFrame(out, schema={"order": pl.Int64, "label": pl.String, "pace": pl.Float64, "actual": pl.Float64,
                                     "projection": pl.Float64, "low": pl.Float64, "high": pl.Float64})


def history_table(entries: list[Entry], lang: str) -> pl.DataFrame:
    """Every revision of one entry, newest first."""
    return pl.DataFrame([{
        text("review.col.revision", lang): e.revision, text("review.col.written_at", lang): japan_time(e.written_at),
        text("review.col.author", lang): e.author, text("review.col.state", lang):
            text(f"review.state.{e.text.state}", lang),
        text("review.assessment", lang): e.text.assessment, text("review.cause", lang): e.text.cause,
        text("review.countermeasure", lang): e.text.countermeasure, text("review.owner", lang): e.text.owner,
        text("review.next_review", lang): e.text.next_review or "",
        text("col.status", lang): text(f"status.{e.status}", lang) if e.status else "",
    } for e in sorted(entries, key=lambda e: -e.revision)])


def kpi_chart(read: Callable[..., pl.DataFrame], *, plan: str, block: str, kpi_id: str, year: int, half: str,
              lang: str) -> ChartView:
    """One KPI's halves in a block: reported actuals, the projection apart from them, the target pace."""
    plan_row = _plan_row(read, plan)
    rows = read(queries.block_kpis, plan=plan, block=block).filter(
        pl.col("geography_level") == "block", pl.col("kpi_id") == kpi_id)
    first = rows.row(0, named=True)
    name, unit, sample = first["kpi_name_en" if lang == "en" else "kpi_name_ja"], \
        first["unit_en" if lang == "en" else "unit"], has_sample(rows)
    series = half_series(rows, plan_row, as_of=(year, half), lang=lang)
    chart = review_chart.halves_chart(
        series, y_title=text("review.value_axis", lang).format(unit=unit),
        actual_label=text("review.chart_actual", lang), projection_label=text("review.chart_projection", lang),
        pace_label=text("review.chart_pace", lang), range_label=text("review.chart_range", lang))
    title = text("review.chart_title", lang).format(kpi=name)
    sources = sources_of(rows, lang)
    table = series.select(
        pl.col("label").alias(text("review.half", lang)),
        decimal_text("actual").alias(text("review.chart_actual", lang)),
        decimal_text("projection").alias(text("review.chart_projection", lang)),
        decimal_text("pace").alias(text("review.chart_pace", lang)))
    finished = charts.finish(chart, title=title, subtitle=[source_line(sources, lang)])
    # the CSV: typed figures (the projection and its range to the decimal shown), with the unit, the sample flag
    # and the source as every other chart's CSV, so a sample figure keeps its label outside the page
    data = series.select(
        pl.lit(name).alias("kpi"), pl.col("label").alias("half"),
        "actual", *[pl.col(c).round(1, mode=ROUNDING) for c in ("projection", "low", "high")],
        pl.col("pace").round(1, mode=ROUNDING).alias("target_pace"), pl.lit(unit).alias("unit"),
        pl.lit(sample).alias("is_sample"), pl.lit(" / ".join(sources)).alias("source"))
    # named by what it shows (the block's halves up to the one reviewed), not by the sidebar it ignores
    return ChartView(charts.spec(finished), table, sample=sample, sources=sources, uses_filters=False,
                     data=data, name=f"review_{kpi_id}_{block_id(block)}_{year}-{half}")
