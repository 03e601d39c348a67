-- Two rules in one grouping of the rows (at 50 M fact rows 18 s instead of 33 for two passes); each offending
-- row names its rule first, reported as kpi_results__<rule> (warehouse.publish.run_checks), and says what is wrong:
--   unique_key     one row per KPI x geography x year x period (a period outside the list fails known_codes)
--   halves_add_up  where a year has H1, H2 and FY rows, the halves add up to the year
-- A year can break both. Plain sums, not count(*) FILTER (...): with FILTER this grouping ran out of its 1 GB
-- at 50 M rows.
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
),
rules(failed_rule) AS (VALUES ('unique_key'), ('halves_add_up'))
SELECT r.failed_rule, y.kpi_id, y.plan, y.geography_level, y.block, y.prefecture_code, y.fiscal_year,
    CASE r.failed_rule
        WHEN 'unique_key' THEN concat_ws(', ',
            CASE WHEN fy_rows > 1 THEN 'FY ×' || fy_rows END, CASE WHEN h1_rows > 1 THEN 'H1 ×' || h1_rows END,
            CASE WHEN h2_rows > 1 THEN 'H2 ×' || h2_rows END, CASE WHEN plan_rows > 1 THEN 'PLAN ×' || plan_rows END)
        ELSE 'H1 + H2 = ' || halves || ', FY = ' || full_year
    END AS what
FROM per_year y CROSS JOIN rules r
WHERE (r.failed_rule = 'unique_key' AND greatest(fy_rows, h1_rows, h2_rows, plan_rows) > 1)
   OR (r.failed_rule = 'halves_add_up' AND fy_rows = 1 AND h1_rows = 1 AND h2_rows = 1 AND halves <> full_year)
ORDER BY ALL;
