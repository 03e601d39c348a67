"""Text from data or users inside Markdown (card names and groups, review entries, load errors) shows as written."""

from __future__ import annotations

import re

import pytest

from ui import layout

# what Markdown (and Streamlit's directives, icons and LaTeX) would otherwise interpret
HOSTILE = ["施策KPI(a]", "[link](https://evil.example)", "![img](x.png)", "**bold** _it_", "ends with \\",
           ":material/home: :red[x]", "$x^2$", "<b>html</b>", "a | b", "# heading", "1. list", "~strike~"]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markdown_character_is_escaped(text: str) -> None:
    shown = layout.plain(text)
    assert re.sub(r"\\(.)", r"\1", shown) == text  # unescaping gives the text back
    unescaped = re.sub(r"\\.", "", shown)  # what Markdown would read as syntax
    assert not re.search(r"[\\`*_{}\[\]()<>#+\-.!|~$:=&]", unescaped), shown


def test_a_directive_around_plain_text_stays_closed() -> None:
    label = f":gray[:small[{layout.plain('群] **x** [')}]]"
    assert label.count("[") - label.count("\\[") == 2 == label.count("]") - label.count("\\]")
