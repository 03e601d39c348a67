"""Baseline: the naive way — connect, query the big view, chart and table; no cache, no marts used well.

What a first Streamlit page over DuckDB typically looks like: a filter, a fresh connection per rerun,
an aggregate over the whole fact view for the chart and a slice of it for the table, via pandas.
"""

import duckdb
import streamlit as st

from warehouse.connection import current_version

BLOCKS = ["北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州", "沖縄"]

st.title("Naive page")
block = st.selectbox("Block", BLOCKS, key="naive_block")
con = duckdb.connect(str(current_version().path), read_only=True)
try:
    trend = con.execute(
        "SELECT fiscal_year, sum(target) AS target, sum(actual) AS actual FROM kpi_results "
        "WHERE block = ? AND geography_level = 'prefecture' GROUP BY fiscal_year ORDER BY fiscal_year",
        [block],
    ).df()
    rows = con.execute("SELECT * FROM kpi_results WHERE block = ? LIMIT 1000", [block]).df()
finally:
    con.close()
st.line_chart(trend, x="fiscal_year", y=["target", "actual"])
st.dataframe(rows)
