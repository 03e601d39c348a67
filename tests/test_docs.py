"""Every file the docs name exists: README.md and docs/*.md point at paths in this repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_CODE = re.compile(r"`([^`\s]+)`")
# a path into the repository: it starts with one of its top-level directories (a bare file name is read
# in the context of its sentence, and is not checked)
_TOP = ("app.py", "etl/", "warehouse/", "ui/", "pages/", "reports/", "data/", "docs/", "bench/", "deploy/", "tests/",
        ".ci/", "Makefile", "pyproject.toml")
_FILE = re.compile(r"^[\w.\-/]+$")
_NOT_REPO = ("$", "var/", "http", "s3:", "~", "bench/results/", ".streamlit/secrets")


def named_paths(doc: Path) -> set[str]:
    text = doc.read_text(encoding="utf-8")
    code = {m for m in _CODE.findall(text) if _FILE.match(m) and m.startswith(_TOP)}
    found = {m for m in _LINK.findall(text) if "://" not in m} | code
    return {p for p in found if not p.startswith(_NOT_REPO)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_file_a_doc_names_exists(doc: Path) -> None:
    missing = [p for p in sorted(named_paths(doc))
               if not (ROOT / p).exists() and not (doc.parent / p).exists()]
    assert missing == []
