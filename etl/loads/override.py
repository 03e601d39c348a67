"""How accepted loads, in the order they were accepted, replace rows in the tables a build publishes.

What a loaded row replaces:
- KPI files (fact_kpi): every *sample* row of the same prefecture and fiscal year (all KPIs, all
  periods: a prefecture's real KPI table is a set, never mixed with invented items), and any row with
  the same key (warehouse/contract.py) from an earlier load;
- statistics files (fact_statistic): the row with the same key (measure, prefecture, year), sample or
  loaded earlier (or a bundled published figure, which the report counts as replaced).

The rule runs as SQL in warehouse/loads.py (in the build, and to count a file's impact before it is loaded);
this module says which columns scope the sample and checks the archived loads before a build uses them.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.cells import messages
from etl.cells.problems import Problem, RejectedInput
from etl.loads.store import ArchivedLoad, write_atomic
from warehouse.loads import Counted, Replacement

SAMPLE_SCOPE = {"fact_kpi": ("prefecture_code", "fiscal_year")}


@dataclass(frozen=True)
class Replaced:
    sample: int
    loaded: int  # rows that were not sample: earlier loads or bundled published figures

    @property
    def total(self) -> int:
        return self.sample + self.loaded

    @classmethod
    def counted(cls, counted: Counted) -> Replaced:
        return cls(counted.sample, counted.real)


class ArchivedLoadsUnusable(RejectedInput):
    """Earlier loads (``sha256s``) a build cannot use: an archive unreadable even from its original, or naming an
    indicator the build no longer has. A problem of the warehouse's archive, not of a file being loaded now
    (which is neither rejected nor quarantined for it)."""

    def __init__(self, problems: list[Problem], sha256s: set[str]):
        super().__init__(problems)
        self.sha256s = sha256s


class RealRowsNotConfirmed(Exception):
    """A load would replace real (non-sample) rows and was not confirmed to."""

    def __init__(self, replaced: Replaced):
        super().__init__(f"would replace {replaced.loaded} real rows")
        self.replaced = replaced


def replacements(loads: list[ArchivedLoad], root: Path, known_kpis: set[str]) -> list[Replacement]:
    """The loads as replacements for warehouse.publish; ArchivedLoadsUnusable naming the loads whose rows cannot
    be read (even from the original file kept beside them) or name an indicator the build no longer has."""
    problems: list[Problem] = []
    unusable: set[str] = set()
    found = []
    for load in loads:
        rows = _archived_rows(load, root)
        if isinstance(rows, str):
            problems.append(messages.problem(load.file_name, None, None, load.sha256, "archive_missing",
                                             dataset=load.dataset, detail=rows))
            unusable.add(load.sha256)
            continue
        unknown = sorted(set(rows["kpi_id"].to_list()) - known_kpis) if load.table == "fact_kpi" else []
        if unknown:
            problems.append(messages.problem(load.file_name, None, "指標", ", ".join(unknown[:5]),
                                             "unknown_indicator.archived", names=", ".join(unknown[:5])))
            unusable.add(load.sha256)
            continue
        found.append(Replacement(load.sha256, load.table, load.path(root, "parquet"), SAMPLE_SCOPE.get(load.table, ())))
    if problems:
        raise ArchivedLoadsUnusable(problems, unusable)
    return found


_UNREADABLE = (FileNotFoundError, pl.exceptions.PolarsError, OSError)


def _archived_rows(load: ArchivedLoad, root: Path) -> pl.DataFrame | str:
    """An archived load's rows, every page read (damage inside the file, not only a cut footer, shows here and not
    half-way through the build), made again from its original when unreadable; else why they cannot be had."""
    path = load.path(root, "parquet")
    try:
        return pl.read_parquet(path)
    except _UNREADABLE:
        why = _restored(load, root)
    if why:
        return why
    try:
        return pl.read_parquet(path)
    except _UNREADABLE as exc:
        return type(exc).__name__


def _restored(load: ArchivedLoad, root: Path) -> str:
    """Make a damaged or missing Parquet of an archived load again from the original file kept beside it, checked
    in the same limited child process as an upload (same bytes, same rules, same rows); '' when done, else why
    not. One damaged archive file otherwise stopped every later load and build."""
    from etl.uploads.sandbox import validate_isolated  # the upload reader, needed only on this rare path

    try:
        data = load.path(root, load.extension).read_bytes()
        sheet = json.loads(load.path(root, "json").read_text(encoding="utf-8")).get("sheet")
    except (OSError, ValueError) as exc:
        return f"{type(exc).__name__}; its original {load.extension} cannot be read either"
    report = validate_isolated(data, load.file_name, load.dataset, sheet=sheet, root=root)
    if not report.accepted or report.rows is None or report.sha256 != load.sha256:
        first = str(report.problems[0]) if report.problems else "no rows"
        return f"its original no longer passes the checks: {first}"
    rows = io.BytesIO()
    report.rows.write_parquet(rows)
    write_atomic(load.path(root, "parquet"), rows.getvalue())
    return ""
