"""Accepted files: each tolerated form of a real Japanese statistics file gives exact rows and statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.uploads.validate import validate
from tests.ingest.conftest import KPI_HEADER, SUBSIDY_HEADER, csv_bytes, xlsx_bytes

SUBSIDY = [SUBSIDY_HEADER, "北海道,令和4年度,12,△3,", "東京都,令和4年度,85,5,", "大阪府,令和4年度,40,0,"]


def _ok(data: bytes, dataset: str, root: Path, name: str = "file.csv", **kwargs: object):  # type: ignore[no-untyped-def]
    report = validate(data, name, dataset, root=root, **kwargs)  # type: ignore[arg-type]
    assert report.accepted, [str(p) for p in report.problems]
    assert report.rows is not None
    return report


def _values(report) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    return dict(report.rows.select("prefecture_code", "value").iter_rows())


@pytest.mark.parametrize(("encoding", "reported"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                    ("cp932", "cp932")])
def test_utf8_bom_and_cp932_are_detected_and_reported(built_home: Path, encoding: str, reported: str) -> None:
    # ① and 髙 are NEC/IBM extensions: shift_jis would refuse them, CP932 has them
    lines = [*SUBSIDY[:3], "大阪府,令和4年度,40,0,髙橋①の確認済み"]
    data = csv_bytes(lines, encoding=encoding)
    if encoding == "cp932":
        assert data.decode("cp932") and not _decodes(data, "utf-8")
    report = _ok(data, "subsidy", built_home)
    assert report.encoding == reported
    assert _values(report) == {"01": 12.0, "13": 85.0, "27": 40.0}
    assert report.rows.filter(prefecture_code="27")["note"].item() == "髙橋①の確認済み; 前年度差 +0"  # type: ignore[union-attr]


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_crlf_and_lf_give_the_same_rows(built_home: Path, newline: str) -> None:
    report = _ok(csv_bytes(SUBSIDY, newline=newline), "subsidy", built_home)
    assert _values(report) == {"01": 12.0, "13": 85.0, "27": 40.0}


def test_full_width_digits_commas_and_spaces_are_normalised(built_home: Path) -> None:
    lines = [SUBSIDY_HEADER, "　北海道　,令和４年度,\"１，２３４\",△３,", "東京都,Ｒ４,８５件,　５　,"]
    report = _ok(csv_bytes(lines), "subsidy", built_home)
    assert _values(report) == {"01": 1234.0, "13": 85.0}
    assert report.rows["year"].to_list() == [2022, 2022]  # type: ignore[index]


def test_thousands_separators(built_home: Path) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, '東京都,2022年度,"12,345",,', '大阪府,2022年度,"1,000",,']),
                 "subsidy", built_home)
    assert _values(report) == {"13": 12345.0, "27": 1000.0}


def test_percent_strings_and_achievement_over_100_percent(built_home: Path) -> None:
    lines = [KPI_HEADER,
             "R_CONSULT,東京都,令和5年度,通期,300,509,170%,スーパー早期審査のように目標を大きく超える",
             "R_CONSULT,大阪府,令和5年度,通期,1000,853,８５．３％,",
             "R_CONSULT,京都府,令和5年度,通期,1000,900,80%,印刷値が違う"]
    report = _ok(csv_bytes(lines), "kpi", built_home)
    printed = dict(report.rows.select("prefecture_code", "printed_achievement_pct").iter_rows())  # type: ignore[union-attr]
    assert printed == {"13": 170.0, "27": 85.3, "26": 80.0}
    differs = [w for w in report.warnings if w.rule == "printed_pct_differs"]
    assert [(w.row, w.column) for w in differs] == [(4, "達成率")]


@pytest.mark.parametrize(("text", "year"), [
    ("令和4年度", 2022), ("令和４年度", 2022), ("令和元年度", 2019), ("平成30年度", 2018), ("平成31年度", 2019),
    ("R4", 2022), ("H30", 2018), ("2022年度", 2022), ("FY2022", 2022), ("2022", 2022), ("Ｒ５", 2023),
])
def test_japanese_era_and_western_fiscal_years(built_home: Path, text: str, year: int) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, f"東京都,{text},5,,"]), "subsidy", built_home)
    assert report.rows["year"].to_list() == [year]  # type: ignore[index]
    assert report.rows["year_type"].to_list() == ["fiscal"]  # type: ignore[index]


@pytest.mark.parametrize("text", ["令和5年", "2023年", "CY2023", "2023", "R5"])
def test_calendar_years_for_pct(built_home: Path, text: str) -> None:
    report = _ok(csv_bytes(["都道府県,年,出願件数", f"東京都,{text},1210"]), "pct", built_home)
    assert report.rows.select("year", "year_type", "stat_code").row(0) == (2023, "calendar", "sme_pct_filings")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "code"), [
    ("東京都", "13"), ("東京", "13"), ("大阪", "27"), ("京都府", "26"), ("北海道", "01"), ("鹿児島", "46"),
    ("13", "13"), ("1", "01"), ("01", "01"), ("47", "47"), ("Tokyo", "13"), ("Ｏｋｉｎａｗａ", "47"),
])
def test_prefecture_names_with_or_without_suffix_and_jis_codes(built_home: Path, text: str, code: str) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, f"{text},2022年度,5,,"]), "subsidy", built_home)
    assert report.rows.select("prefecture_code", "geography_level").row(0) == (code, "prefecture")  # type: ignore[union-attr]


@pytest.mark.parametrize(("cell", "code"), [
    ("－", "none"), ("―", "none"), ("-", "none"), ("…", "na"), ("...", "na"), ("x", "secret"), ("X", "secret"),
    ("ｘ", "secret"), ("※", "footnote"), ("", "blank"),
])
def test_placeholders_are_missing_with_a_reason_never_zero(built_home: Path, cell: str, code: str) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, f"東京都,2022年度,{cell},,", "大阪府,2022年度,7,,"]), "subsidy", built_home)
    tokyo = report.rows.filter(prefecture_code="13").row(0, named=True)  # type: ignore[union-attr]
    assert tokyo["value"] is None
    assert code in report.placeholders and report.placeholders[code] == 1
    assert any(w.rule == f"placeholder_{code}" for w in report.warnings)
    assert "採択件数:" in tokyo["note"]


def test_triangle_is_negative_where_the_column_allows_it(built_home: Path) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, "東京都,2022年度,85,△12,", "大阪府,2022年度,40,▲3,"]), "subsidy",
                 built_home)
    notes = dict(report.rows.select("prefecture_code", "note").iter_rows())  # type: ignore[union-attr]
    assert notes == {"13": "前年度差 -12", "27": "前年度差 -3"}


def test_footnote_markers_leave_the_number(built_home: Path) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, "東京都,2022年度,85※1,,", "大阪府,2022年度,40①,,", "京都府,2022年度,9p,,"]),
                 "subsidy", built_home)
    assert _values(report) == {"13": 85.0, "27": 40.0, "26": 9.0}
    notes = dict(report.rows.select("prefecture_code", "note").iter_rows())  # type: ignore[union-attr]
    assert notes["13"] == "採択件数: 注 ※1" and notes["27"] == "採択件数: 注 ①" and "速報値" in notes["26"]


def test_title_unit_footnote_blank_total_and_subtotal_rows_are_skipped_and_counted(built_home: Path) -> None:
    lines = ["表3 都道府県別 外国出願補助金 新規採択件数", "", SUBSIDY_HEADER, "(件),,,,",
             "茨城県,令和4年度,10,,", "東京都,令和4年度,20,,", "関東計,令和4年度,30,,", "", "大阪府,令和4年度,5,,",
             "合計,令和4年度,36,,", "", "※1 速報値。", "出典：特許庁調べ", "資料の注記が続く行"]
    report = _ok(csv_bytes(lines), "subsidy", built_home)
    assert report.header_rows == (3,)
    assert dict(report.skipped) == {"title": 1, "blank": 3, "header": 1, "unit": 1, "subtotal": 1, "total": 1,
                                    "note": 3}
    assert report.rows_in_file == report.rows_loaded + sum(report.skipped.values())  # nothing lost
    mismatch = [w for w in report.warnings if w.rule == "total_mismatch"]
    assert [(w.row, w.value) for w in mismatch] == [(10, "36")]  # 10 + 20 + 5 = 35


def test_two_row_csv_header_is_flattened(built_home: Path) -> None:
    lines = ["都道府県,年度,採択件数,,備考", ",,件数,前年度差,", "東京都,2022年度,85,△5,"]
    report = _ok(csv_bytes(lines), "subsidy", built_home)
    assert report.header_rows == (1, 2)
    assert report.columns["value"] == "採択件数 / 件数" and report.columns["change"] == "前年度差"
    assert _values(report) == {"13": 85.0}


def test_xlsx_with_merged_two_row_header_title_and_merged_prefectures(built_home: Path) -> None:
    rows: list[list[object]] = [
        ["令和4年度 都道府県別 早期審査申請件数", None, None, None, None],
        ["都道府県", "年度", "指標", "申請件数", None],
        [None, None, None, "件数", "前年度差"],
        ["東京都", "令和4年度", "中小企業による早期審査申請件数", 1520, -40],
        [None, "令和4年度", "ベンチャー企業によるスーパー早期審査申請件数", 95, 7],
        ["愛知県", 2022, "sme_accelerated_requests", 410.0, None],
    ]
    merges = ["A1:E1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "A4:A5"]
    data = xlsx_bytes({"表紙": [["説明"]], "集計": rows}, {"集計": merges})
    report = _ok(data, "accelerated", built_home, name="early.xlsx", sheet="集計")
    assert (report.format, report.sheet, report.header_rows) == ("xlsx", "集計", (2, 3))
    assert report.columns == {"prefecture": "都道府県", "year": "年度", "indicator": "指標",
                              "value": "申請件数 / 件数", "change": "申請件数 / 前年度差"}
    got = report.rows.select("prefecture_code", "stat_code", "value").rows()  # type: ignore[union-attr]
    assert got == [("13", "sme_accelerated_requests", 1520.0), ("13", "venture_super_accelerated_requests", 95.0),
                   ("23", "sme_accelerated_requests", 410.0)]


def test_xlsx_first_sheet_by_default_and_percent_cells(built_home: Path) -> None:
    book = xlsx_bytes({"KPI": [KPI_HEADER.split(","), ["R_CONSULT", "東京都", "R5", "通期", 300, 509, None, None]]})
    report = _ok(book, "kpi", built_home, name="kpi.xlsx")
    assert report.sheet == "KPI" and report.rows["actual"].to_list() == [509.0]  # type: ignore[index]


def test_formula_looking_text_is_stored_inert_and_escaped_on_export(built_home: Path) -> None:
    from ui.downloads import csv_bytes as export_csv

    formula = '=HYPERLINK("http://example.invalid","x")'
    quoted = '"' + formula.replace('"', '""') + '"'
    report = _ok(csv_bytes([SUBSIDY_HEADER, f"東京都,2022年度,5,,{quoted}"]), "subsidy", built_home)
    assert report.rows["note"].to_list() == [formula]  # type: ignore[index]
    assert [w.rule for w in report.warnings if w.rule != "missing_prefectures"] == ["formula_text"]
    exported = export_csv(report.rows.select("note")).decode("utf-8-sig")  # type: ignore[union-attr]
    assert "'=HYPERLINK" in exported


def test_identical_duplicate_rows_are_kept_once(built_home: Path) -> None:
    report = _ok(csv_bytes([SUBSIDY_HEADER, "東京都,2022年度,5,,", "13,FY2022,5,,"]), "subsidy", built_home)
    assert report.rows_loaded == 1 and report.skipped["duplicate"] == 1
    assert [(w.rule, w.row) for w in report.warnings if w.rule != "missing_prefectures"] == [("duplicate_row", 3)]


def test_english_aliases_and_kpi_periods(built_home: Path) -> None:
    lines = ["indicator,prefecture,fiscal_year,period,target,actual,note",
             "R_CONSULT,Tokyo,FY2023,H1,1000,450,", "R_CONSULT,Tokyo,FY2023,H2,1000,600,",
             "R_CONSULT,Tokyo,FY2023,FY,1000,1050,"]
    report = _ok(csv_bytes(lines), "kpi", built_home)
    assert report.rows.select("period", "actual", "plan").rows() == [  # type: ignore[union-attr]
        ("H1", 450.0, "3rd"), ("H2", 600.0, "3rd"), ("FY", 1050.0, "3rd")]
