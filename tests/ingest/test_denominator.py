"""A user loads another denominator (SMEs per prefecture) through the ingest path; a bad one is rejected."""

from __future__ import annotations

from pathlib import Path

from etl.ingest import ingest_file
from etl.inputs.reference import prefectures
from etl.loads import journal
from tests.conftest import query
from tests.ingest.conftest import csv_bytes, warehouse_state, write
from warehouse import queries
from warehouse.connection import current_version, open_read_only

HEADER = "分母,都道府県,基準年,値,備考"


def _rows(count: int) -> list[str]:
    # test values, not statistics: one per prefecture, distinct so a mix-up shows
    return [f"smes,{p.name_ja},2021,{1000 + int(p.code)},テスト値" for p in prefectures()[:count]]


def test_a_complete_denominator_file_becomes_a_rate_choice(home_copy: Path, tmp_path: Path) -> None:
    outcome = ingest_file(write(tmp_path, "smes.csv", csv_bytes([HEADER, *_rows(47)], encoding="utf-8-sig")),
                          "denominator", root=home_copy)
    assert outcome.status == "accepted", outcome.lines()
    con = open_read_only(current_version(home_copy).path)
    try:
        smes = query(con, "SELECT * FROM denominators WHERE measure = 'smes' ORDER BY prefecture_code")
        catalog = queries.denominator_catalog(con.cursor())
        tokyo = queries.region_values(con.cursor(), measure="sme_pct_filings", geography_level="prefecture",
                                      year_from=2022, year_to=2022, per="smes").filter(prefecture_code="13")
    finally:
        con.close()
    assert smes.height == 47 and smes["value"][12] == 1013 and smes["source_type"].unique().to_list() == ["loaded"]
    assert smes["reference_year"].unique().to_list() == [2021] and smes["reference_date"].is_null().all()
    assert catalog["measure"].to_list() == ["establishments", "population", "smes"]
    assert tokyo["rate"][0] == tokyo["count"][0] / 1013 * 10_000  # per 10,000 SMEs (data/reference/denominators.csv)


def test_a_partial_denominator_file_is_rejected_by_the_warehouse_checks(home_copy: Path, tmp_path: Path) -> None:
    before = warehouse_state(home_copy)
    data = csv_bytes([HEADER, *_rows(3)])
    outcome = ingest_file(write(tmp_path, "three.csv", data), "denominator", root=home_copy)
    assert outcome.status == "rejected" and outcome.exit_code == 2
    assert any("denominators__all_47_per_measure" in p.message for p in outcome.report.problems), outcome.lines()
    assert warehouse_state(home_copy) == before
    assert outcome.quarantined is not None and outcome.quarantined.read_bytes() == data
    assert journal.entries(home_copy)[-1]["status"] == "rejected"


def test_a_denominator_that_breaks_a_published_total_is_rejected(home_copy: Path, tmp_path: Path) -> None:
    """Population of the census year must still add up to the national figure: a corrected row that does not
    is refused (the check reads the total from data/reference/denominators.csv)."""
    before = warehouse_state(home_copy)
    data = csv_bytes(["分母,都道府県,基準年,値", "population,東京都,2020,1"])
    # confirmed as an overwrite of the published row, so that the build check is what refuses it
    outcome = ingest_file(write(tmp_path, "pop.csv", data), "denominator", root=home_copy, replace_real=True)
    assert outcome.status == "rejected"
    assert any("denominators__" in p.message for p in outcome.report.problems), outcome.lines()
    assert warehouse_state(home_copy) == before
