"""ETL: the bundled inputs, the sample and users' uploads -> a new warehouse version. Never imports streamlit.

Stages, bottom first; a module imports its own stage or one below (tests/test_architecture.py), and
docs/architecture.md says which room each kind of change goes to:

  cells/    one cell vocabulary: problems, rule messages (ja/en), bytes -> text -> CSV records, cell -> value
  inputs/   what the product bundles: data/reference (plans, prefectures, indicators), data/raw files, the sample
  uploads/  pure: an uploaded file's bytes -> a validation report (new file quirks go here)
  loads/    journal, disk errors, quarantine and archive, how loads override the sample, a load's impact
  build/    inputs + loads -> tables -> warehouse.publish.publish_version (a new version, switched in)
  ingest.py one load attempt (uploads -> loads -> build); backup.py
  cli/      python -m etl: build, status, ingest, sample, backup, hash-password

exits.py (exit codes) and tables.py (the table contract as Polars schemas) sit with cells/ at the bottom.
"""
