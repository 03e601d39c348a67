-- Where every regional-KPI item of a year is sample, counting them gives the published national totals.
WITH counted AS (
    SELECT fiscal_year, sum(items) AS items, sum(achieved) AS achieved
    FROM regional_kpi_summary WHERE geography_level = 'prefecture'
    GROUP BY fiscal_year
    HAVING bool_and(is_sample)
)
SELECT c.fiscal_year, c.items, c.achieved, p.items AS published_items, p.achieved AS published_achieved
FROM counted c
JOIN regional_kpi_summary p ON p.fiscal_year = c.fiscal_year AND p.geography_level = 'national' AND NOT p.is_sample
WHERE c.items <> p.items OR c.achieved <> p.achieved;
