"""Sidebar filters shared by every page, and page-level pickers; all mirrored in the URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import streamlit as st

from ui import urlstate
from ui.i18n import lang, t

PLANS = ("1st", "2nd", "3rd")
FIRST_YEAR, LAST_YEAR = 2015, 2025
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
# METI blocks in their usual north-to-south order, with the id used in URLs
BLOCKS = {"hokkaido": "北海道", "tohoku": "東北", "kanto": "関東", "chubu": "中部", "kinki": "近畿",
          "chugoku": "中国", "shikoku": "四国", "kyushu": "九州", "okinawa": "沖縄"}
BLOCK_ID = {name: block_id for block_id, name in BLOCKS.items()}

PLAN_YEARS = {"1st": (2016, 2019), "2nd": (2020, 2022), "3rd": (2023, 2025)}
PLAN = urlstate.choice("plan", "f_plan", PLANS, "2nd")
YEAR_RANGE = urlstate.year_range("fy", "f_years", FIRST_YEAR, LAST_YEAR, PLAN_YEARS["2nd"])
# The range slider's own state is not kept reliably across page switches (Streamlit 1.67 sends back
# one year), so the range lives under a plain key and the slider is re-seeded from it every run.
_YEARS_SLIDER = "f_years_slider"
BLOCK_PARAM = urlstate.choices("block", "f_blocks", list(BLOCKS))
PREF_PARAM = urlstate.choices("pref", "f_prefs", [f"{c:02d}" for c in range(1, 48)])
# Parameters that single pages add with page_choice (registered when the page first runs)
PAGE_PARAMS = {"kpi", "measure", "highlight", "view", "mode", "sort", "year", "half"}


@dataclass(frozen=True)
class Filters:
    plan: str
    fy_from: int
    fy_to: int
    blocks: tuple[str, ...]  # Japanese block names as in the warehouse; empty = all
    prefectures: tuple[str, ...]  # JIS codes; empty = all of the chosen blocks

    @property
    def block_filter(self) -> tuple[str, ...] | None:
        return self.blocks or None

    @property
    def prefecture_filter(self) -> tuple[str, ...] | None:
        return self.prefectures or None

    def describe(self, prefecture_names: dict[str, str] | None = None) -> dict[str, str]:
        """The filters as label → text, for downloads and captions."""
        names = prefecture_names or {}
        return {
            t("filter.plan"): t(f"plan.{self.plan}"),
            t("filter.years"): f"{self.fy_from}–{self.fy_to}",
            t("filter.blocks"): ", ".join(block_label(b) for b in self.blocks) or t("filter.all"),
            t("filter.prefectures"): ", ".join(f"{names.get(c, c)} ({c})" for c in self.prefectures)
            or t("filter.all"),
        }

    def slug(self) -> str:
        """Short filename part naming the filter, e.g. 'fy2020-2025_kyushu'."""
        parts = [f"fy{self.fy_from}-{self.fy_to}"]
        if self.blocks:
            parts.append("+".join(BLOCK_ID[b] for b in self.blocks))
        if self.prefectures:
            parts.append("pref" + "+".join(self.prefectures))
        return "_".join(parts)


def block_label(block: str) -> str:
    return BLOCK_ID[block].capitalize() if lang() == "en" else block


def prefecture_label(prefs: pl.DataFrame) -> dict[str, str]:
    column = "prefecture_name_en" if lang() == "en" else "prefecture_name_ja"
    return dict(zip(prefs["prefecture_code"], prefs[column], strict=True))


def _plan_changed() -> None:
    """Choosing a plan shows its fiscal years (the range can still be widened afterwards)."""
    st.session_state[YEAR_RANGE.key] = PLAN_YEARS[st.session_state[PLAN.key]]


def _years_changed() -> None:
    value = st.session_state[_YEARS_SLIDER]
    if isinstance(value, tuple | list) and len(value) == 2:  # not the lone year sent after a page switch
        st.session_state[YEAR_RANGE.key] = tuple(value)


def sidebar(prefs: pl.DataFrame) -> Filters:
    """Plan, fiscal-year range, blocks and prefectures (limited to the chosen blocks)."""
    years_from_plan = YEAR_RANGE.key not in st.session_state and YEAR_RANGE.name not in st.query_params
    for param in (PLAN, YEAR_RANGE, BLOCK_PARAM, PREF_PARAM):
        urlstate.use(param)
    if years_from_plan:  # a link naming only a plan shows that plan's years
        _plan_changed()
    side = st.sidebar
    side.header(t("filter.header"))
    side.selectbox(t("filter.plan"), PLANS, key=PLAN.key, on_change=_plan_changed,
                   format_func={p: t(f"plan.{p}") for p in PLANS}.__getitem__)
    st.session_state[_YEARS_SLIDER] = tuple(st.session_state[YEAR_RANGE.key])
    side.select_slider(t("filter.years"), YEARS, key=_YEARS_SLIDER, on_change=_years_changed)
    side.multiselect(t("filter.blocks"), list(BLOCKS), key=BLOCK_PARAM.key, placeholder=t("filter.all"),
                     format_func={b: block_label(name) for b, name in BLOCKS.items()}.__getitem__)
    chosen_blocks = [BLOCKS[b] for b in st.session_state[BLOCK_PARAM.key]]
    in_blocks = prefs.filter(pl.col("block").is_in(chosen_blocks)) if chosen_blocks else prefs
    codes = in_blocks["prefecture_code"].to_list()
    # prefectures outside the chosen blocks are dropped, not kept invisibly
    st.session_state[PREF_PARAM.key] = [c for c in st.session_state[PREF_PARAM.key] if c in codes]
    labels = prefecture_label(prefs)
    side.multiselect(t("filter.prefectures"), codes, key=PREF_PARAM.key, placeholder=t("filter.all"),
                     format_func={c: f"{labels[c]} ({c})" for c in codes}.__getitem__)
    side.caption(t("filter.years_note"))
    years = st.session_state[YEAR_RANGE.key]
    return Filters(plan=st.session_state[PLAN.key], fy_from=years[0], fy_to=years[1],
                   blocks=tuple(chosen_blocks), prefectures=tuple(st.session_state[PREF_PARAM.key]))


def page_choice(name: str, label: str, options: Sequence[str], default: str,
                format_func: object = str, *, where: object = None, horizontal: bool = False) -> str:
    """A page-level single choice mirrored in the URL as ?name=…; keeps its value across pages."""
    param = urlstate.KNOWN.get(name) or urlstate.choice(name, f"p_{name}", list(options), default)
    urlstate.use(param)
    if st.session_state[param.key] not in options:
        st.session_state[param.key] = default
    container = where or st
    # labels resolved now, in this run's language (AppTest calls format_func outside the run)
    format_func = {option: format_func(option) for option in options}.__getitem__  # type: ignore[operator]
    if horizontal:
        container.segmented_control(label, list(options), key=param.key, format_func=format_func,  # type: ignore
                                    persist_state="session", required=True)
    else:
        container.selectbox(label, list(options), key=param.key, format_func=format_func,  # type: ignore
                            persist_state="session")
    return str(st.session_state[param.key])


def current() -> Filters:
    """The filters app.py read from the sidebar in this run."""
    return st.session_state["filters"]  # type: ignore[no-any-return]
