"""Query latency: raw DuckDB vs the query function vs Streamlit's cache (miss and hit).

For each public function of warehouse.queries (see bench/query_args.py):
- ``raw``: the very SQL the function ran (recorded through a proxy cursor), with the same bound
  values, straight into Arrow on a plain DuckDB connection to the same file (a hard link, because
  DuckDB keeps one instance per path and ours is opened with a locked configuration);
- ``direct``: the function itself on a cursor of the app's read-only connection (Polars frame);
- ``miss``: the app's cached path (``ui.data.fetch`` or a same-named cached wrapper; else an
  equivalent ``st.cache_data`` wrapper) after clearing every result cache of ui.data (cache_data
  or cache_resource, but not the connection);
- ``hit``: the same call again.
Medians over ``repeats`` interleaved rounds, after one warm-up of each path.
"""

from __future__ import annotations

import inspect
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from bench.query_args import QueryCall, all_calls
from warehouse import queries
from warehouse.connection import current_version, open_read_only


class RecordingCursor:
    """Passes everything to a DuckDB cursor and remembers each statement with its parameters."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor
        self.statements: list[tuple[str, Any]] = []

    def sql(self, query: str, *args: Any, **kwargs: Any) -> Any:
        self.statements.append((query, kwargs.get("params")))
        return self._cursor.sql(query, *args, **kwargs)

    def execute(self, query: str, parameters: Any = None, *args: Any, **kwargs: Any) -> Any:
        self.statements.append((query, parameters))
        return self._cursor.execute(query, parameters, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _rows(value: Any) -> int | None:
    return getattr(value, "height", None) if not isinstance(value, dict) else len(value)


_BENCH_CONNECTIONS: dict[str, duckdb.DuckDBPyConnection] = {}


@st.cache_data(max_entries=256, show_spinner=False)
def _bench_cached(version_path: str, name: str, kwargs_json: str) -> Any:
    """st.cache_data around a query function, keyed like ui.data: (version, query, arguments)."""
    from warehouse import queries

    con = _BENCH_CONNECTIONS.setdefault(version_path, open_read_only(Path(version_path)))
    cur = con.cursor()
    try:
        return getattr(queries, name)(cur, **json.loads(kwargs_json))
    finally:
        cur.close()


def result_caches() -> list[Any]:
    """The Streamlit-cached functions of ui.data that hold query results (not the connection)."""
    from ui import data

    caches = []
    for obj in vars(data).values():
        if not (callable(getattr(obj, "clear", None)) and hasattr(obj, "__wrapped__")):
            continue
        try:
            returns = str(inspect.signature(obj).return_annotation)
        except (TypeError, ValueError):
            returns = ""
        if "Connection" not in returns:
            caches.append(obj)
    return caches


def clear_results(caches: list[Any]) -> None:
    st.cache_data.clear()
    for cache in caches:
        cache.clear()


def cached_path(call: QueryCall, version_name: str, version_path: Path) -> tuple[str, Callable[[], Any]]:
    """How the app reaches this query through Streamlit's cache (and a label saying which way)."""
    from ui import data

    if call.name != "build_info" and callable(getattr(queries, call.name, None)):
        return "ui.data.fetch", lambda: data.fetch(getattr(queries, call.name), **call.kwargs)
    wrapper = getattr(data, call.name, None)
    if callable(wrapper) and hasattr(wrapper, "clear"):
        try:
            inspect.signature(wrapper).bind(version_name, **call.kwargs)
            return f"ui.data.{call.name}", lambda: wrapper(version_name, **call.kwargs)
        except TypeError:
            pass
    kwargs_json = json.dumps(call.kwargs, sort_keys=True, ensure_ascii=False)
    return "st.cache_data (bench wrapper)", lambda: _bench_cached(str(version_path), call.name, kwargs_json)


def measure_queries(home: Path, *, repeats: int, work_dir: Path) -> dict[str, Any]:
    """Time every query function on the current version under ``home``."""
    from ui import data

    os.environ["IPDASH_HOME"] = str(home)
    version = current_version(home)
    data.pin_version()  # bare mode: session state lives in this process
    link = work_dir / f"raw_{version.name}"
    link.unlink(missing_ok=True)
    os.link(version.path, link)
    raw = duckdb.connect(str(link), read_only=True)
    app = open_read_only(version.path)
    results: dict[str, Any] = {}
    try:
        for call in all_calls():
            results[call.name] = _measure_one(call, raw, app, version.name, version.path, repeats)
    finally:
        raw.close()
        app.close()
        link.unlink(missing_ok=True)
    return {"version": version.id, "repeats": repeats, "functions": results}


def _measure_one(call: QueryCall, raw: duckdb.DuckDBPyConnection, app: duckdb.DuckDBPyConnection,
                 version_name: str, version_path: Path, repeats: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"arguments": call.kwargs, "note": call.note}
    if not call.callable:
        return entry | {"skipped": True}
    recorder = RecordingCursor(app.cursor())
    try:
        value = call.function(recorder, **call.kwargs)
    except Exception as exc:  # a function we cannot call is reported, not fatal
        return entry | {"skipped": True, "note": f"skipped: {type(exc).__name__}: {exc}"[:300]}
    statements = recorder.statements

    def run_raw() -> None:
        for query, params in statements:
            raw.sql(query, params=params).to_arrow_table()

    def run_direct() -> Any:
        cur = app.cursor()
        try:
            return call.function(cur, **call.kwargs)
        finally:
            cur.close()

    via, cached = cached_path(call, version_name, version_path)
    run_raw(), run_direct(), cached()  # warm-up: catalog, buffer pool, connection cache
    samples: dict[str, list[float]] = {"raw": [], "direct": [], "miss": [], "hit": []}
    caches = result_caches()
    for _ in range(repeats):
        samples["raw"].append(_timed(run_raw)[0])
        samples["direct"].append(_timed(run_direct)[0])
        clear_results(caches)
        samples["miss"].append(_timed(cached)[0])
        samples["hit"].append(_timed(cached)[0])
    ms = {k: statistics.median(v) * 1000 for k, v in samples.items()}
    return entry | {
        "via": via, "statements": len(statements), "rows": _rows(value),
        "raw_ms": ms["raw"], "direct_ms": ms["direct"], "miss_ms": ms["miss"], "hit_ms": ms["hit"],
        "direct_ratio": ms["direct"] / ms["raw"] if ms["raw"] else None,
        "miss_ratio": ms["miss"] / ms["raw"] if ms["raw"] else None,
    }
