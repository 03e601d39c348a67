"""The admin "Load data" page in a real browser: log in, upload a good file and load it, upload a bad one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from etl import pipeline
from tests.browser.conftest import serve
from tests.ingest.conftest import KPI_HEADER, csv_bytes, view, warehouse_state
from warehouse.connection import current_version

PASSWORD = "browser-test-パスワード"
GOOD = csv_bytes([KPI_HEADER, "R_CONSULT,東京都,令和5年度,上期,12000,6200,,",
                  "R_CONSULT,東京都,令和5年度,下期,12000,7300,,",
                  "R_CONSULT,東京,R5,通期,\"１２，０００\",13500,112.5%,実データ"], encoding="cp932")
BAD = csv_bytes([KPI_HEADER, "R_CONSULT,大阪府,令和5年度,通期,100,多数,,",
                 "R_CONSULT,アトランティス,令和5年度,通期,100,5,,"])


@pytest.fixture(scope="session")
def admin_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of its own: this test loads into it."""
    root = tmp_path_factory.mktemp("ipdash_admin_home")
    pipeline.run_build(root)
    return root


@pytest.fixture(scope="session")
def admin_url(admin_home: Path) -> Iterator[str]:
    """`streamlit run app.py` with the admin secret set (so the load page is enabled)."""
    with serve(admin_home, {"IPDASH_ADMIN_PASSWORD": PASSWORD}) as url:
        yield url


def _uploader(page: Page) -> Locator:
    return page.locator("[data-testid='stFileUploader'] input[type='file']")


def _upload(page: Page, name: str, data: bytes) -> None:
    _uploader(page).set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def _no_streamlit_exception(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/load_data")
    expect(page.get_by_role("heading", name="データの読み込み")).to_be_visible(timeout=30_000)
    page.get_by_label("管理者パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(_uploader(page)).to_be_attached(timeout=30_000)


def test_good_file_is_checked_then_loaded_as_a_new_version(page: Page, admin_url: str, admin_home: Path) -> None:
    before = current_version(admin_home)
    _log_in(page, admin_url)
    _upload(page, "東京都KPI.csv", GOOD)
    expect(page.get_by_text("問題は見つかりませんでした")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("CSV (文字コード cp932)")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
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


def test_bad_file_is_refused_with_its_problems_and_quarantined(page: Page, admin_url: str, admin_home: Path) -> None:
    state = warehouse_state(admin_home)
    _log_in(page, admin_url)
    _upload(page, "bad.csv", BAD)
    expect(page.get_by_text("読み込めません: 2 件の問題 (2 行)")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("ファイルは隔離しました")).to_be_visible()
    expect(page.get_by_role("button", name="行を読み込む")).to_have_count(0)
    _no_streamlit_exception(page)
    assert warehouse_state(admin_home) == state
    assert list((admin_home / "quarantine").glob("*_bad.csv"))
