"""A large valid KPI file for benchmarks (never timed in the test suite).

The rows use the sample's benchmark series (kpi_tier 'scale_test', ids RX_…): real KPIs have too few
(indicator x prefecture x year x period) keys for 200,000 distinct rows. When the sample under
``root`` has too few series, the scaled sample is written first (as ``python -m etl sample --rows N``).
The file is CP932 (what Japanese Excel writes as "CSV") and mixes the spellings a real file has:
和暦 and Western years, names with and without 都/府/県, JIS codes, full-width digits, thousands
separators, 通期/上期/下期 with H1 + H2 = FY.

    python -m etl.uploads.generate OUT.csv [--rows 200000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

import polars as pl

from etl import tables
from etl.inputs import sample
from etl.inputs.reference import prefectures
from warehouse.connection import home

KEYS_PER_SERIES = 47 * len(sample.FISCAL_YEARS) * 3  # prefectures x fiscal years x (FY, H1, H2)
_FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def scale_series(root: Path, rows: int) -> list[str]:
    """Ids of enough benchmark series for ``rows`` rows, writing the scaled sample if needed."""
    needed = -(-rows // KEYS_PER_SERIES)
    path = root / "sample" / sample.SAMPLE_FILES["dim_indicator"]
    for attempt in range(2):
        if path.exists():
            ids = pl.read_csv(path, schema=tables.DIM_INDICATOR).filter(kpi_tier=sample.SCALE_TIER)["kpi_id"]
            if ids.len() >= needed:
                return sorted(ids.to_list())[:needed]
        if attempt == 0:
            sample.write(root / "sample", rows=needed * KEYS_PER_SERIES + 20_000)
    raise RuntimeError(f"the scaled sample has fewer than {needed} benchmark series")


def _year(rng: random.Random, year: int) -> str:
    return rng.choice([f"令和{year - 2018}年度" if year > 2019 else "令和元年度", f"R{year - 2018}",
                       f"{year}年度", f"FY{year}"])


def _number(rng: random.Random, value: int) -> str:
    text = f"{value:,}" if rng.random() < 0.5 else str(value)
    return text.translate(_FULL_WIDTH) if rng.random() < 0.1 else text


def rows_text(series: list[str], rows: int, seed: int = 20240301) -> str:
    rng = random.Random(seed)
    prefs = prefectures()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["指標", "都道府県", "年度", "期間", "目標", "実績", "達成率", "備考"])
    written = 0
    for kpi_id in series:
        for pref in prefs:
            name = rng.choice([pref.name_ja, pref.short_name, pref.code])
            for year in sample.FISCAL_YEARS:
                target = pref.sample_scale * 100
                actual = round(target * rng.uniform(0.6, 1.3))
                first = round(actual * 0.47)
                label = _year(rng, year)
                for period, value in (("通期", actual), ("上期", first), ("下期", actual - first)):
                    if written == rows:
                        return out.getvalue()
                    printed = f"{actual / target * 100:.1f}%" if period == "通期" else ""
                    writer.writerow([kpi_id, name, label, period, _number(rng, target), _number(rng, value),
                                     printed, ""])
                    written += 1
    return out.getvalue()


def write_large_kpi_file(path: Path, rows: int = 200_000, *, root: Path | None = None) -> Path:
    """Write a valid ``kpi`` file of exactly ``rows`` data rows (CP932); returns its path."""
    text = rows_text(scale_series(root or home(), rows), rows)
    path.write_bytes(text.encode("cp932"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.uploads.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    write_large_kpi_file(Path(args.out), args.rows)
    print(f"wrote {args.rows:,} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
