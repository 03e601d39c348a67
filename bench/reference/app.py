"""Reference app for the benchmark baselines (not part of the product): two pages, no caching."""

import streamlit as st

page = st.navigation([
    st.Page("naive.py", title="Naive", url_path="naive", default=True),
    st.Page("one_line.py", title="One line", url_path="one_line"),
])
page.run()
