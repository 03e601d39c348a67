"""No text of the other language in the main area of a page (issue: mixed languages), in both directions.

English pages must show no Japanese at all: titles, captions, metrics, tables and chart tables, sources and
notes. Japanese pages may show Latin letters only as proper names and acronyms (PCT, KPI, JPO, file formats,
English-titled sources), codes, numbers, URLs and file names. Widget values are codes, not shown text.
The explorer's data grid and the load log show the public views as they are (both languages by design).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import PAGES

App = Callable[..., AppTest]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
# proper names, acronyms and formats a Japanese page may write in Latin letters
PROPER = {"PCT", "KPI", "KPIs", "JPO", "WIPO", "METI", "INPIT", "SankeiBiz", "CSV", "XLSX", "Excel", "Parquet",
          "DuckDB", "UTF", "BOM", "CP", "Shift_JIS", "JIS", "FY", "CY", "IP", "SME", "SMEs", "URL", "ipdash",
          "etl", "sample", "make", "run", "build", "python", "true", "Status", "Report", "Data", "Load",
          "IPDASH_HOME", "IPDASH_ADMIN_PASSWORD", "secrets", "toml", "streamlit", "ingest", "dataset", "docs",
          "loading-data", "md", "j-toyama", "is_sample", "kpi_results", "regional_kpi_summary", "subsidy_adoptions",
          "accelerated_exam", "pct_filings", "published_statistics", "prefectures", "indicators", "sources",
          "load_log", "view", "views", "i", "ii", "iii", "iv", "v"}
NOT_TEXT = {"Selectbox", "Multiselect", "Radio", "ButtonGroup", "SelectSlider", "NumberInput", "TextInput",
            "Checkbox", "Toggle", "Slider", "Dataframe"}
RAW_GRIDS = {"explorer", "sources"}  # pages whose grids show stored rows (explorer) or raw links (sources)


def _texts(node: object, page: str) -> Iterator[str]:
    kind = type(node).__name__
    if kind in NOT_TEXT and not (kind == "Dataframe" and page not in RAW_GRIDS):
        return
    for child in getattr(node, "children", {}).values():
        yield from _texts(child, page)
    if kind == "Dataframe" or kind == "Table":
        frame = node.value  # type: ignore[attr-defined]
        yield from map(str, frame.columns)
        yield from (str(cell) for cell in frame.astype(str).to_numpy().ravel())
        return
    for attr in ("value", "label", "body"):
        value = getattr(node, attr, None)
        if isinstance(value, str) and kind not in ("Block",):
            yield value


def _latin_words(text: str) -> set[str]:
    text = re.sub(r":[a-z]+\[", "[", text)  # Markdown directives (:gray[…], :small[…]) style text, they are not text
    text = re.sub(r"https?://\S+|[\w.-]+\.(csv|txt|md|py|toml|duckdb|xlsx|jp|com|net|org|biz)\b\S*|`[^`]*`|\S+/\S+",
                  " ", text)
    return {w for w in WORD.findall(text) if w not in PROPER and not w.isupper()}


@pytest.mark.parametrize("page_name", PAGES)
def test_english_pages_show_no_japanese(app: App, page_name: str) -> None:
    at = app(page_name, lang="en")
    # a code span is literal file content (the example marker 記入例, a dataset code): not prose
    japanese = sorted({t for t in _texts(at.main, page_name) if JAPANESE.search(re.sub(r"`[^`]*`", "", t))})
    assert not japanese, japanese[:10]


@pytest.mark.parametrize("page_name", PAGES)
def test_japanese_pages_show_english_only_as_names(app: App, page_name: str) -> None:
    at = app(page_name, lang="ja")
    english = sorted({w for t in _texts(at.main, page_name) for w in _latin_words(t)})
    assert not english, english[:20]
