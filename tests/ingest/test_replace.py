"""Before loading: rows to add and to replace (sample vs real); real rows are overwritten only when confirmed
(issue 9, item 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from etl.ingest import ingest_file
from etl.loads import impact, journal
from etl.uploads import specs
from etl.uploads.validate import validate
from tests.conftest import ROOT, env_with
from tests.ingest.conftest import KPI_HEADER, SUBSIDY_HEADER, csv_bytes, view, warehouse_state, write

FIRST = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,12,,", "東京都,令和4年度,85,,", "大阪府,令和4年度,40,,"])
CORRECTED = csv_bytes([SUBSIDY_HEADER, "北海道,令和4年度,13,,訂正", "京都府,令和4年度,9,,"])


def _ingest(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "etl", "ingest", *args], cwd=ROOT, env=env_with(home),
                          capture_output=True, text=True, timeout=300)


def test_the_report_counts_rows_to_add_and_to_replace_before_anything_is_written(home_copy: Path) -> None:
    report = validate(FIRST, "first.csv", "subsidy", root=home_copy)
    assert impact.measure(report, home_copy) == impact.Impact(added=0, sample=3, real=0,
                                                              version=warehouse_state(home_copy)[0][:-7])
    last = specs.year_range()[1]  # a year the sample does not cover yet
    future = validate(csv_bytes([SUBSIDY_HEADER, f"東京都,{last},5,,"]), "next.csv", "subsidy", root=home_copy)
    counted = impact.measure(future, home_copy)
    assert counted is not None and (counted.added, counted.replaced) == (1, 0)  # no row of that year yet


def test_kpi_counts_every_sample_row_of_the_prefecture_year_as_the_load_does(home_copy: Path, tmp_path: Path) -> None:
    data = csv_bytes([KPI_HEADER, "R_CONSULT,東京都,令和5年度,通期,12000,13500,,"])
    counted = impact.measure(validate(data, "kpi.csv", "kpi", root=home_copy), home_copy)
    outcome = ingest_file(write(tmp_path, "kpi.csv", data), "kpi", root=home_copy)
    assert counted is not None and outcome.status == "accepted"
    assert (counted.sample, counted.real) == (outcome.sample_replaced, outcome.rows_replaced - outcome.sample_replaced)
    assert counted.sample > 1  # all the sample KPIs of Tokyo FY2023, not only R_CONSULT


def test_overwriting_real_rows_needs_replace_real_on_the_cli(home_copy: Path, tmp_path: Path) -> None:
    first = _ingest(home_copy, str(write(tmp_path, "first.csv", FIRST)), "--dataset", "subsidy")
    assert first.returncode == 0 and "(added 0)" in first.stdout
    state = warehouse_state(home_copy)
    path = write(tmp_path, "corrected.csv", CORRECTED)
    refused = _ingest(home_copy, str(path), "--dataset", "subsidy")
    assert refused.returncode == 4, refused.stderr
    assert "refused: corrected.csv" in refused.stderr and "--replace-real" in refused.stderr
    assert "rows to add: 0; rows to replace: 2 (sample 1, real 1)" in refused.stderr
    assert warehouse_state(home_copy) == state  # nothing loaded, not quarantined: the file is fine
    assert not (home_copy / "quarantine").exists()
    assert journal.entries(home_copy)[-1]["status"] == "refused"

    confirmed = _ingest(home_copy, str(path), "--dataset", "subsidy", "--replace-real")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "rows replaced: 2 (sample 1, earlier loads or published 1)" in confirmed.stdout
    rows = view(home_copy, "SELECT prefecture_code, value, source FROM subsidy_adoptions WHERE year = 2022 "
                           "AND geography_level = 'prefecture' AND NOT is_sample ORDER BY prefecture_code")
    assert rows.rows() == [("01", 13.0, "corrected.csv"), ("13", 85.0, "first.csv"), ("26", 9.0, "corrected.csv"),
                           ("27", 40.0, "first.csv")]


def test_the_build_refuses_unconfirmed_real_rows_even_when_the_report_could_not_count(
    home_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The counting before loading is a courtesy; the guard is in the build, with the rule the build applies."""
    ingest_file(write(tmp_path, "first.csv", FIRST), "subsidy", root=home_copy)
    state = warehouse_state(home_copy)
    monkeypatch.setattr(impact, "measure", lambda report, root: None)  # as when the version cannot be read
    outcome = ingest_file(write(tmp_path, "corrected.csv", CORRECTED), "subsidy", root=home_copy)
    assert outcome.status == "refused" and outcome.exit_code == 4
    assert (outcome.rows_replaced, outcome.sample_replaced) == (2, 1)
    assert warehouse_state(home_copy) == state
    assert not (home_copy / "archive" / "subsidy" / f"{outcome.report.sha256}.csv").exists()


def test_loaded_rows_stay_real_and_sample_rows_elsewhere_stay_sample(home_copy: Path, tmp_path: Path) -> None:
    ingest_file(write(tmp_path, "first.csv", FIRST), "subsidy", root=home_copy)
    rows = view(home_copy, "SELECT is_sample, count(*) AS n FROM subsidy_adoptions WHERE year = 2022 "
                           "AND geography_level = 'prefecture' GROUP BY ALL ORDER BY is_sample")
    assert rows.rows() == [(False, 3), (True, 44)]
    assert isinstance(rows, pl.DataFrame)


def test_a_damaged_archived_load_is_made_again_from_its_original_and_later_loads_go_on(home_copy: Path,
                                                                                        tmp_path: Path) -> None:
    """One damaged archive Parquet stopped every later load (the new, valid file quarantined for it) and every
    build; the original bytes kept beside it give the same rows again."""
    first = ingest_file(write(tmp_path, "first.csv", FIRST), "subsidy", root=home_copy)
    parquet = home_copy / "archive" / "subsidy" / f"{first.report.sha256}.parquet"
    rows = pl.read_parquet(parquet)
    parquet.write_bytes(parquet.read_bytes()[:1000])  # cut short, as by a full disk or a bad copy
    later = csv_bytes([SUBSIDY_HEADER, "京都府,令和4年度,9,,"])
    outcome = ingest_file(write(tmp_path, "later.csv", later), "subsidy", root=home_copy)
    assert outcome.status == "accepted" and not (home_copy / "quarantine").exists()
    assert pl.read_parquet(parquet).equals(rows)
    hokkaido = view(home_copy, "SELECT value FROM subsidy_adoptions WHERE prefecture_code = '01' AND year = 2022")
    assert hokkaido["value"].to_list() == [12]  # the first file's rows still count

    # damage inside the file (its pages, the footer intact) is found too
    body = bytearray(parquet.read_bytes())
    body[8:400] = b"\xaa" * 392
    parquet.write_bytes(bytes(body))
    fourth = ingest_file(write(tmp_path, "fourth.csv", csv_bytes([SUBSIDY_HEADER, "和歌山県,令和4年度,4,,"])),
                         "subsidy", root=home_copy)
    assert fourth.status == "accepted" and pl.read_parquet(parquet).equals(rows)

    # without its original the load cannot be made again: the attempt fails naming the archived load, the new
    # file is not blamed (not quarantined) and the version serving stays
    parquet.unlink()
    (home_copy / "archive" / "subsidy" / f"{first.report.sha256}.csv").unlink()
    state = warehouse_state(home_copy)
    again = ingest_file(write(tmp_path, "third.csv", csv_bytes([SUBSIDY_HEADER, "奈良県,令和4年度,3,,"])),
                        "subsidy", root=home_copy)
    assert again.status == "failed" and again.quarantined is None and not (home_copy / "quarantine").exists()
    assert "first.csv: archived load of subsidy cannot be read" in again.message
    assert warehouse_state(home_copy) == state
    assert journal.entries(home_copy)[-1]["status"] == "failed"
    build = subprocess.run([sys.executable, "-m", "etl", "build"], cwd=ROOT, env=env_with(home_copy),
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 1 and "earlier loads cannot be used" in build.stderr and "first.csv" in build.stderr
    assert warehouse_state(home_copy) == state
