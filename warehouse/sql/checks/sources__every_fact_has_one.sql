-- Every fact row names a known source.
SELECT 'kpi' AS fact, kpi_id AS what FROM kpi_results WHERE source IS NULL
UNION ALL
SELECT 'statistic', measure FROM published_statistics WHERE source IS NULL;
