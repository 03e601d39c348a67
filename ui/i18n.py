"""The session's language, and labels in it. The labels themselves live in reports.labels (pure)."""

from __future__ import annotations

import streamlit as st

from reports import labels as _labels
from reports.labels import LABELS, LANGS, UNITS_EN  # noqa: F401 (re-exported for ui modules)

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "ja")
    return value if value in LANGS else "ja"


def t(key: str) -> str:
    return _labels.text(key, lang())


def labels(prefix: str) -> dict[str, str]:
    return _labels.labels(prefix, lang())


def unit(text: str | None) -> str:
    return _labels.unit(text, lang())


def year_label(year: int | None, year_type: str | None) -> str:
    return _labels.year_label(year, year_type, lang())
