"""The half-year review in a real browser: a 九州 editor logs in, writes the cause and countermeasure of an
off-track KPI, submits, sees them on the page and in the meeting pack (PDF)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, serve
from warehouse.accounts import hash_password
from warehouse.reviews import EntryKey, ReviewStore, store_path

PASSWORD = "kyushu-editor-パスワード"
CAUSE = "支援機関の担当者交代が重なり、7〜8月の連携会議を2回中止した。"
MEASURE = "10月に各県の支援機関と合同会議を開き、下期は月2回の定例連携に戻す。"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def review_home(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review") / "home"
    shutil.copytree(built_home, root, ignore=shutil.ignore_patterns("records"))  # a review store of its own
    return root


@pytest.fixture(scope="module")
def review_url(review_home: Path) -> Iterator[str]:
    secrets = review_home / "secrets.toml"
    secrets.write_text('[accounts.kyushu]\nrole = "editor"\nblocks = ["kyushu"]\n'
                       f'password = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    # Streamlit reads secrets from the files this option names (a test must not touch .streamlit/)
    with serve(review_home, {"STREAMLIT_SECRETS_FILES": str(secrets)}) as url:
        yield url


def _settled(page: Page) -> None:
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_kyushu_editor_completes_the_review_and_downloads_the_pack(
    page: Page, review_url: str, review_home: Path,
) -> None:
    page.goto(f"{review_url}/review?block=kyushu&half=2023-H1")
    expect(page.get_by_role("heading", name="半期レビュー (PDCA)")).to_be_visible(timeout=TIMEOUT)
    _settled(page)
    expect(page.locator("textarea")).to_have_count(0)  # nobody writes before logging in
    page.get_by_text("ログイン", exact=True).first.click()
    page.get_by_label("アカウント").fill("kyushu")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_text("ログイン中: kyushu")).to_be_visible(timeout=TIMEOUT)
    _settled(page)

    card = page.locator(".st-key-card_R_COLLAB")  # the off-track KPI, first on the page
    expect(card.get_by_text("△ 遅れ · 支援機関との連携件数")).to_be_visible()
    card.get_by_label("要因").fill(CAUSE)
    card.get_by_label("対策").fill(MEASURE)
    card.get_by_role("button", name="提出").click()
    expect(card.get_by_text("保存しました (第1版、提出済み)")).to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_text(CAUSE).first).to_be_visible()
    expect(card.get_by_text(MEASURE).first).to_be_visible()
    _settled(page)
    entry = ReviewStore(store_path(review_home)).history(EntryKey("3rd", "九州", "R_COLLAB", 2023, "H1"))
    assert [(e.author, e.text.state, e.text.cause) for e in entry] == [("kyushu", "submitted", CAUSE)]

    page.set_viewport_size({"width": 1400, "height": 1700})
    card.scroll_into_view_if_needed()
    expect(card.locator(".vega-embed")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "review.png"))

    page.get_by_role("button", name="会議資料を作成 (PDF・Excel)").click()
    pdf_button = page.get_by_role("button", name="PDFをダウンロード")
    expect(pdf_button).to_be_visible(timeout=120_000)
    with page.expect_download(timeout=TIMEOUT) as download:
        pdf_button.click()
    assert download.value.suggested_filename == "ipdash_review_kyushu_fy2023h1_ja.pdf"
    reader = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages)
    flat = text.replace(" ", "").replace("\n", "")
    assert CAUSE in flat and MEASURE in flat and "九州" in flat
    expect(page.get_by_role("button", name="Excelをダウンロード")).to_be_visible()


def test_the_review_page_in_english(page: Page, review_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1700})
    page.goto(f"{review_url}/review?block=kyushu&half=2023-H2&lang=en")
    expect(page.get_by_role("heading", name="Half-year review (PDCA)")).to_be_visible(timeout=TIMEOUT)
    _settled(page)
    expect(page.get_by_text("Projection:").first).to_be_visible()
    expect(page.get_by_text("Sample data").first).to_be_visible()
    expect(page.locator("[data-testid='stMetric']").first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".vega-embed").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # let Vega finish drawing before the picture
    page.screenshot(path=str(SCREENSHOTS / "review_en.png"))
