"""The only Streamlit glue: caching, filters, charts, downloads, labels."""
