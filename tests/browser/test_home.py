"""The app in a real browser (system Chromium): every page renders; URLs, filters, language, downloads."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS

PAGES = {"overview": "概要", "kpi_detail": "KPI詳細", "regions": "地域比較", "subsidies": "外国出願補助金",
         "accelerated": "早期審査", "pct": "PCT国際出願", "explorer": "データ検索・ダウンロード",
         "sources": "出典・データについて"}
KYUSHU = {"福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"}
TIMEOUT = 30_000


def _settled(page: Page) -> None:
    """Wait until the script run is over (no running indicator) and check nothing went wrong."""
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stAlertContentError']")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def _heading(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, exact=True).first).to_be_visible(timeout=TIMEOUT)


@pytest.mark.parametrize("path", [*reversed(PAGES)])  # a fresh server's first request names a page
def test_every_page_renders_and_is_screenshotted(page: Page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{'' if path == 'overview' else path}")  # the default page lives at /
    _heading(page, PAGES[path] if path != "overview" else "知財KPIダッシュボード")
    _settled(page)
    expect(page.locator("[data-testid='stVegaLiteChart'], [data-testid='stDataFrame']").first).to_be_visible(
        timeout=TIMEOUT)
    page.wait_for_timeout(500)  # let Vega finish drawing before the picture
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path}.png"), full_page=True)


def test_url_parameters_are_honoured(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/regions?block=kyushu&sort=code&lang=en")
    _heading(page, "Regional comparison")
    _settled(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Kyushu")).to_be_visible()
    page.get_by_text("Show as table").nth(1).click()
    rows = page.locator("[data-testid='stTable']").nth(1).locator("tbody tr")
    expect(rows).to_have_count(7)
    codes = [rows.nth(i).locator("td").nth(0).inner_text() for i in range(7)]
    assert codes == sorted(codes) and codes[0] == "40"


def test_choosing_kyushu_updates_url_and_regions_table(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/regions")
    _heading(page, "地域比較")
    _settled(page)
    blocks = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    blocks.locator("input").click()
    expect(page.get_by_role("option", name="北海道")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("option", name=re.compile("Select all"))).to_have_count(0)  # English-only option
    blocks.locator("input").fill("九州")  # narrows the list; the option then shows whatever the timing
    page.get_by_role("option", name="九州").click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]block=kyushu"), timeout=TIMEOUT)
    _settled(page)
    page.get_by_text("表として表示").nth(1).click()
    table = page.locator("[data-testid='stTable']").nth(1)
    names = {re.sub(r" \(.*\)$", "", cell) for cell in table.locator("tbody tr td:nth-child(2)").all_inner_texts()}
    assert names == KYUSHU
    # the choice follows the user to another page
    page.get_by_role("link", name="外国出願補助金").click()
    _heading(page, "外国出願補助金")
    expect(page).to_have_url(re.compile(r"block=kyushu"), timeout=TIMEOUT)


def test_english_switch_changes_titles(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/kpi_detail")
    _heading(page, "KPI詳細")
    expect(page).to_have_title("KPI詳細 · 知財KPI", timeout=TIMEOUT)  # tabs and history entries tell pages apart
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    _heading(page, "KPI detail")
    expect(page).to_have_url(re.compile(r"lang=en"), timeout=TIMEOUT)
    expect(page).to_have_title("KPI detail · Chizai KPI", timeout=TIMEOUT)
    _settled(page)


def test_bad_url_is_explained_not_a_traceback(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?fy=abc&nonsense=1")
    _heading(page, "知財KPIダッシュボード")
    expect(page.get_by_text("fy=abc")).to_be_visible(timeout=TIMEOUT)
    _settled(page)


def test_explorer_csv_download_is_what_is_shown_and_excel_safe(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/explorer?view=pct_filings&block=kyushu")
    _heading(page, "データ検索・ダウンロード")
    _settled(page)
    shown = page.get_by_text(re.compile(r"行 × \d+ 列")).inner_text()
    rows_shown, columns_shown = (int(n.replace(",", "")) for n in re.findall(r"[\d,]+", shown)[:2])
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=re.compile("CSV")).click()
    download = info.value
    assert download.suggested_filename == "ipdash_pct_filings_cy2020-2022_kyushu.csv"  # PCT counts calendar years
    body = open(download.path(), "rb").read()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    records = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    header, data = records[0], records[1:]
    assert len(header) == columns_shown and len(data) == rows_shown
    assert {"is_sample", "source", "prefecture_code"} <= set(header)
    numeric = {"year", "value", "target"}
    for row in data:
        for name, cell in zip(header, row, strict=True):
            if name not in numeric:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    assert {r[header.index("prefecture_code")] for r in data} == {*map(str, range(40, 47))}  # no national rows

    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Excel (XLSX)").click()
    book = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    about = dict(book["filters"].iter_rows(min_row=2, values_only=True))
    assert about["行数"] == str(rows_shown)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST", about["作成日時"])  # the clock the sidebar shows


def test_filters_survive_a_page_switch(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/subsidies?block=kyushu&fy=2021-2022&plan=3rd")
    _heading(page, "外国出願補助金")
    _settled(page)
    page.get_by_role("link", name="地域比較").click()
    _heading(page, "地域比較")
    for part in ("block=kyushu", "fy=2021-2022", "plan=3rd"):
        expect(page).to_have_url(re.compile(part))
    _settled(page)


def test_line_charts_have_a_legend(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/subsidies")
    _heading(page, "外国出願補助金")
    _settled(page)
    expect(page.locator("[data-testid='stVegaLiteChart'] .role-legend").first).to_be_attached()


def test_a_fragment_rerun_keeps_the_url_state(page: Page, app_url: str) -> None:
    """A control inside an st.fragment reruns only its part of the page; the URL must still hold every filter."""
    page.goto(f"{app_url}/subsidies?block=kyushu&fy=2021-2022&lang=en")
    _heading(page, "Foreign-filing subsidy")
    _settled(page)
    page.get_by_role("radio", name="Table", exact=True).click()  # chart | map | table, inside the fragment
    for part in ("block=kyushu", "fy=2021-2022", "lang=en", "tab=table"):
        expect(page).to_have_url(re.compile(part), timeout=TIMEOUT)
    _settled(page)
