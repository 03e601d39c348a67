"""KPI facts from the plan (kpi_central.csv) and the 1st-plan target rows (kpi_regional.csv).

Semantics kept from the plan:
- a year range ('2020-2022') is a whole-plan figure: period PLAN, fiscal_year = last year;
- the printed achievement % is kept as printed, beside the one the warehouse recomputes;
- the regional-KPI totals (114 items, 90 achieved, 78.9%) are a summary, not a KPI;
- a qualitative indicator gets a row without numbers.
"""

from __future__ import annotations

from pathlib import Path

from etl import tables
from etl.cells import values
from etl.cells.problems import Problem
from etl.cells.text import read_bundled as read_rows
from etl.inputs.bundled import SEED_SOURCE, Batch, parse_cells, source_of
from etl.inputs.reference import indicator_catalog, kpi_id_by_source_name, plans

REGIONAL_SUMMARY = {"地域KPIの項目数(合計値)": "items", "地域KPIの目標値を達成した項目数": "achieved"}


def indicator_rows() -> list[dict[str, object]]:
    def num(text: str) -> float | None:
        return values.plain_number(text)

    def year(text: str) -> int | None:
        return int(text) if text else None

    return [
        {
            "kpi_id": ind["kpi_id"],
            "display_order": order,
            "plan": ind["plan"],
            "kpi_tier": ind["kpi_tier"],
            "indicator_group": ind["indicator_group"],
            "indicator_group_en": ind["indicator_group_en"],
            "basis": ind["basis"],
            "unit": ind["unit"] or None,
            "unit_en": ind["unit_en"] or None,
            "year_type": ind["year_type"],
            "baseline_value": num(ind["baseline_value"]),
            "baseline_year": year(ind["baseline_year"]),
            "target_value": num(ind["target_value"]),
            "target_year": year(ind["target_year"]),
            "target_text": ind["target_text"] or None,
            "target_text_en": ind["target_text_en"] or None,
            "kpi_name_ja": ind["kpi_name_ja"],
            "kpi_name_en": ind["kpi_name_en"],
            "definition_ja": ind["definition_ja"],
            "definition_en": ind["definition_en"],
        }
        for order, ind in enumerate(indicator_catalog(), start=1)
    ]


def read_central(path: Path) -> Batch:
    batch = Batch()
    batch.add("dim_source", SEED_SOURCE)
    ids = kpi_id_by_source_name()
    required = ["indicator", "indicator_type", "fiscal_year", "year_type", "target", "actual",
                "achievement_rate_pct", "plan", "note"]
    for line, r in read_rows(path, required):
        cells, problems = parse_cells(path.name, line, r, {
            "fiscal_year": values.year_span, "target": values.plain_number, "actual": values.plain_number,
            "achievement_rate_pct": values.plain_number,
        })
        if problems:
            batch.problems.extend(problems)
            continue
        (first, last), target, actual = cells["fiscal_year"], cells["target"], cells["actual"]
        printed = cells["achievement_rate_pct"]
        if r["indicator"] in REGIONAL_SUMMARY:
            batch.add("regional_summary_parts", {
                "fiscal_year": last, "part": REGIONAL_SUMMARY[r["indicator"]], "value": actual,
                "printed": printed, "line": line,
            })
            continue
        kpi_id = ids.get(r["indicator"])
        if kpi_id is None:
            batch.problems.append(
                Problem(path.name, line, "indicator", r["indicator"], "unknown_indicator",
                        "indicator not in data/reference/indicators.csv")
            )
            continue
        batch.add("fact_kpi", {
            "kpi_id": kpi_id, "plan": r["plan"], "geography_level": "national", "block": None,
            "prefecture_code": None, "fiscal_year": last, "period": "PLAN" if first != last else "FY",
            "target": target, "actual": actual, "printed_achievement_pct": printed, "is_sample": False,
            "source_id": SEED_SOURCE["source_id"], "note": r["note"] or None,
        })
    return batch


def read_first_plan_targets(path: Path) -> Batch:
    """1st-plan national KPI sums and JPO agency targets in kpi_regional.csv -> fact_kpi rows."""
    batch = Batch()
    ids = kpi_id_by_source_name()
    for line, r in read_rows(path, ["indicator", "year", "value", "target", "source_url", "source_table",
                                    "source_type"]):
        kpi_id = ids.get(r["indicator"])
        if kpi_id is None:
            continue  # a statistic only; it is loaded by etl.inputs.published
        cells, problems = parse_cells(path.name, line, r, {
            "year": values.year_span, "value": values.plain_number, "target": values.number_with_note,
        })
        if problems:
            batch.problems.extend(problems)
            continue
        (first, last), actual, target = cells["year"], cells["value"], cells["target"]
        sid = source_of(r)["source_id"]
        batch.add("fact_kpi", {
            "kpi_id": kpi_id, "plan": "1st", "geography_level": "national", "block": None,
            "prefecture_code": None, "fiscal_year": last, "period": "PLAN" if first != last else "FY",
            "target": target, "actual": actual, "printed_achievement_pct": None, "is_sample": False,
            "source_id": sid, "note": r.get("note") or None, "_line": line, "_file": path.name,
        })
    return batch


def qualitative_rows() -> list[dict[str, object]]:
    """One numberless row per qualitative indicator, at the end of its plan."""
    plan_end = {plan.plan: plan.fy_end for plan in plans()}
    return [
        {
            "kpi_id": ind["kpi_id"], "plan": ind["plan"], "geography_level": "national", "block": None,
            "prefecture_code": None, "fiscal_year": plan_end[ind["plan"]], "period": "PLAN",
            "target": None, "actual": None, "printed_achievement_pct": None, "is_sample": False,
            "source_id": SEED_SOURCE["source_id"], "note": ind["target_text"] or None,
        }
        for ind in indicator_catalog()
        if ind["basis"] == "qualitative"
    ]


def merge_kpi_rows(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[Problem]]:
    """Rows sharing a key are merged (target from one, actual from another); conflicts are problems."""
    merged: dict[tuple[object, ...], dict[str, object]] = {}
    problems: list[Problem] = []
    for row in rows:
        key = tuple(row[k] for k in tables.KEYS["fact_kpi"])
        clean = {k: v for k, v in row.items() if not k.startswith("_")}
        if key not in merged:
            merged[key] = clean
            continue
        kept = merged[key]
        for col in ("target", "actual", "printed_achievement_pct"):
            if clean[col] is None:
                continue
            if kept[col] is None:
                kept[col] = clean[col]
            elif kept[col] != clean[col]:
                problems.append(Problem(
                    str(row.get("_file", "kpi")), row.get("_line"), col, str(clean[col]), "conflicting_duplicate",  # type: ignore[arg-type]
                    f"{row['kpi_id']} {row['fiscal_year']} {row['period']} already has {col} {kept[col]}",
                ))
    return list(merged.values()), problems


def regional_summary(parts: list[dict[str, object]], file: str) -> tuple[list[dict[str, object]], list[Problem]]:
    """Combine the two published rows per year (items, achieved) into one summary row."""
    by_year: dict[int, dict[str, object]] = {}
    for part in parts:
        year = int(part["fiscal_year"])  # type: ignore[call-overload]
        entry = by_year.setdefault(year, {
            "geography_level": "national", "block": None, "prefecture_code": None, "fiscal_year": year,
            "items": None, "achieved": None, "printed_share_pct": None, "is_sample": False,
            "source_id": SEED_SOURCE["source_id"],
        })
        entry[str(part["part"])] = int(part["value"])  # type: ignore[call-overload]
        if part["printed"] is not None:
            entry["printed_share_pct"] = part["printed"]
    problems = [
        Problem(file, None, "actual", None, "incomplete_summary", f"FY{y}: needs both items and achieved rows")
        for y, e in by_year.items() if e["items"] is None or e["achieved"] is None
    ]
    return list(by_year.values()), problems
