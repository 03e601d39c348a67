"""Switching 日本語 ↔ English keeps every filter and never breaks the next click, on every page.

The bug this guards against: a widget whose labels change with the language handed back a label of the
other language on the next click (KeyError, Streamlit's generic error). Each page is switched both ways
and after each switch every page-level control is changed once, then a sidebar filter.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_home import PAGES, _settled

LANGUAGES = {"en": "English", "ja": "日本語"}


def _switch(page: Page, lang: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_text(LANGUAGES[lang], exact=True).click()
    expect(page).to_have_url(re.compile(r"lang=en") if lang == "en" else re.compile(r"^(?!.*lang=en)"))
    _settled(page)


def _choose_another_button(group: Locator) -> bool:
    """Click a segment that is not chosen yet (segmented controls: year, mode, sort, map, tab …)."""
    buttons = group.locator("button")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if button.get_attribute("aria-checked") != "true" and button.is_enabled():
            button.click()
            return True
    return False


def _choose_another_option(select: Locator, page: Page) -> bool:
    """Open a selectbox and pick an option other than the one shown."""
    shown = select.inner_text()
    select.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    for index in range(min(options.count(), 6)):
        option = options.nth(index)
        if option.inner_text().strip() and option.inner_text().strip() not in shown:
            option.click()
            return True
    page.keyboard.press("Escape")
    return False


def _change_page_controls(page: Page) -> int:
    main = page.locator("[data-testid='stMain']")
    changed = 0
    for index in range(main.locator("[data-testid='stButtonGroup']").count()):
        changed += _choose_another_button(main.locator("[data-testid='stButtonGroup']").nth(index))
        _settled(page)
    for index in range(min(main.locator("[data-testid='stSelectbox']").count(), 3)):
        changed += _choose_another_option(main.locator("[data-testid='stSelectbox']").nth(index), page)
        _settled(page)
    return changed


def _change_a_sidebar_filter(page: Page) -> None:
    plan = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    _choose_another_option(plan, page)
    _settled(page)


@pytest.mark.parametrize("path", list(PAGES))
def test_language_switch_both_ways_then_every_control(page: Page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{'' if path == 'overview' else path}?block=kyushu")
    _settled(page)
    for lang in ("en", "ja"):
        _switch(page, lang)
        _change_page_controls(page)
        _change_a_sidebar_filter(page)
        expect(page).to_have_url(re.compile(r"block=kyushu"))  # the filters survive the switch
