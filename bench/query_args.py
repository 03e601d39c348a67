"""Every public query function of warehouse.queries, with representative arguments.

The functions are found by introspection, so a query added to warehouse/queries.py is benchmarked
(and checked on the Parquet backend) without touching this file.  Arguments come from ``DEFAULTS``
for known functions, else required parameters are filled by name from ``BY_NAME``; a function
whose required parameters cannot be filled is skipped with a note, never guessed wildly.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from warehouse import queries

# Representative questions a page asks (what a user opening the page with a filter set sees).
DEFAULTS: dict[str, dict[str, Any]] = {
    "plan_kpis": {"plan": "3rd"},
    "indicators": {"tier": "central"},
    "kpi_series": {"kpi_id": "R_CONSULT", "geography_level": "prefecture", "blocks": ["関東"]},
    "regional_summary": {"fy_from": 2020, "fy_to": 2025},
    "region_values": {"measure": "sme_pct_filings", "geography_level": "prefecture", "year_from": 2020,
                      "year_to": 2025},
    "national_statistics": {"dataset": "pct_applications"},
    "explore": {"view": "kpi_results", "year_from": 2020, "year_to": 2025, "blocks": ["関東"]},
}
# Values for required parameters of functions not listed above, by parameter name.
BY_NAME: dict[str, Any] = {
    "plan": "3rd", "kpi_id": "R_CONSULT", "tier": "central", "fy_from": 2020, "fy_to": 2025,
    "year_from": 2020, "year_to": 2025, "fiscal_year": 2022, "year": 2022, "measure": "sme_pct_filings",
    "dataset": "pct_applications", "geography_level": "prefecture", "level": "prefecture", "view": "kpi_results",
    "blocks": ["関東"], "block": "関東", "prefectures": ["13"], "prefecture_code": "13", "limit": 1000,
    "lang": "ja", "status": "achieved", "basis": "annual", "period": "FY",
}


@dataclass
class QueryCall:
    name: str
    function: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # why it is skipped, or what was adapted

    @property
    def callable(self) -> bool:
        return not self.note.startswith("skipped")


def public_functions() -> list[tuple[str, Callable[..., Any]]]:
    """Public functions defined in warehouse.queries (not imported helpers), in source order."""
    found = [(name, fn) for name, fn in inspect.getmembers(queries, inspect.isfunction)
             if not name.startswith("_") and fn.__module__ == queries.__name__]
    return sorted(found, key=lambda item: item[1].__code__.co_firstlineno)


def plan_call(name: str, fn: Callable[..., Any]) -> QueryCall:
    """Arguments for one query function (first positional parameter is the cursor)."""
    params = list(inspect.signature(fn).parameters.values())
    if not params or params[0].kind not in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
        return QueryCall(name, fn, note="skipped: first parameter is not a cursor")
    rest = {p.name: p for p in params[1:]}
    notes = []
    kwargs = {}
    for key, value in DEFAULTS.get(name, {}).items():
        if key in rest:
            kwargs[key] = value
        else:
            notes.append(f"dropped unknown argument {key}")
    for p in rest.values():
        if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD) or p.name in kwargs:
            continue
        if p.default is inspect.Parameter.empty:
            if p.name not in BY_NAME:
                return QueryCall(name, fn, note=f"skipped: no representative value for required argument {p.name!r}")
            kwargs[p.name] = BY_NAME[p.name]
            notes.append(f"{p.name} guessed by name")
    return QueryCall(name, fn, kwargs, "; ".join(notes))


def all_calls() -> list[QueryCall]:
    return [plan_call(name, fn) for name, fn in public_functions()]
