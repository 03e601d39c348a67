"""Which sheet of a workbook is read (hidden sheets never by default), and formula cells (issue 11, items 1 and 3)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from etl.ingest import ingest_file
from etl.uploads.validate import validate
from tests.conftest import ROOT, env_with
from tests.ingest.bombs import MAIN, REL, SHEET_HEAD, SHEET_TAIL, WORKBOOK, WORKBOOK_RELS, write_xlsx
from tests.ingest.conftest import view, warehouse_state, write

HEADER = ["都道府県", "年度", "採択件数"]
SECRET = [HEADER, ["東京都", "R4", 999]]
VISIBLE = [HEADER, ["東京都", "R4", 85]]


def _book(sheets: list[tuple[str, list[list[object]], str]], active: int = 0) -> bytes:
    """A real workbook: (title, rows, state) per sheet; state is visible, hidden or veryHidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tokyo(root: Path) -> float:
    return float(view(root, "SELECT value FROM subsidy_adoptions WHERE prefecture_code = '13' AND year = 2022")
                 ["value"].item())


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_never_read_by_default(home_copy: Path, tmp_path: Path, state: str) -> None:
    data = _book([("secret", SECRET, state), ("data", VISIBLE, "visible")], active=1)
    outcome = ingest_file(write(tmp_path, "two.xlsx", data), "subsidy", root=home_copy)
    assert outcome.status == "accepted", outcome.lines()
    assert outcome.report.sheet == "data" and _tokyo(home_copy) == 85
    hidden = [w for w in outcome.report.warnings if w.rule == "hidden_sheets"]
    assert hidden and "secret" in hidden[0].message and "非表示" in hidden[0].message_ja


def test_a_hidden_sheet_is_read_when_named(home_copy: Path, tmp_path: Path) -> None:
    data = _book([("secret", SECRET, "hidden"), ("data", VISIBLE, "visible")], active=1)
    outcome = ingest_file(write(tmp_path, "two.xlsx", data), "subsidy", sheet="secret", root=home_copy)
    assert outcome.status == "accepted" and outcome.report.sheet == "secret" and _tokyo(home_copy) == 999


def test_several_visible_data_sheets_are_refused_listing_their_names(home_copy: Path, tmp_path: Path) -> None:
    data = _book([("2022", VISIBLE, "visible"), ("2023", [HEADER, ["東京都", "R5", 90]], "visible"),
                  ("notes", [["説明だけのシート"]], "visible")])
    path = write(tmp_path, "years.xlsx", data)
    before = warehouse_state(home_copy)
    result = subprocess.run([sys.executable, "-m", "etl", "ingest", str(path), "--dataset", "subsidy"], cwd=ROOT,
                            env=env_with(home_copy), capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "[ambiguous_sheet]" in result.stderr
    assert "2022, 2023" in result.stderr and "--sheet" in result.stderr and "Traceback" not in result.stderr
    assert warehouse_state(home_copy) == before
    report = validate(data, "years.xlsx", "subsidy", root=home_copy)
    assert report.sheet_choices == ("2022", "2023") and report.sheets == ("2022", "2023", "notes")
    chosen = ingest_file(path, "subsidy", sheet="2023", root=home_copy)
    assert chosen.status == "accepted" and chosen.report.rows["year"].to_list() == [2023]  # type: ignore[index]


def test_a_cover_sheet_and_one_data_sheet_reads_the_data(built_home: Path) -> None:
    data = _book([("表紙", [["令和4年度 都道府県別 採択件数"], ["出典: 特許庁"]], "visible"),
                  ("集計", [HEADER, ["東京都", "R4", 85]], "visible")])
    report = validate(data, "book.xlsx", "subsidy", root=built_home)
    assert report.accepted and report.sheet == "集計"


def test_without_a_data_sheet_the_active_visible_sheet_is_read(built_home: Path) -> None:
    data = _book([("a", [["x"]], "visible"), ("b", [["y"]], "visible")], active=1)
    report = validate(data, "book.xlsx", "subsidy", root=built_home)
    assert report.sheet == "b" and not report.accepted
    assert {p.rule for p in report.problems} == {"missing_column"}


def test_a_formula_without_a_calculated_value_is_refused_naming_the_cell(home_copy: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(HEADER)
    sheet.append(["東京都", "R4", "=40+45"])  # a script writes the formula; nothing ever calculated it
    buffer = io.BytesIO()
    book.save(buffer)
    before = warehouse_state(home_copy)
    outcome = ingest_file(write(tmp_path, "f.xlsx", buffer.getvalue()), "subsidy", root=home_copy)
    assert outcome.status == "rejected"
    problem = outcome.report.problems[0]
    assert problem.rule == "formula_not_calculated" and "data!C2" in problem.message and "data!C2" in problem.message_ja
    assert warehouse_state(home_copy) == before


def test_a_formula_a_program_saved_with_a_placeholder_value_is_refused(built_home: Path, tmp_path: Path) -> None:
    """XlsxWriter saves 0 as the value of a formula it cannot calculate, and asks Excel to recalculate on opening."""
    path = tmp_path / "x.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["東京都", "R4"])
    sheet.write_formula(1, 2, "=40+45")
    book.close()
    report = validate(path.read_bytes(), "x.xlsx", "subsidy", root=built_home)
    assert [(p.rule, "data!C2" in p.message) for p in report.problems] == [("formula_not_calculated", True)]


def _excel_like(tmp_path: Path, cell: str, workbook_extra: str = "", rels_extra: str = "") -> bytes:
    """A workbook as Excel saves it: a formula with its calculated value, no recalculate-on-open flag."""
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABC", HEADER, strict=True))
    sheet = (SHEET_HEAD + f'<row r="1">{header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>東京都</t></is></c>'
             f'<c r="B2" t="inlineStr"><is><t>R4</t></is></c>{cell}</row>' + SHEET_TAIL)
    workbook = WORKBOOK.replace("</sheets>", "</sheets>" + workbook_extra)
    rels = WORKBOOK_RELS.replace("</Relationships>", rels_extra + "</Relationships>")
    return write_xlsx(tmp_path / "excel.xlsx", {"xl/worksheets/sheet1.xml": sheet, "xl/workbook.xml": workbook,
                                                 "xl/_rels/workbook.xml.rels": rels}).read_bytes()


def test_a_formula_with_its_saved_value_is_read(built_home: Path, tmp_path: Path) -> None:
    data = _excel_like(tmp_path, '<c r="C2"><f>40+45</f><v>85</v></c>')
    report = validate(data, "excel.xlsx", "subsidy", root=built_home)
    assert report.accepted and report.rows["value"].to_list() == [85.0]  # type: ignore[index]
    assert not [w for w in report.warnings if w.rule == "external_links"]


def test_external_links_are_a_warning(built_home: Path, tmp_path: Path) -> None:
    data = _excel_like(tmp_path, '<c r="C2"><f>[1]Sheet1!A1</f><v>85</v></c>',
                       f'<externalReferences><externalReference xmlns:r="{REL}" r:id="rId9"/></externalReferences>',
                       f'<Relationship Id="rId9" Type="{REL}/externalLink" Target="externalLinks/externalLink1.xml"/>')
    report = validate(data, "linked.xlsx", "subsidy", root=built_home)
    assert report.accepted
    links = [w for w in report.warnings if w.rule == "external_links"]
    assert links and "1 other file" in links[0].message and "参照" in links[0].message_ja


def test_odd_but_valid_sheet_xml_is_read(built_home: Path, tmp_path: Path) -> None:
    """Prefixed elements, cells without references, phonetic guides (ふりがな) in shared strings, the strict
    namespace: all read as Excel shows them."""
    strict = MAIN.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                          "http://purl.oclc.org/ooxml/spreadsheetml/main")
    strings = (f'<sst xmlns="{strict}"><si><t>都道府県</t></si><si><t>年度</t></si><si><t>採択件数</t></si>'
               '<si><r><t>東京</t></r><r><t>都</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>')
    sheet = (f'<x:worksheet xmlns:x="{strict}"><x:sheetData><x:row r="1"><x:c t="s"><x:v>0</x:v></x:c>'
             '<x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row><x:row>'
             '<x:c t="s"><x:v>3</x:v></x:c><x:c t="inlineStr"><x:is><x:t>R4</x:t></x:is></x:c><x:c><x:v>85</x:v>'
             '</x:c></x:row></x:sheetData></x:worksheet>')
    data = write_xlsx(tmp_path / "odd.xlsx", {"xl/worksheets/sheet1.xml": sheet,
                                              "xl/sharedStrings.xml": strings}).read_bytes()
    report = validate(data, "odd.xlsx", "subsidy", root=built_home)
    assert report.accepted, [str(p) for p in report.problems]
    assert report.rows.select("prefecture_code", "year", "value").rows() == [("13", 2022, 85.0)]  # type: ignore[union-attr]


def test_rows_out_of_order_are_a_damaged_file(built_home: Path, tmp_path: Path) -> None:
    sheet = SHEET_HEAD + '<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>' + SHEET_TAIL
    data = write_xlsx(tmp_path / "order.xlsx", {"xl/worksheets/sheet1.xml": sheet}).read_bytes()
    report = validate(data, "order.xlsx", "subsidy", root=built_home)
    assert [p.rule for p in report.problems] == ["not_xlsx"] and "row 2 after row 3" in report.problems[0].message


def test_a_workbook_named_csv_is_read_as_a_workbook(built_home: Path) -> None:
    data = _book([("data", [HEADER, ["東京都", "R4", 85]], "visible")])
    report = validate(data, "named.csv", "subsidy", root=built_home)
    assert report.accepted and report.format == "xlsx"
    assert isinstance(report.rows, pl.DataFrame) and report.rows["value"].to_list() == [85.0]
