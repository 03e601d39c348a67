"""One load attempt: validate -> (rejected: quarantine) or (accepted: archive -> versioned build -> switch).

Every attempt leaves one journal line (accepted, unchanged, rejected, refused or failed) when the journal
is writable. A problem with the file is a value in the outcome, never an exception; so is a disk error
(full disk, file-size limit, read-only $IPDASH_HOME): a clear message, no temp file left. The serving
version changes only by the build's atomic switch, so a crash or kill at any point leaves the previous
version and no partial rows. A valid file that would overwrite real (non-sample) rows is refused unless
``replace_real`` confirms it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl import exits
from etl.build import run as build_run
from etl.cells import messages
from etl.cells.problems import RejectedInput
from etl.loads import impact, journal, store
from etl.loads.override import ArchivedLoadsUnusable, RealRowsNotConfirmed
from etl.loads.storage import StorageError
from etl.uploads.read import read_once
from etl.uploads.report import Report, text_lines
from warehouse import publish
from warehouse.connection import NoWarehouseError, current_version, home
from warehouse.status import recorded_inputs

# Steps reported to ``progress`` in order (the page shows them; tests stall or kill at one).
STEPS = ("validated", "archived", "assembled", "written", "checked", "published")
EXIT_CODES = {"accepted": exits.DONE, "unchanged": exits.DONE, "rejected": exits.REJECTED,
              "refused": exits.REFUSED, "failed": exits.FAILED}


@dataclass
class LoadOutcome:
    status: str  # accepted | unchanged | rejected | refused (real rows, not confirmed) | failed
    report: Report
    version: str | None = None
    rows_replaced: int = 0
    sample_replaced: int = 0
    quarantined: Path | None = None
    archived: Path | None = None
    message: str = ""
    impact: impact.Impact | None = None
    storage: list[StorageError] = field(default_factory=list)  # disk errors met on the way

    @property
    def exit_code(self) -> int:
        if self.status == "failed" and self.storage:
            return exits.WRITE_FAILED  # nothing was loaded because the disk refused a write
        return EXIT_CODES[self.status]

    def lines(self) -> list[str]:
        r = self.report
        head = f"{self.status}: {r.file_name} as {r.dataset} ({r.source_label})"
        notes = [f"  {error}" for error in self.storage]
        if self.status == "rejected":
            kept = (f"  quarantined: {self.quarantined} (reasons in .reasons.json beside it)" if self.quarantined
                    else "  not quarantined (see the disk error above)")
            return [f"{head}: {r.problem_count:,} problem(s); nothing was loaded, the current version keeps "
                    "serving.", *notes, kept, f"  {r.counts_line()}", *text_lines(r.problems, r.problem_count)]
        if self.status == "failed":
            notes = [f"  {error}" for error in self.storage if str(error) != self.message]
            return [f"{head}: {self.message}; nothing was loaded, the current version keeps serving.", *notes]
        if self.status == "refused":
            counts = self.impact.line() if self.impact else f"{self.rows_replaced - self.sample_replaced:,} real rows"
            return [f"{head}: it would overwrite real (non-sample) rows; nothing was loaded.", f"  {counts}",
                    "  run again with --replace-real to overwrite them (the admin page asks to confirm).", *notes]
        lines = [head, f"  {r.counts_line()}"]
        if self.status == "unchanged":
            lines.append(f"  this file is already loaded (sha256 {r.sha256[:12]}…): nothing changed; "
                         f"version {self.version}")
        else:
            other = self.rows_replaced - self.sample_replaced
            added = f" (added {self.impact.added:,})" if self.impact else ""
            lines += [f"  rows loaded: {r.rows_loaded:,}; rows replaced: {self.rows_replaced:,} "
                      f"(sample {self.sample_replaced:,}, earlier loads or published {other:,}){added}",
                      f"  published version {self.version}", f"  archived: {self.archived}", *notes]
        lines.append(f"warnings: {r.warning_count:,}")
        return lines + text_lines(r.warnings, r.warning_count)


def ingest_file(path: Path, dataset: str, *, sheet: str | None = None, root: Path | None = None,
                progress: Callable[[str], None] | None = None, replace_real: bool = False,
                isolate: bool = False) -> LoadOutcome:
    """Load one file from disk (the CLI, with ``isolate``: validated in a limited child process).

    The file is read once; its bytes are what is validated, hashed and archived. The file itself is left
    where it is.
    """
    root = root or home()
    data, report = read_once(path, dataset)
    if report is None:
        assert data is not None
        if isolate:
            from etl.uploads.sandbox import validate_isolated

            report = validate_isolated(data, path.name, dataset, sheet=sheet, root=root)
        else:
            from etl.uploads.validate import validate

            report = validate(data, path.name, dataset, sheet=sheet, root=root)
    return load_report(report, data, root=root, progress=progress, replace_real=replace_real)


def load_report(report: Report, data: bytes | None, *, root: Path | None = None,
                progress: Callable[[str], None] | None = None, replace_real: bool = False) -> LoadOutcome:
    """Act on a validation report (the admin page validates first, shows it, then calls this)."""
    root = root or home()
    step = progress or (lambda _name: None)
    step("validated")
    try:
        with store.etl_lock(root):
            if not report.accepted:
                return _reject(report, data, root)
            return _load(report, data, root, step, replace_real)
    except StorageError as exc:  # $IPDASH_HOME itself cannot be written (the lock file): nothing was done
        status = "rejected" if not report.accepted else "failed"
        return LoadOutcome(status, report, version=_current_id(root), message=str(exc), storage=[exc])


def _load(report: Report, data: bytes | None, root: Path, step: Callable[[str], None],
          replace_real: bool) -> LoadOutcome:
    assert data is not None
    if store.is_accepted(root, report.dataset, report.sha256):
        outcome = LoadOutcome("unchanged", report, version=_current_id(root))
        _journal(outcome, root, status="unchanged", rows_loaded=0, rows_replaced=0,
                 message="same file already loaded; nothing changed")
        return outcome
    counted = impact.measure(report, root)
    if counted is not None and counted.real and not replace_real:
        return _refuse(report, root, counted)
    try:
        load = store.archive(data, report, root)
    except StorageError as exc:
        return _fail(report, root, exc, counted)
    step("archived")
    pending = store.PendingLoad(load, report.rows_loaded, _summary(report), replace_real=replace_real)
    try:
        outcome = build_run.rebuild_warehouse(root, pending=pending, progress=step)
    except BaseException as exc:
        _discard_unless_published(load, root)
        return _not_built(report, data, root, counted, exc)
    replaced = outcome.replaced[report.sha256]
    result = LoadOutcome("accepted", report, version=outcome.result.version.id, rows_replaced=replaced.total,
                         sample_replaced=replaced.sample, archived=load.path(root, load.extension), impact=counted)
    if outcome.journal_error is not None:
        result.storage.append(outcome.journal_error)
    return result


def _not_built(report: Report, data: bytes, root: Path, counted: impact.Impact | None,
               exc: BaseException) -> LoadOutcome:
    """The outcome of a load whose build did not publish (its archive was discarded)."""
    if isinstance(exc, RealRowsNotConfirmed):
        return _refuse(report, root, counted, exc.replaced.sample, exc.replaced.total)
    if isinstance(exc, ArchivedLoadsUnusable) and report.sha256 not in exc.sha256s:
        return _fail(report, root, exc, counted)  # an earlier load's archive: the warehouse's problem, not this file's
    if isinstance(exc, RejectedInput):
        for problem in exc.problems:
            report.problem(problem)
        return _reject(report, data, root)
    if isinstance(exc, publish.BuildCheckFailed):
        for check, rows in exc.failures.items():
            report.problem(messages.problem(report.file_name, None, None, None, "warehouse_check", check=check,
                                            rows=rows[:3]))
        return _reject(report, data, root)
    if isinstance(exc, Exception):  # reported as a failed attempt, the old version serving
        cause = StorageError(exc, exc.filename or root) if isinstance(exc, OSError) else exc
        return _fail(report, root, cause, counted)
    raise exc  # KeyboardInterrupt, SystemExit: not ours to report


def _summary(report: Report) -> str:
    header = ",".join(map(str, report.header_rows))
    return (f"{report.source_label}; header row {header}; {report.warning_count} warning(s); "
            f"skipped {sum(report.skipped.values())}")


def _current_id(root: Path) -> str | None:
    try:
        return current_version(root).id
    except (NoWarehouseError, OSError, ValueError):
        return None


def _discard_unless_published(load: store.ArchivedLoad, root: Path) -> None:
    """A load whose version went live keeps its archive (the next build recovers its journal line)."""
    try:
        published = store.input_key(load) in recorded_inputs(root)
    except Exception:  # noqa: BLE001 - an unreadable version is not published for this load
        published = False
    if not published and not store.is_accepted(root, load.dataset, load.sha256):
        store.discard(load, root)


def _journal(outcome: LoadOutcome, root: Path, **fields: object) -> None:
    """The attempt's journal line; a disk error here is added to the outcome, never raised."""
    report = outcome.report
    try:
        journal.record(action="ingest", dataset=report.dataset, file_name=report.file_name, sha256=report.sha256,
                       root=root, **fields)  # type: ignore[arg-type]
    except StorageError as exc:
        outcome.storage.append(exc)


def _reject(report: Report, data: bytes | None, root: Path) -> LoadOutcome:
    outcome = LoadOutcome("rejected", report, version=_current_id(root))
    try:
        outcome.quarantined = store.quarantine(data, report, root)
    except StorageError as exc:
        outcome.storage.append(exc)
    first = str(report.problems[0]) if report.problems else ""
    kept = "" if outcome.quarantined else f"; not quarantined: {outcome.storage[0]}"
    _journal(outcome, root, status="rejected", rows_loaded=0, rows_replaced=0,
             message=f"{report.problem_count} problem(s); first: {first}{kept}"[:2000])
    return outcome


def _refuse(report: Report, root: Path, counted: impact.Impact | None, sample: int = 0,
            total: int = 0) -> LoadOutcome:
    outcome = LoadOutcome("refused", report, version=_current_id(root), impact=counted,
                          sample_replaced=counted.sample if counted else sample,
                          rows_replaced=counted.replaced if counted else total)
    real = outcome.rows_replaced - outcome.sample_replaced
    _journal(outcome, root, status="refused", rows_loaded=0, rows_replaced=0,
             message=f"would overwrite {real} real row(s); not confirmed (--replace-real)")
    return outcome


def _fail(report: Report, root: Path, cause: BaseException, counted: impact.Impact | None) -> LoadOutcome:
    outcome = LoadOutcome("failed", report, version=_current_id(root), impact=counted,
                          message=str(cause) if isinstance(cause, StorageError) else
                          f"the build failed ({type(cause).__name__}: {cause})")
    if isinstance(cause, StorageError):
        outcome.storage.append(cause)
    _journal(outcome, root, status="failed", message=outcome.message[:2000])
    return outcome

