"""One typed function per question the pages ask. SQL lives here; values are bound, never formatted.

Every function takes a DuckDB cursor (one per call/thread) and returns a Polars frame read from
the public views only.  ``None`` for a filter means "no filter".
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

KPI_COLUMNS = (
    "plan, kpi_id, kpi_name_ja, kpi_name_en, kpi_tier, indicator_group, indicator_group_en, basis, geography_level, "
    "block, "
    "prefecture_code, prefecture_name_ja, prefecture_name_en, fiscal_year, year_type, period, target, actual, "
    "actual_to_date, unit, unit_en, achievement_pct, printed_achievement_pct, status, is_sample, source, source_en, "
    "source_type, source_url, note"
)


def _frame(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pl.DataFrame:
    table = cur.sql(sql, params=params or {}).to_arrow_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _list(values: Sequence[str] | None) -> list[str] | None:
    return None if values is None else list(values)


def plan_kpis(cur: duckdb.DuckDBPyConnection, *, plan: str) -> pl.DataFrame:
    """National results of every KPI a plan sets (its catalogue), every year and period.

    Baselines before the plan are included (they carry their own year): the pages tell them apart.
    """
    return _frame(cur, f"""
        SELECT {KPI_COLUMNS}
        FROM kpi_results
        WHERE geography_level = 'national'
          AND kpi_id IN (SELECT kpi_id FROM indicators WHERE plan = $plan)
        ORDER BY kpi_id, fiscal_year, period
    """, {"plan": plan})  # noqa: S608 (constant column list)


def plans(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(cur, "SELECT * FROM plans ORDER BY plan_no")


def prefectures(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(cur, "SELECT * FROM prefectures ORDER BY prefecture_code")


def indicators(cur: duckdb.DuckDBPyConnection, *, tier: str | None = None, plan: str | None = None) -> pl.DataFrame:
    """The KPI catalogue in the plan's own order (benchmark-only series are left out)."""
    return _frame(cur, """
        SELECT i.* FROM indicators i
        LEFT JOIN plans p USING (plan)
        WHERE i.kpi_tier IN ('central', 'regional') AND ($tier::VARCHAR IS NULL OR i.kpi_tier = $tier)
          AND ($plan::VARCHAR IS NULL OR i.plan = $plan)
        ORDER BY coalesce(p.plan_no, 99), i.display_order NULLS LAST, i.kpi_id
    """, {"tier": tier, "plan": plan})


def kpi_series(
    cur: duckdb.DuckDBPyConnection, *, kpi_id: str, geography_level: str = "national",
    blocks: Sequence[str] | None = None, prefectures: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One KPI over every year and period at one geography level (national, block or prefecture)."""
    return _frame(cur, f"""
        SELECT {KPI_COLUMNS}
        FROM kpi_results
        WHERE kpi_id = $kpi_id AND geography_level = $level
          AND ($blocks::VARCHAR[] IS NULL OR block IN (SELECT unnest($blocks::VARCHAR[])))
          AND ($prefs::VARCHAR[] IS NULL OR prefecture_code IS NULL
               OR prefecture_code IN (SELECT unnest($prefs::VARCHAR[])))
        ORDER BY block, prefecture_code, fiscal_year, period
    """, {"kpi_id": kpi_id, "level": geography_level, "blocks": _list(blocks),  # noqa: S608
          "prefs": _list(prefectures)})


def block_kpis(cur: duckdb.DuckDBPyConnection, *, plan: str, block: str) -> pl.DataFrame:
    """Every regional-KPI row of ``block`` in ``plan``: the block's own rows and its prefectures'."""
    return _frame(cur, f"""
        SELECT {KPI_COLUMNS}
        FROM kpi_results
        WHERE kpi_tier = 'regional' AND plan = $plan AND block = $block
          AND geography_level IN ('block', 'prefecture')
        ORDER BY kpi_id, geography_level, prefecture_code, fiscal_year, period
    """, {"plan": plan, "block": block})  # noqa: S608 (constant column list)


def regional_summary(cur: duckdb.DuckDBPyConnection, *, fy_from: int, fy_to: int) -> pl.DataFrame:
    """Regional-KPI items and achievements per fiscal year, nationally, per block and per prefecture."""
    return _frame(cur, """
        SELECT * FROM regional_kpi_summary
        WHERE fiscal_year BETWEEN $fy_from AND $fy_to
        ORDER BY fiscal_year, geography_level, block, prefecture_code
    """, {"fy_from": fy_from, "fy_to": fy_to})


def denominator_catalog(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The denominators rates can be computed against (those with rows), with what a rate is per, the reference
    date and the source, in the catalogue's order (establishments, population, loaded ones)."""
    return _frame(cur, """
        SELECT measure, any_value(indicator_ja) AS indicator_ja, any_value(indicator_en) AS indicator_en,
               any_value(unit) AS unit, any_value(unit_en) AS unit_en, any_value(per) AS per,
               any_value(per_ja) AS per_ja, any_value(per_en) AS per_en, max(reference_year) AS reference_year,
               max(reference_date) AS reference_date, bool_or(is_sample) AS is_sample,
               string_agg(DISTINCT source, ' / ') AS source, string_agg(DISTINCT source_en, ' / ') AS source_en
        FROM denominators
        GROUP BY measure
        ORDER BY CASE measure WHEN 'establishments' THEN 1 WHEN 'population' THEN 2 ELSE 3 END, measure
    """)


# Measures that can colour the map and fill the regional comparisons, by where they come from.
REGION_COUNT_MEASURES = ("subsidy_new_adoptions", "sme_accelerated_requests", "venture_super_accelerated_requests",
                         "sme_pct_filings")
REGION_MEASURES = ("regional_achievement", *REGION_COUNT_MEASURES)


def region_values(
    cur: duckdb.DuckDBPyConnection, *, measure: str, geography_level: str, year_from: int, year_to: int,
    blocks: Sequence[str] | None = None, per: str | None = None,
) -> pl.DataFrame:
    """One measure per block or prefecture and year: geography, names, year, value, unit, sample flag, source.

    ``regional_achievement`` is the share of regional-KPI items achieved (%); the count measures are
    summed from the prefecture rows for blocks. ``per`` (a denominators measure) adds ``count``,
    ``denominator_value`` and ``rate`` (per the measure's ``per`` units) and makes ``value`` the rate; a block's
    rate is the sum of its prefectures' counts over the sum of the same prefectures' denominators (never a
    mean of rates). A percentage has no rate: its ``value`` stays the percentage and ``rate`` is NULL.
    """
    if measure not in REGION_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    if geography_level not in ("block", "prefecture"):
        raise ValueError(f"unknown geography level {geography_level!r}")
    params = {"measure": measure, "level": geography_level, "y0": year_from, "y1": year_to, "blocks": _list(blocks)}
    if measure == "regional_achievement":
        sql = """
            SELECT geography_level, block, prefecture_code, prefecture_name_ja, prefecture_name_en,
                   fiscal_year AS year, year_type, achieved_share_pct AS value, '%' AS unit,
                   items, achieved, is_sample, source, source_en,
                   NULL::DOUBLE AS count, NULL::DOUBLE AS denominator_value, NULL::DOUBLE AS rate
            FROM regional_kpi_summary
            WHERE geography_level = $level AND fiscal_year BETWEEN $y0 AND $y1
              AND ($blocks::VARCHAR[] IS NULL OR block IN (SELECT unnest($blocks::VARCHAR[])))
              AND $measure IS NOT NULL
        """
    else:
        params["per"] = per
        sql = """
            WITH d AS (SELECT prefecture_code, value, per FROM denominators WHERE measure = $per::VARCHAR),
            summed AS (
                SELECT $level AS geography_level, s.block,
                       CASE WHEN $level = 'prefecture' THEN s.prefecture_code END AS prefecture_code,
                       CASE WHEN $level = 'prefecture' THEN any_value(s.prefecture_name_ja) END AS prefecture_name_ja,
                       CASE WHEN $level = 'prefecture' THEN any_value(s.prefecture_name_en) END AS prefecture_name_en,
                       s.year, any_value(s.year_type) AS year_type, sum(s.value) AS count,
                       any_value(s.unit) AS unit, NULL::INTEGER AS items, NULL::INTEGER AS achieved,
                       bool_or(s.is_sample) AS is_sample, string_agg(DISTINCT s.source, ' / ') AS source,
                       string_agg(DISTINCT s.source_en, ' / ') AS source_en,
                       -- only the prefectures that have a count this year enter the block's denominator
                       sum(d.value) FILTER (WHERE s.value IS NOT NULL) AS denominator_value, any_value(d.per) AS per
                FROM published_statistics s LEFT JOIN d ON d.prefecture_code = s.prefecture_code
                WHERE s.measure = $measure AND s.geography_level = 'prefecture' AND s.year BETWEEN $y0 AND $y1
                  AND ($blocks::VARCHAR[] IS NULL OR s.block IN (SELECT unnest($blocks::VARCHAR[])))
                GROUP BY s.block, CASE WHEN $level = 'prefecture' THEN s.prefecture_code END, s.year
            )
            SELECT * EXCLUDE (per, count), count / denominator_value * per AS rate,
                   CASE WHEN $per::VARCHAR IS NULL THEN count ELSE count / denominator_value * per END AS value, count
            FROM summed
        """
    return _frame(cur, sql + " ORDER BY block, prefecture_code, year", params)


def national_statistics(cur: duckdb.DuckDBPyConnection, *, dataset: str) -> pl.DataFrame:
    """Published national rows of one dataset (subsidies, accelerated_examination, pct_applications...)."""
    return _frame(cur, """
        SELECT measure, indicator_ja, indicator_en, year, year_label, year_type, value, value_text, unit,
               target, target_text, is_sample, source, source_en, source_type, source_url, note, note_en
        FROM published_statistics
        WHERE dataset = $dataset AND geography_level = 'national'
        ORDER BY measure, year
    """, {"dataset": dataset})


# Views an analyst may browse in the explorer: the column holding each view's year, and the key
# that orders its rows (so a limited result is always the same rows, on any backend).
_STATISTIC_KEY = "dataset, measure, geography_level, block, prefecture_code, year, source"
EXPLORER_VIEWS: dict[str, tuple[str | None, str]] = {
    "kpi_results": ("fiscal_year", "kpi_tier, kpi_id, plan, geography_level, block, prefecture_code, fiscal_year, "
                                   "period"),
    "regional_kpi_summary": ("fiscal_year", "geography_level, block, prefecture_code, fiscal_year, source"),
    "subsidy_adoptions": ("year", _STATISTIC_KEY),
    "accelerated_exam": ("year", _STATISTIC_KEY),
    "pct_filings": ("year", _STATISTIC_KEY),
    "published_statistics": ("year", _STATISTIC_KEY),
    "prefectures": (None, "prefecture_code"),
    "indicators": (None, "kpi_tier, plan, kpi_id"),
    "sources": (None, "source_type, title, url"),
    "load_log": (None, "loaded_at DESC, load_id"),
}
# Views whose rows hold a count per region that a rate can be computed for: view -> its count column.
RATE_VIEWS = {"kpi_results": "actual", "subsidy_adoptions": "value", "accelerated_exam": "value",
              "pct_filings": "value", "published_statistics": "value"}
COUNT_UNITS = ("件", "社", "者", "人", "機関")  # percentages, months, yen, ratios and flags have no rate
_GEOGRAPHY_VIEWS = {"kpi_results", "regional_kpi_summary", "subsidy_adoptions", "accelerated_exam", "pct_filings",
                    "published_statistics", "prefectures"}


def explore(
    cur: duckdb.DuckDBPyConnection, *, view: str, year_from: int | None = None, year_to: int | None = None,
    blocks: Sequence[str] | None = None, prefectures: Sequence[str] | None = None, plan: str | None = None,
    limit: int = 100_000, per: str | None = None,
) -> pl.DataFrame:
    """Rows of one public view under the shared filters. Choosing blocks keeps only rows of those blocks
    (block totals and their prefectures), choosing prefectures only those prefectures' rows: national
    rows never mix into a regional selection, so a downloaded column can be summed safely. ``per`` (a
    denominators measure) adds the denominator, its value and the rate to the views of ``RATE_VIEWS``."""
    if view not in EXPLORER_VIEWS:
        raise ValueError(f"unknown view {view!r}")
    year_column, order = EXPLORER_VIEWS[view]
    where = ["TRUE"]
    params: dict[str, object] = {"limit": limit}
    if year_column and year_from is not None and year_to is not None:
        where.append(f"{year_column} BETWEEN $y0 AND $y1")
        params |= {"y0": year_from, "y1": year_to}
    if view in _GEOGRAPHY_VIEWS and blocks:
        where.append("block IN (SELECT unnest($blocks::VARCHAR[]))")
        params["blocks"] = list(blocks)
    if view in _GEOGRAPHY_VIEWS and prefectures:
        where.append("prefecture_code IN (SELECT unnest($prefs::VARCHAR[]))")
        params["prefs"] = list(prefectures)
    if view == "kpi_results" and plan:
        where.append("plan = $plan")
        params["plan"] = plan
    if per is None or view not in RATE_VIEWS:
        # view and column names come from the allow-list above; values are bound
        return _frame(cur, f"SELECT * FROM {view} WHERE {' AND '.join(where)} ORDER BY {order} NULLS FIRST "  # noqa: S608
                           "LIMIT $limit", params)
    params |= {"per": per, "units": list(COUNT_UNITS)}
    count = RATE_VIEWS[view]
    # a prefecture row is rated against its prefecture, a block row against its block's sum, a national row
    # against the national sum; rows that are not counts (%, months, flags) get no rate
    return _frame(cur, f"""
        WITH d AS (SELECT * FROM denominators WHERE measure = $per),
        meta AS (SELECT any_value(indicator_ja) AS name_ja, any_value(indicator_en) AS name_en,
                        any_value(per) AS per, any_value(per_ja) AS per_ja, any_value(per_en) AS per_en,
                        coalesce(max(reference_date)::VARCHAR, max(reference_year)::VARCHAR) AS reference,
                        string_agg(DISTINCT source, ' / ') AS source, string_agg(DISTINCT source_en, ' / ') AS source_en
                 FROM d),
        areas AS (
            SELECT 'prefecture' AS level, prefecture_code, block, value FROM d
            UNION ALL SELECT 'block', NULL, block, sum(value) FROM d GROUP BY block
            UNION ALL SELECT 'national', NULL, NULL, sum(value) FROM d
        )
        SELECT v.*, m.name_ja AS denominator_ja, m.name_en AS denominator_en, m.reference AS denominator_reference,
               m.source AS denominator_source, m.source_en AS denominator_source_en,
               m.per_ja AS rate_per_ja, m.per_en AS rate_per_en,
               CASE WHEN v.unit IN (SELECT unnest($units::VARCHAR[])) THEN a.value END AS denominator_value,
               CASE WHEN v.unit IN (SELECT unnest($units::VARCHAR[])) THEN v.{count} / a.value * m.per END AS rate
        -- the rows shown first (a top-N of the view), then their rates: joining every row of a 10 M view before the
        -- LIMIT took a cold explorer view with rates from 5 s to 13–20 s (the join adds no row and drops none)
        FROM (SELECT * FROM {view} WHERE {' AND '.join(where)} ORDER BY {order} NULLS FIRST LIMIT $limit) v
        CROSS JOIN meta m
        LEFT JOIN areas a ON a.level = v.geography_level AND a.prefecture_code IS NOT DISTINCT FROM v.prefecture_code
             AND a.block IS NOT DISTINCT FROM (CASE WHEN v.geography_level = 'national' THEN NULL ELSE v.block END)
        ORDER BY {order} NULLS FIRST LIMIT $limit
    """, params)  # noqa: S608 (view and columns from the allow-lists above; values bound)


def year_types(cur: duckdb.DuckDBPyConnection, *, view: str) -> pl.DataFrame:
    """The year types (fiscal, calendar, survey) a public view's rows count in, whatever the filters; no
    column when the view has no years."""
    if view not in EXPLORER_VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if "year_type" not in _frame(cur, f"SELECT * FROM {view} LIMIT 0").columns:  # noqa: S608 (allow-listed view)
        return pl.DataFrame()
    return _frame(cur, f"SELECT DISTINCT year_type FROM {view} ORDER BY 1")  # noqa: S608 (allow-listed view)


def sources(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every source with its type and how many KPI and statistic rows cite it (counted at build time)."""
    return _frame(cur, """
        SELECT source_type, title, title_en, url, cited_rows AS rows
        FROM sources
        ORDER BY CASE source_type WHEN 'seed' THEN 1 WHEN 'primary' THEN 2 WHEN 'secondary' THEN 3
                 WHEN 'loaded' THEN 4 WHEN 'sample' THEN 5 ELSE 6 END, title, url
    """)


def load_log(cur: duckdb.DuckDBPyConnection, *, limit: int = 200) -> pl.DataFrame:
    return _frame(cur, "SELECT * FROM load_log ORDER BY loaded_at DESC LIMIT $limit", {"limit": limit})


def build_info(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cur.execute("SELECT key, value FROM warehouse_info").fetchall())
