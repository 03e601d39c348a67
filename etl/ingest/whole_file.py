"""Checks that need the whole file: 上期 + 下期 = 通期, totals against the sum of rows, placeholder counts."""

from __future__ import annotations

from collections import Counter

from etl.ingest import records, specs
from etl.ingest.cells import PLACEHOLDER_TEXT, parse_number, parse_year
from etl.ingest.report import Report
from etl.problems import Problem


def total_row(row: records.Row, spec: specs.Dataset, measures: dict[str, tuple[str, str, str]],
           ) -> tuple[tuple[object, ...], float] | None:
    """(measure, year) and value of a 全国/合計 row, when readable; it is compared, never loaded."""
    try:
        named = row.raw("indicator") or spec.default_measure or ""
        measure = measures[records.lookup_key(named)][0]
        value = parse_number(row.raw("value"), units=specs.COUNT_UNITS).value
        year = parse_year(row.raw("year"), spec.year_type)
    except (ValueError, KeyError):
        return None
    return ((measure, year), value) if value is not None else None


def check(report: Report, spec: specs.Dataset, rows: list[dict[str, object]],
                keys: dict[tuple[object, ...], tuple[int, tuple[object, ...]]],
                totals: list[tuple[int, tuple[object, ...], float]]) -> None:
    name = report.file_name
    if not rows and report.accepted:
        report.problem(Problem(name, None, None, None, "no_data", "no data rows under the header"))
    if spec.table == "fact_kpi":
        halves: dict[tuple[object, ...], dict[object, tuple[int, object]]] = {}
        for key, (number, values) in keys.items():
            halves.setdefault(key[:4], {})[key[4]] = (number, values[1])
        for group in halves.values():
            actual = {period: v for period, (_, v) in group.items() if v is not None}
            if {"FY", "H1", "H2"} <= set(actual) and abs(actual["H1"] + actual["H2"] - actual["FY"]) > 1e-9:  # type: ignore[operator]
                report.problem(Problem(name, group["FY"][0], report.columns["actual"], str(actual["FY"]),
                                       "halves_do_not_add_up", f"上期 {actual['H1']} + 下期 {actual['H2']} ≠ 通期"))
    sums: Counter[tuple[object, ...]] = Counter()
    for row in rows:
        if row.get("value") is not None:
            sums[(row["stat_code"], row["year"])] += row["value"]  # type: ignore[assignment, operator]
    for number, key, value in totals:
        if abs(sums[key] - value) > 0.5:
            report.warn(Problem(name, number, report.columns.get("value"), f"{value:g}", "total_mismatch",
                                f"total row differs from the sum of the rows above ({sums[key]:g})"))
    for code, count in sorted(report.placeholders.items()):
        report.warn(Problem(name, None, None, None, f"placeholder_{code}",
                            f"{count} cell(s) {PLACEHOLDER_TEXT[code]} → stored as missing with reason '{code}'"))
