"""The synthetic sample: deterministic, flagged, and consistent with the published national figures."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.inputs import sample
from tests.conftest import ROOT, query


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    sample.write(tmp_path / "a")
    sample.write(tmp_path / "b")
    sample.write(tmp_path / "c", seed=7)
    for name in sample.SAMPLE_FILES.values():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "kpi_sample.csv").read_bytes() != (tmp_path / "c" / "kpi_sample.csv").read_bytes()


def test_every_sample_row_is_flagged_and_sourced(tmp_path: Path) -> None:
    frames = sample.generate()
    for table in ("fact_kpi", "fact_statistic"):
        assert frames[table]["is_sample"].all(), table
        assert set(frames[table]["source_id"]) == {sample.SAMPLE_SOURCE["source_id"]}


def test_sample_covers_47_prefectures_fy2020_25_with_halves() -> None:
    kpi = sample.generate()["fact_kpi"]
    assert kpi["prefecture_code"].n_unique() == 47
    assert sorted(kpi["fiscal_year"].unique()) == list(range(2020, 2026))
    assert set(kpi["period"]) == {"FY", "H1", "H2"}
    items = kpi.filter(pl.col("period") == "FY").group_by("fiscal_year").len()
    assert set(items["len"]) == {sample.REGIONAL_ITEMS}


def test_fy2022_regional_items_match_the_plan(con: duckdb.DuckDBPyConnection) -> None:
    counted = query(con, """
        SELECT sum(items) AS items, sum(achieved) AS achieved FROM regional_kpi_summary
        WHERE geography_level = 'prefecture' AND fiscal_year = 2022
    """).row(0)
    assert counted == (114, 90)


def _published_national(file: str, indicator: str) -> dict[int, float]:
    with open(ROOT / "data" / "raw" / file, encoding="utf-8") as handle:
        return {int(r["year"]): float(r["value"]) for r in csv.DictReader(handle)
                if r["indicator"] == indicator and r["geography_level"] == "national" and r["value"]}


def test_per_prefecture_counts_add_up_to_published_totals(con: duckdb.DuckDBPyConnection) -> None:
    sums = query(con, """
        SELECT measure, year, sum(value) AS total FROM published_statistics
        WHERE is_sample AND geography_level = 'prefecture' GROUP BY ALL
    """)
    subsidies = _published_national("subsidies.csv", "外国出願補助金支援による新規採択件数")
    assert subsidies, "the bundled file has national subsidy adoptions"
    for year, value in subsidies.items():
        got = sums.filter(measure="subsidy_new_adoptions", year=year)["total"].item()
        assert got == value, (year, got, value)
    sme_pct = query(con, "SELECT fiscal_year, actual FROM kpi_results WHERE kpi_id = 'P2_OUT_SME_PCT' "
                         "AND actual IS NOT NULL")
    for year, value in sme_pct.rows():
        assert sums.filter(measure="sme_pct_filings", year=year)["total"].item() == value


def test_larger_prefectures_get_more_activity(con: duckdb.DuckDBPyConnection) -> None:
    totals = query(con, """
        SELECT prefecture_code, sum(value) AS total FROM accelerated_exam
        WHERE is_sample AND measure = 'sme_accelerated_requests' GROUP BY ALL
    """)
    tokyo = totals.filter(prefecture_code="13")["total"].item()
    tottori = totals.filter(prefecture_code="31")["total"].item()
    assert tokyo > 5 * tottori


def test_scaled_sample_reaches_the_requested_rows() -> None:
    frames = sample.generate(rows=50_000)
    assert frames["fact_kpi"].height == 50_000
    scaled = frames["fact_kpi"].filter(pl.col("kpi_id").str.starts_with("RX_"))
    assert scaled.height > 0 and scaled["is_sample"].all()
    assert set(frames["dim_indicator"]["kpi_tier"]) == {sample.SCALE_TIER}


def test_scaled_sample_is_written_in_chunks_with_the_same_rows(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``write`` streams the benchmark series a chunk at a time; the file is the same whatever the chunk size."""
    counts = sample.write(tmp_path / "whole", rows=20_000)
    monkeypatch.setattr(sample, "CHUNK_INDICATORS", 3)  # many chunks, one period split over several
    assert sample.write(tmp_path / "chunked", rows=20_000) == counts
    assert counts["fact_kpi"] == 20_000
    for name in sample.SAMPLE_FILES.values():
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "chunked" / name).read_bytes(), name
    written = pl.read_csv(tmp_path / "chunked" / sample.SAMPLE_FILES["fact_kpi"])
    assert written.height == 20_000 and written.filter(pl.col("kpi_id").str.starts_with("RX_")).height > 0
