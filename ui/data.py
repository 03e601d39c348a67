"""The single caching point between pages and the warehouse.

The pointer is read once per rerun (``pin_version``); every cached function takes the version
name, so a new build shows on the next rerun without a restart and a page never mixes versions.
One read-only connection per version (cache_resource), a fresh cursor per call (thread-safe).
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries
from warehouse.connection import NoWarehouseError, Version, current_version, open_read_only, versions_dir

_VERSION_KEY = "_warehouse_version"
# The query functions pages may call through fetch(); each is a typed function in warehouse.queries.
QUERIES = ("central_kpis", "plans", "prefectures", "indicators", "kpi_series", "regional_summary",
           "region_values", "national_statistics", "explore", "sources", "load_log")


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


# cache_resource, not cache_data: a hit hands back the same (immutable) Polars frame instead of
# unpickling a copy per rerun, so a hit costs microseconds and 50 sessions share one copy in memory.
@st.cache_resource(max_entries=512, show_spinner=False)
def _cached(version_name: str, query: str, arguments: tuple[tuple[str, Any], ...]) -> Any:
    cur = _connection(version_name).cursor()
    try:
        return getattr(queries, query)(cur, **dict(arguments))
    finally:
        cur.close()


def fetch(query: str, **arguments: Any) -> pl.DataFrame:
    """Run a warehouse query on this rerun's version, cached by (version, query, arguments)."""
    if query not in QUERIES:
        raise ValueError(f"not a page query: {query}")
    frozen = tuple(sorted((k, _freeze(v)) for k, v in arguments.items()))
    return _cached(version().name, query, frozen)  # type: ignore[no-any-return]


def build_info(version_name: str) -> dict[str, str]:
    return _cached(version_name, "build_info", ())  # type: ignore[no-any-return]


def version_file() -> bytes:
    """The whole current DuckDB file, for analysts."""
    return version().path.read_bytes()


REGION_MEASURES = queries.REGION_MEASURES
EXPLORER_VIEWS = tuple(queries.EXPLORER_VIEWS)


# --- Half-year review (PDCA) ---------------------------------------------------------------------
# Warehouse rows of one block are cached by version like every query above. Review entries are user
# writes: cached by the store's stamp (the newest entry id), so a save shows on the next click.
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
def _review_kpis(version_name: str, plan: str, block: str) -> pl.DataFrame:
    from warehouse.review_queries import block_kpis

    cur = _connection(version_name).cursor()
    try:
        return block_kpis(cur, plan=plan, block=block)
    finally:
        cur.close()


def review_kpis(plan: str, block: str) -> pl.DataFrame:
    """Regional-KPI rows of one block (block and prefecture level) in one plan, this rerun's version."""
    return _review_kpis(version().name, plan, block)


@st.cache_resource(max_entries=64, show_spinner=False)
def _review_entries(path: str, stamp: int, plan: str, block: str) -> tuple[Any, ...]:
    return tuple(_review_store(path).entries(plan=plan, block=block))


def review_entries(plan: str, block: str) -> list[Any]:
    """Every revision of the block's entries in one plan, oldest first (warehouse.reviews.Entry)."""
    store = review_store()
    return list(_review_entries(str(store.path), store.stamp(), plan, block))
