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

from collections.abc import Callable
from typing import Any, TypeVar

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries
from warehouse.connection import NoWarehouseError, Version, current_version, open_read_only, versions_dir

_VERSION_KEY = "_warehouse_version"
T = TypeVar("T")
Query = Callable[..., Any]


def pin_version() -> Version | None:
    """Read the current pointer for this rerun; None when no warehouse is built yet."""
    try:
        version = current_version()
    except NoWarehouseError:
        st.session_state[_VERSION_KEY] = None
        return None
    st.session_state[_VERSION_KEY] = version
    return version


def version() -> Version:
    pinned = st.session_state.get(_VERSION_KEY)
    if pinned is None:
        pinned = pin_version()
    if pinned is None:
        raise NoWarehouseError("no warehouse")
    return pinned


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


@st.cache_resource(max_entries=1024, show_spinner=False)
def _fetched(version_name: str, name: str, arguments: tuple[tuple[str, Any], ...]) -> Any:
    cur = _connection(version_name).cursor()
    try:
        return getattr(queries, name)(cur, **dict(arguments))
    finally:
        cur.close()


def _reader(version_name: str) -> Callable[..., pl.DataFrame]:
    """``read(queries.x, **arguments)`` on one version, through the query cache (what builders receive)."""
    def read(query: Query, **arguments: Any) -> pl.DataFrame:
        return _fetched(version_name, _page_query(query), _arguments(arguments))  # type: ignore[no-any-return]
    return read


def fetch(query: Query, **arguments: Any) -> pl.DataFrame:
    """A warehouse query's frame on this rerun's version, cached by (version, query, arguments)."""
    return _reader(version().name)(query, **arguments)


@st.cache_resource(max_entries=2048, show_spinner=False)
def _prepared(version_name: str, name: str, arguments: tuple[tuple[str, Any], ...],
              _builder: Callable[..., Any]) -> Any:
    return _builder(_reader(version_name), **dict(arguments))  # the key is the builder's name, not the object


def prepared(builder: Callable[..., T], **arguments: Any) -> T:
    """``builder(read, **arguments)`` on this rerun's version, cached by (version, builder, arguments).

    Builders are pure functions of the warehouse and their arguments (which include the language), so
    a cached result never leaks between languages or filters.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _prepared(version().name, name, _arguments(arguments), builder)  # type: ignore[no-any-return]


def build_info(version_name: str) -> dict[str, str]:
    return _fetched(version_name, "build_info", ())  # type: ignore[no-any-return]


def version_file() -> bytes:
    """The whole current DuckDB file, for analysts."""
    return version().path.read_bytes()


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
