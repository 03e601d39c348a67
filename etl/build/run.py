"""raw files + sample + accepted loads -> validated frames -> Parquet -> a published version."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from etl import tables
from etl.cells.problems import Problem, RejectedInput
from etl.inputs import denominators, kpi, published, sample
from etl.inputs.bundled import Batch
from etl.inputs.reference import data_dir, plans, prefectures
from etl.loads import journal, store
from etl.loads import override as merge
from etl.loads.storage import StorageError
from warehouse import publish
from warehouse.connection import home
from warehouse.status import recorded_inputs


@dataclass(frozen=True)
class BuildOutcome:
    result: publish.PublishResult
    frames: dict[str, int]
    replaced: dict[str, merge.Replaced] = field(default_factory=dict)  # rows each load replaced, by sha256
    entry: dict[str, object] | None = None  # the pending load's journal line
    journal_error: StorageError | None = None  # the line could not be appended (the next build recovers it)


def raw_dir() -> Path:
    return data_dir() / "raw"


def sample_dir(root: Path | None = None) -> Path:
    return (root or home()) / "sample"


def read_bundled(raw: Path) -> dict[str, pl.DataFrame]:
    """Every bundled file -> frames per table; all problems of all files at once."""
    batch = Batch()
    for name in published.LONG_FILES:
        batch.extend(published.read_long_file(raw / name))
    batch.extend(published.read_above_average_flags(raw / "prefecture_above_avg_flags.csv"))
    batch.extend(published.check_block_map(raw / "prefecture_block_map.csv"))
    batch.extend(denominators.read_bundled(raw))
    central = kpi.read_central(raw / "kpi_central.csv")
    first_plan = kpi.read_first_plan_targets(raw / "kpi_regional.csv")
    batch.extend(central)
    batch.extend(first_plan)
    kpi_rows, conflicts = kpi.merge_kpi_rows(
        central.rows.get("fact_kpi", []) + first_plan.rows.get("fact_kpi", []) + kpi.qualitative_rows()
    )
    summary_rows, incomplete = kpi.regional_summary(central.rows.get("regional_summary_parts", []), "kpi_central.csv")
    problems: list[Problem] = batch.problems + conflicts + incomplete
    if problems:
        raise RejectedInput(problems)
    return {
        "fact_kpi": tables.frame("fact_kpi", kpi_rows),
        "fact_statistic": tables.frame("fact_statistic", batch.rows.get("fact_statistic", [])),
        "fact_regional_summary": tables.frame("fact_regional_summary", summary_rows),
        "dim_source": tables.frame("dim_source", batch.rows["dim_source"]),
    }


def reference_frames() -> dict[str, pl.DataFrame]:
    prefs = [
        {"prefecture_code": p.code, "prefecture_name_ja": p.name_ja, "prefecture_name_en": p.name_en,
         "block": p.block, "block_en": p.block_en, "bureau": p.bureau, "tile_x": p.tile_x, "tile_y": p.tile_y}
        for p in prefectures()
    ]
    return {
        "dim_plan": tables.frame("dim_plan", [vars(plan) for plan in plans()]),
        "dim_prefecture": tables.frame("dim_prefecture", prefs),
        "dim_indicator": tables.frame("dim_indicator", kpi.indicator_rows()),
    }


def assemble(raw: Path, sample_frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    bundled = read_bundled(raw)
    frames = reference_frames()
    frames["dim_indicator"] = pl.concat([frames["dim_indicator"], sample_frames["dim_indicator"]])
    frames["fact_kpi"] = pl.concat([bundled["fact_kpi"], sample_frames["fact_kpi"]])
    frames["fact_statistic"] = pl.concat([bundled["fact_statistic"], sample_frames["fact_statistic"]])
    frames["fact_regional_summary"] = bundled["fact_regional_summary"]
    frames["dim_source"] = pl.concat(
        [bundled["dim_source"], tables.frame("dim_source", [sample.SAMPLE_SOURCE])]
    ).unique(subset="source_id", keep="first", maintain_order=True)
    return frames


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
        raw = raw_dir()
        sdir = sample_dir(root)
        if not all((sdir / name).exists() for name in sample.SAMPLE_FILES.values()):
            sample.write(sdir)
        loads = _loads(root, pending)
        inputs = {f"raw/{p.name}": publish.file_sha256(p) for p in sorted(raw.glob("*.csv"))}
        inputs |= {f"sample/{n}": publish.file_sha256(sdir / n) for n in sample.SAMPLE_FILES.values()}
        inputs |= {store.input_key(load): load.sha256 for load in loads}
        try:
            frames, replaced = merge.apply_loads(assemble(raw, sample.read(sdir)), loads, root)
            frames = denominators.split(frames)  # bundled and loaded denominator rows -> fact_denominator
        except RejectedInput as exc:
            if pending is None:
                journal.record(action="build", status="rejected", message=str(exc)[:2000], root=root)
            raise
        lines = journal.entries(root)
        entry = None
        if pending is not None:
            mine = replaced.get(pending.load.sha256, merge.Replaced(0, 0))
            if mine.loaded and not pending.replace_real:  # checked here too: the same rule as the build's
                raise merge.RealRowsNotConfirmed(mine)
            entry = pending.entry(mine.total)
            lines.append(entry)
        frames["load_history"] = _load_history(lines)
        step("assembled")
        result = _publish(frames, inputs, root, keep, pending, step)
        journal_error = None
        if entry is not None:
            try:
                journal.append(entry, root)
            except StorageError as exc:  # published: the next build recovers the line from the version
                journal_error = exc
        else:
            journal.record(action="build", status="built", rows_loaded=sum(f.height for f in frames.values()),
                           message=result.version.id, root=root)
        step("published")
    return BuildOutcome(result=result, frames={t: f.height for t, f in frames.items()}, replaced=replaced,
                        entry=entry, journal_error=journal_error)


def _publish(frames: dict[str, pl.DataFrame], inputs: dict[str, str], root: Path, keep: int,
             pending: store.PendingLoad | None, step: Callable[[str], None]) -> publish.PublishResult:
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    shutil.rmtree(root / "parquet", ignore_errors=True)  # left by a killed build; we hold the ETL lock
    parquet_dir = root / "parquet" / run_id
    parquet_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    try:
        for table, frame in frames.items():
            paths[table] = parquet_dir / f"{table}.parquet"
            frame.write_parquet(paths[table])
        step("written")
        return publish.publish_version(paths, inputs=inputs, root=root, keep=keep,
                                       prune_grace=publish.PRUNE_GRACE_SECONDS,
                                       before_switch=lambda _tmp: step("checked"))
    except Exception as exc:
        if pending is None:
            try:
                journal.record(action="build", status="failed", message=str(exc)[:2000], root=root)
            except OSError:
                pass  # the journal is on the same full or read-only disk: the caller reports the first error
        raise
    finally:
        for path in paths.values():
            path.unlink(missing_ok=True)
        parquet_dir.rmdir()


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


def _load_history(lines: list[dict[str, object]]) -> pl.DataFrame:
    frame = pl.DataFrame(lines, schema={k: (pl.String if k == "loaded_at" else v)
                                          for k, v in tables.LOAD_HISTORY.items()})
    return frame.with_columns(pl.col("loaded_at").str.to_datetime(time_zone="UTC", time_unit="us"))
