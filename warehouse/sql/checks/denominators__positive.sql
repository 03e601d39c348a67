-- A denominator is a positive count: a rate never divides by zero or by a missing value.
SELECT measure, prefecture_code, value
FROM denominators
WHERE value IS NULL OR value <= 0;
