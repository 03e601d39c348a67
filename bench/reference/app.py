"""Reference app for the benchmark's floor (not part of the product): a one-line page, routed by
st.navigation like the app, with its page file outside a pages/ folder (see bench/pages_bench.py)."""

import streamlit as st

page = st.navigation([st.Page("one_line.py", title="One line", url_path="one_line", default=True)])
page.run()
