-- Every measure with a published national total has its rows (a bundled file cannot go missing unnoticed).
SELECT d.measure
FROM dim_denominator d
WHERE d.national_total IS NOT NULL AND d.measure NOT IN (SELECT measure FROM fact_denominator);
