"""Notes about a shared URL come first on the page and are plain text: a link cannot phish through them."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_home import _heading, _settled

PHISH = "x`+[Session expired](https://evil.example/login)+![p](https://evil.example/p.png)+`"


@pytest.mark.parametrize("name,path", [("plan", ""), ("view", "explorer"), ("kpi", "kpi_detail"),
                                       ("measure", "regions"), ("mode", "regions"), ("year", ""), ("lang", ""),
                                       (PHISH, "")])  # an unknown name is noted by its name
def test_hostile_parameter_is_shown_as_plain_text_at_the_top(page: Page, app_url: str, name: str, path: str) -> None:
    hosts: list[str | None] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname))
    page.goto(f"{app_url}/{path}?{quote(name)}={quote(PHISH)}")
    _settled(page)
    main = page.locator("[data-testid='stMain']")
    notes = main.locator("[data-testid='stText']").first
    expect(notes).to_contain_text("Session expired](https://evil.example/login)")
    # the notes box is the first thing in the page, above its title
    first_box = main.locator("[data-testid='stVerticalBlock'] > div").first
    expect(first_box).to_contain_text("evil.example")
    expect(page.locator("a[href*='evil.example']")).to_have_count(0)
    expect(page.locator("img[src*='evil.example']")).to_have_count(0)
    assert "evil.example" not in hosts  # nothing was fetched from it


def test_a_page_that_does_not_exist_is_noted(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/nope?fy=1900")
    _heading(page, "知財KPIダッシュボード")  # the overview, with a note saying why
    notes = page.locator("[data-testid='stMain'] [data-testid='stText']").first
    expect(notes).to_contain_text("/nope")
    expect(notes).to_contain_text("fy=1900")
    expect(page.get_by_text("Page not found")).to_have_count(0)  # Streamlit's own dialog is English only
