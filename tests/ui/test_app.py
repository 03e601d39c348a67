"""The app renders from a real warehouse in Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _app(home: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("IPDASH_HOME", str(home))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_home_page_shows_central_kpis(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(built_home, monkeypatch).run()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "知財KPIダッシュボード"
    table = at.dataframe[0].value
    assert "実績" in table.columns and "達成率(再計算, %)" in table.columns
    assert any("ハンズオン" in name for name in table["指標"])


def test_choosing_another_plan_changes_the_rows(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(built_home, monkeypatch).run()
    second = set(at.dataframe[0].value["指標"])
    at.selectbox(key="overview_plan").set_value("3rd").run()
    third = set(at.dataframe[0].value["指標"])
    assert not at.exception
    assert second and third and second.isdisjoint(third)


def test_english_switches_labels(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(built_home, monkeypatch)
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == "Chizai KPI dashboard"
    assert "Actual" in at.dataframe[0].value.columns


def test_without_warehouse_the_app_says_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(tmp_path, monkeypatch).run()
    assert not at.exception
    assert any("make run" in w.value for w in at.warning)
