-- Marts: the meaning of the facts, computed once at build time.
-- Achievement % is computed here and only here.

-- actual_to_date is what the target is compared with:
--   annual basis      FY: the year's actual; H1: first half; H2: H1 + H2 (progress within the year)
--   cumulative basis  the same, plus every earlier FY of the same plan (running total since plan start)
--   PLAN rows         the whole-plan figure as published
--   qualitative       never a number
-- Regional KPIs are reported per prefecture; their block and national rows are the sums of the
-- prefectures' targets and actuals (so achievement of a block is sum(actual) / sum(target)), added
-- here where no row for that geography was loaded.
INSERT INTO dim_source BY NAME SELECT * FROM (VALUES
    ('src_sum_of_prefectures', 'derived', '都道府県の値の合計', 'sum of the prefecture rows', NULL),
    ('src_counted_prefectures', 'derived', '都道府県の行から集計 (複数の出典)',
     'counted from the prefecture rows (several sources)', NULL)
) AS v(source_id, source_type, title, title_en, url);

CREATE TABLE mart_kpi AS
WITH summed AS (
    SELECT f.kpi_id, f.plan,
        CASE WHEN GROUPING(f.block) = 1 THEN 'national' ELSE 'block' END AS geography_level,
        f.block, NULL::VARCHAR AS prefecture_code, f.fiscal_year, f.period,
        sum(f.target) AS target, sum(f.actual) AS actual, NULL::DOUBLE AS printed_achievement_pct,
        bool_or(f.is_sample) AS is_sample,
        CASE WHEN count(DISTINCT f.source_id) = 1 THEN min(f.source_id) ELSE 'src_sum_of_prefectures' END
            AS source_id,
        'sum of ' || count(*) || ' prefecture rows' AS note,
        count(*) AS prefectures
    FROM fact_kpi f JOIN dim_indicator i USING (kpi_id)
    WHERE i.kpi_tier = 'regional' AND f.geography_level = 'prefecture'
    GROUP BY GROUPING SETS ((f.kpi_id, f.plan, f.fiscal_year, f.period),
                            (f.kpi_id, f.plan, f.fiscal_year, f.period, f.block))
),
-- a half-year sum only where every prefecture of the full-year sum reported that half too
-- (a loaded file may give 通期 only), so the halves of a sum still add up to its year
prefecture_sums AS (
    SELECT s.* EXCLUDE (prefectures) FROM summed s
    WHERE s.period NOT IN ('H1', 'H2') OR s.prefectures = (
        SELECT y.prefectures FROM summed y
        WHERE y.period = 'FY' AND y.kpi_id = s.kpi_id AND y.plan = s.plan AND y.fiscal_year = s.fiscal_year
          AND y.geography_level = s.geography_level AND y.block IS NOT DISTINCT FROM s.block)
),
-- NOT MATERIALIZED: each use below re-reads fact_kpi with its own filter (H1 rows, cumulative KPIs) instead
-- of DuckDB writing every fact row aside first (10 M rows: 26 -> 8 s for this table, with the single join below)
all_facts AS NOT MATERIALIZED (
    SELECT * FROM fact_kpi
    UNION ALL BY NAME
    SELECT s.* FROM prefecture_sums s
    WHERE NOT EXISTS (
        SELECT 1 FROM fact_kpi f
        WHERE f.geography_level <> 'prefecture' AND f.kpi_id = s.kpi_id AND f.plan = s.plan AND f.geography_level = s.geography_level
          AND f.block IS NOT DISTINCT FROM s.block AND f.fiscal_year = s.fiscal_year AND f.period = s.period)
),
facts AS NOT MATERIALIZED (
    SELECT f.*, i.basis, i.kpi_tier, i.target_year, i.baseline_year,
           coalesce(f.block, '') AS block_key,
           coalesce(f.prefecture_code, '') AS prefecture_key
    FROM all_facts f JOIN dim_indicator i USING (kpi_id)
),
-- the running total of earlier years is used only by cumulative KPIs, the first half only by H2 rows:
-- each is computed from the rows that feed it and joined to the rows that use it
earlier AS (
    SELECT kpi_id, plan, geography_level, block_key, prefecture_key, fiscal_year,
        sum(sum(actual) FILTER (WHERE period = 'FY')) OVER (
            PARTITION BY kpi_id, plan, geography_level, block_key, prefecture_key
            ORDER BY fiscal_year RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS earlier_years_actual
    FROM facts
    WHERE basis = 'cumulative'
    GROUP BY kpi_id, plan, geography_level, block_key, prefecture_key, fiscal_year
),
first_half AS (
    SELECT kpi_id, plan, geography_level, block_key, prefecture_key, fiscal_year, max(actual) AS first_half_actual
    FROM facts
    WHERE period = 'H1'
    GROUP BY ALL
),
joined AS (
    SELECT f.*, e.earlier_years_actual, h.first_half_actual
    FROM facts f
    LEFT JOIN earlier e
      ON f.basis = 'cumulative' AND e.kpi_id = f.kpi_id AND e.plan = f.plan AND e.geography_level = f.geography_level
     AND e.block_key = f.block_key AND e.prefecture_key = f.prefecture_key AND e.fiscal_year = f.fiscal_year
    LEFT JOIN first_half h
      ON f.period = 'H2' AND h.kpi_id = f.kpi_id AND h.plan = f.plan AND h.geography_level = f.geography_level
     AND h.block_key = f.block_key AND h.prefecture_key = f.prefecture_key AND h.fiscal_year = f.fiscal_year
),
to_date AS (
    SELECT *,
        CASE
            WHEN basis = 'qualitative' THEN NULL
            WHEN period = 'PLAN' THEN actual
            ELSE (CASE WHEN period = 'H2' THEN actual + first_half_actual ELSE actual END)
                 + (CASE WHEN basis = 'cumulative' THEN coalesce(earlier_years_actual, 0) ELSE 0 END)
        END AS actual_to_date
    FROM joined
),
scored AS (
    SELECT t.*, p.fy_start, p.fy_end,
        CASE WHEN t.basis <> 'qualitative' AND t.target > 0 AND t.actual_to_date IS NOT NULL
             THEN t.actual_to_date / t.target * 100 END AS achievement_pct,
        -- share of the target that "on pace" requires by the end of this period:
        -- annual KPIs: half by H1; cumulative KPIs: the elapsed share of the plan period
        CASE
            WHEN t.period = 'PLAN' THEN 1.0
            WHEN t.basis = 'cumulative' THEN
                ((t.fiscal_year - p.fy_start) + CASE WHEN t.period = 'H1' THEN 0.5 ELSE 1.0 END)
                / (p.fy_end - p.fy_start + 1)
            WHEN t.period = 'H1' THEN 0.5
            ELSE 1.0
        END AS pace_required
    FROM to_date t LEFT JOIN dim_plan p ON p.plan = t.plan
)
SELECT
    kpi_tier, kpi_id, plan, geography_level, block, prefecture_code, fiscal_year, period,
    target, actual, actual_to_date, achievement_pct, printed_achievement_pct,
    CASE
        WHEN basis = 'qualitative' THEN 'qualitative'
        -- no figure: "not yet reported" until six months after the year ends, then "no data"
        WHEN actual_to_date IS NULL AND make_date(fiscal_year + 1, 10, 1) <= current_date THEN 'no_data'
        WHEN actual_to_date IS NULL THEN 'not_reported'
        -- the figure a target starts from, and a milestone KPI's figures before its target year: no miss
        WHEN (target IS NULL OR target <= 0) AND fiscal_year = baseline_year THEN 'baseline'
        WHEN (target IS NULL OR target <= 0) AND target_year > fiscal_year THEN 'interim'
        WHEN target IS NULL OR target <= 0 THEN 'no_target'
        WHEN achievement_pct >= 100 THEN 'achieved'
        WHEN pace_required < 1.0 AND achievement_pct >= pace_required * 100 THEN 'on_pace'
        WHEN pace_required < 1.0 THEN 'off_track'
        ELSE 'not_achieved'
    END AS status,
    is_sample, source_id, note
FROM scored;
-- Not sorted: every page query orders its own rows. At 10 M fact rows the sort cost the build 9 s; a sorted table
-- saved a KPI's query 0.2-5 ms and the explorer's first view of a filter up to 2 s (zone maps; each result is
-- cached per version): docs/performance.md, "Builds without the sort".

-- How many KPI and statistic rows cite each source (the sources page would otherwise scan every fact).
CREATE TABLE mart_source_rows AS
SELECT source_id, count(*)::BIGINT AS cited_rows
FROM (SELECT source_id FROM mart_kpi UNION ALL SELECT source_id FROM fact_statistic
      UNION ALL SELECT source_id FROM fact_denominator)
GROUP BY source_id;

-- Regional-KPI achievement: published national totals where they exist, otherwise counted
-- from the per-prefecture rows (FY results with a target) at every geography level.
CREATE TABLE mart_regional_summary AS
WITH items AS (
    SELECT m.fiscal_year, m.block, m.prefecture_code, m.status, m.is_sample, m.source_id
    FROM mart_kpi m JOIN dim_indicator i USING (kpi_id)
    WHERE i.kpi_tier = 'regional' AND m.geography_level = 'prefecture'
      AND m.period = 'FY' AND m.target IS NOT NULL
),
counted AS (
    SELECT
        CASE WHEN GROUPING(block) = 1 THEN 'national'
             WHEN GROUPING(prefecture_code) = 1 THEN 'block' ELSE 'prefecture' END AS geography_level,
        block, prefecture_code, fiscal_year,
        count(*)::INTEGER AS items,
        count(*) FILTER (WHERE status = 'achieved')::INTEGER AS achieved,
        NULL::DOUBLE AS printed_share_pct,
        bool_or(is_sample) AS is_sample,
        CASE WHEN count(DISTINCT source_id) = 1 THEN min(source_id) ELSE 'src_counted_prefectures' END AS source_id
    FROM items
    GROUP BY GROUPING SETS ((fiscal_year), (fiscal_year, block), (fiscal_year, block, prefecture_code))
)
SELECT * FROM fact_regional_summary
UNION ALL
SELECT * FROM counted c
WHERE NOT (c.geography_level = 'national'
           AND c.fiscal_year IN (SELECT fiscal_year FROM fact_regional_summary WHERE geography_level = 'national'));
