"""The table contract between the ETL and the warehouse: every table a build loads, its columns with their
DuckDB types, and the key that names one row. The public views readers use are listed here too.

One home for these facts. The ETL derives its Polars/Parquet schemas from it (etl/tables.py); duplicate rows in
an upload, rows a load replaces and merged bundled rows are found by ``Table.key``; a build loads exactly
``TABLES``. SQL must say the same again in warehouse/sql/schema.sql (with NOT NULL, primary keys and comments)
and in the unique-key rule of warehouse/sql/checks/kpi_results__rows_per_year.sql: tests/warehouse/test_contract.py
checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, str]  # column -> DuckDB type, in the schema's order
    key: tuple[str, ...] = ()  # columns naming one row; () when only the primary key in schema.sql does


DIM_PLAN = Table("dim_plan", {
    "plan": "VARCHAR", "plan_no": "INTEGER", "name_ja": "VARCHAR", "name_en": "VARCHAR",
    "fy_start": "INTEGER", "fy_end": "INTEGER",
}, key=("plan",))

DIM_PREFECTURE = Table("dim_prefecture", {
    "prefecture_code": "VARCHAR", "prefecture_name_ja": "VARCHAR", "prefecture_name_en": "VARCHAR",
    "block": "VARCHAR", "block_en": "VARCHAR", "bureau": "VARCHAR", "tile_x": "INTEGER", "tile_y": "INTEGER",
}, key=("prefecture_code",))

DIM_INDICATOR = Table("dim_indicator", {
    "kpi_id": "VARCHAR",
    "display_order": "INTEGER",  # the plan's own order (row of data/reference/indicators.csv)
    "plan": "VARCHAR", "kpi_tier": "VARCHAR", "indicator_group": "VARCHAR", "indicator_group_en": "VARCHAR",
    "basis": "VARCHAR", "unit": "VARCHAR", "unit_en": "VARCHAR", "year_type": "VARCHAR",
    "baseline_value": "DOUBLE", "baseline_year": "INTEGER", "target_value": "DOUBLE", "target_year": "INTEGER",
    "target_text": "VARCHAR", "target_text_en": "VARCHAR", "kpi_name_ja": "VARCHAR", "kpi_name_en": "VARCHAR",
    "definition_ja": "VARCHAR", "definition_en": "VARCHAR",
}, key=("kpi_id",))

DIM_SOURCE = Table("dim_source", {
    "source_id": "VARCHAR",
    "source_type": "VARCHAR",  # seed | primary | secondary | sample | reference | loaded
    "title": "VARCHAR", "title_en": "VARCHAR", "url": "VARCHAR",
}, key=("source_id",))

FACT_KPI = Table("fact_kpi", {
    "kpi_id": "VARCHAR", "plan": "VARCHAR",
    "geography_level": "VARCHAR",  # national | block | prefecture
    "block": "VARCHAR", "prefecture_code": "VARCHAR",
    "fiscal_year": "INTEGER",  # the year as labelled by the indicator's year_type
    "period": "VARCHAR",  # FY | H1 | H2 | PLAN (a whole plan period, e.g. FY2020-22)
    "target": "DOUBLE", "actual": "DOUBLE", "printed_achievement_pct": "DOUBLE", "is_sample": "BOOLEAN",
    "source_id": "VARCHAR", "note": "VARCHAR",
}, key=("kpi_id", "plan", "geography_level", "block", "prefecture_code", "fiscal_year", "period"))

FACT_STATISTIC = Table("fact_statistic", {
    "dataset": "VARCHAR", "stat_code": "VARCHAR", "indicator_ja": "VARCHAR", "indicator_en": "VARCHAR",
    "geography_level": "VARCHAR", "block": "VARCHAR", "prefecture_code": "VARCHAR", "year": "INTEGER",
    "year_label": "VARCHAR",
    "year_type": "VARCHAR",  # fiscal | calendar
    "value": "DOUBLE", "value_text": "VARCHAR", "unit": "VARCHAR", "target": "DOUBLE", "target_text": "VARCHAR",
    "is_sample": "BOOLEAN", "source_id": "VARCHAR", "note": "VARCHAR",
    "note_en": "VARCHAR",  # data/reference/statistic_notes.csv; loaded rows: their note with English markers
}, key=("stat_code", "geography_level", "block", "prefecture_code", "year"))

FACT_REGIONAL_SUMMARY = Table("fact_regional_summary", {
    "geography_level": "VARCHAR", "block": "VARCHAR", "prefecture_code": "VARCHAR", "fiscal_year": "INTEGER",
    "items": "INTEGER", "achieved": "INTEGER", "printed_share_pct": "DOUBLE", "is_sample": "BOOLEAN",
    "source_id": "VARCHAR",
}, key=("geography_level", "block", "prefecture_code", "fiscal_year"))

# Bundled and loaded denominator rows arrive as fact_statistic rows of this dataset (so a load replaces them by
# the usual key); the build then moves the newest reference year of each measure into fact_denominator.
DENOMINATOR_DATASET = "denominators"

# Denominators of rates (etl/inputs/denominators.py): one row per measure and prefecture, the newest reference
# year of each measure only (a loaded file with a newer year replaces the measure; checks need all 47 rows).
FACT_DENOMINATOR = Table("fact_denominator", {
    "measure": "VARCHAR",  # establishments | population | a loaded one (data/reference/denominators.csv)
    "indicator_ja": "VARCHAR", "indicator_en": "VARCHAR", "prefecture_code": "VARCHAR", "value": "DOUBLE",
    "reference_year": "INTEGER",
    "reference_date": "DATE",  # as published (bundled files); loaded files give the year only
    "is_sample": "BOOLEAN", "source_id": "VARCHAR", "note": "VARCHAR",
}, key=("measure", "prefecture_code"))

DIM_DENOMINATOR = Table("dim_denominator", {
    "measure": "VARCHAR", "unit": "VARCHAR", "unit_en": "VARCHAR",
    "per": "BIGINT",  # a rate is per this many units
    "per_ja": "VARCHAR", "per_en": "VARCHAR",
    "national_total": "BIGINT",  # the published national figure the 47 rows add up to (bundled measures)
    "national_reference_date": "DATE",
}, key=("measure",))

LOAD_HISTORY = Table("load_history", {
    "load_id": "VARCHAR", "loaded_at": "TIMESTAMP WITH TIME ZONE",
    "action": "VARCHAR",  # build | ingest
    "dataset": "VARCHAR", "file_name": "VARCHAR", "sha256": "VARCHAR",
    "status": "VARCHAR",  # built | accepted | rejected | unchanged | refused | failed
    "rows_loaded": "BIGINT", "rows_replaced": "BIGINT", "message": "VARCHAR",
}, key=("load_id",))

# Every table a build loads, in the order it loads them (dimensions first).
TABLES: dict[str, Table] = {table.name: table for table in (
    DIM_PLAN, DIM_PREFECTURE, DIM_INDICATOR, DIM_SOURCE, FACT_KPI, FACT_STATISTIC, FACT_REGIONAL_SUMMARY,
    FACT_DENOMINATOR, DIM_DENOMINATOR, LOAD_HISTORY)}

# What pages and analysts read (warehouse/sql/views.sql); the tables behind them may change.
PUBLIC_VIEWS = ("prefectures", "plans", "indicators", "sources", "kpi_results", "regional_kpi_summary",
                "published_statistics", "subsidy_adoptions", "accelerated_exam", "pct_filings", "denominators",
                "load_log")
