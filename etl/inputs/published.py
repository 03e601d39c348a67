"""The bundled long-format statistics files (data/raw/*.csv with a `dataset` column).

Every row becomes a fact_statistic row with its source; nothing is derived or summed here.
"""

from __future__ import annotations

from pathlib import Path

from etl.cells import values
from etl.cells.problems import Problem
from etl.cells.text import read_bundled as read_rows
from etl.inputs.bundled import Batch, parse_cells, source_of
from etl.inputs.reference import prefectures, statistic_names, statistic_notes

LONG_FILES = (
    "subsidies.csv",
    "accelerated_examination.csv",
    "pct_applications.csv",
    "patent_applications.csv",
    "other_ip_applications.csv",
    "kpi_regional.csv",
)
REQUIRED = [
    "dataset", "indicator", "geography_level", "block", "prefecture_code", "year", "year_type",
    "value", "unit", "target", "source_url", "source_table", "source_type", "note",
]
GEOGRAPHY_LEVELS = {"national", "block", "prefecture"}
YEAR_TYPES = {"fiscal", "calendar"}


def check_geography(
    file: str, line: int, level: str, block: str, code: str, problems: list[Problem]
) -> None:
    """Geography columns must agree with the prefecture reference table."""
    by_code = {p.code: p for p in prefectures()}
    if level not in GEOGRAPHY_LEVELS:
        problems.append(Problem(file, line, "geography_level", level, "unknown_value", "unknown geography level"))
    elif level == "prefecture":
        pref = by_code.get(code)
        if pref is None:
            problems.append(Problem(file, line, "prefecture_code", code, "unknown_prefecture", "unknown JIS code"))
        elif block and block != pref.block:
            problems.append(
                Problem(file, line, "block", block, "block_mismatch", f"prefecture {code} is in {pref.block}")
            )
    elif level == "block" and block not in {p.block for p in by_code.values()}:
        problems.append(Problem(file, line, "block", block, "unknown_block", "unknown METI block"))


def read_long_file(path: Path) -> Batch:
    batch = Batch()
    names = statistic_names()
    for line, r in read_rows(path, REQUIRED):
        problems = batch.problems
        check_geography(path.name, line, r["geography_level"], r["block"], r["prefecture_code"], problems)
        if r["year_type"] not in YEAR_TYPES:
            problems.append(Problem(path.name, line, "year_type", r["year_type"], "unknown_value", "unknown year type"))
        if r["indicator"] not in names:
            problems.append(
                Problem(path.name, line, "indicator", r["indicator"], "unknown_indicator",
                        "indicator not in data/reference/statistic_indicators.csv")
            )
            continue
        cells, bad_cells = parse_cells(path.name, line, r, {
            "year": values.year_span, "value": values.plain_number, "target": values.number_with_note,
            "source_type": values.source_type,
        })
        if bad_cells:
            problems.extend(bad_cells)
            continue
        (_, year), value, target = cells["year"], cells["value"], cells["target"]
        stat_code, indicator_en = names[r["indicator"]]
        source = source_of(r)
        sid = str(source["source_id"])
        batch.add("dim_source", source)
        batch.add(
            "fact_statistic",
            {
                "dataset": r["dataset"],
                "stat_code": stat_code,
                "indicator_ja": r["indicator"],
                "indicator_en": indicator_en,
                "geography_level": r["geography_level"],
                "block": r["block"] or None,
                "prefecture_code": r["prefecture_code"] or None,
                "year": year,
                "year_label": r["year"],
                "year_type": r["year_type"],
                "value": value,
                "value_text": r["value"],
                "unit": r["unit"],
                "target": target,
                "target_text": r["target"] or None,
                "is_sample": False,
                "source_id": sid,
                **dict(zip(("note", "note_en"), statistic_notes(r["note"]), strict=True)),
            },
        )
    return batch


def read_above_average_flags(path: Path) -> Batch:
    """Prefectures named above the national average: positive flags only (value 1)."""
    batch = Batch()
    names = statistic_names()
    required = ["indicator", "year", "prefecture_code", "block", "above_national_average", "national_average_pct",
                "source_url", "source_table", "source_type", "note"]
    for line, r in read_rows(path, required):
        check_geography(path.name, line, "prefecture", r["block"], r["prefecture_code"], batch.problems)
        if r["above_national_average"] != "1":
            batch.problems.append(
                Problem(path.name, line, "above_national_average", r["above_national_average"],
                        "unexpected_value", "only positive flags (1) are published")
            )
            continue
        stat_code, indicator_en = names.get(r["indicator"], (None, None))
        if stat_code is None:
            batch.problems.append(
                Problem(path.name, line, "indicator", r["indicator"], "unknown_indicator", "unknown indicator"))
            continue
        source = source_of(r)
        sid = str(source["source_id"])
        batch.add("dim_source", source)
        batch.add(
            "fact_statistic",
            {
                "dataset": "prefecture_above_avg_flags",
                "stat_code": f"{stat_code}_above_average",
                "indicator_ja": f"{r['indicator']}が全国平均を上回る",
                "indicator_en": f"{indicator_en}: above the national average",
                "geography_level": "prefecture",
                "block": r["block"],
                "prefecture_code": r["prefecture_code"],
                "year": int(r["year"]),
                "year_label": r["year"],
                "year_type": "calendar",
                "value": 1.0,
                "value_text": "1",
                "unit": "flag",
                "target": None,
                "target_text": None,
                "is_sample": False,
                "source_id": sid,
                "note": f"全国平均 {r['national_average_pct']}%; {statistic_notes(r['note'])[0]}",
                "note_en": f"national average {r['national_average_pct']}%; {statistic_notes(r['note'])[1]}",
            },
        )
    return batch


def check_block_map(path: Path) -> Batch:
    """The bundled JIS -> block map must agree with the reference prefecture table."""
    batch = Batch()
    by_code = {p.code: p for p in prefectures()}
    rows = read_rows(path, ["prefecture_code", "prefecture_name_ja", "block", "bureau"])
    for line, r in rows:
        pref = by_code.get(r["prefecture_code"])
        expected = (r["prefecture_name_ja"], r["block"], r["bureau"])
        if pref is None or (pref.name_ja, pref.block, pref.bureau) != expected:
            batch.problems.append(
                Problem(path.name, line, "block", r["block"], "reference_mismatch",
                        "differs from data/reference/prefectures.csv")
            )
    if len(rows) != 47:
        batch.problems.append(Problem(path.name, None, None, str(len(rows)), "row_count", "expected 47 prefectures"))
    return batch
