"""Display frames: localised column names and labels, numbers kept as numbers."""

from __future__ import annotations

import polars as pl

from ui.frames import geography_label, labelled, year_text
from ui.i18n import lang, t


def kpi_table(results: pl.DataFrame) -> pl.DataFrame:
    """kpi_results rows -> a readable table (one row per indicator x year x period)."""
    en = lang() == "en"
    return results.select(
        labelled("plan", "plan.").alias(t("col.plan")),
        geography_label().alias(t("col.geo")),
        pl.col("indicator_group").alias(t("col.group")),
        pl.col("kpi_name_en" if en else "kpi_name_ja").alias(t("col.kpi")),
        labelled("basis", "basis.").alias(t("col.basis")),
        year_text().alias(t("col.year")),
        labelled("period", "period.").alias(t("col.period")),
        pl.col("target").alias(t("col.target")),
        pl.col("actual_to_date").alias(t("col.actual")),
        pl.col("unit_en" if en else "unit").alias(t("col.unit")),
        pl.col("achievement_pct").round(1).alias(t("col.achievement")),
        pl.col("printed_achievement_pct").alias(t("col.printed")),
        labelled("status", "status.").alias(t("col.status")),
        pl.col("is_sample").alias(t("col.sample")),
        pl.col("source").alias(t("col.source")),
    )
