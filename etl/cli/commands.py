"""CLI: python -m etl build | ingest FILE --dataset … | status [--json] | sample [--rows N] | backup | hash-password"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path

import duckdb

from etl import exits
from etl.build import run as build_run
from etl.cells.problems import RejectedInput
from etl.cli import admin as admin_cli
from etl.inputs import sample
from etl.loads import journal
from etl.loads.override import ArchivedLoadsUnusable
from warehouse import publish
from warehouse.connection import check_version, home, mark_damaged, serving, version_files
from warehouse.disk import DiskError
from warehouse.publish import WriteFailed
from warehouse.status import version_row_counts


def cmd_build(args: argparse.Namespace) -> int:
    if args.if_missing:
        state = serving()
        if state.version is not None:
            print(f"warehouse present: {state.version.name} (built {state.version.built_at})")
            if state.problem:
                print(f"warning: {state.problem}; serving the newest intact kept version. "
                      "Run `python -m etl build` to publish a new version and repair CURRENT.", file=sys.stderr)
            return 0
    try:
        outcome = build_run.rebuild_warehouse(keep=args.keep)
    except ArchivedLoadsUnusable as exc:
        print(f"build failed: earlier loads cannot be used; the current version keeps serving.\n{exc}",
              file=sys.stderr)
        return 1
    except RejectedInput as exc:
        print(f"build rejected; the current version keeps serving.\n{exc}", file=sys.stderr)
        return 2
    except publish.BuildCheckFailed as exc:
        print(f"build failed its checks; the current version keeps serving.\n{exc}", file=sys.stderr)
        return 1
    except (DiskError, OSError) as exc:  # the warehouse, or the sample, staging files, journal, lock files
        print(f"build failed: {_disk_line(exc)}", file=sys.stderr)
        return exits.WRITE_FAILED
    result = outcome.result
    print(f"published {result.version.name} in {result.seconds:.2f} s ({result.size_bytes / 1e6:.1f} MB)")
    for view, count in result.row_counts.items():
        print(f"  {view:<24} {count:>10,} rows")
    for problem in result.prune_problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def _disk_line(exc: OSError | DiskError) -> str:
    """One line: what could not be written and why (and that nothing was published)."""
    if isinstance(exc, WriteFailed):
        return str(exc)
    error = exc if isinstance(exc, DiskError) else DiskError(exc, exc.filename or f"under {home()}")
    return f"{error}; nothing was published and the current version keeps serving"


def cmd_ingest(args: argparse.Namespace) -> int:
    from etl.ingest import ingest_file  # keeps `build` and `status` free of the loader's imports

    path = Path(args.file)
    if not path.is_file():
        print(f"rejected: {path}: no such file; nothing was loaded", file=sys.stderr)
        return 2
    # validated in a child process with memory and CPU limits: a hostile file cannot crash this one
    outcome = ingest_file(path, args.dataset, sheet=args.sheet, replace_real=args.replace_real, isolate=True)
    print("\n".join(outcome.lines()), file=sys.stdout if outcome.exit_code == 0 else sys.stderr)
    return outcome.exit_code


def status_dict(root: Path | None = None, *, passed_over: int = 0) -> dict[str, object]:
    """What serves, what is damaged, every kept version with its verdict; ``ok`` is False when nothing serves.
    (``passed_over``: versions already found failing queries in this call, at most one per kept file.)"""
    state = serving(root)
    damage = [state.problem] if state.problem else []
    versions = []
    for path in version_files(root):
        verdict = check_version(path)
        try:
            size = path.stat().st_size
        except OSError:
            size = None
        versions.append({"name": path.name, "built_at": verdict.built_at or None, "size_bytes": size,
                         "ok": verdict.ok, "problem": verdict.problem,
                         "current": path.name == state.pointer.name,
                         "serving": state.version is not None and path.name == state.version.name})
        if not verdict.ok and path.name != state.pointer.name:  # the pointer's file is in state.problem
            damage.append(f"{path.name} {verdict.problem}")
    status: dict[str, object] = {
        "ok": state.version is not None, "fallback": state.fallback, "damage": damage,
        "pointer": {"version": state.pointer.name, "problem": state.pointer.problem},
        "versions": versions,
        "versions_kept": [v["name"] for v in versions if v["ok"]],
        "load_log_tail": _journal_tail(root),
    }
    if state.version is None:
        return {"version": None, "error": state.no_warehouse_message(), **status}
    version = state.version
    status |= {"version": version.id, "warehouse": str(version.path.resolve()), "built_at": version.built_at,
               "size_bytes": version.path.stat().st_size}
    try:
        status["rows"] = version_row_counts(version.path)
    except duckdb.Error as exc:  # passed the quick check but its data blocks are damaged
        # as the app does: pass over it and say what serves instead
        if passed_over < len(versions) and mark_damaged(version.path, exc):
            return status_dict(root, passed_over=passed_over + 1)
        damage.append(f"{version.name} fails queries ({str(exc).splitlines()[0][:200]})")
        status |= {"ok": False, "rows": {},
                   "error": f"the serving version {version.name} is damaged: run `python -m etl build`"}
    return status


def _journal_tail(root: Path | None) -> list[dict[str, object]]:
    try:
        return journal.entries(root)[-10:]
    except (OSError, UnicodeDecodeError):
        return []


def cmd_status(args: argparse.Namespace) -> int:
    status = status_dict()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0 if status["ok"] else 1
    if status["version"] is None:
        print(status["error"], file=sys.stderr)
        for line in status["damage"]:  # type: ignore[attr-defined]
            print(f"  damaged: {line}", file=sys.stderr)
        return 1
    print(f"version   {status['version']}\nwarehouse {status['warehouse']}\nbuilt at  {status['built_at']}")
    _print_damage(status)
    for view, count in status["rows"].items():  # type: ignore[attr-defined]
        print(f"  {view:<24} {count:>10,} rows")
    _print_versions(status["versions"])  # type: ignore[arg-type]
    print("load log (latest last):")
    for entry in status["load_log_tail"]:  # type: ignore[attr-defined]
        print(f"  {entry['loaded_at']} {entry['action']:<7} {entry['status']:<9} {entry.get('file_name') or ''} "
              f"{entry.get('message') or ''}"[:160])
    if not status["ok"]:
        print(status["error"], file=sys.stderr)
        return 1
    return 0


def _print_damage(status: dict[str, object]) -> None:
    if status["fallback"]:
        print(f"FALLBACK: {status['damage'][0]}; readers are served the newest intact kept version above. "  # type: ignore[index]
              "`python -m etl build` publishes a new version and repairs CURRENT.")
    damaged = [line for line in status["damage"] if not line.startswith("CURRENT")]  # type: ignore[attr-defined]
    if damaged:
        print("DAMAGED files (never served or pruned; kept for inspection, remove them by hand):")
        for line in damaged:
            print(f"  {line}")


def _print_versions(versions: list[dict[str, object]]) -> None:
    print("versions kept (newest build last):")
    for entry in sorted(versions, key=lambda v: str(v["built_at"] or "")):
        mark = "*" if entry["serving"] else " "
        verdict = "ok" if entry["ok"] else f"DAMAGED: {entry['problem']}"
        size = f"{entry['size_bytes'] / 1e6:.1f} MB" if entry["size_bytes"] is not None else "?"  # type: ignore[operator]
        print(f"  {mark} {entry['name']}  {entry['built_at'] or '-':<25} {size:>9}  {verdict}")


def cmd_sample(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else build_run.sample_dir()
    counts = sample.write(out, rows=args.rows)
    print(f"sample written to {out}: " + ", ".join(f"{t} {n:,} rows" for t, n in counts.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Chizai KPI warehouse ETL")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build a new warehouse version and switch to it")
    p_build.add_argument("--if-missing", action="store_true", help="do nothing when a version is current")
    p_build.add_argument("--keep", type=int, default=publish.DEFAULT_KEEP, help="versions to keep")
    p_build.set_defaults(func=cmd_build)
    p_ingest = sub.add_parser("ingest", help="load a CSV/XLSX file (see data/templates/ and docs/loading-data.md)")
    p_ingest.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or CP932) or XLSX file")
    p_ingest.add_argument("--dataset", required=True, choices=["kpi", "subsidy", "accelerated", "pct", "denominator"])
    p_ingest.add_argument("--sheet", default=None, help="XLSX sheet name, hidden sheets too (default: the visible "
                          "sheet holding the dataset's header; several such sheets are refused)")
    p_ingest.add_argument("--replace-real", action="store_true",
                          help="allow the file to overwrite real (non-sample) rows loaded or published earlier; "
                          "without it such a file is refused (exit 4) and nothing is loaded")
    p_ingest.set_defaults(func=cmd_ingest)
    p_status = sub.add_parser("status", help="current version, rows per view, load log tail")
    p_status.add_argument("--json", action="store_true")
    p_status.set_defaults(func=cmd_status)
    p_sample = sub.add_parser("sample", help="write the deterministic synthetic sample")
    p_sample.add_argument("--rows", type=int, default=None, help="scale the KPI facts to about N rows")
    p_sample.add_argument("--out", default=None, help=f"directory (default {home() / 'sample'})")
    p_sample.set_defaults(func=cmd_sample)
    admin_cli.add_commands(sub)
    args = parser.parse_args(argv)
    # Over a file-size limit the kernel would kill us with SIGXFSZ mid-write (no message, leftovers);
    # ignored, the write fails with EFBIG and the build reports it and cleans up.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # The commands print what the warehouse layer would log (damage, fallbacks) in their own words.
    logging.getLogger("ipdash").addHandler(logging.NullHandler())
    return int(args.func(args))

