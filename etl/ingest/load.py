"""One load attempt: validate -> (rejected: quarantine) or (accepted: archive -> versioned build -> switch).

Every attempt leaves one journal line (accepted, unchanged, rejected or failed). A problem with the
file is a value in the outcome, never an exception; the serving version changes only by the build's
atomic switch, so a crash or kill at any point leaves the previous version and no partial rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import loadlog, pipeline
from etl.ingest import specs, store
from etl.ingest.report import Report, text_lines
from etl.ingest.validate import validate
from etl.problems import Problem, RejectedInput
from warehouse import build
from warehouse.connection import NoWarehouseError, current_version, home

# Steps reported to ``progress`` in order (the page shows them; tests stall or kill at one).
STEPS = ("validated", "archived", "assembled", "written", "checked", "published")
EXIT_CODES = {"accepted": 0, "unchanged": 0, "rejected": 2, "failed": 1}


@dataclass
class LoadOutcome:
    status: str  # accepted | unchanged | rejected | failed
    report: Report
    version: str | None = None
    rows_replaced: int = 0
    sample_replaced: int = 0
    quarantined: Path | None = None
    archived: Path | None = None
    message: str = ""

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def lines(self) -> list[str]:
        r = self.report
        head = f"{self.status}: {r.file_name} as {r.dataset} ({r.source_label})"
        if self.status == "rejected":
            lines = [f"{head}: {r.problem_count:,} problem(s); nothing was loaded, the current version keeps "
                     "serving.", f"  quarantined: {self.quarantined} (reasons in .reasons.json beside it)",
                     f"  {r.counts_line()}", *text_lines(r.problems, r.problem_count)]
            return lines
        if self.status == "failed":
            return [f"{head}: the build failed ({self.message}); the current version keeps serving."]
        lines = [head, f"  {r.counts_line()}"]
        if self.status == "unchanged":
            lines.append(f"  this file is already loaded (sha256 {r.sha256[:12]}…): nothing changed; "
                         f"version {self.version}")
        else:
            other = self.rows_replaced - self.sample_replaced
            lines += [f"  rows loaded: {r.rows_loaded:,}; rows replaced: {self.rows_replaced:,} "
                      f"(sample {self.sample_replaced:,}, earlier loads or published {other:,})",
                      f"  published version {self.version}", f"  archived: {self.archived}"]
        lines.append(f"warnings: {r.warning_count:,}")
        return lines + text_lines(r.warnings, r.warning_count)


def ingest_file(path: Path, dataset: str, *, sheet: str | None = None, root: Path | None = None,
                progress: Callable[[str], None] | None = None) -> LoadOutcome:
    """Load one file from disk (the CLI). The file itself is left where it is."""
    root = root or home()
    size = path.stat().st_size
    if size > specs.MAX_FILE_BYTES:  # not read into memory, not copied: only the reasons are kept
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        report = Report(path.name, dataset, digest.hexdigest(), size)
        report.problem(Problem(path.name, None, None, None, "file_too_large",
                               f"file is {size:,} bytes; the limit is {specs.MAX_FILE_BYTES:,}"))
        return load_report(report, None, root=root, progress=progress)
    data = path.read_bytes()
    return load_report(validate(data, path.name, dataset, sheet=sheet, root=root), data, root=root,
                       progress=progress)


def load_report(report: Report, data: bytes | None, *, root: Path | None = None,
                progress: Callable[[str], None] | None = None) -> LoadOutcome:
    """Act on a validation report (the admin page validates first, shows it, then calls this)."""
    root = root or home()
    step = progress or (lambda _name: None)
    step("validated")
    with store.etl_lock(root):
        if not report.accepted:
            return _reject(report, data, root)
        assert data is not None
        if store.is_accepted(root, report.dataset, report.sha256):
            version = _current_id(root)
            loadlog.record(action="ingest", status="unchanged", dataset=report.dataset, file_name=report.file_name,
                           sha256=report.sha256, rows_loaded=0, rows_replaced=0,
                           message="same file already loaded; nothing changed", root=root)
            return LoadOutcome("unchanged", report, version=version)
        load = store.archive(data, report, root)
        step("archived")
        pending = store.PendingLoad(load, report.rows_loaded, _summary(report))
        try:
            outcome = pipeline.run_build(root, pending=pending, progress=step)
        except RejectedInput as exc:
            _discard_unless_published(load, root)
            for problem in exc.problems:
                report.problem(problem)
            return _reject(report, data, root)
        except build.BuildCheckFailed as exc:
            _discard_unless_published(load, root)
            for check, rows in exc.failures.items():
                report.problem(Problem(report.file_name, None, None, None, "warehouse_check",
                                       f"with this file the warehouse check {check} fails: {rows[:3]}"))
            return _reject(report, data, root)
        except Exception as exc:  # noqa: BLE001 - reported as a failed attempt, the old version serving
            _discard_unless_published(load, root)
            loadlog.record(action="ingest", status="failed", dataset=report.dataset, file_name=report.file_name,
                           sha256=report.sha256, message=f"{type(exc).__name__}: {exc}"[:2000], root=root)
            return LoadOutcome("failed", report, version=_current_id(root), message=f"{type(exc).__name__}: {exc}")
        except BaseException:
            _discard_unless_published(load, root)
            raise
    replaced = outcome.replaced[report.sha256]
    return LoadOutcome("accepted", report, version=outcome.result.version.id, rows_replaced=replaced.total,
                       sample_replaced=replaced.sample, archived=load.path(root, load.extension))


def _summary(report: Report) -> str:
    header = ",".join(map(str, report.header_rows))
    return (f"{report.source_label}; header row {header}; {report.warning_count} warning(s); "
            f"skipped {sum(report.skipped.values())}")


def _current_id(root: Path) -> str | None:
    try:
        return current_version(root).id
    except NoWarehouseError:
        return None


def _discard_unless_published(load: store.ArchivedLoad, root: Path) -> None:
    """A load whose version went live keeps its archive (the next build recovers its journal line)."""
    if store.input_key(load) not in pipeline.published_inputs(root) and not store.is_accepted(
            root, load.dataset, load.sha256):
        store.discard(load, root)


def _reject(report: Report, data: bytes | None, root: Path) -> LoadOutcome:
    quarantined = store.quarantine(data, report, root)
    first = str(report.problems[0]) if report.problems else ""
    loadlog.record(action="ingest", status="rejected", dataset=report.dataset, file_name=report.file_name,
                   sha256=report.sha256, rows_loaded=0, rows_replaced=0,
                   message=f"{report.problem_count} problem(s); first: {first}"[:2000], root=root)
    return LoadOutcome("rejected", report, version=_current_id(root), quarantined=quarantined)
