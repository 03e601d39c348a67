"""AppTest over the real app (app.py with st.navigation) and a real built warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ["overview", "kpi_detail", "regions", "review", "subsidies", "accelerated", "pct", "explorer", "load_data",
         "sources"]


@pytest.fixture
def app(built_home: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Start the app (optionally with URL parameters) and show one page."""
    monkeypatch.setenv("IPDASH_HOME", str(built_home))
    monkeypatch.chdir(ROOT)

    def start(page: str = "overview", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        if page != "overview":
            # a link to a page carries its own parameters; the overview dropped those it does not use
            for name, value in params.items():
                at.query_params[name] = value
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, at.exception
        return at

    return start
