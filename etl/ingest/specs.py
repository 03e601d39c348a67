"""The loadable datasets: their columns (Japanese header first, English aliases), and the size limits.

A column's ``kind`` says how its cells are read (see etl.ingest.cells); ``required`` columns must be in
the header (their cells may still hold a placeholder where the kind allows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.reference import denominator_catalog

# Size limits (documented in docs/loading-data.md); the app's upload limit (.streamlit/config.toml) is 50 MB too.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024  # a zip bomb is refused before it is unpacked
MAX_DATA_ROWS = 500_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
HEADER_SEARCH_ROWS = 30  # title and unit rows above the header
MAX_HEADER_ROWS = 3  # a header may span this many rows (merged group labels on top)
KEPT_PROBLEMS = 10_000  # more are counted, not kept


@dataclass(frozen=True)
class Column:
    field: str  # canonical name
    ja: str  # header in the template
    aliases: tuple[str, ...]  # other accepted headers (Japanese variants and English)
    kind: str  # indicator | prefecture | year | period | number | count | change | percent | text
    required: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.ja, *self.aliases)


@dataclass(frozen=True)
class Dataset:
    name: str  # kpi | subsidy | accelerated | pct | denominator
    table: str  # fact_kpi | fact_statistic
    title_ja: str
    title_en: str
    year_type: str  # fiscal | calendar
    columns: tuple[Column, ...]
    warehouse_dataset: str | None = None  # fact_statistic.dataset
    measures: tuple[str, ...] = ()  # stat_codes a statistics file may name
    default_measure: str | None = None  # used when the file has no indicator column
    key_fields: tuple[str, ...] = field(default=("indicator", "prefecture", "year"))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


PREFECTURE = Column("prefecture", "都道府県", ("都道府県名", "都道府県コード", "県名", "prefecture", "pref",
                                             "prefecture_code", "prefecture_name"), "prefecture")
FISCAL_YEAR = Column("year", "年度", ("会計年度", "fiscal_year", "fiscal year", "fy", "year"), "year")
CALENDAR_YEAR = Column("year", "年", ("暦年", "calendar_year", "calendar year", "year", "cy"), "year")
NOTE = Column("note", "備考", ("注記", "注", "note", "notes", "remarks", "comment"), "text", required=False)


def _indicator(required: bool) -> Column:
    return Column("indicator", "指標", ("指標名", "項目", "kpi", "kpi_id", "indicator", "measure"), "indicator",
                  required=required)


def _change(ja: str) -> Column:
    return Column("change", ja, ("増減", "前年差", "前年度差", "前年比増減", "change"), "change", required=False)


DATASETS: dict[str, Dataset] = {
    "kpi": Dataset(
        "kpi", "fact_kpi", "都道府県別KPI (目標・実績)", "KPI targets and actuals by prefecture", "fiscal",
        (
            _indicator(True), PREFECTURE, FISCAL_YEAR,
            Column("period", "期間", ("区分", "period", "half"), "period", required=False),
            Column("target", "目標", ("目標値", "target"), "number"),
            Column("actual", "実績", ("実績値", "actual", "result"), "number"),
            Column("printed", "達成率", ("達成率(%)", "達成度", "achievement", "achievement_pct",
                                       "achievement_rate"), "percent", required=False),
            NOTE,
        ),
        key_fields=("indicator", "prefecture", "year", "period"),
    ),
    "subsidy": Dataset(
        "subsidy", "fact_statistic", "外国出願補助金 新規採択件数 (都道府県別)",
        "Foreign-filing subsidy adoptions by prefecture", "fiscal",
        (
            _indicator(False), PREFECTURE, FISCAL_YEAR,
            Column("value", "採択件数", ("新規採択件数", "件数", "count", "value", "adoptions"), "count"),
            _change("前年度差"), NOTE,
        ),
        warehouse_dataset="subsidies", measures=("subsidy_new_adoptions",), default_measure="subsidy_new_adoptions",
    ),
    "accelerated": Dataset(
        "accelerated", "fact_statistic", "早期審査・スーパー早期審査 申請件数 (都道府県別)",
        "Accelerated-examination requests by prefecture", "fiscal",
        (
            _indicator(True), PREFECTURE, FISCAL_YEAR,
            Column("value", "申請件数", ("件数", "count", "value", "requests"), "count"),
            _change("前年度差"), NOTE,
        ),
        warehouse_dataset="accelerated_examination",
        measures=("sme_accelerated_requests", "venture_super_accelerated_requests", "super_accelerated_requests_all"),
    ),
    "pct": Dataset(
        "pct", "fact_statistic", "PCT国際出願件数 (都道府県別, 暦年)", "PCT filings by prefecture (calendar years)",
        "calendar",
        (
            _indicator(False), PREFECTURE, CALENDAR_YEAR,
            Column("value", "出願件数", ("件数", "count", "value", "filings"), "count"),
            _change("前年差"), NOTE,
        ),
        warehouse_dataset="pct_applications",
        measures=("sme_pct_filings", "pct_by_applicant_address", "pct_domestic_applicants"),
        default_measure="sme_pct_filings",
    ),
    # Denominators of rates (e.g. SMEs per prefecture): read like a statistics file into fact_statistic rows of
    # the dataset "denominators"; etl.sources.denominators moves them into the denominators table at build time
    # (the newest reference year of a measure replaces it; the warehouse checks need all 47 prefectures).
    "denominator": Dataset(
        "denominator", "fact_statistic", "率の分母 (都道府県別の中小企業数・事業所数・人口)",
        "Denominators of rates by prefecture (SMEs, establishments, population)", "calendar",
        (
            Column("indicator", "分母", ("指標", "指標名", "項目", "denominator", "measure", "indicator"), "indicator"),
            PREFECTURE,
            Column("year", "基準年", ("調査年", "年", "reference_year", "year"), "year"),
            Column("value", "値", ("数", "件数", "value", "count"), "count"),
            _change("前回差"), NOTE,
        ),
        warehouse_dataset="denominators", measures=tuple(d.measure for d in denominator_catalog()),
    ),
}

# Units a number may carry in its cell ("1,234件"); anything else after a number is rejected.
COUNT_UNITS = frozenset({"件"})
