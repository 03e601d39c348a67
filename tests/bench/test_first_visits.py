"""A freshly started server (a new replica, a restart) serves every page to visitors arriving at once."""

from __future__ import annotations

import threading
from pathlib import Path

from bench.client import Session
from bench.pages_bench import APP, app_pages
from bench.server import streamlit_server


def test_every_page_opened_at_once_on_a_fresh_server_renders(built_home: Path, tmp_path: Path) -> None:
    pages = app_pages(APP)
    errors: dict[str, list[str]] = {}

    def visit(request: str, name: str) -> None:
        session = Session(server.port, request, timeout=60)
        try:
            errors[name] = session.open().errors
        finally:
            session.close()

    with streamlit_server(APP, home=built_home, log_dir=tmp_path) as server:
        threads = [threading.Thread(target=visit, args=(p.request, p.name)) for p in pages]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
    assert set(errors) == {p.name for p in pages}
    assert not {name: e for name, e in errors.items() if e}
