"""Deterministic synthetic per-prefecture sample, flagged is_sample = true on every row.

Per-prefecture KPI tables and counts are published only as PDFs, so the product ships a
sample that is consistent with what *is* published:
- FY2022 regional KPIs: exactly 114 items over 47 prefectures, exactly 90 achieved;
- per-prefecture subsidy adoptions, SME 早期審査, venture スーパー早期審査 and SME PCT counts add up
  exactly to the national published figure for every year that has one;
- larger prefectures (coarse activity class in data/reference/prefectures.csv) get more activity.
Years without a published national figure get a plausible sample total, labelled sample too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl import tables
from etl.reference import Prefecture, prefectures

SEED = 20240301
SAMPLE_SOURCE = {
    "source_id": "src_sample",
    "source_type": "sample",
    "title": "合成サンプル (ipdash etl.sample, seed 20240301) — not a statistic / 実データではありません",
    "url": "etl/sample.py",
}
FISCAL_YEARS = range(2020, 2026)
PLAN_OF_YEAR = {y: ("2nd" if y <= 2022 else "3rd") for y in FISCAL_YEARS}
PLAN_YEARS = {"2nd": (2020, 2022), "3rd": (2023, 2025)}
REGIONAL_ITEMS = 114
ACHIEVED_FY2022 = 90
# kpi_id -> typical annual level per unit of activity class
REGIONAL_KPIS = {"R_CONSULT": 900, "R_EXPERT": 140, "R_COLLAB": 60, "R_SEMINAR": 45, "R_NEW_FILERS": 8}
CUMULATIVE = {"R_NEW_FILERS"}


@dataclass(frozen=True)
class CountSeries:
    dataset: str
    stat_code: str
    indicator_ja: str
    indicator_en: str
    year_type: str
    published: dict[int, int]  # national totals printed in the plan / bundled data
    years: range
    typical: tuple[int, int]  # range for a sample total in years without a published one


COUNT_SERIES = (
    CountSeries("subsidies", "subsidy_new_adoptions", "外国出願補助金支援による新規採択件数",
                "New adoptions of the foreign-filing subsidy", "fiscal",
                {2020: 515, 2021: 383, 2022: 328}, FISCAL_YEARS, (320, 420)),
    CountSeries("accelerated_examination", "sme_accelerated_requests", "中小企業による早期審査申請件数",
                "Accelerated-examination requests by SMEs", "fiscal",
                {2020: 6853, 2021: 6823, 2022: 6035}, FISCAL_YEARS, (5600, 6600)),
    CountSeries("accelerated_examination", "venture_super_accelerated_requests",
                "ベンチャー企業によるスーパー早期審査申請件数",
                "Super-accelerated examination requests by ventures", "fiscal",
                {2020: 509, 2021: 460, 2022: 401}, FISCAL_YEARS, (330, 450)),
    CountSeries("pct_applications", "sme_pct_filings", "中小企業のPCT国際出願件数",
                "PCT applications by SMEs", "calendar",
                {2018: 4379, 2020: 5072, 2021: 5115, 2022: 4700, 2023: 5019}, range(2018, 2026), (4700, 5200)),
)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split an integer total in proportion to weights; the parts add up exactly (largest remainder)."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _nice(x: float) -> float:
    step = 10 if x >= 100 else 1
    return float(max(step, round(x / step) * step))


def regional_assignment(rng: random.Random, prefs: tuple[Prefecture, ...]) -> list[tuple[Prefecture, str]]:
    """114 (prefecture, KPI) items: every prefecture has two, 20 of them a third."""
    ids = list(REGIONAL_KPIS)
    extra = set(rng.sample([p.code for p in prefs], REGIONAL_ITEMS - 2 * len(prefs)))
    items = []
    for pref in prefs:
        chosen = rng.sample(ids, 3 if pref.code in extra else 2)
        items.extend((pref, kpi) for kpi in sorted(chosen))
    return items


def _ratio(rng: random.Random, achieved: bool) -> float:
    return rng.uniform(1.0, 1.3) if achieved else rng.uniform(0.6, 0.97)


def regional_kpi_rows(rng: random.Random) -> list[dict[str, object]]:
    items = regional_assignment(rng, prefectures())
    achieved_2022 = set(rng.sample(range(len(items)), ACHIEVED_FY2022))
    rows: list[dict[str, object]] = []

    def add(pref: Prefecture, kpi: str, year: int, period: str, target: float | None, actual: float) -> None:
        rows.append({
            "kpi_id": kpi, "plan": PLAN_OF_YEAR[year], "geography_level": "prefecture", "block": pref.block,
            "prefecture_code": pref.code, "fiscal_year": year, "period": period, "target": target,
            "actual": actual, "printed_achievement_pct": None, "is_sample": True,
            "source_id": SAMPLE_SOURCE["source_id"], "note": None,
        })

    for index, (pref, kpi) in enumerate(items):
        level = REGIONAL_KPIS[kpi] * pref.sample_scale * rng.uniform(0.7, 1.3)
        for plan, (first, last) in PLAN_YEARS.items():
            years = range(first, last + 1)
            if kpi in CUMULATIVE:
                target = _nice(level * len(years))
                hit = index in achieved_2022 if plan == "2nd" else rng.random() < 0.8
                total = round(target * _ratio(rng, hit))
                shares = allocate(total, [rng.uniform(0.7, 1.3) for _ in years])
                yearly = dict(zip(years, shares, strict=True))
            else:
                yearly = {}
            for year in years:
                growth = 1.03 ** (year - 2020)
                if kpi in CUMULATIVE:
                    actual = yearly[year]
                else:
                    target = _nice(level * growth)
                    hit = index in achieved_2022 if year == 2022 else rng.random() < 0.8
                    actual = round(target * _ratio(rng, hit))
                first_half = round(actual * rng.uniform(0.4, 0.55))
                add(pref, kpi, year, "FY", target, actual)
                add(pref, kpi, year, "H1", target, first_half)
                add(pref, kpi, year, "H2", target, actual - first_half)
    return rows


def count_rows(rng: random.Random) -> list[dict[str, object]]:
    prefs = prefectures()
    rows: list[dict[str, object]] = []
    for series in COUNT_SERIES:
        for year in series.years:
            total = series.published.get(year) or rng.randint(*series.typical)
            weights = [p.sample_scale * rng.lognormvariate(0, 0.35) for p in prefs]
            for pref, count in zip(prefs, allocate(total, weights), strict=True):
                rows.append({
                    "dataset": series.dataset, "stat_code": series.stat_code,
                    "indicator_ja": series.indicator_ja, "indicator_en": series.indicator_en,
                    "geography_level": "prefecture", "block": pref.block, "prefecture_code": pref.code,
                    "year": year, "year_label": str(year), "year_type": series.year_type,
                    "value": float(count), "value_text": str(count), "unit": "件", "target": None,
                    "target_text": None, "is_sample": True, "source_id": SAMPLE_SOURCE["source_id"],
                    "note": "sample allocation of the published national total" if year in series.published
                    else "sample total (no published national figure)",
                })
    return rows


SAMPLE_FILES = {
    "fact_kpi": "kpi_sample.csv",
    "fact_statistic": "statistics_sample.csv",
    "dim_indicator": "indicators_sample.csv",
}
SCALE_TIER = "scale_test"


def scale_rows(extra_rows: int, seed: int = SEED) -> dict[str, pl.DataFrame]:
    """Extra KPI series for benchmarks (kpi_tier 'scale_test', never counted as regional KPIs).

    Vectorised: each extra indicator covers 47 prefectures x 6 fiscal years x (FY, H1, H2).
    """
    per_indicator = 47 * len(FISCAL_YEARS) * 3
    count = max(1, -(-extra_rows // per_indicator))
    ids = pl.DataFrame({"kpi_id": [f"RX_{i:06d}" for i in range(count)]})
    indicators = ids.with_columns(
        plan=pl.lit("all"), kpi_tier=pl.lit(SCALE_TIER), indicator_group=pl.lit("scale test (sample)"),
        basis=pl.lit("annual"), unit=pl.lit("件"), unit_en=pl.lit("cases"), year_type=pl.lit("fiscal"),
        baseline_value=pl.lit(None, pl.Float64), baseline_year=pl.lit(None, pl.Int32),
        target_value=pl.lit(None, pl.Float64), target_year=pl.lit(None, pl.Int32), target_text=pl.lit(None, pl.String),
        kpi_name_ja=pl.format("ベンチマーク用系列 {}", pl.col("kpi_id")),
        kpi_name_en=pl.format("Benchmark series {}", pl.col("kpi_id")),
        definition_ja=pl.lit("性能試験用の合成系列。"), definition_en=pl.lit("Synthetic series for benchmarks."),
    ).select(list(tables.DIM_INDICATOR))
    prefs = pl.DataFrame({"prefecture_code": [p.code for p in prefectures()],
                          "block": [p.block for p in prefectures()],
                          "scale": [float(p.sample_scale) for p in prefectures()]})
    years = pl.DataFrame({"fiscal_year": list(FISCAL_YEARS)}, schema={"fiscal_year": pl.Int32})
    grid = ids.join(prefs, how="cross").join(years, how="cross")
    noise = (pl.struct("kpi_id", "prefecture_code", "fiscal_year").hash(seed) % 1000).cast(pl.Float64) / 1000
    grid = grid.with_columns(
        target=(pl.col("scale") * 100).round(0),
        actual=(pl.col("scale") * 100 * (0.6 + 0.7 * noise)).round(0),
    ).with_columns(h1=(pl.col("actual") * 0.47).round(0))
    periods = [
        grid.with_columns(period=pl.lit("FY"), value=pl.col("actual")),
        grid.with_columns(period=pl.lit("H1"), value=pl.col("h1")),
        grid.with_columns(period=pl.lit("H2"), value=pl.col("actual") - pl.col("h1")),
    ]
    facts = pl.concat(periods).select(
        "kpi_id",
        plan=pl.when(pl.col("fiscal_year") <= 2022).then(pl.lit("2nd")).otherwise(pl.lit("3rd")),
        geography_level=pl.lit("prefecture"), block="block", prefecture_code="prefecture_code",
        fiscal_year="fiscal_year", period="period", target="target", actual="value",
        printed_achievement_pct=pl.lit(None, pl.Float64), is_sample=pl.lit(True),
        source_id=pl.lit(SAMPLE_SOURCE["source_id"]), note=pl.lit(None, pl.String),
    ).head(extra_rows)
    return {"fact_kpi": facts.cast(tables.FACT_KPI), "dim_indicator": indicators.cast(tables.DIM_INDICATOR)}


def generate(seed: int = SEED, rows: int | None = None) -> dict[str, pl.DataFrame]:
    rng = random.Random(seed)
    frames = {
        "fact_kpi": tables.frame("fact_kpi", regional_kpi_rows(rng)),
        "fact_statistic": tables.frame("fact_statistic", count_rows(rng)),
        "dim_indicator": pl.DataFrame(schema=tables.DIM_INDICATOR),
    }
    if rows is not None and rows > frames["fact_kpi"].height:
        extra = scale_rows(rows - frames["fact_kpi"].height, seed)
        frames["fact_kpi"] = pl.concat([frames["fact_kpi"], extra["fact_kpi"]])
        frames["dim_indicator"] = extra["dim_indicator"]
    return frames


def write(out_dir: Path, seed: int = SEED, rows: int | None = None) -> dict[str, int]:
    """Write the sample as CSV files (the same path a user's export would take); returns row counts.

    ``rows`` scales the KPI facts up to about that many rows (for benchmarks).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, frame in generate(seed, rows).items():
        target = out_dir / SAMPLE_FILES[table]
        tmp = target.with_suffix(".tmp")
        frame.write_csv(tmp)
        tmp.replace(target)
        counts[table] = frame.height
    return counts


def read(out_dir: Path) -> dict[str, pl.DataFrame]:
    return {
        table: pl.read_csv(out_dir / name, schema=tables.TABLES[table])
        for table, name in SAMPLE_FILES.items()
    }
