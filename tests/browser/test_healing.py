"""In a real browser: the DuckDB download after several loads, and the app over a corrupt pointer."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from etl.build import run as build_run
from tests.browser.conftest import serve
from tests.browser.test_home import _heading, _settled
from warehouse import publish
from warehouse.connection import current_version, pointer_path

TIMEOUT = 30_000


def _recorded_version(path: str) -> str:
    con = duckdb.connect(path, read_only=True)
    try:
        return str(con.execute("SELECT value FROM warehouse_info WHERE key = 'version'").fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def _download(page: Page) -> tuple[str, str]:
    """Click the explorer's DuckDB button: (suggested file name, version recorded in the file)."""
    with page.expect_download(timeout=TIMEOUT) as info:
        page.locator(".st-key-explorer_duckdb button").click()
    download = info.value
    return download.suggested_filename, _recorded_version(str(download.path()))


@pytest.fixture
def own_home(built_home: Path, tmp_path: Path) -> Path:
    root = tmp_path / "home"
    shutil.copytree(built_home, root)
    return root


def test_duckdb_download_works_after_three_loads_and_after_pruning(page: Page, own_home: Path) -> None:
    with serve(own_home) as url:
        page.goto(f"{url}/explorer")
        _heading(page, "データ検索・ダウンロード")
        _settled(page)
        shown = current_version(own_home)
        for _ in range(3):  # three loads while the page stays on screen (no rerun)
            build_run.rebuild_warehouse(own_home)
        newest = current_version(own_home)
        assert newest != shown and shown.path.exists(), "within the grace period the shown version is kept"
        name, recorded = _download(page)
        assert (name, recorded) == (shown.name, shown.id)  # exactly the version the page showed
        pruned = publish.prune(own_home, keep=1)  # the grace period is over
        assert shown.name in pruned.removed
        page.wait_for_timeout(5500)  # the button is usable again once its previous state clears
        _, recorded = _download(page)
        assert recorded == newest.id  # the pinned file is gone: the current one, never an error
        expect(page.locator("[data-testid='stDownloadButtonError']")).to_have_count(0)


def test_pages_render_over_a_corrupt_pointer_with_a_calm_notice(page: Page, own_home: Path) -> None:
    build_run.rebuild_warehouse(own_home)  # a second version, so the damaged current one has an older fallback
    damaged = current_version(own_home)
    damaged.path.chmod(0o644)
    damaged.path.write_bytes(b"\0" * 4096)
    notices = {"ja": "最新のデータ版を開けない", "en": "latest data version could not be opened"}
    with serve(own_home) as url:
        sidebar = page.locator("[data-testid='stSidebar']")
        main = page.locator("[data-testid='stMain']")
        for lang, title in (("ja", "出典・データについて"), ("en", "Sources & data")):
            page.goto(f"{url}/sources?lang={lang}")
            _heading(page, title)
            _settled(page)
            expect(sidebar.get_by_text(notices[lang])).to_be_visible()
            expect(main.get_by_text(damaged.name, exact=False)).to_be_visible()  # the details, for admins
            expect(main.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=TIMEOUT)
            page.wait_for_timeout(500)
            page.screenshot(path=str(own_home / f"fallback_{lang}.png"), full_page=True)
        pointer_path(own_home).write_text("garbage{")
        for lang in ("ja", "en"):
            page.goto(f"{url}/?lang={lang}")
            _settled(page)
            expect(sidebar.get_by_text(notices[lang])).to_be_visible()
            expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible(timeout=TIMEOUT)
            page.wait_for_timeout(500)
            page.screenshot(path=str(own_home / f"fallback_overview_{lang}.png"), full_page=True)
    server_log = (own_home / "streamlit.log").read_text()
    assert f"CURRENT names {damaged.name}, which does not open" in server_log  # one line per problem
    assert "CURRENT is not valid JSON; serving the newest intact kept version" in server_log
    assert "Traceback" not in server_log
