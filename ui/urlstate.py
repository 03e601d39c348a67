"""Filter state mirrored in the URL (st.query_params), validated as plain strings.

Every value lives under a plain session key (``Param.key``), never only inside a widget: widgets are views
of it (see ``ui.widgets``), so a widget whose labels change with the language can never hand back a label
instead of a value.

A value is taken from the URL when the URL brings something new — the first run of a session, a link to a
page (``st.page_link(query_params=…)``), a hand-edited address — otherwise the session keeps its value.
Invalid values and parameters the page does not use are reported in a note (shown at the top of the page,
as plain text). After each run the URL is rewritten from the values used in that run, so the address can
be copied and opened elsewhere to show the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

NOTES_KEY = "_url_notes"
_ACTIVE_KEY = "_url_active"
_WRITTEN_KEY = "_url_written"  # what this app last put in the URL: anything else came from outside
_FRESH_KEY = "_url_fresh"  # parameters the URL brought in this run, not yet used by anything
MAX_NOTE_CHARS = 80


@dataclass(frozen=True)
class Param:
    name: str  # in the URL
    key: str  # in st.session_state (a plain key; widgets keep their own keys)
    default: Any
    parse: Callable[[list[str]], Any]  # raises ValueError on a bad value
    render: Callable[[Any], list[str]]


# Every parameter the app understands; anything else in a URL is reported and dropped.
KNOWN: dict[str, Param] = {}


def register(param: Param) -> Param:
    existing = KNOWN.get(param.name)
    if existing is not None and existing.key != param.key:
        raise ValueError(f"URL parameter {param.name!r} registered twice with different keys")
    KNOWN[param.name] = param
    return param


def choice(name: str, key: str, options: Sequence[str], default: str | None) -> Param:
    allowed = tuple(options)

    def parse(values: list[str]) -> str:
        if len(values) != 1 or values[0] not in allowed:
            raise ValueError(values)
        return values[0]
    return register(Param(name, key, default, parse, lambda v: [] if v is None else [str(v)]))


class PartlyValid(ValueError):
    """Some values of a list parameter were unknown: keep the valid ones, note the rest."""

    def __init__(self, valid: list[str], invalid: list[str]):
        super().__init__(invalid)
        self.valid, self.invalid = valid, invalid


def choices(name: str, key: str, options: Sequence[str], *, limit: int | None = None,
            default: Sequence[str] = ()) -> Param:
    allowed = tuple(options)

    def parse(values: list[str]) -> list[str]:
        items = list(dict.fromkeys(v for value in values for v in value.split(",") if v))
        valid, invalid = [v for v in items if v in allowed], [v for v in items if v not in allowed]
        if limit is not None and len(valid) > limit:
            valid, invalid = valid[:limit], invalid + valid[limit:]
        if invalid:
            raise PartlyValid(valid, invalid)
        return items
    return register(Param(name, key, list(default), parse, lambda v: [",".join(v)] if v else []))


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


def note(text: str) -> None:
    """A note shown at the top of this run's page (plain text; see layout.url_notes)."""
    shown = text if len(text) <= MAX_NOTE_CHARS else text[: MAX_NOTE_CHARS - 1] + "…"
    st.session_state.setdefault(NOTES_KEY, []).append(shown)


def _brought() -> dict[str, list[str]]:
    """The parameters in the URL that this app did not put there (a link, a hand-edited address)."""
    written: dict[str, list[str]] = st.session_state.get(_WRITTEN_KEY, {})
    return {name: st.query_params.get_all(name) for name in st.query_params
            if st.query_params.get_all(name) != written.get(name)}


def begin() -> None:
    """Start of a full run (app.py): what did the URL bring, and which parameters will this run use?"""
    st.session_state[_FRESH_KEY] = _brought()
    st.session_state[_ACTIVE_KEY] = set()


def brings(name: str) -> bool:
    """Whether this run's URL brings a new value for ``name`` (not yet used)."""
    return name in st.session_state.get(_FRESH_KEY, {})


def _note_value(name: str, values: list[str]) -> None:
    note(f"{name}={','.join(values)}")


def use(param: Param) -> Any:
    """The parameter's value for this run: from the URL when the URL brought a new one, else the session's."""
    if _FRESH_KEY not in st.session_state:
        # a fragment rerun (app.py did not run: keep the parameters of the last full run) or a page run
        # without app.py (tests of one page)
        st.session_state[_FRESH_KEY] = _brought()
    st.session_state.setdefault(_ACTIVE_KEY, set()).add(param.name)
    fresh: dict[str, list[str]] = st.session_state[_FRESH_KEY]
    incoming = fresh.pop(param.name, None)
    if incoming is not None:
        try:
            st.session_state[param.key] = param.parse(incoming)
        except PartlyValid as partly:  # a list with nothing valid left shows the page's default list
            st.session_state[param.key] = partly.valid or param.default
            _note_value(param.name, partly.invalid)
        except ValueError:
            _note_value(param.name, incoming)
    if param.key not in st.session_state:
        st.session_state[param.key] = param.default
    return st.session_state[param.key]


def finish() -> None:
    """End of a run: note what the URL brought that nothing on this page used."""
    for name, values in st.session_state.pop(_FRESH_KEY, {}).items():
        note(name if name not in KNOWN else f"{name}={','.join(values)}")


def take_notes() -> list[str]:
    return st.session_state.pop(NOTES_KEY, [])


def write_url() -> None:
    """Rewrite the URL from the values of the parameters used in this run (defaults left out)."""
    active = st.session_state.get(_ACTIVE_KEY, set())
    wanted: dict[str, list[str]] = {}
    for name in sorted(active):
        param = KNOWN[name]
        value = st.session_state.get(param.key, param.default)
        if value != param.default and (rendered := param.render(value)):
            wanted[name] = rendered
    st.session_state[_WRITTEN_KEY] = wanted
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
