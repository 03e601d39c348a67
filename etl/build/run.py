"""A new warehouse version from every input: the bundled files, the sample and every accepted load.

The bundled files are small and read in Python (etl/inputs/raw.py); the sample, which a benchmark scales to
tens of millions of rows, and the archived loads are files DuckDB streams straight into the new version
(warehouse.publish.Rows), so the build's memory does not grow with the row count. Loads are applied in the
order they were accepted (etl/loads/override.py's rule, run by warehouse/loads.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells.problems import Problem, RejectedInput
from etl.inputs import denominators, sample
from etl.inputs.raw import raw_dir, read_bundled, reference_frames
from etl.loads import journal, override, store
from etl.loads.storage import StorageError, guarded
from warehouse import publish
from warehouse.connection import home
from warehouse.loads import Counted, Replacement
from warehouse.staged import RejectedRows, Rows
from warehouse.status import recorded_inputs


@dataclass(frozen=True)
class BuildOutcome:
    result: publish.PublishResult
    replaced: dict[str, override.Replaced] = field(default_factory=dict)  # rows each load replaced, by sha256
    entry: dict[str, object] | None = None  # the pending load's journal line
    journal_error: StorageError | None = None  # the line could not be appended (the next build recovers it)


def sample_dir(root: Path | None = None) -> Path:
    return (root or home()) / "sample"


def rebuild_warehouse(
    root: Path | None = None, *, keep: int = publish.DEFAULT_KEEP, pending: store.PendingLoad | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildOutcome:
    """Build and publish a new version from the bundled raw files, the sample and every accepted load.

    ``pending`` is a load being made now: its rows and its journal line go into the new version, and
    the line is appended to the journal only once that version is published (so a crash before the
    switch leaves no trace of it but the archive, and a crash after is recovered by the next build).
    ``progress`` is told each step's name (tests stall or kill a build there).
    """
    root = root or home()
    step = progress or (lambda _name: None)
    with store.etl_lock(root):
        sdir = sample_dir(root)
        if not all((sdir / name).exists() for name in sample.SAMPLE_FILES.values()):
            sample.write(sdir)
        loads = _loads(root, pending)
        try:
            frames = _staged_frames(loads)
            replacements = override.replacements(loads, root, _known_kpis(frames, sdir))
        except override.ArchivedLoadsUnusable as exc:  # earlier loads: the archive's problem, not an input's
            _record_failure(pending, "failed", exc, root)
            raise
        except RejectedInput as exc:
            _record_failure(pending, "rejected", exc, root)
            raise
        step("assembled")
        staging = _Staging(root)
        history = _History(journal.entries(root), pending, step, staging)
        # the sample's facts (tens of millions of rows in a benchmark) in any order: every query the pages make
        # orders its own rows
        sample_rows = [Rows(table, path=sdir / name, ordered=table != "fact_kpi")
                       for table, name in sample.SAMPLE_FILES.items()]
        try:
            rows = [staging.rows(table, frame) for table, frame in frames.items()] + sample_rows
            result = _publish(rows, replacements, history, _input_hashes(sdir, loads), root, keep, step)
        finally:
            staging.remove()
        journal_error = None
        if history.entry is not None:
            try:
                journal.append(history.entry, root)
            except StorageError as exc:  # published: the next build recovers the line from the version
                journal_error = exc
        else:
            journal.record(action="build", status="built", rows_loaded=sum(result.table_rows.values()),
                           message=result.version.id, root=root)
        step("published")
    replaced = {name: override.Replaced.counted(counted) for name, counted in result.replaced.items()}
    return BuildOutcome(result=result, replaced=replaced, entry=history.entry, journal_error=journal_error)


def _staged_frames(loads: list[store.ArchivedLoad]) -> dict[str, pl.DataFrame]:
    """The small tables made in Python: reference and bundled rows (RejectedInput naming every problem), and
    every source (the loads' too)."""
    bundled = read_bundled(raw_dir())
    frames = reference_frames() | {t: bundled[t] for t in ("fact_kpi", "fact_statistic", "fact_regional_summary")}
    frames["dim_denominator"] = denominators.catalog_frame()  # its rows: warehouse.publish moves them in SQL
    sources = pl.concat([bundled["dim_source"], tables.frame("dim_source", [sample.SAMPLE_SOURCE])])
    sources = sources.unique(subset="source_id", keep="first", maintain_order=True)
    if loads:  # a file loaded again later keeps its latest source row
        sources = pl.concat([sources, tables.frame("dim_source", [load.source for load in loads])]).unique(
            subset="source_id", keep="last", maintain_order=True)
    frames["dim_source"] = sources
    return frames


def _known_kpis(frames: dict[str, pl.DataFrame], sdir: Path) -> set[str]:
    """Indicators the new version will have: the catalogue's and the sample's own series."""
    own = pl.scan_csv(sdir / sample.SAMPLE_FILES["dim_indicator"], infer_schema=False).select("kpi_id").collect()
    return set(frames["dim_indicator"]["kpi_id"].to_list()) | set(own["kpi_id"].to_list())


def _input_hashes(sdir: Path, loads: list[store.ArchivedLoad]) -> dict[str, str]:
    inputs = {f"raw/{p.name}": publish.file_sha256(p) for p in sorted(raw_dir().glob("*.csv"))}
    inputs |= {f"sample/{n}": publish.file_sha256(sdir / n) for n in sample.SAMPLE_FILES.values()}
    return inputs | {store.input_key(load): load.sha256 for load in loads}


class _Staging:
    """The tables made in Python, as Parquet files under $IPDASH_HOME/parquet/<run> for the publish to read;
    removed afterwards (and a killed build's leftovers by the next one: it holds the ETL lock)."""

    def __init__(self, root: Path):
        shutil.rmtree(root / "parquet", ignore_errors=True)
        self.directory = root / "parquet" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        with guarded(self.directory):
            self.directory.mkdir(parents=True, exist_ok=True)

    def rows(self, table: str, frame: pl.DataFrame) -> Rows:
        path = self.directory / f"{table}.parquet"
        with guarded(path):
            frame.write_parquet(path)
        return Rows(table, path=path)

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class _History:
    """The load_history table, written after the loads are applied: the pending load's line records what it
    replaced, and a load that would replace real rows without confirmation abandons the build."""

    def __init__(self, lines: list[dict[str, object]], pending: store.PendingLoad | None,
                 step: Callable[[str], None], staging: _Staging):
        self.lines, self.pending, self.step, self.staging = lines, pending, step, staging
        self.entry: dict[str, object] | None = None

    def __call__(self, replaced: dict[str, Counted]) -> list[Rows]:
        self.step("written")
        if self.pending is not None:
            counted = replaced.get(self.pending.load.sha256)
            mine = override.Replaced.counted(counted) if counted else override.Replaced(0, 0)
            if mine.loaded and not self.pending.replace_real:  # checked here too: the same rule as the report's
                raise override.RealRowsNotConfirmed(mine)
            self.entry = self.pending.entry(mine.total)
        frame = pl.DataFrame([*self.lines, *([self.entry] if self.entry else [])],
                             schema={k: (pl.String if k == "loaded_at" else v) for k, v in tables.LOAD_HISTORY.items()})
        frame = frame.with_columns(pl.col("loaded_at").str.to_datetime(time_zone="UTC", time_unit="us"))
        return [self.staging.rows("load_history", frame)]


def _publish(rows: list[Rows], replacements: list[Replacement], history: _History, inputs: dict[str, str],
             root: Path, keep: int, step: Callable[[str], None]) -> publish.PublishResult:
    try:
        return publish.publish_version(rows, inputs=inputs, root=root, keep=keep,
                                       prune_grace=publish.PRUNE_GRACE_SECONDS, replacements=replacements,
                                       finish=history, before_switch=lambda _tmp: step("checked"))
    except RejectedRows as exc:  # the sample's own cells (row-wise checks DuckDB's reader made)
        rejected = RejectedInput([Problem(file, line, column, value, "not_parsable", message)
                                  for file, line, column, value, message in exc.rows])
        _record_failure(history.pending, "rejected", rejected, root)
        raise rejected from exc
    except override.RealRowsNotConfirmed:
        raise
    except Exception as exc:
        _record_failure(history.pending, "failed", exc, root)
        raise


def _record_failure(pending: store.PendingLoad | None, status: str, exc: Exception, root: Path) -> None:
    """A build's own failure goes into the journal (a load's attempt records its own line)."""
    if pending is not None:
        return
    try:
        journal.record(action="build", status=status, message=str(exc)[:2000], root=root)
    except (OSError, StorageError):
        pass  # the journal is on the same full or read-only disk: the caller reports the first error


def _loads(root: Path, pending: store.PendingLoad | None) -> list[store.ArchivedLoad]:
    """Accepted loads, plus any the current version holds but the journal lacks (a crash between the
    switch and the journal line), plus the pending one, last."""
    loads = [load for load in store.accepted_loads(root) if pending is None or load != pending.load]
    known = {store.input_key(load) for load in loads}
    if pending is not None:
        known.add(store.input_key(pending.load))
    for key in recorded_inputs(root):
        parsed = store.parse_input_key(key)
        if parsed is not None and key not in known:
            load = store.ArchivedLoad.from_metadata(root, *parsed)
            journal.record(action="ingest", status="accepted", dataset=load.dataset, file_name=load.file_name,
                           sha256=load.sha256, message="recovered: published before its journal line was written",
                           root=root)
            loads.append(load)
    return [*loads, pending.load] if pending is not None else loads
