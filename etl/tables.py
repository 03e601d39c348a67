"""Column names and types of the Parquet files the ETL hands to the warehouse build.

The warehouse schema (warehouse/sql/schema.sql) declares the same tables; the build inserts
BY NAME, so a column missing on either side fails the build instead of shifting data.
"""

from __future__ import annotations

import polars as pl

FACT_KPI = {
    "kpi_id": pl.String,
    "plan": pl.String,
    "geography_level": pl.String,  # national | block | prefecture
    "block": pl.String,
    "prefecture_code": pl.String,
    "fiscal_year": pl.Int32,  # the year as labelled by the indicator's year_type
    "period": pl.String,  # FY | H1 | H2 | PLAN (a whole plan period, e.g. FY2020-22)
    "target": pl.Float64,
    "actual": pl.Float64,
    "printed_achievement_pct": pl.Float64,
    "is_sample": pl.Boolean,
    "source_id": pl.String,
    "note": pl.String,
}

FACT_STATISTIC = {
    "dataset": pl.String,
    "stat_code": pl.String,
    "indicator_ja": pl.String,
    "indicator_en": pl.String,
    "geography_level": pl.String,
    "block": pl.String,
    "prefecture_code": pl.String,
    "year": pl.Int32,
    "year_label": pl.String,
    "year_type": pl.String,  # fiscal | calendar
    "value": pl.Float64,
    "value_text": pl.String,
    "unit": pl.String,
    "target": pl.Float64,
    "target_text": pl.String,
    "is_sample": pl.Boolean,
    "source_id": pl.String,
    "note": pl.String,
    "note_en": pl.String,  # data/reference/statistic_notes.csv; loaded rows keep their own note only
}

FACT_REGIONAL_SUMMARY = {
    "geography_level": pl.String,
    "block": pl.String,
    "prefecture_code": pl.String,
    "fiscal_year": pl.Int32,
    "items": pl.Int32,
    "achieved": pl.Int32,
    "printed_share_pct": pl.Float64,
    "is_sample": pl.Boolean,
    "source_id": pl.String,
}

# Denominators of rates (etl/sources/denominators.py): one row per measure and prefecture, the newest reference
# year of each measure only (a loaded file with a newer year replaces the measure; checks need all 47 rows).
FACT_DENOMINATOR = {
    "measure": pl.String,  # establishments | population | a loaded one (data/reference/denominators.csv)
    "indicator_ja": pl.String,
    "indicator_en": pl.String,
    "prefecture_code": pl.String,
    "value": pl.Float64,
    "reference_year": pl.Int32,
    "reference_date": pl.Date,  # as published (bundled files); loaded files give the year only
    "is_sample": pl.Boolean,
    "source_id": pl.String,
    "note": pl.String,
}

DIM_DENOMINATOR = {
    "measure": pl.String,
    "unit": pl.String,
    "unit_en": pl.String,
    "per": pl.Int64,  # a rate is per this many units
    "per_ja": pl.String,
    "per_en": pl.String,
    "national_total": pl.Int64,  # the published national figure the 47 rows add up to (bundled measures)
    "national_reference_date": pl.Date,
}

DIM_SOURCE = {
    "source_id": pl.String,
    "source_type": pl.String,  # seed | primary | secondary | sample | reference | loaded
    "title": pl.String,
    "title_en": pl.String,
    "url": pl.String,
}

DIM_PLAN = {
    "plan": pl.String,
    "plan_no": pl.Int32,
    "name_ja": pl.String,
    "name_en": pl.String,
    "fy_start": pl.Int32,
    "fy_end": pl.Int32,
}

DIM_PREFECTURE = {
    "prefecture_code": pl.String,
    "prefecture_name_ja": pl.String,
    "prefecture_name_en": pl.String,
    "block": pl.String,
    "block_en": pl.String,
    "bureau": pl.String,
    "tile_x": pl.Int32,
    "tile_y": pl.Int32,
}

DIM_INDICATOR = {
    "kpi_id": pl.String,
    "display_order": pl.Int32,  # the plan's own order (row of data/reference/indicators.csv)
    "plan": pl.String,
    "kpi_tier": pl.String,
    "indicator_group": pl.String,
    "indicator_group_en": pl.String,
    "basis": pl.String,
    "unit": pl.String,
    "unit_en": pl.String,
    "year_type": pl.String,
    "baseline_value": pl.Float64,
    "baseline_year": pl.Int32,
    "target_value": pl.Float64,
    "target_year": pl.Int32,
    "target_text": pl.String,
    "target_text_en": pl.String,
    "kpi_name_ja": pl.String,
    "kpi_name_en": pl.String,
    "definition_ja": pl.String,
    "definition_en": pl.String,
}

LOAD_HISTORY = {
    "load_id": pl.String,
    "loaded_at": pl.Datetime("us", "UTC"),
    "action": pl.String,  # build | ingest
    "dataset": pl.String,
    "file_name": pl.String,
    "sha256": pl.String,
    "status": pl.String,  # built | accepted | rejected | unchanged
    "rows_loaded": pl.Int64,
    "rows_replaced": pl.Int64,
    "message": pl.String,
}

TABLES: dict[str, dict[str, pl.DataType | type[pl.DataType]]] = {
    "fact_kpi": FACT_KPI,
    "fact_statistic": FACT_STATISTIC,
    "fact_regional_summary": FACT_REGIONAL_SUMMARY,
    "dim_source": DIM_SOURCE,
    "dim_plan": DIM_PLAN,
    "dim_prefecture": DIM_PREFECTURE,
    "dim_indicator": DIM_INDICATOR,
    "load_history": LOAD_HISTORY,
    "fact_denominator": FACT_DENOMINATOR,
    "dim_denominator": DIM_DENOMINATOR,
}


def frame(table: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    """Rows (dicts) -> a frame with exactly the table's columns and types."""
    schema = TABLES[table]
    return pl.from_dicts(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
