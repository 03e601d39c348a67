"""CLI: python -m etl build | ingest FILE --dataset … | status [--json] | sample [--rows N]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl import loadlog, pipeline, sample
from etl.problems import RejectedInput
from warehouse import build
from warehouse.connection import NoWarehouseError, current_version, home, open_read_only


def cmd_build(args: argparse.Namespace) -> int:
    if args.if_missing:
        try:
            version = current_version()
            print(f"warehouse present: {version.name} (built {version.built_at})")
            return 0
        except NoWarehouseError:
            pass
    try:
        outcome = pipeline.run_build(keep=args.keep)
    except RejectedInput as exc:
        print(f"build rejected; the current version keeps serving.\n{exc}", file=sys.stderr)
        return 2
    except build.BuildCheckFailed as exc:
        print(f"build failed its checks; the current version keeps serving.\n{exc}", file=sys.stderr)
        return 1
    result = outcome.result
    print(f"published {result.version.name} in {result.seconds:.2f} s ({result.size_bytes / 1e6:.1f} MB)")
    for view, count in result.row_counts.items():
        print(f"  {view:<24} {count:>10,} rows")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from etl.ingest.load import ingest_file  # keeps `build` and `status` free of the loader's imports

    path = Path(args.file)
    if not path.is_file():
        print(f"rejected: {path}: no such file; nothing was loaded", file=sys.stderr)
        return 2
    # validated in a child process with memory and CPU limits: a hostile file cannot crash this one
    outcome = ingest_file(path, args.dataset, sheet=args.sheet, replace_real=args.replace_real, isolate=True)
    print("\n".join(outcome.lines()), file=sys.stdout if outcome.exit_code == 0 else sys.stderr)
    return outcome.exit_code


def status_dict() -> dict[str, object]:
    version = current_version()
    con = open_read_only(version.path)
    try:
        rows = {view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]  # type: ignore[index]  # noqa: S608
                for view in build.PUBLIC_VIEWS}
    finally:
        con.close()
    return {
        "version": version.id,
        "warehouse": str(version.path.resolve()),
        "built_at": version.built_at,
        "size_bytes": version.path.stat().st_size,
        "versions_kept": build.list_versions(),
        "rows": rows,
        "load_log_tail": loadlog.entries()[-10:],
    }


def cmd_status(args: argparse.Namespace) -> int:
    try:
        status = status_dict()
    except NoWarehouseError as exc:
        if args.json:
            print(json.dumps({"version": None, "error": str(exc)}))
        else:
            print(exc, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0
    print(f"version   {status['version']}\nwarehouse {status['warehouse']}\nbuilt at  {status['built_at']}")
    for view, count in status["rows"].items():  # type: ignore[attr-defined]
        print(f"  {view:<24} {count:>10,} rows")
    print("load log (latest last):")
    for entry in status["load_log_tail"]:  # type: ignore[attr-defined]
        print(f"  {entry['loaded_at']} {entry['action']:<7} {entry['status']:<9} {entry.get('file_name') or ''} "
              f"{entry.get('message') or ''}"[:160])
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else pipeline.sample_dir()
    counts = sample.write(out, rows=args.rows)
    print(f"sample written to {out}: " + ", ".join(f"{t} {n:,} rows" for t, n in counts.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Chizai KPI warehouse ETL")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build a new warehouse version and switch to it")
    p_build.add_argument("--if-missing", action="store_true", help="do nothing when a version is current")
    p_build.add_argument("--keep", type=int, default=build.DEFAULT_KEEP, help="versions to keep")
    p_build.set_defaults(func=cmd_build)
    p_ingest = sub.add_parser("ingest", help="load a CSV/XLSX file (see data/templates/ and docs/loading-data.md)")
    p_ingest.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or CP932) or XLSX file")
    p_ingest.add_argument("--dataset", required=True, choices=["kpi", "subsidy", "accelerated", "pct"])
    p_ingest.add_argument("--sheet", default=None, help="XLSX sheet name, hidden sheets too (default: the visible "
                          "sheet holding the dataset's header; several such sheets are refused)")
    p_ingest.add_argument("--replace-real", action="store_true",
                          help="allow the file to overwrite real (non-sample) rows loaded or published earlier; "
                          "without it such a file is refused (exit 3) and nothing is loaded")
    p_ingest.set_defaults(func=cmd_ingest)
    p_status = sub.add_parser("status", help="current version, rows per view, load log tail")
    p_status.add_argument("--json", action="store_true")
    p_status.set_defaults(func=cmd_status)
    p_sample = sub.add_parser("sample", help="write the deterministic synthetic sample")
    p_sample.add_argument("--rows", type=int, default=None, help="scale the KPI facts to about N rows")
    p_sample.add_argument("--out", default=None, help=f"directory (default {home() / 'sample'})")
    p_sample.set_defaults(func=cmd_sample)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
