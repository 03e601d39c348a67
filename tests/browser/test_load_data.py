"""The admin "Load data" page in a real browser: log in, upload a good file and load it, upload a bad one,
choose the sheet of a workbook, confirm overwriting real rows, upload a bomb; messages in the user's language."""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import psutil
import pytest
from playwright.sync_api import Locator, Page, expect

from etl.build import run as build_run
from etl.loads import journal
from tests.browser.conftest import serve
from tests.ingest.bombs import BOMBS
from tests.ingest.conftest import KPI_HEADER, SUBSIDY_HEADER, csv_bytes, view, warehouse_state
from warehouse.connection import current_version

PASSWORD = "browser-test-パスワード"
GOOD = csv_bytes([KPI_HEADER, "R_CONSULT,東京都,令和5年度,上期,12000,6200,,",
                  "R_CONSULT,東京都,令和5年度,下期,12000,7300,,",
                  "R_CONSULT,東京,R5,通期,\"１２，０００\",13500,112.5%,実データ"], encoding="cp932")
BAD = csv_bytes([KPI_HEADER, "R_CONSULT,大阪府,令和5年度,通期,100,多数,,",
                 "R_CONSULT,アトランティス,令和5年度,通期,100,5,,"])
SHOTS = Path(os.environ.get("IPDASH_SCREENSHOTS", "/tmp/ipdash_load_data_screenshots"))


@pytest.fixture(scope="session")
def admin_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of its own: this test loads into it."""
    root = tmp_path_factory.mktemp("ipdash_admin_home")
    build_run.rebuild_warehouse(root)
    return root


@pytest.fixture(scope="session")
def admin_server(admin_home: Path) -> Iterator[str]:
    """`streamlit run app.py` with the admin secret set (so the load page is enabled)."""
    with serve(admin_home, {"IPDASH_ADMIN_PASSWORD": PASSWORD}) as url:
        yield url


@pytest.fixture
def admin_url(admin_server: str) -> str:
    return admin_server


def _uploader(page: Page) -> Locator:
    return page.locator("[data-testid='stFileUploader'] input[type='file']")


def _upload(page: Page, name: str, data: bytes) -> None:
    _uploader(page).set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def _choose_dataset(page: Page, name: str) -> None:
    """Pick the data kind and wait for that run to end: a file sent while it still runs can be dropped."""
    page.get_by_label("データの種類").click()
    page.get_by_role("option", name=name).click()
    expect(page.get_by_label("データの種類")).to_have_value(re.compile(f"^{name} "))
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=30_000)


def _no_streamlit_exception(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def _log_in(page: Page, url: str, lang: str = "ja") -> None:
    page.goto(f"{url}/load_data" + ("?lang=en" if lang == "en" else ""))
    labels = {"ja": ("データの読み込み", "アカウント", "パスワード", "ログイン"),
              "en": ("Load data", "Account", "Password", "Log in")}
    heading, account, password, button = labels[lang]
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=30_000)
    page.get_by_role("textbox", name=account, exact=True).fill("admin")
    page.get_by_role("textbox", name=password, exact=True).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    expect(_uploader(page)).to_be_attached(timeout=30_000)


def _uploader_words(page: Page) -> list[str]:
    """What the uploader's button and hint show: Streamlit's own English text hidden (font size 0), the page's
    words put after it by CSS."""
    return page.evaluate("""() => [
        "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p",
        "[data-testid='stFileUploaderDropzoneInstructions'] span",
    ].map((selector) => {
        const element = document.querySelector(selector);
        return getComputedStyle(element).fontSize === "0px" ? getComputedStyle(element, "::after").content
                                                            : "Streamlit's own text: " + element.textContent;
    })""")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_good_file_is_checked_then_loaded_as_a_new_version(page: Page, admin_url: str, admin_home: Path) -> None:
    before = current_version(admin_home)
    _log_in(page, admin_url)
    _upload(page, "東京都KPI.csv", GOOD)
    expect(page.get_by_text("問題は見つかりませんでした")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("CSV (文字コード cp932)")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    expect(page.get_by_text("置き換えるサンプル行")).to_be_visible()  # counted before anything is written
    _shot(page, "good_ja")
    assert current_version(admin_home) == before  # nothing written before the confirmation

    page.get_by_role("button", name="3 行を読み込む").click()
    expect(page.get_by_text("東京都KPI.csv を読み込みました")).to_be_visible(timeout=120_000)
    after = current_version(admin_home)
    assert after != before
    expect(page.get_by_text(after.id).first).to_be_visible()
    loaded = view(admin_home, "SELECT period, actual, is_sample, source FROM kpi_results "
                              "WHERE prefecture_code = '13' AND fiscal_year = 2023 ORDER BY period")
    assert loaded.rows() == [("FY", 13500.0, False, "東京都KPI.csv"), ("H1", 6200.0, False, "東京都KPI.csv"),
                             ("H2", 7300.0, False, "東京都KPI.csv")]
    _no_streamlit_exception(page)

    reader = page.context.new_page()  # another reader sees the new version without a restart
    reader.goto(admin_url)
    expect(reader.get_by_text(after.id).first).to_be_visible(timeout=30_000)


def test_bad_file_is_refused_with_its_problems_in_japanese_and_quarantined(
    page: Page, admin_url: str, admin_home: Path,
) -> None:
    state = warehouse_state(admin_home)
    _log_in(page, admin_url)
    assert _uploader_words(page) == ['"ファイルを選択"', '"またはここにドラッグ＆ドロップ"']
    _upload(page, "bad.csv", BAD)
    expect(page.get_by_text("bad.csv: 読み込めません: 2 件の問題 (2 行)")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("ファイルは隔離しました")).to_be_visible()
    expect(page.get_by_role("button", name="行を読み込む")).to_have_count(0)
    problems = page.locator("[data-testid='stDataFrame']").first
    expect(problems).to_contain_text("都道府県名")  # the rule's Japanese message
    expect(problems).not_to_contain_text("not a prefecture name")
    _shot(page, "bad_ja")
    _no_streamlit_exception(page)
    assert warehouse_state(admin_home) == state
    assert list((admin_home / "quarantine").glob("*_bad.csv"))


def test_in_english_the_rule_messages_are_english(page: Page, admin_url: str) -> None:
    _log_in(page, admin_url, "en")
    assert _uploader_words(page) == ['"Choose file"', '"or drag and drop it here"']
    _upload(page, "bad_en.csv", BAD)
    expect(page.get_by_text("bad_en.csv: cannot be loaded: 2 problem(s) in 2 row(s)")).to_be_visible(timeout=60_000)
    problems = page.locator("[data-testid='stDataFrame']").first
    expect(problems).to_contain_text("not a prefecture name")
    expect(problems).not_to_contain_text("都道府県名 (都")
    expect(page.get_by_text("CSV, encoding utf-8")).to_be_visible()
    _shot(page, "bad_en")


def _workbook(prefecture: str) -> bytes:
    """Two data sheets, 2022 and 2023."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, year, value in (("2022", "R4", 85), ("2023", "R5", 90)):
        sheet = book.create_sheet(title)
        sheet.append(["都道府県", "年度", "採択件数"])
        sheet.append([prefecture, year, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_several_data_sheets_asks_which_one(page: Page, admin_url: str, admin_home: Path) -> None:
    _log_in(page, admin_url)
    _choose_dataset(page, "subsidy")
    _upload(page, "years.xlsx", _workbook("東京都"))
    expect(page.get_by_text("データらしいシートが複数あります")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid='stAlertContentInfo'] code")).to_have_text(["2022", "2023"])
    _shot(page, "sheet_ja")
    expect(page.get_by_text("隔離しました")).to_have_count(0)  # not a bad file: nothing recorded
    expect(page.get_by_role("button", name="行を読み込む")).to_have_count(0)
    page.get_by_label("シート").click()
    page.get_by_role("option", name="2023").click()
    expect(page.get_by_text("問題は見つかりませんでした: 1 行を読み込めます")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Excel (シート 2023)")).to_be_visible()
    assert not list((admin_home / "quarantine").glob("*years.xlsx*"))

    page.get_by_role("button", name="Remove").first.click()  # another workbook: its sheet is asked for again
    _upload(page, "other_years.xlsx", _workbook("大阪府"))
    expect(page.get_by_text("データらしいシートが複数あります")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="行を読み込む")).to_have_count(0)


def test_overwriting_real_rows_needs_the_confirmation(page: Page, admin_url: str, admin_home: Path) -> None:
    first = csv_bytes([SUBSIDY_HEADER, "北海道,令和3年度,12,,"])
    corrected = csv_bytes([SUBSIDY_HEADER, "北海道,令和3年度,13,,訂正"])
    _log_in(page, admin_url)
    _choose_dataset(page, "subsidy")
    tricky = "[Session expired](https://evil.example/login) first.csv"  # a file name is shown as text, not a link
    _upload(page, tricky, first)
    expect(page.get_by_text("問題は見つかりませんでした")).to_be_visible(timeout=60_000)  # checked in a child process
    page.get_by_role("button", name="1 行を読み込む").click()
    expect(page.get_by_text("を読み込みました")).to_be_visible(timeout=120_000)
    expect(page.locator("[data-testid='stAlertContentSuccess'] code").first).to_have_text(tricky)
    expect(page.locator("a[href*='evil.example']")).to_have_count(0)
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(1)  # the run is over: a fresh uploader
    expect(page.locator("[data-testid='stFileUploader']")).not_to_contain_text("first.csv")

    _upload(page, "corrected.csv", corrected)
    warning = page.get_by_text("実データ (サンプルではない、以前に読み込んだ値や公表値) 1 行を上書きします")
    expect(warning).to_be_visible(timeout=60_000)
    load = page.get_by_role("button", name="1 行を読み込む")
    expect(load).to_be_disabled()
    _shot(page, "confirm_ja")
    page.get_by_text("実データ 1 行を上書きすることを確認しました").click()
    expect(load).to_be_enabled()
    load.click()
    expect(page.get_by_text("corrected.csv を読み込みました")).to_be_visible(timeout=120_000)
    value = view(admin_home, "SELECT value FROM subsidy_adoptions WHERE prefecture_code = '01' AND year = 2021")
    assert value["value"].item() == 13.0


def test_a_load_finishes_when_the_browser_leaves_while_it_runs(page: Page, admin_url: str, admin_home: Path) -> None:
    """Streamlit stops a page whose browser has gone at its next drawing: the load's progress bar, half-way through
    the build. Closing the tab after clicking Load lost the load (no version, no journal line); a rejected file
    closed right after its check was never quarantined. Both now finish."""
    def journaled(name: str) -> list[str]:
        return [e["status"] for e in journal.entries(admin_home) if e.get("file_name") == name]

    before = current_version(admin_home)
    _log_in(page, admin_url)
    _choose_dataset(page, "subsidy")
    _upload(page, "left.csv", csv_bytes([SUBSIDY_HEADER, "奈良県,令和3年度,21,,"]))
    expect(page.get_by_text("問題は見つかりませんでした")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="1 行を読み込む").click()
    expect(page.locator("[data-testid='stProgress']")).to_be_visible(timeout=30_000)  # the load has begun
    page.close()
    deadline = time.monotonic() + 120
    while "accepted" not in journaled("left.csv") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert journaled("left.csv") == ["accepted"] and current_version(admin_home) != before
    value = view(admin_home, "SELECT value FROM subsidy_adoptions WHERE prefecture_code = '29' AND year = 2021")
    assert value["value"].item() == 21.0

    checking = page.context.new_page()
    _log_in(checking, admin_url)
    # a bad file whose check takes a few seconds, closed while the page says it is checking it
    slow = csv_bytes([KPI_HEADER, *[f"R_CONSULT,アトランティス,令和5年度,通期,100,{n},," for n in range(20_000)]])
    _upload(checking, "left_bad.csv", slow)
    expect(checking.get_by_text("検証中…")).to_be_visible(timeout=60_000)
    checking.close()
    deadline = time.monotonic() + 60
    while "rejected" not in journaled("left_bad.csv") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert journaled("left_bad.csv") == ["rejected"] and list((admin_home / "quarantine").glob("*_left_bad.csv"))


def _server(url: str) -> psutil.Process:
    port = url.rsplit(":", 1)[1]
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "streamlit" in " ".join(cmdline) and port in cmdline:
            return process
    raise AssertionError(f"no streamlit server on port {port}")


def test_uploads_are_checked_outside_the_server_process(page: Page, admin_url: str, tmp_path: Path) -> None:
    """The web server never parses an upload: a bomb is refused, a large file is checked in a child process
    while another user's page still renders, and the server's memory stays flat."""
    name, writer, _rule = BOMBS["one row of 20 M bare cells (80 MB of XML)"]
    bomb = writer(tmp_path / name).read_bytes()
    large = csv_bytes([SUBSIDY_HEADER, *[f"{i % 47 + 1:02d},abc,{i},," for i in range(200_000)]])  # 200,000 bad rows
    server = _server(admin_url)
    _log_in(page, admin_url)
    _choose_dataset(page, "subsidy")
    other = page.context.new_page()  # another user
    other.goto(admin_url)
    expect(other.get_by_role("heading", name="知財KPIダッシュボード")).to_be_visible(timeout=30_000)
    before = server.memory_info().rss

    _upload(page, name, bomb)
    expect(page.get_by_text("読み込めません: 1 件の問題")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid='stDataFrame']").first).to_contain_text("セルが上限")
    _shot(page, "bomb_ja")

    page.get_by_role("button", name="Remove").first.click()
    _upload(page, "large.csv", large)
    other.reload()  # meanwhile, the other user's page runs
    expect(other.get_by_role("heading", name="知財KPIダッシュボード")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("読み込めません: 200,000 件の問題 (200,000 行)")).to_be_visible(timeout=120_000)
    grown = server.memory_info().rss - before
    assert grown < 150 * 1024 * 1024, f"the server grew by {grown / 1e6:.0f} MB"  # the check alone takes more
    _no_streamlit_exception(page)
