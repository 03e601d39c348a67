-- Two rules in one grouping of the rows (at 10 M fact rows one pass instead of two, about 2 s less); each offending
-- row names its rule first, reported as kpi_results__<rule> (warehouse.publish.run_checks):
--   unique_key     one row per KPI x geography x year x period (a period outside the list fails known_codes)
--   halves_add_up  where a year has H1, H2 and FY rows, the halves add up to the year
WITH per_year AS (
    SELECT kpi_id, plan, geography_level, block, prefecture_code, fiscal_year,
        count(*) FILTER (WHERE period = 'FY') AS fy_rows,
        count(*) FILTER (WHERE period = 'H1') AS h1_rows,
        count(*) FILTER (WHERE period = 'H2') AS h2_rows,
        count(*) FILTER (WHERE period = 'PLAN') AS plan_rows,
        sum(actual) FILTER (WHERE period IN ('H1', 'H2')) AS halves,
        sum(actual) FILTER (WHERE period = 'FY') AS full_year
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
