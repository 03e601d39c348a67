"""Every page renders in both languages without an error, and its filters change what it shows."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.pages.conftest import PAGES

App = Callable[..., AppTest]
KYUSHU = ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"]


# AppTest (Streamlit 1.67) drops what app.py draws before st.navigation runs the page from its tree on
# reruns and ignores session-state writes to those widgets, so sidebar filters are set the way a shared
# link sets them: through the URL. Widgets inside a page are driven through the tree.


def _shown_text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.label for e in at.metric]
    return "\n".join(str(p) for p in parts)


def _notes(at: AppTest) -> str:
    """The URL notes (plain text at the top of the page)."""
    return "\n".join(str(e.value) for e in at.text)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders_without_error(app: App, page_name: str, lang: str) -> None:
    at = app(page_name, lang=lang)
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    japanese = {"overview": "知財KPIダッシュボード", "kpi_detail": "KPI詳細", "regions": "地域比較",
                "review": "半期レビュー (PDCA)",
                "subsidies": "外国出願補助金", "accelerated": "早期審査", "pct": "PCT国際出願",
                "explorer": "データ検索・ダウンロード", "load_data": "データの読み込み",
                "sources": "出典・データについて"}[page_name]
    assert (at.title[0].value == japanese) == (lang == "ja"), at.title[0].value


def test_no_warehouse_says_how_to_build(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IPDASH_HOME", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("make run" in w.value for w in at.warning)


def test_overview_plan_changes_the_scorecards(app: App) -> None:
    def kpi_names(at: AppTest) -> set[str]:
        return {m.value.split("**")[1] for m in at.markdown if "**" in m.value and "·" not in m.value}
    second = kpi_names(app("overview"))
    assert any("ハンズオン" in name for name in second)
    third = kpi_names(app("overview", plan="3rd"))
    assert any("知財経営のモデル" in name for name in third)
    assert second.isdisjoint(third)


def test_overview_shows_the_plans_regional_kpi_result(app: App) -> None:
    at = app("overview", fy="2020-2022")
    assert "目標を達成した項目 90 / 設定項目 114" in _shown_text(at)
    assert any(m.value == "78.9%" for m in at.metric)


def test_overview_cards_link_to_their_kpi_detail(app: App) -> None:
    at = app("overview")
    links = [e for e in at.get("page_link")]
    assert len(links) == 9  # one per KPI of the 2nd plan


def test_kpi_detail_regional_kpi_by_block(app: App) -> None:
    national = app("kpi_detail", kpi="R_CONSULT").dataframe[-1].value
    by_block = app("kpi_detail", kpi="R_CONSULT", block="kyushu,shikoku").dataframe[-1].value
    assert set(national["地域"]) == {"全国"}
    assert set(by_block["地域"]) == {"九州", "四国"}


def test_regions_block_filter_lists_only_its_prefectures(app: App) -> None:
    ranking = app("regions", block="kyushu").table[1].value  # map table, ranking table, comparison table
    assert sorted(ranking["地域"].str.replace(r" \(.*\)$", "", regex=True)) == sorted(KYUSHU)


def test_regions_sort_by_code_orders_by_jis_code(app: App) -> None:
    at = app("regions", block="kyushu", sort="code")
    codes = list(at.table[1].value["コード"])
    assert codes == sorted(codes) and len(codes) == 7


def test_regions_comparison_is_in_the_url_and_takes_up_to_eight(app: App) -> None:
    at = app("regions", compare="kyushu,shikoku,kanto,chubu,kinki,chugoku,tohoku,hokkaido,okinawa")
    compared = set(at.table[2].value["地域"])
    assert len(compared) == 8 and "沖縄" not in compared  # the ninth is noted, not drawn
    assert "compare=okinawa" in _notes(at)
    assert at.query_params["compare"] == "kyushu,shikoku,kanto,chubu,kinki,chugoku,tohoku,hokkaido"


def test_a_comparison_link_naming_no_known_region_compares_the_default_ones(app: App) -> None:
    at = app("regions", block="kyushu", compare="tokyo")
    assert "compare=tokyo" in _notes(at)
    assert len(set(at.table[2].value["地域"])) == 3  # the page's first three, not an empty chart


@pytest.mark.parametrize("page_name", ["subsidies", "accelerated", "pct"])
def test_programme_pages_follow_the_block_filter(app: App, page_name: str) -> None:
    regions = set(KYUSHU) | {"四国", "九州", "徳島県", "香川県", "愛媛県", "高知県"}
    blocks = {s for df in app(page_name).table for s in df.value.get("地域", [])} & regions
    prefectures = {s for df in app(page_name, block="shikoku").table for s in df.value.get("地域", [])} & regions
    assert "四国" in blocks and "九州" in blocks
    assert prefectures == {"徳島県", "香川県", "愛媛県", "高知県"}


def test_explorer_filters_change_the_rows(app: App) -> None:
    everything = app("explorer", view="subsidy_adoptions").dataframe[0].value
    okinawa = app("explorer", view="subsidy_adoptions", block="okinawa").dataframe[0].value
    assert len(okinawa) < len(everything)
    assert set(okinawa["prefecture_code"]) == {"47"}
    assert {"is_sample", "source"} <= set(okinawa.columns)


def test_url_parameters_are_honoured(app: App) -> None:
    at = app("overview", plan="3rd", block="kyushu", fy="2023-2025")
    assert at.session_state["f_plan"] == "3rd"
    assert at.session_state["f_blocks"] == ["kyushu"]
    assert at.session_state["f_years"] == (2023, 2025)


def test_bad_url_parameters_are_ignored_with_a_note(app: App) -> None:
    at = app("overview", fy="20x0", plan="9th", foo="1", kpi="P2_BANK")
    notes = _notes(at).splitlines()
    assert {"fy=20x0", "plan=9th", "foo"} <= set(notes)
    # kpi: a KPI-detail parameter, shown with its value once that page has registered it in this process
    assert "kpi" in {note.split("=")[0] for note in notes}
    assert at.session_state["f_plan"] == "2nd"
    assert not at.error


def test_a_linked_prefecture_outside_the_linked_block_is_dropped_with_a_note(app: App) -> None:
    at = app("regions", block="kanto", pref="40,13")  # 福岡 is in 九州
    assert "pref=40" in _notes(at).splitlines() and at.session_state["f_prefs"] == ["13"]


def test_url_notes_are_at_the_top_and_plain_text(app: App) -> None:
    hostile = "x`+[Session expired](https://evil.example/login)+![p](https://evil.example/p.png)+`"
    at = app("overview", plan=hostile, view=hostile)
    first = at.main.children[0]  # the notes box comes before the page's own title
    assert "evil.example" in first.children[1].value and "Session expired" in first.children[1].value
    assert not any("evil.example" in str(m.value) for m in at.markdown)  # never markdown: no link, no image


def test_explorer_view_picker_changes_the_table(app: App) -> None:
    at = app("explorer")
    kpi_columns = set(at.dataframe[0].value.columns)
    at.selectbox(key="w_p_view_ja").set_value("pct_filings").run()
    pct_columns = set(at.dataframe[0].value.columns)
    assert "achievement_pct" in kpi_columns and "achievement_pct" not in pct_columns
    assert {"measure", "is_sample", "source"} <= pct_columns


def test_regions_measure_picker_changes_the_map(app: App) -> None:
    at = app("regions")
    rates = at.table[0].value.iloc[:, 3].tolist()
    at.selectbox(key="w_p_measure_ja").set_value("sme_pct_filings").run()
    counts = at.table[0].value.iloc[:, 3].tolist()
    assert not at.exception and rates != counts and max(int(c.replace(",", "")) for c in counts) > 100


def test_choosing_a_plan_in_the_url_shows_its_years(app: App) -> None:
    at = app("overview", plan="1st")
    assert at.session_state["f_years"] == (2016, 2019)
    assert not _notes(at)


def test_partly_valid_prefecture_list_keeps_the_valid_ones(app: App) -> None:
    at = app("overview", pref="99,40")
    assert at.session_state["f_prefs"] == ["40"]
    assert "pref=99" in _notes(at)


def test_page_parameters_that_do_not_fit_are_noted(app: App) -> None:
    at = app("kpi_detail", kpi="NOPE")
    assert "kpi=NOPE" in _notes(at)
    assert at.session_state["p_kpi"] == "P2_HANDSON"


def test_kpi_detail_central_kpi_stays_national_when_a_block_is_chosen(app: App) -> None:
    at = app("kpi_detail", kpi="P2_SUBSIDY", block="kyushu")
    table = at.dataframe[-1].value
    assert set(table["地域"]) == {"全国"} and "515" in set(table["実績"])


def test_english_tables_have_no_japanese_codes(app: App) -> None:
    at = app("kpi_detail", kpi="P2_SUBSIDY", lang="en")
    table = at.dataframe[-1].value
    assert set(table["Year"]) >= {"FY2020", "FY2021", "FY2022"}
    assert {"◎ achieved", "× not achieved"} <= set(table["Status"])
    assert set(table["Region"]) == {"Japan"}


def test_a_page_with_nothing_to_show_still_notes_the_url_and_keeps_it(app: App) -> None:
    at = app("regions", plan="1st", junk="1")  # FY2016-19: no regional figures, the page ends early
    assert "junk" in _notes(at)
    assert at.session_state["_url_written"]["plan"] == ["1st"]



def test_review_sidebar_says_the_plan_and_year_filters_do_not_apply(app: App) -> None:
    """The review page always shows the current plan: a sidebar offering another plan would contradict it."""
    review = app("review", block="kyushu", plan="1st")
    assert "計画" not in [s.label for s in review.sidebar.selectbox]
    assert not review.sidebar.select_slider
    assert any("現行計画" in str(c.value) for c in review.sidebar.caption)
    assert "1st" in str(review.query_params["plan"])  # kept for the next page
    assert "計画" in [s.label for s in app("overview").sidebar.selectbox]


def test_the_overview_opens_on_the_last_reported_year_within_the_sidebar_range(app: App) -> None:
    def shown_year(at: AppTest) -> str:
        return at.subheader[0].value
    assert shown_year(app("overview", plan="2nd", fy="2020-2025")).endswith("2022年度")  # the last with figures
    assert shown_year(app("overview", plan="2nd", fy="2020-2021")).endswith("2021年度")  # the range ends earlier
    assert shown_year(app("overview", plan="3rd")).endswith("2025年度")  # nothing reported: the plan's last year


def test_the_overview_says_its_central_kpis_are_national_whatever_the_region_filter(app: App) -> None:
    """Block staff must not read the national cards as their own block's figures."""
    def notes(at: AppTest) -> str:
        return "\n".join(str(c.value) for c in at.caption)
    plain = app("overview")
    assert "(全国)" in plain.subheader[0].value and "中央KPIは全国の値です" not in notes(plain)
    block = app("overview", block="kyushu")
    assert "中央KPIは全国の値です" in notes(block) and "都道府県で絞り込まず" not in notes(block)
    prefecture = app("overview", block="kyushu", pref="40")
    assert "都道府県で絞り込まず" in notes(prefecture)
    assert "(national)" in app("overview", block="kyushu", lang="en").subheader[0].value


def test_kpi_detail_without_results_says_so_rather_than_blaming_the_filter(app: App) -> None:
    at = app("kpi_detail", kpi="P3_CORE_SUPPORT", plan="3rd")
    said = [info.value for info in at.info]
    assert any("まだデータにありません" in s for s in said) and not any("選んだ年度・地域" in s for s in said)
    assert len(at.dataframe[-1].value) == 3  # its three years, with targets, are still listed


def test_charts_size_their_plot_and_only_projected_maps_fit_the_whole_box(app: App) -> None:
    """Streamlit fits a chart's whole height by default, so subtitle lines squeezed the plot: a height is the plot's."""
    def autosize(at: AppTest) -> list[str]:
        return [json.loads(chart.proto.spec)["autosize"]["type"] for chart in at.get("vega_lite_chart")]
    assert set(autosize(app("kpi_detail"))) == {"fit-x"}
    shown = autosize(app("regions", map="geo"))
    assert shown[0] == "fit" and set(shown[1:]) == {"fit-x"}  # the geographic map, then the ranking and comparison


def test_pct_says_its_national_charts_show_every_published_year(app: App) -> None:
    """2013–2023 beside a sidebar saying 2020–2022 must read as intended, not as a filter that failed."""
    at = app("pct", fy="2020-2022")
    assert any("サイドバーの年・地域の絞り込みは使いません" in str(c.value) for c in at.caption)


@pytest.mark.parametrize("page_name", ["subsidies", "accelerated"])
def test_programme_pages_say_their_top_charts_are_national_under_a_block_filter(app: App, page_name: str) -> None:
    """515 adoptions under a sidebar saying 九州 and 福岡県 read as Kyushu's: the charts are headed 全国 and say the
    sidebar's plan, years and regions do not apply to them."""
    at = app(page_name, block="kyushu", pref="40", plan="1st")
    assert at.subheader[0].value == "全国: 第2次計画の目標に対する実績"
    assert any("サイドバーの計画・年度・地域の絞り込みは使いません" in str(c.value) for c in at.caption)
    english = app(page_name, block="kyushu", lang="en")
    assert english.subheader[0].value == "National: actual against the 2nd plan's target"


def test_charts_titles_end_at_the_column_edge_rather_than_squeeze_the_plot(app: App) -> None:
    """At 1024 px the accelerated page's two half-width charts had no plot left beside their long titles."""
    specs = [json.loads(chart.proto.spec) for chart in app("accelerated", lang="en").get("vega_lite_chart")]
    assert all(spec["title"]["limit"] == {"expr": "max(containerSize()[0] - 8, 0)"} for spec in specs[:2])
    half = [line for spec in specs[:2] for line in spec["title"]["subtitle"]]
    assert half and max(len(line) for line in half) <= 58  # wrapped for half the page


def test_kpi_detail_follows_a_plan_chosen_in_the_sidebar(app: App) -> None:
    """Choosing the 1st plan left the page on a 2nd-plan KPI with "no data for the chosen years"; the picker now
    opens on the plan's own KPIs, and a regional KPI every plan shares stays chosen."""
    at = app("kpi_detail")
    assert at.selectbox(key="w_p_kpi_ja").value == "P2_HANDSON"
    at.sidebar.selectbox(key="w_f_plan_ja").set_value("1st").run()
    assert not at.exception
    assert at.selectbox(key="w_p_kpi_ja").value.startswith("P1_")
    assert at.selectbox(key="w_p_kpi_ja").options[0].endswith("第1次計画 (2016–19年度)")  # the plan's own KPIs first
    assert not any("選んだ年度・地域" in str(getattr(e, "value", "")) for e in at.info)
    shared = app("kpi_detail", kpi="R_CONSULT")
    shared.sidebar.selectbox(key="w_f_plan_ja").set_value("3rd").run()
    assert shared.selectbox(key="w_p_kpi_ja").value == "R_CONSULT"


def test_explorer_says_the_rate_among_its_filters(app: App) -> None:
    """Its Excel file's filters sheet (the same list) did not say the rows were per 100,000 people."""
    at = app("explorer", view="subsidy_adoptions", block="kyushu", per="population")
    assert any("件数 / 事業所・人口あたり: 人口10万人あたり" in str(c.value) for c in at.caption)
    assert not any("事業所・人口あたり" in str(c.value) for c in app("explorer", view="subsidy_adoptions").caption)


def test_explorer_says_downloads_keep_the_order_shown_not_a_sort_made_in_the_grid(app: App) -> None:
    """An analyst sorted the grid by a column and got the CSV in the query's order, with nothing saying so."""
    count = next(m.value for m in app("explorer", lang="en").markdown if "rows ×" in m.value)
    assert "Downloads keep this order" in count
