-- Codes are from the closed lists the pages rely on; prefecture rows name a known prefecture.
SELECT kpi_id, plan, geography_level, period, prefecture_code
FROM kpi_results
WHERE plan NOT IN (SELECT plan FROM plans)
   OR geography_level NOT IN ('national', 'block', 'prefecture')
   OR period NOT IN ('FY', 'H1', 'H2', 'PLAN')
   OR (geography_level = 'prefecture' AND prefecture_name_ja IS NULL);
