"""Every rule message exists in Japanese and English, in one place (issue 9, item 11)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from etl.cells.messages import MESSAGES, text
from etl.ingest import ingest_file
from etl.uploads.validate import validate
from tests.conftest import ROOT
from tests.ingest.conftest import write
from tests.ingest.test_rejected import CASES

JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
FIELDS = re.compile(r"\{[^}]*\}")
# where the message key is among a call's arguments
KEY_ARGUMENT = {"problem": 4, "reject": 1, "_reject": 1, "CellError": 0, "fail": 1}


def _keys_used() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "etl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = KEY_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            for constant in [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]:
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                    found.add(constant.value)
    return found


def test_every_message_key_the_loader_uses_has_both_languages() -> None:
    used = _keys_used()
    assert len(used) > 50  # the scan finds the calls
    assert not used - set(MESSAGES), sorted(used - set(MESSAGES))


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_japanese_reads_as_japanese_and_english_as_english(key: str) -> None:
    ja, en = MESSAGES[key]
    assert JAPANESE.search(FIELDS.sub("", ja)), ja
    bare = FIELDS.sub("", en)
    latin = sum(char.isascii() and char.isalpha() for char in bare)
    assert latin >= 2 * len(JAPANESE.findall(bare)), en  # Japanese only for terms (年度, 記入例, 「column」)
    same = {f.replace("_ja}", "_en}") for f in FIELDS.findall(ja)}
    assert same <= set(FIELDS.findall(en))  # the same facts in both


@pytest.mark.parametrize(("name", "data", "dataset", "rule", "row", "column", "shown"), CASES)
def test_every_problem_of_a_rejected_file_has_a_japanese_message(
    built_home: Path, name: str, data: bytes, dataset: str, rule: str, row: int | None, column: str | None,
    shown: str,
) -> None:
    report = validate(data, name, dataset, root=built_home)
    for problem in [*report.problems, *report.warnings]:
        assert JAPANESE.search(text(problem, "ja")), problem
        assert text(problem, "en") == problem.message


def test_the_quarantine_keeps_both_languages(home_copy: Path, tmp_path: Path) -> None:
    outcome = ingest_file(write(tmp_path, "bad.csv", "都道府県,年度,採択件数\r\n東京都,2099,5\r\n".encode()), "subsidy",
                          root=home_copy)
    assert outcome.quarantined is not None
    reasons = json.loads(outcome.quarantined.with_name(outcome.quarantined.name + ".reasons.json").read_text())
    problem = reasons["problems"][0]
    assert problem["rule"] == "year_out_of_range" and "outside" in problem["message"]
    assert "範囲" in problem["message_ja"]
