"""Template example rows can never become data (issue 9): templates are header-only, examples are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl.ingest import ingest_file
from etl.uploads import specs
from etl.uploads.templates import example_path, template_path
from etl.uploads.validate import validate
from tests.conftest import ROOT, env_with
from tests.ingest.conftest import warehouse_state, write, xlsx_bytes

DATASETS = list(specs.DATASETS)


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_template_is_the_header_alone_with_every_required_column(dataset: str) -> None:
    data = template_path(dataset).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")  # opens right in Japanese Excel
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 1
    required = {c.ja for c in specs.DATASETS[dataset].columns if c.required}
    assert required <= set(lines[0].split(","))


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("kind", ["template", "example"])
def test_an_unmodified_template_or_example_is_rejected_saying_so(
    home_copy: Path, tmp_path: Path, dataset: str, kind: str,
) -> None:
    source = template_path(dataset) if kind == "template" else example_path(dataset)
    before = warehouse_state(home_copy)
    outcome = ingest_file(write(tmp_path, source.name, source.read_bytes()), dataset, root=home_copy)
    assert outcome.status == "rejected" and outcome.exit_code == 2
    first = outcome.report.problems[0]
    assert first.rule == "template_unmodified"
    assert ("example file" if kind == "example" else "unmodified template") in first.message
    assert "記入例" in first.message_ja or "テンプレート" in first.message_ja
    if kind == "example":  # and every example row is named
        rows = {p.row for p in outcome.report.problems if p.rule == "example_row"}
        assert rows == set(range(2, 2 + len(source.read_text(encoding="utf-8-sig").splitlines()) - 1))
    assert warehouse_state(home_copy) == before


def test_the_cli_refuses_the_bundled_template_in_place(home_copy: Path) -> None:
    """The exact command of the issue: `python -m etl ingest data/templates/kpi.csv --dataset kpi`."""
    for path in (template_path("kpi"), example_path("kpi")):
        result = subprocess.run([sys.executable, "-m", "etl", "ingest", str(path), "--dataset", "kpi"], cwd=ROOT,
                                env=env_with(home_copy), capture_output=True, text=True, timeout=300)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "[template_unmodified]" in result.stderr and "nothing was loaded" in result.stderr


def test_the_example_resaved_as_cp932_or_xlsx_is_still_the_example(built_home: Path) -> None:
    text = example_path("subsidy").read_text(encoding="utf-8-sig")
    cp932 = text.replace("\n", "\r\n").encode("cp932")
    assert validate(cp932, "採択.csv", "subsidy", root=built_home).problems[0].rule == "template_unmodified"
    rows = [line.split(",") for line in text.splitlines()]
    book = xlsx_bytes({"Sheet1": rows})
    report = validate(book, "採択.xlsx", "subsidy", root=built_home)
    assert report.problems[0].rule == "template_unmodified"


def test_example_rows_with_changed_values_are_still_refused_until_the_mark_is_removed(built_home: Path) -> None:
    lines = example_path("kpi").read_text(encoding="utf-8-sig").splitlines()
    edited = [lines[0], *(line.replace("12000", "11000") for line in lines[1:])]
    report = validate("\r\n".join(edited).encode("utf-8"), "kpi.csv", "kpi", root=built_home)
    assert not report.accepted
    assert {p.rule for p in report.problems} == {"example_row"}
    assert [(p.row, p.column) for p in report.problems][:2] == [(2, "備考"), (3, "備考")]
    unmarked = [edited[0], *(line.rsplit(",", 1)[0] + "," for line in edited[1:])]
    report = validate("\r\n".join(unmarked).encode("utf-8"), "kpi.csv", "kpi", root=built_home)
    assert report.accepted, [str(p) for p in report.problems]  # the examples show valid forms
    assert report.rows_loaded == len(lines) - 1
