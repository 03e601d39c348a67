"""Denominators of rates (per 10,000 establishments, per 100,000 people): the bundled files, and loaded ones.

The bundled files (data/raw/prefecture_*.csv: one row per prefecture with its published reference date and
source, listed in data/reference/denominators.csv) are read into fact_statistic rows of the dataset
``denominators``, the same rows a loaded denominator file gives (etl.ingest, dataset ``denominator``), so a
load replaces them by the usual key (measure, prefecture, year). The build then moves every denominator row
into fact_denominator (warehouse/publish.py, in SQL after the loads), keeping the newest reference year of
each measure: a complete newer file replaces a measure, a partial one fails the warehouse checks (47 rows per
measure).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells import values
from etl.cells.problems import Problem
from etl.cells.text import read_bundled as read_rows
from etl.inputs.bundled import Batch
from etl.inputs.reference import Denominator, denominator_catalog, prefectures, source_titles, statistic_names
from warehouse.contract import DENOMINATOR_DATASET

REQUIRED = ["prefecture_code", "prefecture_ja", "value", "unit", "reference_date", "source_title", "source_url",
            "note"]


def _problems(file: str, line: int, r: dict[str, str], den: Denominator, seen: set[str]) -> list[Problem]:
    pref = {p.code: p for p in prefectures()}.get(r["prefecture_code"])
    found: list[Problem] = []

    def bad(column: str, rule: str, message: str) -> None:
        found.append(Problem(file, line, column, r[column], rule, message))

    if pref is None:
        bad("prefecture_code", "unknown_prefecture", "unknown JIS code")
    elif r["prefecture_ja"] != pref.name_ja:
        bad("prefecture_ja", "reference_mismatch", f"prefecture {pref.code} is {pref.name_ja}")
    if r["prefecture_code"] in seen:
        bad("prefecture_code", "duplicate_row", "prefecture listed twice")
    if not (r["value"].isascii() and r["value"].isdigit() and int(r["value"]) > 0):
        bad("value", "not_parsable", "not a positive whole number")
    if r["unit"].split(" ")[0] != den.unit:
        bad("unit", "unexpected_value", f"expected {den.unit} (data/reference/denominators.csv)")
    try:
        date.fromisoformat(r["reference_date"])
    except ValueError:
        bad("reference_date", "not_parsable", "not a date (YYYY-MM-DD)")
    else:
        if den.national_reference_date and r["reference_date"] != den.national_reference_date:
            bad("reference_date", "unexpected_value",
                f"the national total in data/reference/denominators.csv is of {den.national_reference_date}")
    return found


def read_file(path: Path, den: Denominator) -> Batch:
    """One bundled denominator file -> fact_statistic rows of the dataset ``denominators`` (and their sources)."""
    batch = Batch()
    indicator = {code: (ja, en) for ja, (code, en) in statistic_names().items()}
    if den.measure not in indicator:
        batch.problems.append(Problem(path.name, None, None, den.measure, "unknown_indicator",
                                      "measure not in data/reference/statistic_indicators.csv"))
        return batch
    name_ja, name_en = indicator[den.measure]
    by_code = {p.code: p for p in prefectures()}
    rows = read_rows(path, REQUIRED)
    seen: set[str] = set()
    for line, r in rows:
        problems = _problems(path.name, line, r, den, seen)
        seen.add(r["prefecture_code"])
        if problems:
            batch.problems.extend(problems)
            continue
        title_ja, title_en = source_titles(r["source_title"])
        # the figures are official statistics, read from a copy of the statistics centre's file, not its own page
        source = {"source_id": values.source_id(r["source_title"], r["source_url"]), "source_type": "secondary",
                  "title": title_ja, "title_en": title_en, "url": r["source_url"]}
        batch.add("dim_source", source)
        batch.add("fact_statistic", {
            "dataset": DENOMINATOR_DATASET, "stat_code": den.measure, "indicator_ja": name_ja, "indicator_en": name_en,
            "geography_level": "prefecture", "block": by_code[r["prefecture_code"]].block,
            "prefecture_code": r["prefecture_code"], "year": date.fromisoformat(r["reference_date"]).year,
            "year_label": r["reference_date"], "year_type": "calendar", "value": float(r["value"]),
            "value_text": r["value"], "unit": den.unit, "target": None, "target_text": None, "is_sample": False,
            "source_id": source["source_id"], "note": r["note"] or None, "note_en": r["note"] or None,
        })
    if len(rows) != len(by_code):
        batch.problems.append(Problem(path.name, None, None, str(len(rows)), "row_count",
                                      f"expected {len(by_code)} prefectures"))
    return batch


def read_bundled(raw: Path) -> Batch:
    """Every bundled denominator file named in data/reference/denominators.csv."""
    batch = Batch()
    for den in denominator_catalog():
        if den.bundled_file:
            batch.extend(read_file(raw / den.bundled_file, den))
    return batch


def catalog_frame() -> pl.DataFrame:
    return tables.frame("dim_denominator", [
        {"measure": d.measure, "unit": d.unit, "unit_en": d.unit_en, "per": d.per, "per_ja": d.per_ja,
         "per_en": d.per_en, "national_total": d.national_total,
         "national_reference_date": date.fromisoformat(d.national_reference_date) if d.national_reference_date
         else None} for d in denominator_catalog()])

