"""Files cut off or still being written, mixed encodings, years out of range, prefectures missing (issue 11, items
2 and 8)."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest

from etl.ingest import ingest_file
from etl.uploads import specs
from etl.uploads.validate import validate
from tests.ingest.conftest import SUBSIDY_HEADER, csv_bytes, warehouse_state, write


def test_a_file_growing_while_it_is_read_is_refused(home_copy: Path, tmp_path: Path) -> None:
    """A program still appending rows (as a CSV export in progress): never loaded with a part of its rows."""
    path = tmp_path / "growing.csv"
    path.write_bytes(csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,,"]))
    stop = threading.Event()

    def writer() -> None:
        codes = iter(range(2, 48))
        while not stop.is_set():
            with open(path, "ab") as handle:
                handle.write(f"{next(codes, 47):02d},令和4年度,5,,\r\n".encode())
            time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)
        before = warehouse_state(home_copy)
        outcome = ingest_file(path, "subsidy", root=home_copy)
    finally:
        stop.set()
        thread.join()
    assert outcome.status == "rejected" and [p.rule for p in outcome.report.problems] == ["file_changed"]
    assert "changed while it was read" in outcome.report.problems[0].message
    assert "読み込み中にファイルが変わりました" in outcome.report.problems[0].message_ja
    assert warehouse_state(home_copy) == before and outcome.quarantined is not None


def test_a_file_replaced_after_it_was_read_is_refused(home_copy: Path, tmp_path: Path) -> None:
    """Saved again (a new file renamed over the old one) within the settle time: the loader sees a change."""
    path = tmp_path / "saved.csv"
    path.write_bytes(csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,,"]))

    def save_again() -> None:
        (tmp_path / "new.csv").write_bytes(csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,13,,"]))
        (tmp_path / "new.csv").replace(path)

    replacer = threading.Timer(0.3, save_again)
    replacer.start()
    try:
        outcome = ingest_file(path, "subsidy", root=home_copy)
    finally:
        replacer.join()
    assert [p.rule for p in outcome.report.problems] == ["file_changed"]


def test_a_csv_cut_inside_its_last_value_loads_with_a_warning(home_copy: Path, tmp_path: Path) -> None:
    """'567' cut to '5': the row is still well formed, so the missing line break is the only sign left."""
    data = csv_bytes(["都道府県,年度,採択件数", "北海道,令和4年度,12", "東京都,令和4年度,567"])[:-4]
    assert data.endswith("東京都,令和4年度,5".encode())
    outcome = ingest_file(write(tmp_path, "cut.csv", data), "subsidy", root=home_copy)
    assert outcome.status == "accepted"
    cut = [w for w in outcome.report.warnings if w.rule == "no_final_newline"]
    assert cut and "line (3)" in cut[0].message and "途中で切れている" in cut[0].message_ja
    assert "no_final_newline" in "\n".join(outcome.lines())


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_complete_csv_has_no_cut_warning(built_home: Path, newline: str) -> None:
    report = validate(csv_bytes([SUBSIDY_HEADER, "東京都,R4,5,,"], newline=newline), "ok.csv", "subsidy",
                      root=built_home)
    assert report.accepted and not [w for w in report.warnings if w.rule == "no_final_newline"]


def test_a_utf8_file_with_one_cp932_line_is_refused_naming_that_line(built_home: Path) -> None:
    lines = [SUBSIDY_HEADER, "北海道,令和4年度,12,,", "東京都,令和4年度,85,,", "大阪府,令和4年度,40,,"]
    data = b"".join((line + "\r\n").encode("cp932" if number == 3 else "utf-8") for number, line in
                    enumerate(lines, start=1))
    report = validate(data, "mixed.csv", "subsidy", root=built_home)
    assert [(p.rule, p.row) for p in report.problems] == [("mixed_encoding", 3)]
    assert "line 1 is UTF-8, line 3 is CP932" in report.problems[0].message
    bom = b"\xef\xbb\xbf" + data  # also with the BOM Excel's "CSV UTF-8" writes
    assert [(p.rule, p.row) for p in validate(bom, "m.csv", "subsidy", root=built_home).problems] == [
        ("mixed_encoding", 3)]


def test_a_cp932_file_with_one_utf8_line_is_refused_naming_that_line(built_home: Path) -> None:
    lines = [SUBSIDY_HEADER, "北海道,令和4年度,12,,", "東京都,令和4年度,85,髙橋①", "大阪府,令和4年度,40,,"]
    data = b"".join((line + "\r\n").encode("utf-8" if number == 4 else "cp932") for number, line in
                    enumerate(lines, start=1))
    report = validate(data, "mixed.csv", "subsidy", root=built_home)
    assert [(p.rule, p.row) for p in report.problems] == [("mixed_encoding", 4)]
    assert "line 1 is CP932, line 4 is UTF-8" in report.problems[0].message


def _fiscal_now() -> int:
    today = date.today()
    return today.year if today.month >= 4 else today.year - 1


@pytest.mark.parametrize("text", ["2099", "2100年度", "令和50年度", "1950", "FY1999", "平成11年度", "NEXT+2"])
def test_years_outside_2000_through_next_fiscal_year_are_refused_naming_row_and_column(
    built_home: Path, text: str,
) -> None:
    text = text.replace("NEXT+2", str(_fiscal_now() + 2))
    report = validate(csv_bytes([SUBSIDY_HEADER, "東京都,R4,5,,", f"大阪府,{text},5,,"]), "y.csv", "subsidy",
                      root=built_home)
    assert [(p.rule, p.row, p.column, p.value) for p in report.problems] == [("year_out_of_range", 3, "年度", text)]
    assert f"2000–{_fiscal_now() + 1}" in report.problems[0].message


@pytest.mark.parametrize("text", ["2000", "NEXT"])
def test_years_at_the_edges_are_accepted(built_home: Path, text: str) -> None:
    text = text.replace("NEXT", str(_fiscal_now() + 1))
    report = validate(csv_bytes([SUBSIDY_HEADER, f"東京都,{text},5,,"]), "y.csv", "subsidy", root=built_home)
    assert report.accepted, [str(p) for p in report.problems]


def test_the_last_accepted_year_is_one_setting(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    next_year = str(_fiscal_now() + 1)
    monkeypatch.setattr(specs, "YEARS_AHEAD", 0)
    report = validate(csv_bytes([SUBSIDY_HEADER, f"東京都,{next_year},5,,"]), "y.csv", "subsidy", root=built_home)
    assert [p.rule for p in report.problems] == ["year_out_of_range"]


def test_a_year_of_the_file_missing_prefectures_loads_with_a_warning_naming_them(built_home: Path) -> None:
    rows = [f"{code:02d},令和4年度,5,," for code in range(1, 48) if code != 13]
    report = validate(csv_bytes([SUBSIDY_HEADER, *rows]), "46.csv", "subsidy", root=built_home)
    assert report.accepted
    missing = [w for w in report.warnings if w.rule == "missing_prefectures"]
    assert len(missing) == 1 and "1 prefecture(s)" in missing[0].message and "Tokyo" in missing[0].message
    assert "東京都" in missing[0].message_ja and "FY2022" in missing[0].message
    complete = [f"{code:02d},令和4年度,5,," for code in range(1, 48)]
    report = validate(csv_bytes([SUBSIDY_HEADER, *complete]), "47.csv", "subsidy", root=built_home)
    assert not [w for w in report.warnings if w.rule == "missing_prefectures"]


def test_a_long_file_with_old_mac_line_endings_is_not_one_long_line(built_home: Path) -> None:
    """CR alone ends a line too: a 300 KB file saved that way is rows, not a line over the length limit."""
    rows = [f"{code:02d},{year}年度,{code},,{'備考' * 100}" for year in range(2000, 2022) for code in range(1, 48)]
    data = csv_bytes([SUBSIDY_HEADER, *rows], newline="\r")
    assert len(data.decode()) > specs.MAX_LINE_CHARS
    report = validate(data, "mac.csv", "subsidy", root=built_home)
    assert report.accepted and report.rows_loaded == len(rows)
