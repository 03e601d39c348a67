"""The DuckDB warehouse: versioned, read-only for readers. Never imports streamlit."""
