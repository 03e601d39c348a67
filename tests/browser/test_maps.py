"""The choropleth and the programme tabs in a real browser (system Chromium), in both languages; the map's CSV
holds the figures its table shows. Screenshots for the README come from here."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_home import TIMEOUT, _heading, _settled

TITLES = {"ja": ("地域比較", "表として表示", "データ (CSV)"),
          "en": ("Regional comparison", "Show as table", "Data (CSV)")}


def _map_drawn(page: Page) -> None:
    """Vega drew the prefectures as shapes (the chart is SVG): grey context plus the coloured ones."""
    shapes = page.locator("[data-testid='stVegaLiteChart']").first.locator(".mark-shape path")
    expect(shapes.nth(47)).to_be_attached(timeout=TIMEOUT)
    expect(page.locator("[data-testid='stVegaLiteChart']").first.locator(".role-legend")).to_be_attached()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_kyushu_per_100000_people_on_the_map_with_the_same_figures_in_table_and_csv(
        page: Page, app_url: str, lang: str) -> None:
    title, as_table, csv_button = TITLES[lang]
    page.goto(f"{app_url}/regions?map=geo&per=population&block=kyushu" + ("&lang=en" if lang == "en" else ""))
    _heading(page, title)
    _settled(page)
    _map_drawn(page)
    page.wait_for_timeout(500)  # let Vega finish drawing before the picture
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / ("regions_map.png" if lang == "ja" else "regions_map_en.png")),
                    full_page=False)
    page.get_by_text(as_table).first.click()
    table = page.locator("[data-testid='stTable']").first
    header = table.locator("thead th").all_inner_texts()
    rows = [table.locator("tbody tr").nth(i).locator("td").all_inner_texts() for i in range(7)]
    expect(table.locator("tbody tr")).to_have_count(7)
    offset = len(header) - len(rows[0])  # a header cell over the row labels, if any
    rate_column = next(i for i, h in enumerate(header) if "10万人あたり" in h or "100,000" in h) - offset
    shown = {row[0]: row[rate_column] for row in rows}
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=csv_button).first.click()
    download = info.value
    assert re.fullmatch(r"ipdash_regions-map_subsidy_new_adoptions_per-population_2022_fy2020-2022_kyushu\.csv",
                        download.suggested_filename), download.suggested_filename
    records = list(csv.DictReader(io.StringIO(open(download.path(), "rb").read().decode("utf-8-sig"), newline="")))
    assert {r["prefecture_code"]: f"{float(r['rate']):.2f}" for r in records} == shown
    assert {r["denominator"] for r in records} == {"人口 (2020-10-01)" if lang == "ja" else "Population (2020-10-01)"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_programme_page_tabs_show_chart_map_and_table(page: Page, app_url: str, lang: str) -> None:
    suffix = "&lang=en" if lang == "en" else ""
    page.goto(f"{app_url}/pct?tab=map&per=establishments{suffix}")
    _heading(page, "PCT国際出願" if lang == "ja" else "PCT filings")
    _settled(page)
    regional = page.locator("[data-testid='stVegaLiteChart']").last
    expect(regional.locator(".mark-shape path").nth(47)).to_be_attached(timeout=TIMEOUT)
    page.wait_for_timeout(500)
    regional.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / ("pct_tabs.png" if lang == "ja" else "pct_tabs_en.png")), full_page=False)
    page.locator("[data-testid='stButtonGroup']").get_by_text("表" if lang == "ja" else "Table", exact=True).click()
    expect(page).to_have_url(re.compile(r"tab=table"), timeout=TIMEOUT)
    _settled(page)
    expect(page.locator("[data-testid='stTable']").last.locator("tbody tr")).to_have_count(9)  # the nine blocks


# a point inside a shape's fill, in page coordinates (Okinawa's island is thin: its box centre may be sea)
_POINT_INSIDE = """path => {
    const svg = path.ownerSVGElement, length = path.getTotalLength(), screen = path.getScreenCTM();
    for (let i = 0; i < 400; i++) {
        const a = path.getPointAtLength(length * i / 400), b = path.getPointAtLength(length * ((i + 200) % 400) / 400);
        const point = svg.createSVGPoint();
        point.x = (a.x + b.x) / 2;
        point.y = (a.y + b.y) / 2;
        if (path.isPointInFill(point)) { const p = point.matrixTransform(screen); return [p.x, p.y]; }
    }
    return null;
}"""


def test_okinawa_in_its_inset_answers_hover_and_click_and_its_frame_has_no_tooltip(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/regions?map=geo")
    _settled(page)
    _map_drawn(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    frame = chart.locator(".mark-shape").first.locator("path")  # the frame is drawn below the prefectures
    expect(frame).to_have_count(1)
    box = frame.bounding_box()
    assert box is not None
    tooltip = page.locator("#vg-tooltip-element.visible")
    page.mouse.move(box["x"] + 3, box["y"] + 3)  # inside the frame, away from the island
    page.wait_for_timeout(400)
    expect(tooltip).to_have_count(0)

    okinawa = chart.locator(".mark-shape").last.locator("path").nth(46)  # sorted by JIS code: 47 is the last
    x, y = okinawa.evaluate(_POINT_INSIDE)
    page.mouse.move(x, y)
    expect(tooltip).to_contain_text("沖縄県")
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"block=okinawa.*highlight=47"), timeout=TIMEOUT)
