"""The typed query functions the pages call, on the real bundled warehouse."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from warehouse import queries


def test_block_and_national_rows_of_a_regional_kpi_are_sums_of_prefectures(con: duckdb.DuckDBPyConnection) -> None:
    cur = con.cursor()
    prefectures = queries.kpi_series(cur, kpi_id="R_CONSULT", geography_level="prefecture")
    blocks = queries.kpi_series(cur, kpi_id="R_CONSULT", geography_level="block")
    national = queries.kpi_series(cur, kpi_id="R_CONSULT", geography_level="national")
    fy2022 = pl.col("fiscal_year") == 2022, pl.col("period") == "FY"
    assert blocks.filter(*fy2022)["actual"].sum() == prefectures.filter(*fy2022)["actual"].sum()
    row = national.filter(*fy2022).row(0, named=True)
    assert row["actual"] == prefectures.filter(*fy2022)["actual"].sum()
    assert row["achievement_pct"] == round(row["actual"] / row["target"] * 100, 1)  # the view shows 1 decimal
    assert row["is_sample"] is True


def test_region_values_blocks_add_up_to_the_published_total(con: duckdb.DuckDBPyConnection) -> None:
    blocks = queries.region_values(con.cursor(), measure="subsidy_new_adoptions", geography_level="block",
                                   year_from=2022, year_to=2022)
    assert blocks.height == 9 and blocks["value"].sum() == 328


def test_region_values_of_chosen_blocks_only(con: duckdb.DuckDBPyConnection) -> None:
    kyushu = queries.region_values(con.cursor(), measure="regional_achievement", geography_level="prefecture",
                                   year_from=2022, year_to=2022, blocks=["九州"])
    assert set(kyushu["block"]) == {"九州"} and kyushu.height == 7


@pytest.mark.parametrize("call", [
    lambda cur: queries.region_values(cur, measure="x; DROP TABLE y", geography_level="block",
                                      year_from=2020, year_to=2022),
    lambda cur: queries.explore(cur, view="load_log; SELECT 1"),
])
def test_unknown_names_are_refused(con: duckdb.DuckDBPyConnection, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call(con.cursor())


def test_hostile_filter_values_are_bound_not_executed(con: duckdb.DuckDBPyConnection) -> None:
    rows = queries.explore(con.cursor(), view="kpi_results", blocks=["九州' OR '1'='1"], prefectures=["'; --"])
    assert rows.filter(pl.col("prefecture_code").is_not_null()).is_empty()


def test_explore_never_mixes_national_rows_into_a_regional_selection(con: duckdb.DuckDBPyConnection) -> None:
    cur = con.cursor()
    fukuoka = queries.explore(cur, view="kpi_results", year_from=2022, year_to=2022, blocks=["九州"],
                              prefectures=["40"], plan="2nd")
    assert fukuoka.height and set(fukuoka["prefecture_code"]) == {"40"}
    assert set(fukuoka["fiscal_year"]) == {2022} and set(fukuoka["plan"]) == {"2nd"}
    kyushu = queries.explore(cur, view="pct_filings", blocks=["九州"])
    assert set(kyushu["geography_level"]) == {"prefecture"} and set(kyushu["block"]) == {"九州"}
    everything = queries.explore(cur, view="pct_filings")
    assert "national" in set(everything["geography_level"])
