"""A warehouse version as a directory of Parquet files, readable by any number of app replicas.

``export_release(version_path, out_dir)`` writes every public view (``publish.PUBLIC_VIEWS`` plus
``warehouse_info``) of one published version to ``<view>.parquet`` with a ``manifest.json`` (column
names and DuckDB types, rows, bytes, sha256), into a temporary sibling directory that is renamed
into place only when complete: readers see the whole release or none.  A release is immutable;
publish the next one under a new directory (e.g. ``releases/<version id>/``) and move a pointer.

``open_parquet_release(out_dir)`` returns an in-memory DuckDB connection with one view per public
view over ``read_parquet``, cast back to the recorded types, so every function in
``warehouse.queries`` runs on it unchanged.  Like ``connection.open_read_only`` it is locked down:
only the release's own files can be read (``allowed_paths`` + ``enable_external_access = false``),
nothing can be attached, copied out or installed, and the configuration is locked.

The same layout on object storage (``s3://bucket/releases/<id>/``) is what docs/scaling.md
describes for many replicas; this module is the local, tested form of it.

``publish_parquet_release(version_path, releases_root)`` exports to ``releases_root/<version id>/`` and then
moves ``releases_root/CURRENT`` (same JSON as the warehouse pointer) atomically; ``current_release``
reads it back.  Replicas pin the release named there, exactly as they pin a DuckDB version.

CLI: ``python -m warehouse.parquet_release export OUT_DIR [--version FILE]``,
``python -m warehouse.parquet_release publish RELEASES_ROOT [--version FILE]`` and
``python -m warehouse.parquet_release check OUT_DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import VERSION_PATTERN, NoWarehouseError, current_version, parse_pointer_file
from warehouse.publish import PUBLIC_VIEWS, file_sha256, fsync_path
from warehouse.queries import EXPLORER_VIEWS
from warehouse.quoting import ident, literal
from warehouse.status import row_counts

FORMAT = "ipdash-parquet-release/1"
MANIFEST = "manifest.json"
RELEASE_VIEWS: tuple[str, ...] = (*PUBLIC_VIEWS, "warehouse_info")
# DuckDB type names as DESCRIBE prints them (no quotes: no ENUM literals can sneak SQL in)
_TYPE = re.compile(r"^[A-Z][A-Z0-9_ (),\[\]]*$")


def export_release(version_path: Path, out_dir: Path) -> dict[str, Any]:
    """Write one version's public views as a Parquet release at ``out_dir`` (which must not exist)."""
    version_path, out_dir = Path(version_path).resolve(), Path(out_dir).resolve()
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} exists: a release is immutable, export to a new directory")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp_", dir=out_dir.parent))
    try:
        views, info = _write_views(version_path, tmp)
        manifest = {
            "format": FORMAT, "version": info.get("version"), "built_at": info.get("built_at"),
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "source": version_path.name,
            "views": views,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        for path in tmp.iterdir():
            fsync_path(path)
            path.chmod(0o444)
        os.rename(tmp, out_dir)  # atomic on one file system; refuses a non-empty target
        fsync_path(out_dir.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _write_views(version_path: Path, target: Path) -> tuple[dict[str, Any], dict[str, str]]:
    con = duckdb.connect()  # in-memory; the version is attached read-only, never opened for writing
    try:
        con.execute(f"ATTACH {literal(version_path)} AS release_source (READ_ONLY)")
        views: dict[str, Any] = {}
        for view in RELEASE_VIEWS:
            source = f"release_source.{ident(view)}"
            file = target / f"{view}.parquet"
            columns = [[str(row[0]), str(row[1])] for row in con.execute(f"DESCRIBE {source}").fetchall()]
            # in the explorer's order, so that row-group statistics prune a replica's reads over the network
            # (the version file itself is not sorted: docs/performance.md, "Builds without the sort")
            order = EXPLORER_VIEWS.get(view, (None, ""))[1]
            sort = f" ORDER BY {order} NULLS FIRST" if order else ""
            con.execute(f"COPY (SELECT * FROM {source}{sort}) TO {literal(file)} "  # noqa: S608 (allow-listed view)
                        "(FORMAT parquet, COMPRESSION zstd)")
            rows = row_counts(con, [view], "release_source")[view]
            views[view] = {"file": file.name, "rows": rows, "columns": columns,
                           "bytes": file.stat().st_size, "sha256": file_sha256(file)}
        meta = con.execute("SELECT key, value FROM release_source.warehouse_info").fetchall()
        info = {str(k): str(v) for k, v in meta}
    finally:
        con.close()
    return views, info


def publish_parquet_release(version_path: Path, releases_root: Path) -> Path:
    """Export a version to ``releases_root/<version id>/`` (if not there yet) and point CURRENT at it."""
    version_path, releases_root = Path(version_path).resolve(), Path(releases_root).resolve()
    if not VERSION_PATTERN.match(version_path.name):
        raise ValueError(f"not a warehouse version file: {version_path.name}")
    release = releases_root / version_path.name.removesuffix(".duckdb")
    if not (release / MANIFEST).exists():
        export_release(version_path, release)
    manifest = read_manifest(release)
    pointer, tmp = releases_root / "CURRENT", releases_root / "CURRENT.tmp"
    try:
        tmp.write_text(json.dumps({"version": version_path.name, "built_at": manifest.get("built_at")}),
                       encoding="utf-8")
        fsync_path(tmp)
        os.replace(tmp, pointer)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave a half pointer behind
        raise
    fsync_path(releases_root)
    return release


def current_release(releases_root: Path) -> tuple[str, Path]:
    """(version file name, release directory) named by ``releases_root/CURRENT``."""
    pointer = Path(releases_root) / "CURRENT"
    read = parse_pointer_file(pointer)
    if read.missing:
        raise NoWarehouseError(f"no Parquet release published under {releases_root}")
    if read.name is None:  # garbage, empty, not an object, no valid name: say so, never a traceback
        raise NoWarehouseError(f"{pointer}: {read.problem}")
    name = read.name
    release = Path(releases_root) / name.removesuffix(".duckdb")
    if not (release / MANIFEST).is_file():
        raise NoWarehouseError(f"{pointer} names {name}, which has no release")
    return name, release


def read_manifest(release_dir: Path) -> dict[str, Any]:
    """The manifest of a release, checked: format, every public view present, sane names and types."""
    root = Path(release_dir).resolve()
    manifest: dict[str, Any] = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{root}: not a {FORMAT} release")
    views = manifest.get("views", {})
    for view in RELEASE_VIEWS:
        entry = views.get(view)
        if entry is None or entry.get("file") != f"{view}.parquet" or not (root / entry["file"]).is_file():
            raise ValueError(f"{root}: view {view} is missing from the release")
        if not all(_TYPE.match(str(column_type)) for _, column_type in entry["columns"]):
            raise ValueError(f"{root}: unexpected column type in {view}")
    return manifest


def open_parquet_release(release_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory, locked-down DuckDB connection exposing the release's views."""
    root = Path(release_dir).resolve()
    manifest = read_manifest(root)
    files = {view: root / manifest["views"][view]["file"] for view in RELEASE_VIEWS}
    con = duckdb.connect(":memory:")
    try:
        # Order matters: the allow-list is set first, then external access is switched off.
        con.execute("SET allowed_paths = [" + ", ".join(literal(p) for p in files.values()) + "]")
        con.execute("SET enable_external_access = false")
        for view, file in files.items():
            columns = ", ".join(f"CAST({ident(name)} AS {column_type}) AS {ident(name)}"
                                for name, column_type in manifest["views"][view]["columns"])
            con.execute(f"CREATE VIEW {ident(view)} AS SELECT {columns} FROM read_parquet({literal(file)})")  # noqa: S608
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.parquet_release", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_export = sub.add_parser("export", help="export a version (default: the current one) as a release")
    p_export.add_argument("out_dir", type=Path)
    p_export.add_argument("--version", type=Path, help="a version file (default: the current version)")
    p_publish = sub.add_parser("publish", help="export a version into RELEASES_ROOT/<id>/ and point CURRENT at it")
    p_publish.add_argument("releases_root", type=Path)
    p_publish.add_argument("--version", type=Path, help="a version file (default: the current version)")
    p_check = sub.add_parser("check", help="open a release and count the rows of every view")
    p_check.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "publish":
        release = publish_parquet_release(args.version or current_version().path, args.releases_root)
        print(f"published {release.name} under {args.releases_root}")
        return 0
    if args.command == "export":
        manifest = export_release(args.version or current_version().path, args.out_dir)
        total = sum(v["bytes"] for v in manifest["views"].values())
        print(f"exported {manifest['version']} to {args.out_dir} ({total / 1e6:.1f} MB)")
        return 0
    con = open_parquet_release(args.out_dir)
    try:
        for view, count in row_counts(con, RELEASE_VIEWS).items():
            print(f"  {view:<24} {count:>10,} rows")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
