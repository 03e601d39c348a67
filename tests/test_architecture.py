"""Layering rules of docs/architecture.md that code review alone would let slip."""

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


# etl/'s stages, bottom first (docs/architecture.md): a module imports its own stage or one below, never above.
ETL_STAGES = (
    ("etl.exits", "etl.tables", "etl.cells"),
    ("etl.inputs",),
    ("etl.uploads",),
    ("etl.loads",),
    ("etl.build",),
    ("etl.ingest", "etl.backup"),
    ("etl.cli", "etl.__main__"),
)


def _stage(module: str) -> int | None:
    for number, prefixes in enumerate(ETL_STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return number
    return None


def _etl_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("etl"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("etl"):
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_etl_module_has_a_stage() -> None:
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "etl").rglob("*.py")]
    assert [m for m in modules if m != "etl.__init__" and _stage(m) is None] == []


def test_etl_stages_only_import_downward() -> None:
    upward = []
    for path in (ROOT / "etl").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        own = _stage(module)
        for name in _etl_imports(path):
            target = _stage(name)
            if own is not None and target is not None and target > own:
                upward.append(f"{module} imports {name}")
    assert upward == []


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
