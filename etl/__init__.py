"""ETL: raw files -> validated Parquet -> a new warehouse version. Never imports streamlit."""
