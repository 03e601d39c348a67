-- One row per KPI x geography x year x period.
SELECT kpi_id, plan, geography_level, block, prefecture_code, fiscal_year, period, count(*) AS n
FROM kpi_results
GROUP BY ALL
HAVING count(*) > 1;
