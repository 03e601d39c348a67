"""Layering rules of ARCHITECTURE.md that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["warehouse", "etl"])
def test_data_layers_never_import_streamlit(package: str) -> None:
    offenders = [p.relative_to(ROOT) for p in (ROOT / package).rglob("*.py") if "streamlit" in _imports(p)]
    assert not offenders


def test_pages_do_not_write_sql_or_open_duckdb() -> None:
    for page in (ROOT / "pages").glob("*.py"):
        assert "duckdb" not in _imports(page), page.name
        assert "SELECT " not in page.read_text(encoding="utf-8"), page.name


def test_no_lock_file_or_package_index_committed() -> None:
    """Installs resolve through pip's own configuration: no lock file, no index option, no URL."""
    assert not (ROOT / "uv.lock").exists()
    for path in [ROOT / "pyproject.toml", ROOT / "Makefile", *ROOT.glob("requirements*.txt")]:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            for marker in ("index-url", "find-links", "://"):
                assert marker not in text, (path.name, marker)
