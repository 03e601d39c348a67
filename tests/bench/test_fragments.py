"""The bench finds pages and fragments by itself and reruns a fragment alone, as a browser does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pages_bench import APP, PageRef, app_pages, measure_costs
from bench.server import streamlit_server

APP_SCRIPT = '''import streamlit as st

st.navigation([st.Page("page.py", title="Page", url_path="page", default=True),
               st.Page("other.py", url_path="other")]).run()
'''
PAGE_SCRIPT = '''import os
import streamlit as st


def note(what: str) -> None:
    with open(os.environ["BENCH_TEST_LOG"], "a") as log:
        log.write(what + "\\n")


note("page")
st.selectbox("Outside", ["a", "b", "c"], key="outside")


@st.fragment
def part() -> None:
    note("fragment")
    st.radio("Inside", ["x", "y"], key="inside")


part()
'''


def test_app_pages_are_read_from_the_st_page_calls() -> None:
    pages = app_pages(APP)
    assert pages[0] == PageRef("overview", "pages/overview.py", "")  # the default page lives at /
    assert {"regions", "explorer", "load_data"} <= {p.name for p in pages}
    assert all(p.request == p.name for p in pages[1:])


def test_a_fragment_is_found_and_rerun_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "app.py").write_text(APP_SCRIPT, encoding="utf-8")
    (tmp_path / "page.py").write_text(PAGE_SCRIPT, encoding="utf-8")
    (tmp_path / "other.py").write_text("import streamlit as st\n\nst.write('other')\n", encoding="utf-8")
    log = tmp_path / "runs.log"
    monkeypatch.setenv("BENCH_TEST_LOG", str(log))
    [page, other] = app_pages(tmp_path / "app.py")
    assert page == PageRef("page", "page.py", "") and other == PageRef("other", "other.py", "other")

    with streamlit_server(tmp_path / "app.py", home=tmp_path, log_dir=tmp_path) as server:
        full, partial = measure_costs(server, page, reruns=4, timeout=30)

    assert not full.fragment and full.change.startswith("outside")
    assert partial.fragment and partial.change.startswith("inside")
    for cost in (full, partial):
        assert cost.cpu_seconds is not None and cost.cpu_seconds > 0 and not cost.errors, cost
        assert cost.latency.n == 4
    runs = log.read_text(encoding="utf-8").split()
    # open + 2 warm-up + 4 full reruns run the whole page (and the fragment inside it); then 2 warm-up
    # + 4 fragment reruns run only the fragment
    assert runs.count("page") == 7
    assert runs.count("fragment") == 7 + 6
