-- Where a year has H1, H2 and FY rows, the halves add up to the year.
SELECT kpi_id, prefecture_code, fiscal_year
FROM kpi_results
WHERE period IN ('FY', 'H1', 'H2')
GROUP BY kpi_id, plan, geography_level, block, prefecture_code, fiscal_year
HAVING count(*) FILTER (WHERE period = 'H1') = 1
   AND count(*) FILTER (WHERE period = 'H2') = 1
   AND count(*) FILTER (WHERE period = 'FY') = 1
   AND sum(actual) FILTER (WHERE period IN ('H1', 'H2')) <> sum(actual) FILTER (WHERE period = 'FY');
