"""Baseline: a page that only writes one line (the cost of a rerun itself)."""

import streamlit as st

st.write("One line.")
