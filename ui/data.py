"""The single caching point between pages and the warehouse.

The pointer is read once per rerun (``pin_version``); every cached function takes the version
name, so a new build shows on the next rerun without a restart and a page never mixes versions.
One read-only connection per version (cache_resource), a fresh cursor per call (thread-safe).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries
from warehouse.connection import NoWarehouseError, Version, current_version, open_read_only, versions_dir

_VERSION_KEY = "_warehouse_version"


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


def _query(fn: Callable[..., pl.DataFrame], version_name: str, **kwargs: Any) -> pl.DataFrame:
    cur = _connection(version_name).cursor()
    try:
        return fn(cur, **kwargs)
    finally:
        cur.close()


@st.cache_data(max_entries=64, show_spinner=False)
def central_kpis(version_name: str, plan: str | None) -> pl.DataFrame:
    return _query(queries.central_kpis, version_name, plan=plan)


@st.cache_data(max_entries=8, show_spinner=False)
def plans(version_name: str) -> pl.DataFrame:
    return _query(queries.plans, version_name)


@st.cache_data(max_entries=8, show_spinner=False)
def prefectures(version_name: str) -> pl.DataFrame:
    return _query(queries.prefectures, version_name)


@st.cache_data(max_entries=8, show_spinner=False)
def build_info(version_name: str) -> dict[str, str]:
    cur = _connection(version_name).cursor()
    try:
        return queries.build_info(cur)
    finally:
        cur.close()
