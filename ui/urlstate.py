"""Filter state mirrored in the URL (st.query_params), validated as plain strings.

A widget's value lives in st.session_state under its key. When a session starts (or a page first
shows a widget), its value is taken from the URL if valid; invalid or unknown parameters are
dropped with a visible note. After each run the URL is rewritten from the current values, so the
address can be copied and opened elsewhere to show the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

NOTES_KEY = "_url_notes"
_ACTIVE_KEY = "_url_active"
_CHECKED_KEY = "_url_checked"


@dataclass(frozen=True)
class Param:
    name: str  # in the URL
    key: str  # in st.session_state (the widget key)
    default: Any
    parse: Callable[[list[str]], Any]  # raises ValueError on a bad value
    render: Callable[[Any], list[str]]


# Every parameter any page understands; anything else in a URL is reported and dropped.
KNOWN: dict[str, Param] = {}


def register(param: Param) -> Param:
    KNOWN[param.name] = param
    return param


def choice(name: str, key: str, options: Sequence[str], default: str | None) -> Param:
    def parse(values: list[str]) -> str:
        if len(values) != 1 or values[0] not in options:
            raise ValueError(values)
        return values[0]
    return register(Param(name, key, default, parse, lambda v: [] if v is None else [str(v)]))


class PartlyValid(ValueError):
    """Some values of a list parameter were unknown: keep the valid ones, note the rest."""

    def __init__(self, valid: list[str], invalid: list[str]):
        super().__init__(invalid)
        self.valid, self.invalid = valid, invalid


def choices(name: str, key: str, options: Sequence[str]) -> Param:
    def parse(values: list[str]) -> list[str]:
        items = list(dict.fromkeys(v for value in values for v in value.split(",") if v))
        invalid = [v for v in items if v not in options]
        if invalid:
            raise PartlyValid([v for v in items if v in options], invalid)
        return items
    return register(Param(name, key, [], parse, lambda v: [",".join(v)] if v else []))


def year_range(name: str, key: str, lowest: int, highest: int, default: tuple[int, int]) -> Param:
    def parse(values: list[str]) -> tuple[int, int]:
        if len(values) != 1:
            raise ValueError(values)
        parts = values[0].split("-")
        if len(parts) not in (1, 2) or not all(p.isdigit() and len(p) == 4 for p in parts):
            raise ValueError(values)
        first, last = int(parts[0]), int(parts[-1])
        if not lowest <= first <= last <= highest:
            raise ValueError(values)
        return first, last
    return register(Param(name, key, default, parse, lambda v: [f"{v[0]}-{v[1]}"]))


def _note(text: str) -> None:
    st.session_state.setdefault(NOTES_KEY, []).append(text)


def check_unknown(page_params: set[str]) -> None:
    """Once per session: report URL parameters that neither the filters nor any page understand."""
    if st.session_state.get(_CHECKED_KEY):
        return
    st.session_state[_CHECKED_KEY] = True
    for name in st.query_params:
        if name not in KNOWN and name not in page_params:
            _note(name)


def use(param: Param) -> None:
    """Seed the widget's state from the URL (or the default) the first time it is shown."""
    st.session_state.setdefault(_ACTIVE_KEY, set()).add(param.name)
    if param.key in st.session_state:
        return
    value = param.default
    if param.name in st.query_params:
        try:
            value = param.parse(st.query_params.get_all(param.name))
        except PartlyValid as partly:
            value = partly.valid
            _note(f"{param.name}={','.join(partly.invalid)}")
        except ValueError:
            _note(f"{param.name}={','.join(st.query_params.get_all(param.name))}")
    st.session_state[param.key] = value


def take_notes() -> list[str]:
    return st.session_state.pop(NOTES_KEY, [])


def write_url() -> None:
    """Rewrite the URL from the values of the parameters used in this run (defaults left out)."""
    active = st.session_state.pop(_ACTIVE_KEY, set())
    wanted: dict[str, list[str]] = {}
    for name in sorted(active):
        param = KNOWN[name]
        value = st.session_state.get(param.key, param.default)
        if value != param.default and (rendered := param.render(value)):
            wanted[name] = rendered
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
