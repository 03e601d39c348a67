"""Accepted loads through the versioned build: real rows replace the sample, are archived, survive rebuilds."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.build import run as build_run
from etl.ingest import ingest_file
from etl.loads import journal
from tests.ingest.conftest import KPI_HEADER, SUBSIDY_HEADER, csv_bytes, view, warehouse_state, write

SUBSIDY = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,△3,", "東京,R4,x,5,秘匿", "27,2022年度,40,0,"],
                    encoding="cp932")


def _subsidy_2022(root: Path) -> pl.DataFrame:
    return view(root, "SELECT prefecture_code, value, value_text, is_sample, source, source_type, note, note_en "
                      "FROM subsidy_adoptions WHERE geography_level = 'prefecture' AND year = 2022 "
                      "ORDER BY prefecture_code")


def test_accepted_file_replaces_the_sample_rows_and_is_archived(home_copy: Path, tmp_path: Path) -> None:
    before = _subsidy_2022(home_copy)
    assert before.height == 47 and before["is_sample"].all()
    outcome = ingest_file(write(tmp_path, "県別採択.csv", SUBSIDY), "subsidy", root=home_copy)

    assert outcome.status == "accepted" and outcome.exit_code == 0, outcome.lines()
    assert (outcome.report.rows_loaded, outcome.rows_replaced, outcome.sample_replaced) == (3, 3, 3)
    after = _subsidy_2022(home_copy)
    assert after.height == 47  # replaced, not added
    real = after.filter(~pl.col("is_sample"))
    assert real.select("prefecture_code", "value").rows() == [("01", 12.0), ("13", None), ("27", 40.0)]
    assert set(real["source"]) == {"県別採択.csv"} and set(real["source_type"]) == {"loaded"}
    tokyo = real.filter(prefecture_code="13")
    assert tokyo["note"].item() == "秘匿; 採択件数: 秘匿 (x) / suppressed; 前年度差 +5"
    assert tokyo["note_en"].item() == "秘匿; value: suppressed; change +5"  # the file's own note stays as written
    assert real.filter(prefecture_code="01")["note_en"].item() == "change -3"
    assert after.filter(pl.col("is_sample")).height == 44

    sha = outcome.report.sha256
    archive = home_copy / "archive" / "subsidy"
    assert outcome.archived == archive / f"{sha}.csv" and outcome.archived.read_bytes() == SUBSIDY
    assert pl.read_parquet(archive / f"{sha}.parquet").height == 3
    log = view(home_copy, "SELECT status, dataset, file_name, sha256, rows_loaded, rows_replaced FROM load_log "
                          "WHERE action = 'ingest'")
    assert log.rows() == [("accepted", "subsidy", "県別採択.csv", sha, 3, 3)]
    assert journal.entries(home_copy)[-1]["status"] == "accepted"


def test_loading_the_same_file_again_changes_nothing(home_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "same.csv", SUBSIDY)
    first = ingest_file(path, "subsidy", root=home_copy)
    state = warehouse_state(home_copy)
    again = ingest_file(path, "subsidy", root=home_copy)
    assert again.status == "unchanged" and again.exit_code == 0 and again.version == first.version
    assert warehouse_state(home_copy) == state
    assert "already loaded" in "\n".join(again.lines())
    assert [e["status"] for e in journal.entries(home_copy)[-2:]] == ["accepted", "unchanged"]


def test_kpi_rows_replace_every_sample_row_of_that_prefecture_and_year(home_copy: Path, tmp_path: Path) -> None:
    sample_2023 = view(home_copy, "SELECT kpi_id FROM kpi_results WHERE prefecture_code = '13' AND fiscal_year = 2023 "
                                  "AND is_sample")
    assert sample_2023.height > 0
    lines = [KPI_HEADER, "R_CONSULT,東京都,令和5年度,上期,12000,6200,,", "R_CONSULT,東京都,令和5年度,下期,12000,7300,,",
             "R_CONSULT,東京都,令和5年度,通期,12000,13500,112.5%,"]
    outcome = ingest_file(write(tmp_path, "tokyo.csv", csv_bytes(lines)), "kpi", root=home_copy)
    assert outcome.status == "accepted", outcome.lines()
    assert outcome.sample_replaced == sample_2023.height
    tokyo = view(home_copy, "SELECT kpi_id, period, actual, actual_to_date, achievement_pct, is_sample, source "
                            "FROM kpi_results WHERE prefecture_code = '13' AND fiscal_year = 2023 ORDER BY period")
    assert tokyo.select("kpi_id", "period", "actual_to_date").rows() == [
        ("R_CONSULT", "FY", 13500.0), ("R_CONSULT", "H1", 6200.0), ("R_CONSULT", "H2", 13500.0)]
    assert not tokyo["is_sample"].any() and set(tokyo["source"]) == {"tokyo.csv"}
    assert tokyo.filter(period="FY")["achievement_pct"].item() == 112.5
    other_year = view(home_copy, "SELECT bool_and(is_sample) AS s FROM kpi_results WHERE prefecture_code = '13' "
                                 "AND fiscal_year = 2024")
    assert other_year["s"].item() is True


def test_a_plain_build_keeps_every_accepted_load_and_a_later_file_overrides_an_earlier(
    home_copy: Path, tmp_path: Path,
) -> None:
    ingest_file(write(tmp_path, "v1.csv", SUBSIDY), "subsidy", root=home_copy)
    corrected = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,13,,訂正"])
    second = ingest_file(write(tmp_path, "v2.csv", corrected), "subsidy", root=home_copy, replace_real=True)
    assert second.status == "accepted" and (second.rows_replaced, second.sample_replaced) == (1, 0)
    build_run.rebuild_warehouse(home_copy)  # what `python -m etl build` does
    rows = _subsidy_2022(home_copy).filter(~pl.col("is_sample"))
    assert rows.select("prefecture_code", "value", "source").rows() == [
        ("01", 13.0, "v2.csv"), ("13", None, "v1.csv"), ("27", 40.0, "v1.csv")]


def test_a_load_published_but_not_journaled_is_recovered_by_the_next_build(home_copy: Path, tmp_path: Path) -> None:
    outcome = ingest_file(write(tmp_path, "crash.csv", SUBSIDY), "subsidy", root=home_copy)
    journal_file = journal.journal_path(home_copy)
    lines = journal_file.read_text(encoding="utf-8").splitlines(keepends=True)
    journal_file.write_text("".join(lines[:-1]) + lines[-1][:20], encoding="utf-8")  # killed mid-line after the switch
    build_run.rebuild_warehouse(home_copy)
    assert _subsidy_2022(home_copy).filter(~pl.col("is_sample")).height == 3
    recovered = [e for e in journal.entries(home_copy) if e.get("sha256") == outcome.report.sha256]
    assert [e["status"] for e in recovered] == ["accepted"] and "recovered" in str(recovered[0]["message"])


def test_a_file_that_breaks_a_warehouse_check_with_earlier_loads_is_rejected(home_copy: Path, tmp_path: Path) -> None:
    halves = [KPI_HEADER, "R_CONSULT,東京都,R5,上期,100,40,,", "R_CONSULT,東京都,R5,下期,100,50,,",
              "R_CONSULT,東京都,R5,通期,100,90,,"]
    assert ingest_file(write(tmp_path, "halves.csv", csv_bytes(halves)), "kpi", root=home_copy).status == "accepted"
    state = warehouse_state(home_copy)
    year = [KPI_HEADER, "R_CONSULT,東京都,R5,通期,100,95,,"]  # replaces FY 90: 40 + 50 ≠ 95 only with the earlier load
    outcome = ingest_file(write(tmp_path, "year.csv", csv_bytes(year)), "kpi", root=home_copy, replace_real=True)
    assert outcome.status == "rejected" and outcome.report.problems[0].rule == "warehouse_check"
    assert "halves_add_up" in "\n".join(outcome.lines())
    assert warehouse_state(home_copy) == state and outcome.quarantined is not None
    assert not (home_copy / "archive" / "kpi" / f"{outcome.report.sha256}.csv").exists()
