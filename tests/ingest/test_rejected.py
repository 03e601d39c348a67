"""Rejected files: a clear reason (row as in the file, column, value), quarantine with reasons, warehouse unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.ingest import ingest_file
from etl.loads import journal
from etl.uploads import specs
from etl.uploads.validate import validate
from tests.ingest.conftest import KPI_HEADER, SUBSIDY_HEADER, csv_bytes, warehouse_state, write, xlsx_bytes

OK_ROW = "東京都,令和4年度,85,,"


def _subsidy(*rows: str, encoding: str = "utf-8") -> bytes:
    return csv_bytes([SUBSIDY_HEADER, *rows], encoding=encoding)


def _kpi(*rows: str) -> bytes:
    return csv_bytes([KPI_HEADER, *rows])


# (file name, bytes, dataset, rule, row as in the file or None, column or None, text the report must show)
CASES = [
    pytest.param("empty.csv", b"", "subsidy", "empty_file", None, None, "empty", id="empty-file"),
    pytest.param("blank.csv", b"\xef\xbb\xbf \r\n\r\n", "subsidy", "empty_file", None, None, "empty", id="bom-only"),
    pytest.param("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "subsidy", "binary_file", None, None,
                 "byte", id="binary-file"),
    pytest.param("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "subsidy", "old_excel", None, None,
                 ".xls", id="xls-renamed-xlsx"),
    pytest.param("fake.xlsx", b"this is not a spreadsheet", "subsidy", "not_xlsx", None, None, "XLSX",
                 id="text-named-xlsx"),
    pytest.param("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40, "subsidy", "not_xlsx", None, None, "zip",
                 id="damaged-zip"),
    pytest.param("utf16.csv", SUBSIDY_HEADER.encode("utf-16"), "subsidy", "unsupported_encoding", None, None,
                 "UTF-16", id="utf16"),
    pytest.param("mixed.csv", _subsidy(OK_ROW) + b"\xff\xfe\xfd,1,2,,\r\n", "subsidy", "undecodable", None, None,
                 "at byte", id="undecodable-bytes"),
    pytest.param("header.csv", _subsidy(), "subsidy", "no_data", None, None, "no data rows", id="header-only"),
    pytest.param("cut.csv", _subsidy(OK_ROW, "大阪府,令和4年度"), "subsidy", "ragged_row", 3, None,
                 "row 3", id="truncated-last-row"),
    pytest.param("ragged.csv", _subsidy("大阪府,令和4年度,4,,,9", OK_ROW), "subsidy", "ragged_row", 2, None,
                 "row 2", id="extra-fields"),
    pytest.param("quote.csv", _subsidy(OK_ROW, '大阪府,"令和4年度,4,,'), "subsidy", "broken_csv", 3, None,
                 "quotes", id="unterminated-quote"),
    pytest.param("dup.csv", csv_bytes(["都道府県,年度,件数,件数", "東京都,2022年度,1,2"]), "subsidy",
                 "duplicate_header", 1, "件数", "appears twice", id="duplicate-header"),
    pytest.param("alias.csv", csv_bytes(["都道府県,年度,採択件数,count", "東京都,2022年度,1,2"]), "subsidy",
                 "duplicate_header", 1, "count", "both mean", id="two-columns-one-meaning"),
    pytest.param("nocol.csv", csv_bytes(["指標,都道府県,年度,目標", "R_CONSULT,東京都,R5,100"]), "kpi",
                 "missing_column", 1, "実績", "実績", id="missing-required-column"),
    pytest.param("layout.csv", csv_bytes(["a,b,c", "1,2,3"]), "subsidy", "missing_column", None, "都道府県",
                 "not found", id="unknown-header-layout"),
    pytest.param("unit.csv", _kpi("R_SEMINAR,東京都,R5,通期,100,\"１，２３４件\",,"), "kpi", "unit_not_allowed", 2,
                 "実績", "件", id="undeclared-unit"),
    pytest.param("comma.csv", _subsidy('東京都,2022年度,"12,3456",,'), "subsidy", "not_numeric", 2, "採択件数",
                 "12,3456", id="bad-thousands-grouping"),
    pytest.param("div0.csv", _subsidy("東京都,2022年度,#DIV/0!,,"), "subsidy", "spreadsheet_error", 2, "採択件数",
                 "#DIV/0!", id="spreadsheet-error"),
    pytest.param("text.csv", _subsidy("東京都,2022年度,多数,,"), "subsidy", "not_numeric", 2, "採択件数", "多数",
                 id="text-in-numeric"),
    pytest.param("huge.csv", _subsidy("奈良県,2021年度,99999999999999999999999,,"), "subsidy", "too_large", 2,
                 "採択件数", "999,999,999,999", id="count-beyond-any-real-figure"),
    pytest.param("frac.csv", _subsidy("東京都,2022年度,12.5,,"), "subsidy", "not_integer", 2, "採択件数", "12.5",
                 id="fractional-count"),
    pytest.param("neg.csv", _subsidy(OK_ROW, "大阪府,2022年度,△5,,"), "subsidy", "negative_count", 3, "採択件数",
                 "△5", id="negative-count-triangle"),
    pytest.param("neg2.csv", _kpi("R_CONSULT,東京都,R5,通期,100,-3,,"), "kpi", "negative_count", 2, "実績", "-3",
                 id="negative-kpi-actual"),
    pytest.param("pref.csv", _subsidy(OK_ROW, "アトランティス県,2022年度,5,,"), "subsidy", "unknown_prefecture", 3,
                 "都道府県", "アトランティス県", id="unknown-prefecture"),
    pytest.param("code.csv", _subsidy("48,2022年度,5,,"), "subsidy", "unknown_prefecture", 2, "都道府県", "48",
                 id="unknown-jis-code"),
    pytest.param("ind.csv", _kpi("R_UNKNOWN,東京都,R5,通期,100,90,,"), "kpi", "unknown_indicator", 2, "指標",
                 "R_UNKNOWN", id="unknown-indicator"),
    pytest.param("ind2.csv", csv_bytes(["指標,都道府県,年度,申請件数", "特許出願件数,東京都,R4,3"]), "accelerated",
                 "unknown_indicator", 2, "指標", "特許出願件数", id="indicator-of-another-dataset"),
    pytest.param("twice.csv", _subsidy("東京都,2022年度,5,,", "大阪府,2022年度,1,,", "13,R4,6,,"), "subsidy",
                 "conflicting_duplicate", 4, "採択件数", "row 2", id="same-key-different-values"),
    pytest.param("r0.csv", _subsidy("東京都,令和0年度,5,,"), "subsidy", "bad_year", 2, "年度", "令和0", id="reiwa-0"),
    pytest.param("cal.csv", _subsidy("東京都,2022年,5,,"), "subsidy", "year_type_mismatch", 2, "年度", "calendar",
                 id="calendar-year-in-fiscal-dataset"),
    pytest.param("fy.csv", csv_bytes(["都道府県,年,出願件数", "東京都,FY2022,5"]), "pct", "year_type_mismatch", 2, "年",
                 "fiscal", id="fiscal-year-in-calendar-dataset"),
    pytest.param("plan.csv", _kpi("P2_BANK,東京都,2024年度,通期,10,5,,"), "kpi", "year_outside_plan", 2, "年度",
                 "FY2024", id="year-outside-plan"),
    pytest.param("qual.csv", _kpi("P3_OUT_MODEL_REGION,東京都,R5,通期,1,1,,"), "kpi", "qualitative_indicator", 2,
                 "指標", "qualitative", id="qualitative-kpi-with-numbers"),
    pytest.param("period.csv", _kpi("R_CONSULT,東京都,R5,第3四半期,100,10,,"), "kpi", "unknown_period", 2, "期間",
                 "第3四半期", id="unknown-period"),
    pytest.param("halves.csv", _kpi("R_CONSULT,東京都,R5,上期,100,40,,", "R_CONSULT,東京都,R5,下期,100,50,,",
                                     "R_CONSULT,東京都,R5,通期,100,95,,"), "kpi", "halves_do_not_add_up", 4, "実績",
                 "≠", id="halves-do-not-add-up"),
    pytest.param("long.csv", _subsidy(f"東京都,2022年度,5,,{'長' * (specs.MAX_CELL_CHARS + 1)}"), "subsidy",
                 "cell_too_large", 2, "備考", "limit", id="cell-over-limit"),
    pytest.param("denominator.csv", csv_bytes(["分母,都道府県,基準年,値", "smes,東京都,2021,abc"]), "denominator",
                 "not_numeric", 2, "値", "abc", id="denominator-not-a-number"),
    pytest.param("denominator2.csv", csv_bytes(["分母,都道府県,基準年,値", "households,東京都,2021,10"]), "denominator",
                 "unknown_indicator", 2, "分母", "smes", id="denominator-unknown-measure"),
    pytest.param("huge.xlsx", xlsx_bytes({"Sheet1": [["都道府県", "年度", "採択件数"], ["東京都", 2022, 1e308]]}),
                 "subsidy", "too_large", 2, "採択件数", "999,999,999,999", id="xlsx-number-beyond-any-real-figure"),
    pytest.param("sheet.xlsx", xlsx_bytes({"Sheet1": [["都道府県", "年度", "採択件数"], ["東京都", 2022, 5]]}),
                 "subsidy", "ok", None, None, "", id="xlsx-accepted-control"),
]


@pytest.mark.parametrize(("name", "data", "dataset", "rule", "row", "column", "shown"), CASES)
def test_rejected_file_is_quarantined_with_its_reasons_and_nothing_changes(
    home_copy: Path, tmp_path: Path, name: str, data: bytes, dataset: str, rule: str, row: int | None,
    column: str | None, shown: str,
) -> None:
    if rule == "ok":  # the same machinery accepts a good spreadsheet (guards against a test that rejects all)
        from etl.uploads.validate import validate

        assert validate(data, name, dataset, root=home_copy).accepted
        return
    before = warehouse_state(home_copy)
    outcome = ingest_file(write(tmp_path, name, data), dataset, root=home_copy)

    assert outcome.status == "rejected" and outcome.exit_code == 2
    found = [p for p in outcome.report.problems if p.rule == rule]
    assert found, [str(p) for p in outcome.report.problems]
    assert (found[0].row, found[0].column) == (row, column) or (row is None and column is None), found[0]
    text = "\n".join(outcome.lines())
    assert shown in text and "nothing was loaded" in text
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert f"column '{column}'" in text

    assert warehouse_state(home_copy) == before  # same pointer, same versions, same bytes
    assert outcome.quarantined is not None and outcome.quarantined.read_bytes() == data
    reasons = json.loads(outcome.quarantined.with_name(outcome.quarantined.name + ".reasons.json").read_text())
    assert rule in {p["rule"] for p in reasons["problems"]} and reasons["sha256"] == outcome.report.sha256
    last = journal.entries(home_copy)[-1]
    assert (last["action"], last["status"], last["file_name"]) == ("ingest", "rejected", name)
    assert not (home_copy / "archive").exists()


def test_file_over_the_size_limit_is_not_read_but_its_reasons_are_kept(
    home_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(specs, "MAX_FILE_BYTES", 1024)
    path = write(tmp_path, "big.csv", _subsidy(*[OK_ROW.replace("85", str(i)) for i in range(100)]))
    before = warehouse_state(home_copy)
    outcome = ingest_file(path, "subsidy", root=home_copy)
    assert outcome.status == "rejected" and [p.rule for p in outcome.report.problems] == ["file_too_large"]
    assert "limit is 1,024" in "\n".join(outcome.lines())
    assert warehouse_state(home_copy) == before and path.exists()
    assert outcome.quarantined is not None and not outcome.quarantined.exists()  # not copied
    reasons = json.loads(outcome.quarantined.with_name(outcome.quarantined.name + ".reasons.json").read_text())
    assert reasons["file_kept"] is False


def test_too_many_rows_is_rejected(home_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(specs, "MAX_DATA_ROWS", 5)
    rows = [f"{code:02d},2022年度,1,," for code in range(1, 48)]
    outcome = ingest_file(write(tmp_path, "many.csv", _subsidy(*rows)), "subsidy", root=home_copy)
    assert outcome.status == "rejected" and outcome.report.problems[0].rule == "too_many_rows"


def test_unknown_sheet_names_the_sheets_there_are(home_copy: Path, tmp_path: Path) -> None:
    data = xlsx_bytes({"2022": [["都道府県", "年度", "採択件数"], ["東京都", "R4", 5]]})
    outcome = ingest_file(write(tmp_path, "s.xlsx", data), "subsidy", sheet="2023", root=home_copy)
    assert outcome.status == "rejected"
    assert outcome.report.problems[0].rule == "unknown_sheet" and "2022" in outcome.report.problems[0].message


def test_every_problem_is_found_and_the_report_shows_the_first_50_and_a_count(home_copy: Path, tmp_path: Path) -> None:
    rows = [f"{code:02d},2022年度,abc,," for code in range(1, 48)] + ["東京都,令和0年度,1,,"] * 13
    outcome = ingest_file(write(tmp_path, "bad.csv", _subsidy(*rows)), "subsidy", root=home_copy)
    assert outcome.report.problem_count == 60
    text = outcome.lines()
    assert sum(1 for line in text if "[not_numeric]" in line or "[bad_year]" in line) == 50
    assert text[-1].strip() == "… and 10 more"


def test_a_missing_required_column_is_said_once_not_again_on_every_row(tmp_path: Path) -> None:
    """Without 年度 every row would also fail 'not a year' under the internal field name (year)."""
    report = validate(csv_bytes(["都道府県,備考", "福岡県,x", "佐賀県,y"]), "missing.csv", "subsidy", root=tmp_path)
    assert {(p.rule, p.row, p.column) for p in report.problems} == {
        ("missing_column", 1, "年度"), ("missing_column", 1, "採択件数")}
    assert report.preview is not None and report.preview.height >= 2  # the rows are still shown as they are
