"""The single caching point between pages and the warehouse.

The pointer is read once per rerun (``pin_version``); every cached value is keyed by the version name, so a
new build shows on the next rerun without a restart and a page never mixes versions.

Two kinds of cached values, both shared by every session (``st.cache_resource``: a hit hands back the same
immutable object instead of unpickling a copy, so it costs microseconds and 50 sessions share one copy):
- ``fetch(queries.kpi_series, kpi_id=…)``: one warehouse query function's frame;
- ``prepared(builder, …)``: what a page shows — display frames and Vega-Lite spec dicts built by a pure
  ``reports`` function from fetched frames — so a rerun that changes nothing the builder depends on costs a
  dictionary lookup, not Polars reshaping and Altair validation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries
from warehouse.connection import (
    NoWarehouseError,
    Version,
    current_version,
    mark_damaged,
    open_read_only,
    serving,
    versions_dir,
)

log = logging.getLogger("ipdash.warehouse")
_VERSION_KEY = "_warehouse_version"
_PROBLEM_KEY = "_warehouse_problem"  # why this rerun's version is not the one CURRENT names (None: it is)
_REPINNED_KEY = "_warehouse_repinned"  # (old id, new id) when a pinned version vanished under a session
T = TypeVar("T")
Query = Callable[..., Any]


def pin_version() -> Version | None:
    """Choose this rerun's version: CURRENT's, or if that is damaged the newest intact kept one
    (``serving_problem`` says why). None when no version can serve."""
    state = serving()
    st.session_state[_VERSION_KEY] = state.version
    st.session_state[_PROBLEM_KEY] = None if state.fresh else state.problem
    return state.version


def serving_problem() -> str | None:
    """Why this rerun does not read the version CURRENT names (damage for admins), or None."""
    return st.session_state.get(_PROBLEM_KEY)  # type: ignore[no-any-return]


def take_repinned() -> tuple[str, str] | None:
    """(old, new) version ids if this session's version vanished and it moved on; asked once."""
    return st.session_state.pop(_REPINNED_KEY, None)  # type: ignore[no-any-return]


def version() -> Version:
    pinned = st.session_state.get(_VERSION_KEY)
    if pinned is not None and not pinned.path.exists():
        # pruned (or removed by hand) since this session pinned it: move on instead of an IOException
        old = pinned.id
        pinned = pin_version()
        if pinned is not None:
            st.session_state[_REPINNED_KEY] = (old, pinned.id)
            log.warning("session moved from vanished version %s to %s", old, pinned.id)
    if pinned is None:
        pinned = pin_version()
    if pinned is None:
        raise NoWarehouseError("no warehouse")
    return pinned


@contextmanager
def rerun_if_damaged() -> Iterator[None]:
    """Around code that queries this rerun's version: if a query meets damaged blocks (which the quick
    open-time check cannot see), stop serving that version and rerun on the newest intact one."""
    try:
        yield
    except duckdb.Error as exc:
        pinned = st.session_state.get(_VERSION_KEY)
        if pinned is not None and mark_damaged(pinned.path, exc):
            st.rerun()
        raise


@st.cache_resource(max_entries=3, show_spinner=False)
def _connection(version_name: str) -> duckdb.DuckDBPyConnection:
    return open_read_only(versions_dir() / version_name)


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _arguments(arguments: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((name, _freeze(value)) for name, value in arguments.items()))


def _page_query(query: Query) -> str:
    """Only the typed functions of warehouse.queries run here (no SQL text from pages)."""
    name = getattr(query, "__name__", "")
    if getattr(query, "__module__", None) != queries.__name__ or getattr(queries, name, None) is not query:
        raise ValueError(f"not a warehouse query function: {query!r}")
    return name


def _key(version_name: str, name: str, arguments: tuple[tuple[str, Any], ...]) -> str:
    """One string per cached value: Streamlit hashes a string a few times faster than nested tuples, and
    every rerun looks up several values (about 0.13 instead of 0.33 ms each)."""
    return f"{version_name}|{name}|{arguments!r}"


@st.cache_resource(max_entries=1024, show_spinner=False)
def _fetched(key: str, _version_name: str, _name: str, _arguments: tuple[tuple[str, Any], ...]) -> Any:
    cur = _connection(_version_name).cursor()
    try:
        return getattr(queries, _name)(cur, **dict(_arguments))
    finally:
        cur.close()


def _fetch(version_name: str, name: str, arguments: tuple[tuple[str, Any], ...]) -> Any:
    return _fetched(_key(version_name, name, arguments), version_name, name, arguments)


def _reader(version_name: str) -> Callable[..., pl.DataFrame]:
    """``read(queries.x, **arguments)`` on one version, through the query cache (what builders receive)."""
    def read(query: Query, **arguments: Any) -> pl.DataFrame:
        return _fetch(version_name, _page_query(query), _arguments(arguments))  # type: ignore[no-any-return]
    return read


def fetch(query: Query, **arguments: Any) -> pl.DataFrame:
    """A warehouse query's frame on this rerun's version, cached by (version, query, arguments)."""
    return _reader(version().name)(query, **arguments)


@st.cache_resource(max_entries=2048, show_spinner=False)
def _prepared(key: str, _version_name: str, _arguments: tuple[tuple[str, Any], ...],
              _builder: Callable[..., Any]) -> Any:
    return _builder(_reader(_version_name), **dict(_arguments))  # keyed by the builder's name, not the object


def prepared(builder: Callable[..., T], **arguments: Any) -> T:
    """``builder(read, **arguments)`` on this rerun's version, cached by (version, builder, arguments).

    Builders are pure functions of the warehouse and their arguments (which include the language), so
    a cached result never leaks between languages or filters.
    """
    name, pinned, frozen = f"{builder.__module__}.{builder.__qualname__}", version().name, _arguments(arguments)
    return _prepared(_key(pinned, name, frozen), pinned, frozen, builder)  # type: ignore[no-any-return]


def build_info(version_name: str) -> dict[str, str]:
    return _fetch(version_name, "build_info", ())  # type: ignore[no-any-return]


def version_file() -> Callable[[], bytes]:
    """The download of this rerun's whole DuckDB file, for analysts, read when the button is clicked.

    The click is served later, in a thread without this session, so the version is bound now.  If
    it has been pruned by then, the current version is read instead (its ``warehouse_info`` says which).
    """
    pinned = version()

    def read() -> bytes:
        try:
            return pinned.path.read_bytes()
        except FileNotFoundError:
            current = current_version()
            log.warning("download of pruned version %s: sending the current version %s", pinned.id, current.id)
            return current.path.read_bytes()

    return read


# --- Half-year review (PDCA) ---------------------------------------------------------------------
# Review entries are user writes: cached by the store's stamp (the newest entry id), so a save shows on the next click.
# Imports stay local so this section is self-contained.

@st.cache_resource(max_entries=4, show_spinner=False)
def _review_store(path: str) -> Any:
    from pathlib import Path

    from warehouse.reviews import ReviewStore

    return ReviewStore(Path(path))


def review_store() -> Any:
    """The review store of this $IPDASH_HOME (warehouse.reviews.ReviewStore)."""
    from warehouse.reviews import store_path

    return _review_store(str(store_path()))


@st.cache_resource(max_entries=64, show_spinner=False)
def _review_entries(path: str, stamp: int, plan: str, block: str) -> tuple[Any, ...]:
    return tuple(_review_store(path).entries(plan=plan, block=block))


def review_entries(plan: str, block: str) -> list[Any]:
    """Every revision of the block's entries in one plan, oldest first (warehouse.reviews.Entry)."""
    store = review_store()
    return list(_review_entries(str(store.path), store.stamp(), plan, block))
