"""Fixture files written by the tests (real bytes: CP932, BOM, CRLF, XLSX with merged cells) and homes to load into."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.conftest import query
from warehouse import publish
from warehouse.connection import current_version, open_read_only


def csv_bytes(lines: list[str], *, encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    """Lines of CSV text -> bytes as a spreadsheet program would save them ('utf-8-sig' adds the BOM)."""
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A real workbook: one sheet per entry, rows from A1, with the given merged ranges."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for ref in (merges or {}).get(title, []):
            sheet.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SUBSIDY_HEADER = "都道府県,年度,採択件数,前年度差,備考"
KPI_HEADER = "指標,都道府県,年度,期間,目標,実績,達成率,備考"


@pytest.fixture
def home_copy(built_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session's built warehouse (loads write quarantine, archive, journal)."""
    root = tmp_path / "home"
    shutil.copytree(built_home, root, ignore=shutil.ignore_patterns("streamlit.log", "*.lock"))
    monkeypatch.setenv("IPDASH_HOME", str(root))
    return root


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """A file saved a while ago (the loader waits for a file modified in the last second to settle)."""
    path = tmp_path / name
    path.write_bytes(data)
    saved = time.time() - 60
    os.utime(path, (saved, saved))
    return path


def warehouse_state(root: Path) -> tuple[str, list[str], str]:
    """Pointer, versions kept and the current file's sha256: equal states mean the same content."""
    version = current_version(root)
    return version.name, publish.list_versions(root), hashlib.sha256(version.path.read_bytes()).hexdigest()


def view(root: Path, sql: str, params: object = None) -> pl.DataFrame:
    con = open_read_only(current_version(root).path)
    try:
        return query(con, sql, params)
    finally:
        con.close()
