"""One data row of a loaded file -> one warehouse row (fact_kpi or fact_statistic), or its problems.

Loaded rows are real: is_sample = false, source = the loaded file. Missing cells keep their reason
code (and footnote markers, 速報/改訂 flags) in the row's note, so the status reaches every export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells import messages
from etl.cells.problems import Problem
from etl.cells.values import PLACEHOLDER_TEXT, CellError, Number, nfkc, parse_number, parse_period, parse_year
from etl.inputs import sample
from etl.inputs.reference import Prefecture, indicator_catalog, plan_of_year, plans, statistic_names
from etl.uploads import specs

FLAG_TEXT = {"preliminary": "速報値 / preliminary", "revised": "改訂値 / revised"}


@lru_cache(maxsize=8192)
def lookup_key(text: str) -> str:
    return re.sub(r"\s", "", nfkc(text)).upper()


def kpi_catalog(root: Path) -> dict[str, dict[str, str]]:
    """Indicator id / Japanese name / printed name -> indicator; includes the sample's own series."""
    rows = [dict(r) for r in indicator_catalog()]
    extra = root / "sample" / sample.SAMPLE_FILES["dim_indicator"]
    if extra.exists():
        frame = pl.read_csv(extra, schema=tables.DIM_INDICATOR)
        rows += [{k: "" if v is None else str(v) for k, v in r.items()} for r in frame.iter_rows(named=True)]
    catalog: dict[str, dict[str, str]] = {}
    for ind in rows:
        for name in [ind["kpi_id"], ind["kpi_name_ja"], *ind.get("source_names_ja", "").split("|")]:
            if name:
                catalog.setdefault(lookup_key(name), ind)
    return catalog


def measure_catalog(dataset: specs.Dataset) -> dict[str, tuple[str, str, str]]:
    """stat_code / Japanese / English name -> (stat_code, indicator_ja, indicator_en) for the dataset's measures."""
    catalog = {}
    for ja, (code, en) in statistic_names().items():
        if code in dataset.measures:
            for name in (code, ja, en):
                catalog[lookup_key(name)] = (code, ja, en)
    return catalog


@dataclass(slots=True)
class Row:
    """The cells of one data row, and what went wrong reading them."""

    file: str
    number: int
    cells: list[str]
    columns: dict[str, int]
    names: list[str]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)  # the same notes for English readers (statistics' note_en)
    missing: list[str] = field(default_factory=list)  # reason codes of placeholder cells
    warnings: list[Problem] = field(default_factory=list)
    _raw: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        width = len(self.cells)
        self._raw = {name: self.cells[i].strip() if i < width else "" for name, i in self.columns.items()}

    def raw(self, name: str) -> str:
        return self._raw.get(name, "")

    def column(self, name: str) -> str:
        index = self.columns.get(name)
        return self.names[index] if index is not None else name

    def fail(self, name: str, key: str, /, **args: object) -> None:
        """A problem of one cell; ``key`` names its message in etl.cells.messages."""
        self.problems.append(messages.problem(self.file, self.number, self.column(name), self.raw(name) or None,
                                              key, **args))

    def read(self, name: str, parser: Callable[[str], object]) -> object:
        try:
            return parser(self.raw(name))
        except CellError as exc:
            self.fail(name, exc.key, **exc.args_)
            return None

    def numeric(self, name: str, label: str, *, track_missing: bool = True, **options: object) -> Number | None:
        """The cell as a number; a placeholder's reason (and footnote markers, flags) go to the row's note."""
        try:
            result = parse_number(self._raw.get(name, ""), **options)  # type: ignore[arg-type]
        except CellError as exc:
            self.fail(name, exc.key, **exc.args_)
            return None
        if result.status != "ok" or result.note_ref or result.flag:
            if result.status != "ok" and name in self.columns and track_missing:
                self.missing.append(result.status)
                self.add_note(f"{label}: {PLACEHOLDER_TEXT[result.status]}",
                              f"{name}: {_english(PLACEHOLDER_TEXT[result.status])}")
            if result.note_ref:
                self.add_note(f"{label}: 注 {result.note_ref}", f"{name}: note {result.note_ref}")
            if result.flag:
                self.add_note(f"{label}: {FLAG_TEXT[result.flag]}", f"{name}: {_english(FLAG_TEXT[result.flag])}")
        return result

    def add_note(self, japanese: str, english: str) -> None:
        self.notes.append(japanese)
        self.notes_en.append(english)

    def note(self) -> str | None:
        """The file's own note (as written: it is the data's text) and what reading the cells found."""
        return self._with_own_note(self.notes)

    def note_en(self) -> str | None:
        return self._with_own_note(self.notes_en)

    def _with_own_note(self, found: list[str]) -> str | None:
        return "; ".join(p for p in (self.raw("note"), *found) if p) or None


def _english(bilingual: str) -> str:
    """The English half of a 'ja / en' text (PLACEHOLDER_TEXT, FLAG_TEXT)."""
    return bilingual.rpartition(" / ")[2]


def data_year(text: str, year_type: str) -> int:
    """The year a row names: the cell vocabulary's year, from specs.FIRST_YEAR through the current fiscal year +
    specs.YEARS_AHEAD (2099, 令和50年 or 1950 are typing errors; checked outside any cache, as the last year
    moves with the date)."""
    year = parse_year(text, year_type)
    first, last = specs.year_range()
    if not first <= year <= last:
        raise CellError("year_out_of_range", year=year, first=first, last=last, ahead=specs.YEARS_AHEAD)
    return year


@lru_cache(maxsize=64)
def _unit_options(unit: str) -> dict[str, object]:
    """A KPI's numbers may carry the indicator's own unit (件, 社, %), no other."""
    return {"percent": unit == "%", "units": frozenset({unit} - {"", "%"})}


def plan_of(indicator: dict[str, str], year: int) -> str | None:
    """The plan a row of this indicator belongs to: the indicator's own plan when the year is in it; for
    indicators of every plan (R_…), the plan of the year (data/reference/plans.csv)."""
    plan = plan_of_year(year)
    own = indicator["plan"] in {p.plan for p in plans()}
    if plan is None or (own and indicator["plan"] != plan.plan):
        return None
    return plan.plan


def _indicator(row: Row, catalog: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The row's indicator from the catalogue; unknown and qualitative ones are problems of the row."""
    indicator = catalog.get(lookup_key(row.raw("indicator")))
    if indicator is None:
        row.fail("indicator", "unknown_indicator" if row.raw("indicator") else "missing_value")
    elif indicator["basis"] == "qualitative":
        row.fail("indicator", "qualitative_indicator")
    return indicator


def _value(number: Number | None) -> float | None:
    return None if number is None else number.value


def _check_printed(row: Row, period: object, values: tuple[float | None, ...]) -> None:
    """A printed achievement that differs from actual / target by more than a point is a warning."""
    target, actual, printed = values
    if period != "FY" or target is None or actual is None or printed is None or not target:
        return
    if abs(actual / target * 100 - printed) > 1:
        row.warnings.append(messages.problem(row.file, row.number, row.column("printed"), row.raw("printed"),
                                             "printed_pct_differs", pct=actual / target * 100))


def kpi_row(row: Row, pref: Prefecture | None, catalog: dict[str, dict[str, str]], source_id: str,
            ) -> tuple[dict[str, object], tuple[object, ...]] | None:
    indicator = _indicator(row, catalog)
    year = row.read("year", lambda text: data_year(text, "fiscal"))
    period = row.read("period", parse_period)
    options = _unit_options(indicator["unit"] if indicator else "")
    numbers = (row.numeric("target", "目標", **options), row.numeric("actual", "実績", **options),
               row.numeric("printed", "達成率", track_missing=False, percent=True))
    if pref is None or indicator is None or not isinstance(year, int) or period is None or row.problems:
        return None
    plan = plan_of(indicator, year)
    if plan is None:
        row.fail("year", "year_outside_plan", year=year, kpi=indicator["kpi_id"])
        return None
    values = tuple(_value(number) for number in numbers)
    _check_printed(row, period, values)
    record = {
        "kpi_id": indicator["kpi_id"], "plan": plan, "geography_level": "prefecture", "block": pref.block,
        "prefecture_code": pref.code, "fiscal_year": year, "period": period, "target": values[0],
        "actual": values[1], "printed_achievement_pct": values[2], "is_sample": False, "source_id": source_id,
        "note": row.note(),
    }
    return record, values


def statistic_row(row: Row, pref: Prefecture | None, dataset: specs.Dataset, catalog: dict[str, tuple[str, str, str]],
                  source_id: str) -> tuple[dict[str, object], tuple[object, ...]] | None:
    named = row.raw("indicator")
    measure = catalog.get(lookup_key(named)) if named else catalog.get(lookup_key(dataset.default_measure or ""))
    if measure is None:
        row.fail("indicator", "unknown_indicator.statistic" if named else "missing_value",
                 names=", ".join(dataset.measures))
    year = row.read("year", lambda text: data_year(text, dataset.year_type))
    value = row.numeric("value", dataset.column("value").ja, integer=True, units=specs.COUNT_UNITS)
    change = row.numeric("change", dataset.column("change").ja, track_missing=False, integer=True,
                        units=specs.COUNT_UNITS, allow_negative=True)
    if pref is None or measure is None or not isinstance(year, int) or value is None or row.problems:
        return None
    if change is not None and change.value is not None:
        row.add_note(f"{dataset.column('change').ja} {change.value:+,.0f}", f"change {change.value:+,.0f}")
    record = {
        "dataset": dataset.warehouse_dataset, "stat_code": measure[0], "indicator_ja": measure[1],
        "indicator_en": measure[2], "geography_level": "prefecture", "block": pref.block,
        "prefecture_code": pref.code, "year": year, "year_label": str(year), "year_type": dataset.year_type,
        "value": value.value, "value_text": row.raw("value") or None, "unit": "件", "target": None,
        "target_text": None, "is_sample": False, "source_id": source_id, "note": row.note(), "note_en": row.note_en(),
    }
    return record, (value.value,)
