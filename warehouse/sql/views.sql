-- Public read-only views: the contract for pages, downloads and analysts (documented in README).
-- Every fact view carries is_sample and its source.

CREATE VIEW plans AS
SELECT plan, plan_no, name_ja, name_en, fy_start, fy_end FROM dim_plan;

CREATE VIEW prefectures AS
SELECT prefecture_code, prefecture_name_ja, prefecture_name_en, block, block_en, bureau, tile_x, tile_y
FROM dim_prefecture;

CREATE VIEW sources AS
SELECT s.source_id, s.source_type, s.title, coalesce(s.title_en, s.title) AS title_en, s.url,
       coalesce(r.cited_rows, 0) AS cited_rows
FROM dim_source s LEFT JOIN mart_source_rows r USING (source_id);

CREATE VIEW indicators AS
SELECT kpi_id, display_order, plan, kpi_tier, indicator_group, indicator_group_en, basis, unit, unit_en, year_type,
       baseline_value, baseline_year, target_value, target_year, target_text, target_text_en,
       kpi_name_ja, kpi_name_en, definition_ja, definition_en
FROM dim_indicator;

CREATE VIEW kpi_results AS
SELECT
    m.plan, m.kpi_id, i.kpi_name_ja, i.kpi_name_en, m.kpi_tier, i.indicator_group, i.indicator_group_en, i.basis,
    m.geography_level, coalesce(m.block, p.block) AS block, m.prefecture_code,
    p.prefecture_name_ja, p.prefecture_name_en,
    m.fiscal_year, i.year_type, m.period,
    m.target, m.actual, m.actual_to_date, i.unit, i.unit_en,
    round(m.achievement_pct, 1) AS achievement_pct, m.printed_achievement_pct, m.status,  -- % to 1 decimal
    m.is_sample, s.title AS source, coalesce(s.title_en, s.title) AS source_en, s.source_type, s.url AS source_url,
    m.note
FROM mart_kpi m
JOIN dim_indicator i USING (kpi_id)
LEFT JOIN dim_prefecture p ON p.prefecture_code = m.prefecture_code
LEFT JOIN dim_source s ON s.source_id = m.source_id;

CREATE VIEW regional_kpi_summary AS
SELECT
    r.geography_level, r.block, r.prefecture_code, p.prefecture_name_ja, p.prefecture_name_en,
    r.fiscal_year, 'fiscal' AS year_type, r.items, r.achieved,
    round(r.achieved::DOUBLE / nullif(r.items, 0) * 100, 1) AS achieved_share_pct,
    r.printed_share_pct, r.is_sample,
    s.title AS source, coalesce(s.title_en, s.title) AS source_en, s.source_type
FROM mart_regional_summary r
LEFT JOIN dim_prefecture p ON p.prefecture_code = r.prefecture_code
LEFT JOIN dim_source s ON s.source_id = r.source_id;

CREATE VIEW published_statistics AS
SELECT
    f.dataset, f.stat_code AS measure, f.indicator_ja, f.indicator_en,
    f.geography_level, coalesce(f.block, p.block) AS block, f.prefecture_code,
    p.prefecture_name_ja, p.prefecture_name_en,
    f.year, f.year_label, f.year_type, f.value, f.value_text, f.unit, f.target, f.target_text,
    f.is_sample, s.title AS source, coalesce(s.title_en, s.title) AS source_en, s.source_type,
    s.url AS source_url, f.note, coalesce(f.note_en, f.note) AS note_en
FROM fact_statistic f
LEFT JOIN dim_prefecture p ON p.prefecture_code = f.prefecture_code
LEFT JOIN dim_source s ON s.source_id = f.source_id;

CREATE VIEW subsidy_adoptions AS
SELECT * FROM published_statistics WHERE measure = 'subsidy_new_adoptions';

CREATE VIEW accelerated_exam AS
SELECT * FROM published_statistics WHERE dataset = 'accelerated_examination';

CREATE VIEW pct_filings AS
SELECT * FROM published_statistics WHERE dataset = 'pct_applications';

CREATE VIEW denominators AS
SELECT
    f.prefecture_code, p.prefecture_name_ja, p.prefecture_name_en, p.block, p.block_en,
    f.measure, f.indicator_ja, f.indicator_en, f.value, d.unit, d.unit_en, d.per, d.per_ja, d.per_en,
    f.reference_year, f.reference_date, f.is_sample,
    s.title AS source, coalesce(s.title_en, s.title) AS source_en, s.source_type, s.url AS source_url, f.note
FROM fact_denominator f
LEFT JOIN dim_denominator d USING (measure)
LEFT JOIN dim_prefecture p ON p.prefecture_code = f.prefecture_code
LEFT JOIN dim_source s ON s.source_id = f.source_id;

CREATE VIEW load_log AS
SELECT load_id, loaded_at, action, dataset, file_name, sha256, status, rows_loaded, rows_replaced, message
FROM load_history;

CREATE VIEW warehouse_info AS
SELECT key, value FROM build_meta;
