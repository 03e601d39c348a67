-- A qualitative indicator never gets a number.
SELECT kpi_id, fiscal_year, period
FROM kpi_results
WHERE basis = 'qualitative'
  AND (target IS NOT NULL OR actual IS NOT NULL OR achievement_pct IS NOT NULL);
