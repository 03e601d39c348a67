"""The loadable datasets: their columns (Japanese header first, English aliases), and the size limits.

How a column's cells are read is etl.uploads.records' job (with the vocabulary of etl.cells.values);
``required`` columns must be in the header (their cells may still hold a placeholder where allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from etl.inputs.reference import denominator_catalog

# Size limits (documented in docs/loading-data.md); the app's upload limit (.streamlit/config.toml) is 50 MB too.
# Each bounds work or memory *before* it is spent, so a small hostile file cannot take minutes or gigabytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DATA_ROWS = 500_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
MAX_CELLS = 4_500_000  # CSV fields in all (500,000 rows x 8 columns and some); bounds memory (~250 bytes a cell)
MAX_LINE_CHARS = MAX_COLUMNS * (2 * MAX_CELL_CHARS + 3)  # no valid CSV row is longer
# XLSX: a zip of XML, parsed in a stream (etl.uploads.xlsx_parts)
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # sum of the declared sizes; zipfile never unpacks more
MAX_XLSX_PARTS = 2_000  # zip entries
MAX_XLSX_CELLS = 400_000  # cell tags in the sheet read (e.g. 50,000 rows x 8 columns; use CSV for more)
MAX_XML_TAGS = 3_000_000  # start and end tags in any one part: bounds the parse (about 1 µs a tag)
MAX_XML_TAG_BYTES = 64 * 1024  # one tag with its attributes
MAX_XML_DEPTH = 64  # spreadsheet XML nests about 6 levels
MAX_XLSX_TEXT = 32_767  # characters in one cell or shared string (Excel's own limit)
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 20_000_000
MAX_SHEETS = 1_000
MAX_SHEETS_PROBED = 50  # visible sheets whose first rows are looked at to find the data
PROBE_TAGS = 200_000  # tags read at most to find a sheet's header
PROBE_TAGS_TOTAL = 1_000_000  # ... and over all the sheets looked at
MAX_STYLES = 65_536
MAX_MERGES = 20_000
HEADER_SEARCH_ROWS = 30  # title and unit rows above the header
MAX_HEADER_ROWS = 3  # a header may span this many rows (merged group labels on top)
KEPT_PROBLEMS = 10_000  # more are counted, not kept

# Years a row may name: from FIRST_YEAR through the current fiscal year + YEARS_AHEAD (one setting for
# every dataset; a calendar-year file gets the same bound). Anything else is a typing error (2099, 令和50年).
FIRST_YEAR = 2000
YEARS_AHEAD = 1


def year_range(today: date | None = None) -> tuple[int, int]:
    """(first, last) accepted year; the fiscal year starts in April."""
    today = today or date.today()
    fiscal = today.year if today.month >= 4 else today.year - 1
    return FIRST_YEAR, fiscal + YEARS_AHEAD


@dataclass(frozen=True)
class Column:
    field: str  # canonical name
    ja: str  # header in the template
    aliases: tuple[str, ...]  # other accepted headers (Japanese variants and English)
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

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_ja

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


PREFECTURE = Column("prefecture", "都道府県", ("都道府県名", "都道府県コード", "県名", "prefecture", "pref",
                                             "prefecture_code", "prefecture_name"))
FISCAL_YEAR = Column("year", "年度", ("会計年度", "fiscal_year", "fiscal year", "fy", "year"))
CALENDAR_YEAR = Column("year", "年", ("暦年", "calendar_year", "calendar year", "year", "cy"))
NOTE = Column("note", "備考", ("注記", "注", "note", "notes", "remarks", "comment"), required=False)


def _indicator(required: bool) -> Column:
    return Column("indicator", "指標", ("指標名", "項目", "kpi", "kpi_id", "indicator", "measure"),
                  required=required)


def _change(ja: str) -> Column:
    return Column("change", ja, ("増減", "前年差", "前年度差", "前年比増減", "change"), required=False)


DATASETS: dict[str, Dataset] = {
    "kpi": Dataset(
        "kpi", "fact_kpi", "都道府県別KPI (目標・実績)", "KPI targets and actuals by prefecture", "fiscal",
        (
            _indicator(True), PREFECTURE, FISCAL_YEAR,
            Column("period", "期間", ("区分", "period", "half"), required=False),
            Column("target", "目標", ("目標値", "target")),
            Column("actual", "実績", ("実績値", "actual", "result")),
            Column("printed", "達成率", ("達成率(%)", "達成度", "achievement", "achievement_pct",
                                       "achievement_rate"), required=False),
            NOTE,
        ),
    ),
    "subsidy": Dataset(
        "subsidy", "fact_statistic", "外国出願補助金 新規採択件数 (都道府県別)",
        "Foreign-filing subsidy adoptions by prefecture", "fiscal",
        (
            _indicator(False), PREFECTURE, FISCAL_YEAR,
            Column("value", "採択件数", ("新規採択件数", "件数", "count", "value", "adoptions")),
            _change("前年度差"), NOTE,
        ),
        warehouse_dataset="subsidies", measures=("subsidy_new_adoptions",), default_measure="subsidy_new_adoptions",
    ),
    "accelerated": Dataset(
        "accelerated", "fact_statistic", "早期審査・スーパー早期審査 申請件数 (都道府県別)",
        "Accelerated-examination requests by prefecture", "fiscal",
        (
            _indicator(True), PREFECTURE, FISCAL_YEAR,
            Column("value", "申請件数", ("件数", "count", "value", "requests")),
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
            Column("value", "出願件数", ("件数", "count", "value", "filings")),
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
