"""Denominators in the warehouse and rates computed from them (per 100,000 people, per 10,000 establishments)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.build.run import rebuild_warehouse
from etl.inputs.reference import data_dir, denominator_catalog
from tests.conftest import query
from warehouse import publish, queries

TOKYO_POPULATION, TOKYO_ESTABLISHMENTS = 14_047_594, 628_239  # 令和2年国勢調査, 令和3年経済センサス (issue 13)


def test_each_bundled_denominator_has_47_rows_adding_up_to_its_national_total(con: duckdb.DuckDBPyConnection) -> None:
    rows = query(con, "SELECT * FROM denominators")
    bundled = {d.measure: d for d in denominator_catalog() if d.bundled_file}
    assert set(rows["measure"]) == set(bundled)
    for measure, den in bundled.items():
        mine = rows.filter(measure=measure)
        assert mine.height == 47 and mine["prefecture_code"].n_unique() == 47
        assert mine["value"].sum() == den.national_total  # the reference CSV is the one place the totals live
        assert not mine["is_sample"].any() and mine["source_en"].str.contains("Census").all()
        assert mine["reference_date"].cast(pl.String).unique().to_list() == [den.national_reference_date]


def test_prefecture_rates_are_count_over_denominator(con: duckdb.DuckDBPyConnection) -> None:
    def tokyo(per: str) -> dict[str, float]:
        frame = queries.region_values(con.cursor(), measure="sme_pct_filings", geography_level="prefecture",
                                      year_from=2022, year_to=2022, per=per)
        return frame.filter(prefecture_code="13").row(0, named=True)

    people, places = tokyo("population"), tokyo("establishments")
    assert people["denominator_value"] == TOKYO_POPULATION and places["denominator_value"] == TOKYO_ESTABLISHMENTS
    assert people["value"] == pytest.approx(people["count"] / TOKYO_POPULATION * 100_000, rel=1e-12)
    assert places["value"] == pytest.approx(places["count"] / TOKYO_ESTABLISHMENTS * 10_000, rel=1e-12)


def test_a_block_rate_is_its_sums_not_a_mean_of_rates(con: duckdb.DuckDBPyConnection) -> None:
    args = dict(measure="sme_pct_filings", year_from=2022, year_to=2022, blocks=["関東"], per="population")
    prefs = queries.region_values(con.cursor(), geography_level="prefecture", **args)
    block = queries.region_values(con.cursor(), geography_level="block", **args).row(0, named=True)
    sums = prefs["count"].sum() / prefs["denominator_value"].sum() * 100_000
    assert block["rate"] == pytest.approx(sums, rel=1e-12)
    assert block["rate"] != pytest.approx(prefs["rate"].mean(), rel=1e-2)  # the two differ on this data


def test_counts_stay_counts_and_percentages_have_no_rate(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.region_values(con.cursor(), measure="sme_pct_filings", geography_level="block", year_from=2022,
                                   year_to=2022)
    assert (counts["value"] == counts["count"]).all() and counts["rate"].is_null().all()
    shares = queries.region_values(con.cursor(), measure="regional_achievement", geography_level="block",
                                   year_from=2022, year_to=2022, per="population")
    assert shares["rate"].is_null().all() and shares["value"].is_not_null().all()


def test_explorer_rates_prefecture_block_and_national_rows(con: duckdb.DuckDBPyConnection) -> None:
    rows = queries.explore(con.cursor(), view="pct_filings", year_from=2022, year_to=2022, per="population")
    tokyo = rows.filter(prefecture_code="13", unit="件").row(0, named=True)
    assert tokyo["rate"] == pytest.approx(tokyo["value"] / TOKYO_POPULATION * 100_000)
    national = rows.filter(geography_level="national", unit="件")
    assert (national["denominator_value"] == 126_146_099).all()
    assert rows.filter(unit="%")["rate"].is_null().all()


def test_explorer_rates_exactly_the_rows_it_would_show_without_them(con: duckdb.DuckDBPyConnection) -> None:
    """Rates are joined to the first rows of the view (its top N), not to every row before the limit: the same rows,
    in the same order, with their rates beside them."""
    plain = queries.explore(con.cursor(), view="pct_filings", limit=40)
    rated = queries.explore(con.cursor(), view="pct_filings", limit=40, per="establishments")
    assert rated.select(plain.columns).equals(plain)
    assert rated.filter(unit="件")["rate"].is_not_null().all()


def test_a_denominator_off_its_national_total_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    path = data / "raw" / "prefecture_population_2020.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",14047594,", ",14047595,"), encoding="utf-8")
    monkeypatch.setenv("IPDASH_DATA_DIR", str(data))
    with pytest.raises(publish.BuildCheckFailed, match="denominators__sum_to_national_total"):
        rebuild_warehouse(tmp_path / "home")
