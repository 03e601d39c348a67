"""Download files: Excel opens the CSV right, nothing in them runs as a formula, context travels along."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl

from reports import downloads

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "plain 東京都", None]


def _frame() -> pl.DataFrame:
    return pl.DataFrame({
        "note": HOSTILE,
        "value": [-123.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, None],
        "is_sample": [True] * 8,
        "source": ["合成サンプル"] * 8,
    })


def test_csv_has_bom_crlf_and_neutralised_formulas() -> None:
    body = downloads.csv_bytes(_frame())
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\r\n") == 9
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["note", "value", "is_sample", "source"]
    notes = [r[0] for r in rows[1:]]
    assert notes[:6] == ["'" + h for h in HOSTILE[:6]]  # type: ignore[operator]
    assert notes[6] == "plain 東京都" and notes[7] == ""
    assert rows[1][1] == "-123.5"  # numbers stay numbers, also negative ones


def test_xlsx_has_data_filters_and_sources_and_no_formula() -> None:
    body = downloads.xlsx_bytes(_frame(), context={"ブロック": "九州", "データ版": "wh_x"}, sources=["合成サンプル"])
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["data", "filters", "sources"]
    data = book["data"]
    assert [c.value for c in data[1]] == ["note", "value", "is_sample", "source"]
    cells = [c for row in data.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells), "no cell may be a formula"
    assert data["A2"].value == HOSTILE[0] and data["B2"].value == -123.5
    assert [r for r in book["filters"].iter_rows(min_row=2, values_only=True)] == [("ブロック", "九州"),
                                                                                   ("データ版", "wh_x")]
    assert book["sources"]["A2"].value == "合成サンプル"


def test_a_rate_download_lists_its_denominators_source_too() -> None:
    rated = _frame().with_columns(denominator_source=pl.lit("令和2年国勢調査"))
    assert downloads.sources_in(rated) == ["令和2年国勢調査", "合成サンプル"]
    assert downloads.sources_in(_frame()) == ["合成サンプル"]


def test_parquet_round_trips() -> None:
    frame = _frame()
    assert pl.read_parquet(io.BytesIO(downloads.parquet_bytes(frame))).equals(frame)


def test_filename_names_the_filter() -> None:
    assert downloads.filename("kpi_results", "2nd_fy2020-2025_kyushu", "csv") == \
        "ipdash_kpi_results_2nd_fy2020-2025_kyushu.csv"


def test_whole_numbers_are_written_as_integers_and_fractions_stay() -> None:
    frame = pl.DataFrame({"count": [20.0, 515.0, None], "share": [78.9, 100.0, None], "code": ["01", "13", "47"]})
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["20", "78.9", "01"] and rows[3] == ["", "", "47"]  # never 20.0
    assert pl.read_parquet(io.BytesIO(downloads.parquet_bytes(frame)))["count"].dtype == pl.Int64
    sheet = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(frame, context={}, sources=[])))["data"]
    assert sheet["A2"].value == 20 and isinstance(sheet["A2"].value, int) and sheet["B2"].value == 78.9


def test_xlsx_header_is_frozen_and_filterable() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(_frame(), context={}, sources=[])))["data"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D9"  # the header row and every data row
