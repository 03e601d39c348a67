"""The warehouse queries the pages make, recorded while each page runs once in AppTest (never guessed),
then timed: the function's own SQL straight to Arrow vs the function (docs/performance.md#method).
"""

from __future__ import annotations

import inspect
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import duckdb

from bench.pages_bench import APP, PageRef
from bench.results import QueryTiming
from warehouse import queries
from warehouse.connection import current_version, open_read_only

_QUERIES_FILE = inspect.getfile(queries)


class RecordingCursor:
    """Passes everything to a DuckDB cursor and remembers each ``sql`` statement (how every query
    function runs its SQL) with its parameters."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor
        self.statements: list[tuple[str, Any]] = []

    def sql(self, query: str, *args: Any, **kwargs: Any) -> Any:
        self.statements.append((query, kwargs.get("params")))
        return self._cursor.sql(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def record_page_calls(home: Path, pages: list[PageRef]) -> list[QueryTiming]:
    """Run each page once in AppTest and return the distinct query calls made, with the pages making them."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    calls: dict[str, QueryTiming] = {}
    current = {"page": ""}

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        code = frame.f_code
        if event != "call" or code.co_filename != _QUERIES_FILE or code.co_name.startswith(("_", "<")):
            return
        if frame.f_back is None or frame.f_back.f_code.co_filename == _QUERIES_FILE:
            return  # only calls from outside warehouse/queries.py (what a page asks for)
        names = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]  # after the cursor
        arguments = {name: frame.f_locals[name] for name in names}
        call = calls.setdefault(f"{code.co_name}{sorted(arguments.items())!r}",
                                QueryTiming(code.co_name, arguments, []))
        if current["page"] not in call.pages:
            call.pages.append(current["page"])

    os.environ["IPDASH_HOME"] = str(home)  # the app reads the pointer from here
    for page in pages:
        app = AppTest.from_file(str(APP), default_timeout=120)
        app.switch_page(page.file)  # a new session on that page, as when a visitor opens its URL
        st.cache_data.clear()
        st.cache_resource.clear()
        current["page"] = page.name
        threading.setprofile(hook)  # AppTest runs the script in a thread of its own
        sys.setprofile(hook)
        try:
            app.run()
        finally:
            sys.setprofile(None)
            threading.setprofile(None)  # type: ignore[arg-type]
    return list(calls.values())


def _time_call(call: QueryTiming, raw: duckdb.DuckDBPyConnection, app: duckdb.DuckDBPyConnection,
               repeats: int) -> None:
    function: Callable[..., Any] = getattr(queries, call.function)
    recorder = RecordingCursor(app.cursor())
    try:
        value = function(recorder, **call.arguments)
    except Exception as exc:  # reported with the call, not fatal
        call.error = f"{type(exc).__name__}: {exc}"[:300]
        return
    statements = recorder.statements

    def run_raw() -> None:
        for query, params in statements:
            raw.sql(query, params=params).to_arrow_table()

    def run_function() -> None:
        cur = app.cursor()
        try:
            function(cur, **call.arguments)
        finally:
            cur.close()

    run_raw(), run_function()  # warm-up: catalog, buffer pool
    samples: dict[str, list[float]] = {"raw": [], "function": []}
    for _ in range(repeats):
        for name, fn in (("raw", run_raw), ("function", run_function)):
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    call.rows = len(value) if isinstance(value, dict) else getattr(value, "height", None)
    call.statements = len(statements)
    call.raw_ms, call.function_ms = (statistics.median(samples[k]) * 1000 for k in ("raw", "function"))


def time_page_queries(home: Path, pages: list[PageRef], *, repeats: int, work_dir: Path) -> list[QueryTiming]:
    calls = record_page_calls(home, pages)
    version = current_version(home)
    link = work_dir / f"raw_{version.name}"
    link.unlink(missing_ok=True)
    os.link(version.path, link)
    raw = duckdb.connect(str(link), read_only=True)
    app = open_read_only(version.path)
    try:
        for call in calls:
            _time_call(call, raw, app, repeats)
    finally:
        raw.close()
        app.close()
        link.unlink(missing_ok=True)
    return calls
