"""Display frames: localised column names and labels, numbers kept as numbers."""

from __future__ import annotations

import polars as pl

from ui.frames import geography_label
from ui.i18n import lang, t, year_label


def kpi_table(results: pl.DataFrame) -> pl.DataFrame:
    """kpi_results rows -> a readable table (one row per indicator x year x period)."""
    en = lang() == "en"
    return results.select(
        pl.col("plan").map_elements(lambda p: t(f"plan.{p}"), return_dtype=pl.String).alias(t("col.plan")),
        geography_label(results).alias(t("col.geo")),
        pl.col("indicator_group").alias(t("col.group")),
        pl.col("kpi_name_en" if en else "kpi_name_ja").alias(t("col.kpi")),
        pl.col("basis").map_elements(lambda b: t(f"basis.{b}"), return_dtype=pl.String).alias(t("col.basis")),
        pl.struct("fiscal_year", "year_type").map_elements(
            lambda r: year_label(r["fiscal_year"], r["year_type"]), return_dtype=pl.String
        ).alias(t("col.year")),
        pl.col("period").map_elements(lambda p: t(f"period.{p}"), return_dtype=pl.String).alias(t("col.period")),
        pl.col("target").alias(t("col.target")),
        pl.col("actual_to_date").alias(t("col.actual")),
        pl.col("unit_en" if en else "unit").alias(t("col.unit")),
        pl.col("achievement_pct").round(1).alias(t("col.achievement")),
        pl.col("printed_achievement_pct").alias(t("col.printed")),
        pl.col("status").map_elements(lambda s: t(f"status.{s}"), return_dtype=pl.String).alias(t("col.status")),
        pl.col("is_sample").alias(t("col.sample")),
        pl.col("source").alias(t("col.source")),
    )
