"""Widgets as the client sees them in ForwardMsg deltas, and the next value a user would pick.

Values go back in the wire format Streamlit 1.67 expects (see ``value_type`` in
``streamlit/elements/widgets/*.py``): selectbox and radio a formatted option string; multiselect,
select_slider and segmented_control/pills a list of formatted option strings. Other widgets (numeric
sliders, checkboxes, inputs: no page filters with one) are not changed by the bench.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from streamlit.proto.Element_pb2 import Element
from streamlit.proto.WidgetStates_pb2 import WidgetState

SUPPORTED = ("selectbox", "radio", "multiselect", "button_group", "slider")  # slider: select_slider only
MAIN, SIDEBAR = 0, 1  # RootContainer
# The language toggle changes every label, not a filter: never the widget a session changes.
_LANGUAGE = re.compile(r"(^|_)lang(_|$)|language", re.IGNORECASE)


@dataclass
class Widget:
    id: str
    kind: str
    label: str
    area: str  # "main" or "sidebar"
    fragment_id: str
    proto: Any  # the widget's own message (Selectbox, Slider, ...)

    @property
    def key(self) -> str:
        """The user key Streamlit puts at the end of a keyed widget's id (``$$ID-<hash>-<key>``)."""
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""

    def describe(self) -> str:
        return f"{self.key or self.label} ({self.area} {self.kind})"


def choose_widget(widgets: Iterable[Widget], fragment_id: str = "") -> Widget | None:
    """The filter a user changes: the first settable widget of the main area, else of the sidebar, that
    lies in ``fragment_id`` ("": outside every fragment, so changing it reruns the whole page)."""
    candidates = [w for w in widgets if w.fragment_id == fragment_id
                  and not _LANGUAGE.search(w.key) and not _LANGUAGE.search(w.label)]
    return next((w for area in ("main", "sidebar") for w in candidates if w.area == area), None)


def fragments(widgets: Iterable[Widget]) -> list[str]:
    """Ids of the fragments holding widgets, in page order (Streamlit tags each delta drawn inside a
    fragment with its id, in full runs too), so a page that gains an st.fragment is measured as it is."""
    return list(dict.fromkeys(w.fragment_id for w in widgets if w.fragment_id))


def widget_from_element(element: Element, delta_path: list[int], fragment_id: str) -> Widget | None:
    kind = element.WhichOneof("type")
    if kind not in SUPPORTED:
        return None
    proto = getattr(element, kind)
    if proto.disabled or not proto.id or (kind == "slider" and not proto.options):
        return None
    area = "sidebar" if delta_path and delta_path[0] == SIDEBAR else "main"
    return Widget(proto.id, kind, proto.label, area, fragment_id, proto)


def _options(widget: Widget) -> list[str]:
    if widget.kind == "button_group":
        return [option.content for option in widget.proto.options]
    return list(widget.proto.options)


def proto_value(widget: Widget) -> Any:
    """The value the server says the widget has (set through session state, else its default)."""
    p, kind = widget.proto, widget.kind
    options = _options(widget)
    if kind in ("selectbox", "radio"):
        if p.set_value:
            return p.raw_value
        return options[p.default] if p.HasField("default") and 0 <= p.default < len(options) else None
    if kind in ("multiselect", "button_group"):
        if p.set_value:
            return list(p.raw_values)
        return [options[i] for i in p.default if 0 <= i < len(options)]
    if p.set_value and p.raw_value:  # select_slider: option indices in the proto, formatted strings on the wire
        return list(p.raw_value)
    indices = list(p.value) if p.set_value else list(p.default)
    return [options[int(i)] for i in indices if 0 <= int(i) < len(options)]


def to_state(widget: Widget, value: Any) -> WidgetState | None:
    """The WidgetState a browser sends for this value (None: the widget has no value to send)."""
    if value is None:
        return None
    state = WidgetState(id=widget.id)
    if widget.kind in ("selectbox", "radio"):
        state.string_value = str(value)
    else:  # multiselect, button_group, select_slider
        state.string_array_value.data.extend(str(v) for v in value)
    return state


def next_value(widget: Widget, current: Any, turn: int) -> Any:
    """A different valid value for the widget (cycling with ``turn``), or None when it has no other."""
    kind, options = widget.kind, _options(widget)
    if len(options) < 2:
        return None
    if kind in ("selectbox", "radio"):
        index = options.index(current) if current in options else -1
        return options[(index + 1 + turn % (len(options) - 1)) % len(options)]  # never the current one
    if kind in ("multiselect", "button_group"):
        chosen = [options[turn % len(options)]]
        return chosen if chosen != current else [options[(turn + 1) % len(options)]]
    current = list(current or [])  # select_slider: move the low end (or the single value) one step on
    if len(current) == 2 and current[1] in options:
        chosen = [options[(turn + 1) % max(1, options.index(current[1]))], current[1]]
    else:
        chosen = [options[(turn + 1) % len(options)]]
    return chosen if chosen != current else [options[0], options[-1]][: max(1, len(current))]
