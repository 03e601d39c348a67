-- Every denominator measure has exactly one row per prefecture (a rate needs all 47), of one reference date,
-- and a known catalogue entry (data/reference/denominators.csv).
SELECT measure, count(*) AS n, count(DISTINCT prefecture_code) AS prefectures,
       count(DISTINCT coalesce(reference_date::VARCHAR, reference_year::VARCHAR)) AS dates
FROM denominators
GROUP BY measure
HAVING count(*) <> 47 OR count(DISTINCT prefecture_code) <> 47 OR count(*) FILTER (WHERE prefecture_name_ja IS NULL) > 0
    OR count(DISTINCT coalesce(reference_date::VARCHAR, reference_year::VARCHAR)) <> 1
    OR count(*) FILTER (WHERE per IS NULL) > 0;
