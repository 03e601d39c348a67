-- Every source except a user's loaded file has an English title (English pages show no Japanese titles);
-- a new bundled source needs a line in data/reference/source_titles.csv.
SELECT source_id, title
FROM dim_source
WHERE title_en IS NULL AND source_type <> 'loaded';
