"""Query results -> the display frames charts and tables need (labels, order, growth). No st.* calls."""

from __future__ import annotations

import polars as pl

from ui.i18n import lang, t, year_label

PERIOD_ORDER = {"H1": 0, "H2": 1, "FY": 2, "PLAN": 3}


def number_text(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def headline_rows(results: pl.DataFrame, year: int) -> pl.DataFrame:
    """Per KPI, the latest comparable result up to ``year`` (a PLAN row counts at its last year)."""
    if results.is_empty():
        return results
    return (results.filter(pl.col("fiscal_year") <= year)
            .with_columns(_order=pl.col("period").replace_strict(PERIOD_ORDER, return_dtype=pl.Int8))
            .sort(["kpi_id", "fiscal_year", "_order"])
            .group_by("kpi_id", maintain_order=True).last().drop("_order"))


def yearly(results: pl.DataFrame) -> pl.DataFrame:
    """Full-year and whole-plan rows only (no half years), with labels for charts."""
    rows = results.filter(pl.col("period").is_in(["FY", "PLAN"])).sort("fiscal_year")
    return rows.with_columns(
        year=pl.col("fiscal_year"),
        year_label=pl.struct("fiscal_year", "year_type", "period").map_elements(
            lambda r: year_label(r["fiscal_year"], r["year_type"]) + (t("period.plan_suffix")
                                                                       if r["period"] == "PLAN" else ""),
            return_dtype=pl.String),
        actual=pl.col("actual_to_date"),
        status_label=pl.col("status").map_elements(lambda s: t(f"status.{s}"), return_dtype=pl.String),
        status_icon=pl.col("status").map_elements(lambda s: t(f"status.{s}").split(" ")[0], return_dtype=pl.String),
    )


def geography_label(frame: pl.DataFrame) -> pl.Expr:
    """Prefecture name, else block name, else 全国 / Japan."""
    name = "prefecture_name_en" if lang() == "en" else "prefecture_name_ja"
    return pl.coalesce(pl.col(name), pl.col("block"), pl.lit(t("geo.national")))


def with_growth(values: pl.DataFrame, key: str) -> pl.DataFrame:
    """Add year-on-year growth (%) of ``value`` per ``key`` (None where the previous year is missing or 0)."""
    return values.sort([key, "year"]).with_columns(
        growth=pl.when((pl.col("year").diff().over(key) == 1) & (pl.col("value").shift().over(key) != 0))
        .then((pl.col("value") / pl.col("value").shift().over(key) - 1) * 100)
    )
