-- Where a measure's rows are of the date of a published national total (data/reference/denominators.csv),
-- they add up to it exactly (establishments 2021-06-01, population 2020-10-01).
SELECT f.measure, sum(f.value) AS total, d.national_total
FROM fact_denominator f JOIN dim_denominator d USING (measure)
WHERE d.national_total IS NOT NULL AND f.reference_date = d.national_reference_date
GROUP BY f.measure, d.national_total
HAVING sum(f.value) <> d.national_total;
