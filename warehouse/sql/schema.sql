-- Tables behind the public views. Pages and analysts read the views (views.sql), never these.

-- ── dimensions ────────────────────────────────────────────────────────────
CREATE TABLE dim_plan (                -- from data/reference/plans.csv
    plan        VARCHAR PRIMARY KEY,   -- 1st | 2nd | 3rd
    plan_no     INTEGER NOT NULL,
    name_ja     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    fy_start    INTEGER NOT NULL,
    fy_end      INTEGER NOT NULL
);

CREATE TABLE dim_prefecture (
    prefecture_code     VARCHAR PRIMARY KEY,  -- JIS X 0401, two digits
    prefecture_name_ja  VARCHAR NOT NULL,
    prefecture_name_en  VARCHAR NOT NULL,
    block               VARCHAR NOT NULL,     -- METI regional block
    block_en            VARCHAR NOT NULL,
    bureau              VARCHAR NOT NULL,
    tile_x              INTEGER NOT NULL,
    tile_y              INTEGER NOT NULL
);

CREATE TABLE dim_indicator (
    kpi_id          VARCHAR PRIMARY KEY,
    display_order   INTEGER,                  -- the plan's own order (indicators.csv)
    plan            VARCHAR NOT NULL,         -- 1st | 2nd | 3rd | all (regional sample set)
    kpi_tier        VARCHAR NOT NULL,         -- central | regional
    indicator_group VARCHAR,
    indicator_group_en VARCHAR,
    basis           VARCHAR NOT NULL,         -- annual | cumulative | milestone | qualitative
    unit            VARCHAR,
    unit_en         VARCHAR,
    year_type       VARCHAR NOT NULL,         -- fiscal | calendar | survey
    baseline_value  DOUBLE,
    baseline_year   INTEGER,
    target_value    DOUBLE,
    target_year     INTEGER,
    target_text     VARCHAR,
    target_text_en  VARCHAR,
    kpi_name_ja     VARCHAR NOT NULL,
    kpi_name_en     VARCHAR NOT NULL,
    definition_ja   VARCHAR,
    definition_en   VARCHAR
);

CREATE TABLE dim_source (
    source_id   VARCHAR PRIMARY KEY,
    source_type VARCHAR NOT NULL,             -- seed | primary | secondary | sample | loaded
    title       VARCHAR NOT NULL,
    title_en    VARCHAR,                      -- data/reference/source_titles.csv (loaded files: their name)
    url         VARCHAR
);

-- ── facts ─────────────────────────────────────────────────────────────────
CREATE TABLE fact_kpi (
    kpi_id                  VARCHAR NOT NULL,
    plan                    VARCHAR NOT NULL,
    geography_level         VARCHAR NOT NULL,  -- national | block | prefecture
    block                   VARCHAR,
    prefecture_code         VARCHAR,
    fiscal_year             INTEGER NOT NULL,
    period                  VARCHAR NOT NULL,  -- FY | H1 | H2 | PLAN
    target                  DOUBLE,
    actual                  DOUBLE,            -- the period's own value (cumulative KPIs: the year's increment)
    printed_achievement_pct DOUBLE,
    is_sample               BOOLEAN NOT NULL,
    source_id               VARCHAR NOT NULL,
    note                    VARCHAR
);

CREATE TABLE fact_statistic (
    dataset         VARCHAR NOT NULL,
    stat_code       VARCHAR NOT NULL,
    indicator_ja    VARCHAR NOT NULL,
    indicator_en    VARCHAR NOT NULL,
    geography_level VARCHAR NOT NULL,
    block           VARCHAR,
    prefecture_code VARCHAR,
    year            INTEGER NOT NULL,
    year_label      VARCHAR NOT NULL,
    year_type       VARCHAR NOT NULL,          -- fiscal | calendar
    value           DOUBLE,
    value_text      VARCHAR,
    unit            VARCHAR,
    target          DOUBLE,
    target_text     VARCHAR,
    is_sample       BOOLEAN NOT NULL,
    source_id       VARCHAR NOT NULL,
    note            VARCHAR,
    note_en         VARCHAR                    -- data/reference/statistic_notes.csv; loaded rows: etl/uploads/records.py
);

CREATE TABLE fact_regional_summary (   -- published regional-KPI totals (114 items, 90 achieved)
    geography_level   VARCHAR NOT NULL,
    block             VARCHAR,
    prefecture_code   VARCHAR,
    fiscal_year       INTEGER NOT NULL,
    items             INTEGER NOT NULL,
    achieved          INTEGER NOT NULL,
    printed_share_pct DOUBLE,
    is_sample         BOOLEAN NOT NULL,
    source_id         VARCHAR NOT NULL
);

-- Denominators of rates: one row per measure and prefecture (etl/sources/denominators.py), and what a
-- rate of each measure is per (data/reference/denominators.csv, with the national totals checked).
CREATE TABLE fact_denominator (
    measure         VARCHAR NOT NULL,          -- establishments | population | loaded (smes)
    indicator_ja    VARCHAR NOT NULL,
    indicator_en    VARCHAR NOT NULL,
    prefecture_code VARCHAR NOT NULL,
    value           DOUBLE,
    reference_year  INTEGER NOT NULL,
    reference_date  DATE,                      -- as published; NULL when a loaded file gives the year only
    is_sample       BOOLEAN NOT NULL,
    source_id       VARCHAR NOT NULL,
    note            VARCHAR
);

CREATE TABLE dim_denominator (
    measure                 VARCHAR PRIMARY KEY,
    unit                    VARCHAR NOT NULL,
    unit_en                 VARCHAR NOT NULL,
    per                     BIGINT NOT NULL,   -- a rate is per this many units (10,000 / 100,000)
    per_ja                  VARCHAR NOT NULL,
    per_en                  VARCHAR NOT NULL,
    national_total          BIGINT,            -- the published national figure (bundled measures)
    national_reference_date DATE
);

CREATE TABLE load_history (
    load_id       VARCHAR NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL,
    action        VARCHAR NOT NULL,   -- build | ingest
    dataset       VARCHAR,
    file_name     VARCHAR,
    sha256        VARCHAR,
    status        VARCHAR NOT NULL,   -- built | accepted | rejected | unchanged
    rows_loaded   BIGINT,
    rows_replaced BIGINT,
    message       VARCHAR
);

CREATE TABLE build_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
