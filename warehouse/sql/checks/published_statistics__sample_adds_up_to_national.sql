-- Where all 47 prefecture rows of a measure and year are sample, they add up exactly to the
-- published national figure (once real rows replace part of the sample, the rest no longer must).
WITH national AS (
    SELECT measure, year, year_type, value FROM published_statistics
    WHERE geography_level = 'national' AND NOT is_sample AND value IS NOT NULL
),
sample AS (
    SELECT measure, year, year_type, sum(value) AS total FROM published_statistics
    WHERE geography_level = 'prefecture'
    GROUP BY ALL
    HAVING bool_and(is_sample) AND count(*) = 47
)
SELECT s.measure, s.year, s.total, n.value
FROM sample s JOIN national n USING (measure, year, year_type)
WHERE s.total <> n.value;
