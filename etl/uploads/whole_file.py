"""Checks that need the whole file: 上期 + 下期 = 通期, totals against the sum of rows, placeholder counts."""

from __future__ import annotations

import dataclasses
from collections import Counter

from etl import tables
from etl.cells import messages
from etl.cells.values import PLACEHOLDER_TEXT, parse_number
from etl.inputs.reference import prefectures
from etl.uploads import records, specs
from etl.uploads.report import Report


def total_row(row: records.Row, spec: specs.Dataset, measures: dict[str, tuple[str, str, str]],
           ) -> tuple[tuple[object, ...], float] | None:
    """(measure, year) and value of a 全国/合計 row, when readable; it is compared, never loaded."""
    try:
        named = row.raw("indicator") or spec.default_measure or ""
        measure = measures[records.lookup_key(named)][0]
        value = parse_number(row.raw("value"), units=specs.COUNT_UNITS).value
        year = records.data_year(row.raw("year"), spec.year_type)
    except (ValueError, KeyError):
        return None
    return ((measure, year), value) if value is not None else None


def check(report: Report, spec: specs.Dataset, rows: list[dict[str, object]],
          keys: dict[tuple[object, ...], tuple[int, tuple[object, ...]]],
          totals: list[tuple[int, tuple[object, ...], float]]) -> None:
    if not rows and not report.rows_with_problems:  # rows that all failed are reported as such
        report.problem(messages.problem(report.file_name, None, None, None, "no_data"))
    if spec.table == "fact_kpi":
        _halves(report, keys)
    _totals(report, rows, totals)
    _missing_prefectures(report, spec, rows)
    for code, count in sorted(report.placeholders.items()):
        warning = messages.problem(report.file_name, None, None, None, "placeholder", count=count, code=code,
                                   label=PLACEHOLDER_TEXT[code])
        report.warn(dataclasses.replace(warning, rule=f"placeholder_{code}"))


def _halves(report: Report, keys: dict[tuple[object, ...], tuple[int, tuple[object, ...]]]) -> None:
    """上期 + 下期 = 通期 for every KPI, prefecture and year that gives all three."""
    halves: dict[tuple[object, ...], dict[object, tuple[int, object]]] = {}
    period = tables.KEYS["fact_kpi"].index("period")
    for key, (number, values) in keys.items():
        halves.setdefault(key[:period] + key[period + 1:], {})[key[period]] = (number, values[1])
    for group in halves.values():
        actual = {period: v for period, (_, v) in group.items() if v is not None}
        if {"FY", "H1", "H2"} <= set(actual) and abs(actual["H1"] + actual["H2"] - actual["FY"]) > 1e-9:  # type: ignore[operator]
            report.problem(messages.problem(report.file_name, group["FY"][0], report.columns["actual"],
                                            str(actual["FY"]), "halves_do_not_add_up", h1=actual["H1"],
                                            h2=actual["H2"]))


def _totals(report: Report, rows: list[dict[str, object]], totals: list[tuple[int, tuple[object, ...], float]]) -> None:
    """A 全国/合計 row that differs from the sum of the rows is a warning."""
    sums: Counter[tuple[object, ...]] = Counter()
    for row in rows:
        if row.get("value") is not None:
            sums[(row["stat_code"], row["year"])] += row["value"]  # type: ignore[assignment, operator]
    for number, key, value in totals:
        if abs(sums[key] - value) > 0.5:
            report.warn(messages.problem(report.file_name, number, report.columns.get("value"), f"{value:g}",
                                         "total_mismatch", sum=f"{sums[key]:g}"))


def _missing_prefectures(report: Report, spec: specs.Dataset, rows: list[dict[str, object]]) -> None:
    """A dataset-year without all 47 prefectures loads, but the ones it lacks are named: they keep their
    current (often sample) values, so a block sum over that year mixes real and sample rows."""
    every = {p.code: p for p in prefectures()}
    present: dict[tuple[object, ...], set[object]] = {}
    for row in rows:
        if spec.table == "fact_kpi":
            key: tuple[object, ...] = ("KPI", "KPI", f"FY{row['fiscal_year']}")
        else:
            year = f"{'FY' if spec.year_type == 'fiscal' else 'CY'}{row['year']}"
            key = (row["indicator_ja"], row["indicator_en"], year)
        present.setdefault(key, set()).add(row["prefecture_code"])
    for (measure_ja, measure_en, year), codes in sorted(present.items(), key=str):
        missing = [every[code] for code in sorted(set(every) - codes)]
        if missing:
            report.warn(messages.problem(
                report.file_name, None, report.columns.get("prefecture"), None, "missing_prefectures",
                measure_ja=measure_ja, measure_en=measure_en, year=year, count=len(missing),
                names_ja="、".join(p.name_ja for p in missing), names_en=", ".join(p.name_en for p in missing)))
