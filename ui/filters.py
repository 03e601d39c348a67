"""Sidebar filters shared by every page, and page-level pickers; all mirrored in the URL.

Widgets are views of plain session state (``urlstate.Param.key``): each run re-seeds a widget from that
state under a key that includes the language, and the widget's on_change copies the choice back. A widget
whose labels changed with the language is therefore a new widget seeded with the value, never one that
sends back a label of the other language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from etl.inputs.reference import blocks, plans, prefectures
from reports.labels import block_label, text
from ui import urlstate
from ui.i18n import lang, t

PLANS = {plan.plan: plan for plan in plans()}
PLAN_YEARS = {code: (plan.fy_start, plan.fy_end) for code, plan in PLANS.items()}
# KPI years run from the 1st plan's baseline year to the end of the last plan
FIRST_YEAR, LAST_YEAR = min(p.fy_start for p in PLANS.values()) - 1, max(p.fy_end for p in PLANS.values())
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
BLOCKS = {block.id: block.name_ja for block in blocks()}  # URL id -> name as stored in the warehouse
BLOCK_ID = {name: block_id for block_id, name in BLOCKS.items()}
DEFAULT_PLAN = "2nd"  # the last plan with published results

PLAN = urlstate.choice("plan", "f_plan", list(PLANS), DEFAULT_PLAN)
YEAR_RANGE = urlstate.year_range("fy", "f_years", FIRST_YEAR, LAST_YEAR, PLAN_YEARS[DEFAULT_PLAN])
BLOCK_PARAM = urlstate.choices("block", "f_blocks", list(BLOCKS))
PREF_PARAM = urlstate.choices("pref", "f_prefs", [p.code for p in prefectures()])


@dataclass(frozen=True)
class Filters:
    plan: str
    fy_from: int
    fy_to: int
    blocks: tuple[str, ...]  # Japanese block names as in the warehouse; empty = all
    prefectures: tuple[str, ...]  # JIS codes; empty = all of the chosen blocks

    def describe(self, language: str, year_type: str = "fiscal") -> dict[str, str]:
        """The filters as label → text, for downloads and captions (years named as the figures count them)."""
        names = prefecture_names(language)
        everything = text("filter.all", language)
        return {
            text("filter.plan", language): text(f"plan.{self.plan}", language),
            text("filter.calendar_years" if year_type == "calendar" else "filter.years", language):
                f"{self.fy_from}–{self.fy_to}",
            text("filter.blocks", language): ", ".join(block_label(b, language) for b in self.blocks) or everything,
            text("filter.prefectures", language): ", ".join(f"{names[c]} ({c})" for c in self.prefectures)
            or everything,
        }

    def slug(self, year_type: str = "fiscal") -> str:
        """Short filename part naming the filter, e.g. 'fy2020-2025_kyushu' ('cy2020-2025' for calendar years)."""
        parts = [f"{'cy' if year_type == 'calendar' else 'fy'}{self.fy_from}-{self.fy_to}"]
        if self.blocks:
            parts.append("+".join(BLOCK_ID[b] for b in self.blocks))
        if self.prefectures:
            parts.append("pref" + "+".join(self.prefectures))
        return "_".join(parts)


def prefecture_names(language: str) -> dict[str, str]:
    return {p.code: p.name_en if language == "en" else p.name_ja for p in prefectures()}


def bound_widget(param: urlstate.Param, draw: Callable[..., Any], label: str, options: Sequence[Any], *,
                 format_func: Callable[[Any], str] | None = None, valid: Callable[[Any], bool] | None = None,
                 after_change: Callable[[], None] | None = None, **kwargs: Any) -> Any:
    """Draw ``draw(label, options, …)`` (a Streamlit widget function) as a view of ``param``'s value.

    ``valid`` says whether the session's value still fits the options (else the default is used);
    ``after_change`` runs after the value changed (e.g. to rewrite the URL from inside a fragment).
    """
    value = urlstate.use(param)
    if valid is not None and not valid(value):
        value = st.session_state[param.key] = param.default
    widget_key = f"w_{param.key}_{lang()}"
    st.session_state[widget_key] = value

    def changed() -> None:
        if widget_key not in st.session_state:  # a late callback of a widget no longer drawn
            return
        chosen = st.session_state[widget_key]
        st.session_state[param.key] = list(chosen) if isinstance(chosen, list | tuple) else chosen
        if after_change is not None:
            after_change()

    if format_func is not None:  # labels resolved now, in this run's language
        format_func = {option: format_func(option) for option in options}.__getitem__
        kwargs["format_func"] = format_func
    draw(label, list(options), key=widget_key, on_change=changed, **kwargs)
    return st.session_state[param.key]


def _plan_changed() -> None:
    """Choosing a plan shows its fiscal years (the range can still be widened afterwards)."""
    st.session_state[YEAR_RANGE.key] = PLAN_YEARS[st.session_state[PLAN.key]]


def _years_changed(slider_key: str) -> None:
    value = st.session_state.get(slider_key)
    if isinstance(value, tuple | list) and len(value) == 2:  # not the lone year sent after a page switch
        st.session_state[YEAR_RANGE.key] = tuple(value)


def sidebar(*, current_plan_only: bool = False) -> Filters:
    """Plan, fiscal-year range, blocks and prefectures (limited to the chosen blocks).

    ``current_plan_only``: the page shows the current plan whatever the filters say (the half-year review),
    so the plan and year controls give way to a line saying so; their values stay in the URL for the next page.
    """
    side = st.sidebar
    side.header(t("filter.header"))
    if current_plan_only:
        side.caption(t("filter.current_plan_only"))
        plan = urlstate.use(PLAN)
        urlstate.use(YEAR_RANGE)  # not drawn, but kept in the URL for the next page
    else:
        plan = _plan_and_years(side)
    chosen_blocks = bound_widget(BLOCK_PARAM, side.multiselect, t("filter.blocks"), list(BLOCKS),
                                 format_func=lambda b: block_label(BLOCKS[b], lang()), placeholder=t("filter.all"),
                                 select_all=False)  # none chosen is all; Streamlit's option is English only
    names = [BLOCKS[b] for b in chosen_blocks]
    codes = [p.code for p in prefectures() if not names or p.block in names]
    # prefectures outside the chosen blocks are dropped, not kept invisibly; a link that asked for them is told
    linked = urlstate.brings(PREF_PARAM.name)
    asked = urlstate.use(PREF_PARAM)
    outside = [c for c in asked if c not in codes]
    if linked and outside:
        urlstate.note(f"{PREF_PARAM.name}={','.join(outside)}")
    st.session_state[PREF_PARAM.key] = [c for c in asked if c in codes]
    labels = prefecture_names(lang())
    chosen_prefs = bound_widget(PREF_PARAM, side.multiselect, t("filter.prefectures"), codes,
                                format_func=lambda c: f"{labels[c]} ({c})", placeholder=t("filter.all"),
                                select_all=False)
    side.caption(t("filter.years_note"))
    years = st.session_state[YEAR_RANGE.key]
    return Filters(plan=plan, fy_from=years[0], fy_to=years[1], blocks=tuple(names), prefectures=tuple(chosen_prefs))


def _plan_and_years(side: Any) -> str:
    """The plan and fiscal-year range controls; the chosen plan."""
    # a link naming a plan but no years shows that plan's years
    years_from_plan = YEAR_RANGE.name not in st.query_params and (
        YEAR_RANGE.key not in st.session_state or urlstate.brings(PLAN.name))
    plan = bound_widget(PLAN, side.selectbox, t("filter.plan"), list(PLANS),
                        format_func=lambda p: t(f"plan.{p}"), after_change=_plan_changed)
    if years_from_plan:
        _plan_changed()
    years = urlstate.use(YEAR_RANGE)
    slider_key = f"w_{YEAR_RANGE.key}_{lang()}"
    st.session_state[slider_key] = tuple(years)
    # the callback names its own widget: it may run after the language (and so the key) changed
    side.select_slider(t("filter.years"), YEARS, key=slider_key, on_change=_years_changed, args=(slider_key,))
    return str(plan)


def page_key(name: str) -> str:
    """The session key holding the page-level choice ``name`` (?name=… in the URL)."""
    return f"p_{name}"


def page_choice(name: str, label: str, options: Sequence[str], default: str, format_func: Callable[[str], str] = str,
                *, where: Any = None, horizontal: bool = False, after_change: Callable[[], None] | None = None) -> str:
    """A page-level single choice mirrored in the URL as ?name=…; it registers its own URL parameter."""
    param = urlstate.choice(name, page_key(name), list(options), default)
    container = where or st
    draw = container.segmented_control if horizontal else container.selectbox
    extra = {"required": True} if horizontal else {}
    return str(bound_widget(param, draw, label, options, format_func=format_func, valid=lambda v: v in options,
                            after_change=after_change, **extra))


def session_choice(key: str, label: str, options: Sequence[Any], *, format_func: Callable[[Any], str] = str,
                   index: int | None = 0, where: Any = None, **kwargs: Any) -> Any:
    """A selectbox whose value lives under a plain session key (not in the URL), drawn like every widget here:
    keyed by language and re-seeded each run, so a language switch never hands back a label."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[index] if index is not None and options else None
    widget_key = f"w_{key}_{lang()}"
    st.session_state[widget_key] = st.session_state[key]

    def changed() -> None:
        if widget_key in st.session_state:
            st.session_state[key] = st.session_state[widget_key]

    labels = {option: format_func(option) for option in options}
    (where or st).selectbox(label, list(options), key=widget_key, on_change=changed, format_func=labels.__getitem__,
                            **kwargs)
    return st.session_state[key]


def page_choices(name: str, label: str, options: Sequence[str], default: Sequence[str], *, limit: int,
                 format_func: Callable[[str], str] = str, where: Any = None,
                 after_change: Callable[[], None] | None = None) -> list[str]:
    """A page-level multiple choice (at most ``limit``) mirrored in the URL as ?name=a,b."""
    param = urlstate.choices(name, page_key(name), list(options), limit=limit, default=default)
    container = where or st
    chosen = bound_widget(param, container.multiselect, label, options, format_func=format_func,
                          valid=lambda v: all(c in options for c in v), after_change=after_change,
                          max_selections=limit, select_all=False)
    return list(chosen)


def drill_down(prefecture_code: str) -> None:
    """Narrow every page to a prefecture's block and highlight the prefecture (a click on the map)."""
    block = next(p.block for p in prefectures() if p.code == prefecture_code)
    st.session_state[page_key("highlight")] = prefecture_code
    st.session_state[BLOCK_PARAM.key] = [BLOCK_ID[block]]
    st.session_state[PREF_PARAM.key] = []


def current() -> Filters:
    """The filters app.py read from the sidebar in this run."""
    return st.session_state["filters"]  # type: ignore[no-any-return]
