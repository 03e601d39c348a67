-- Two rules in one grouping of the rows (at 50 M fact rows 23 s instead of 33 for two passes); each offending
-- row names its rule first, reported as kpi_results__<rule> (warehouse.publish.run_checks):
--   unique_key     one row per KPI x geography x year x period (a period outside the list fails known_codes)
--   halves_add_up  where a year has H1, H2 and FY rows, the halves add up to the year
-- Plain sums, not count(*) FILTER (...): with FILTER this grouping ran out of its 1 GB at 50 M rows.
WITH per_year AS (
    SELECT kpi_id, plan, geography_level, block, prefecture_code, fiscal_year,
        sum((period = 'FY')::INTEGER) AS fy_rows,
        sum((period = 'H1')::INTEGER) AS h1_rows,
        sum((period = 'H2')::INTEGER) AS h2_rows,
        sum((period = 'PLAN')::INTEGER) AS plan_rows,
        sum(CASE WHEN period IN ('H1', 'H2') THEN actual END) AS halves,
        sum(CASE WHEN period = 'FY' THEN actual END) AS full_year
    FROM kpi_results
    GROUP BY kpi_id, plan, geography_level, block, prefecture_code, fiscal_year
)
SELECT
    CASE WHEN greatest(fy_rows, h1_rows, h2_rows, plan_rows) > 1 THEN 'unique_key' ELSE 'halves_add_up' END
        AS failed_rule,
    kpi_id, plan, geography_level, block, prefecture_code, fiscal_year, fy_rows, h1_rows, h2_rows, plan_rows
FROM per_year
WHERE greatest(fy_rows, h1_rows, h2_rows, plan_rows) > 1
   OR (fy_rows = 1 AND h1_rows = 1 AND h2_rows = 1 AND halves <> full_year);
