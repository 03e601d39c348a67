"""The home page in a real browser (system Chromium): it renders the warehouse, with no exception."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS


def _no_streamlit_error(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stAlertContentError']")).to_have_count(0)


def test_home_page_renders_central_kpis(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="知財KPIダッシュボード")).to_be_visible(timeout=30_000)
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible(timeout=30_000)
    expect(page.get_by_text("中央KPIの達成状況")).to_be_visible()
    _no_streamlit_error(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=True)


def test_language_in_the_url_is_honoured(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en")
    expect(page.get_by_role("heading", name="Chizai KPI dashboard")).to_be_visible(timeout=30_000)
    _no_streamlit_error(page)
