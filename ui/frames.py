"""Query results -> the display frames charts and tables need (labels, order, growth). No st.* calls."""

from __future__ import annotations

import polars as pl

from reports.labels import number_text  # noqa: F401 (pages format numbers through frames)
from ui.filters import BLOCK_ID, block_label
from ui.i18n import labels, lang, t

PERIOD_ORDER = {"H1": 0, "H2": 1, "FY": 2, "PLAN": 3}


def headline_rows(results: pl.DataFrame, year: int) -> pl.DataFrame:
    """Per KPI, the latest comparable result up to ``year`` (a PLAN row counts at its last year)."""
    if results.is_empty():
        return results
    return (results.filter(pl.col("fiscal_year") <= year)
            .with_columns(_order=pl.col("period").replace_strict(PERIOD_ORDER, return_dtype=pl.Int8))
            .sort(["kpi_id", "fiscal_year", "_order"])
            .group_by("kpi_id", maintain_order=True).last().drop("_order"))


# Labels are looked up here, in the script thread: Polars runs map_elements in worker threads, where
# the session (and so the language) is not visible.
def labelled(column: str, prefix: str) -> pl.Expr:
    """Codes of ``column`` -> their labels under ``prefix`` (unknown codes are kept as they are)."""
    return pl.col(column).replace_strict(labels(prefix), default=pl.col(column), return_dtype=pl.String)


def year_text(year: str = "fiscal_year", year_type: str = "year_type") -> pl.Expr:
    """'2022年度' / '2022年' in Japanese, 'FY2022' / 'CY2022' in English."""
    number = pl.col(year).cast(pl.String)
    if lang() == "en":
        prefix = (pl.when(pl.col(year_type) == "fiscal").then(pl.lit("FY"))
                  .when(pl.col(year_type) == "calendar").then(pl.lit("CY")).otherwise(pl.lit("")))
        return pl.concat_str([prefix, number])
    return pl.concat_str([number, pl.when(pl.col(year_type) == "fiscal").then(pl.lit("年度")).otherwise(pl.lit("年"))])


def block_name(column: str = "block") -> pl.Expr:
    """Block names as stored (Japanese) -> this run's language."""
    return pl.col(column).replace_strict({b: block_label(b) for b in BLOCK_ID}, default=pl.col(column))


def yearly(results: pl.DataFrame) -> pl.DataFrame:
    """Full-year and whole-plan rows only (no half years), with labels for charts."""
    rows = results.filter(pl.col("period").is_in(["FY", "PLAN"])).sort("fiscal_year")
    return rows.with_columns(
        year=pl.col("fiscal_year"),
        year_label=year_text() + pl.when(pl.col("period") == "PLAN").then(pl.lit(t("period.plan_suffix")))
        .otherwise(pl.lit("")),
        actual=pl.col("actual_to_date"),
        status_label=labelled("status", "status."),
        status_icon=labelled("status", "status.").str.split(" ").list.first(),
    )


def geography_label() -> pl.Expr:
    """Prefecture name, else block name, else 全国 / Japan."""
    name = "prefecture_name_en" if lang() == "en" else "prefecture_name_ja"
    return pl.coalesce(pl.col(name), block_name(), pl.lit(t("geo.national")))


def with_growth(values: pl.DataFrame, key: str) -> pl.DataFrame:
    """Add year-on-year growth (%) of ``value`` per ``key`` (None where the previous year is missing or 0)."""
    return values.sort([key, "year"]).with_columns(
        growth=pl.when((pl.col("year").diff().over(key) == 1) & (pl.col("value").shift().over(key) != 0))
        .then((pl.col("value") / pl.col("value").shift().over(key) - 1) * 100)
    )
