-- A bundled statistic's Japanese note has an English one (data/reference/statistic_notes.csv): English pages
-- show no Japanese notes. Users' loaded files keep their own notes.
SELECT measure, year, note
FROM published_statistics
WHERE source_type <> 'loaded' AND regexp_matches(note_en, '[\x{3040}-\x{30ff}\x{3400}-\x{9fff}]');
