"""Replicas behind nginx, started by the code `make serve` runs (deploy/serve.py): every page opens in a
real browser through nginx, a session sticks to its replica, requests spread over both, every replica
has the one cookie secret of its home, a crowd arriving at once is served, and Ctrl-C stops everything."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Page, expect

from bench.client import Session
from bench.pages_bench import APP, app_pages
from deploy.serve import Cluster, cluster, cookie_secret, free_port, nginx_binary
from etl.build import run as build_run
from tests.conftest import ROOT, env_with

pytestmark = pytest.mark.skipif(nginx_binary() is None,
                                reason="nginx is not installed (`make test` installs it with apt; here it could not)")
PAGES = app_pages(APP)
TIMEOUT = 30_000
_LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<upstream>\S+) sticky=(?P<sticky>\S+)')


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    home = tmp_path_factory.mktemp("replicas_home")  # its own home: the cluster writes serve/ into it
    build_run.rebuild_warehouse(home)
    with cluster(2, home=home, port=free_port()) as running:
        yield running


def _served(running: Cluster) -> list[dict[str, str]]:
    log = running.serve_dir / "nginx" / "access.log"
    return [m.groupdict() for line in log.read_text(encoding="utf-8").splitlines() if (m := _LOG_LINE.search(line))]


def _settled(page: Page) -> None:
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("[data-testid='stAlertContentError']")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


@pytest.mark.parametrize("path", [p.request for p in PAGES], ids=[p.name for p in PAGES])
def test_every_page_opens_through_nginx(page: Page, replicas: Cluster, path: str) -> None:
    page.goto(f"{replicas.url}/{path}")
    _settled(page)
    assert any(c["name"] == "ipdash_replica" for c in page.context.cookies())


def test_a_session_sticks_to_its_replica(page: Page, replicas: Cluster) -> None:
    """A download is served by the replica that holds the session's file; any request of this browser
    that reached another replica would show in nginx's log."""
    page.goto(f"{replicas.url}/explorer?view=pct_filings&block=kyushu")
    _settled(page)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=re.compile("CSV")).click()
    assert open(info.value.path(), "rb").read().startswith(b"\xef\xbb\xbf")  # the CSV, not an error page
    [sticky] = [c["value"] for c in page.context.cookies() if c["name"] == "ipdash_replica"]
    page.close()  # nginx logs the WebSocket once it closes
    deadline = time.monotonic() + 10
    while not any("/_stcore/stream" in line["request"] for line in _served(replicas) if line["sticky"] == sticky):
        assert time.monotonic() < deadline, "the WebSocket never went through nginx"
        time.sleep(0.2)
    upstreams = {line["upstream"] for line in _served(replicas) if line["sticky"] == sticky}
    assert len(upstreams) == 1, upstreams


def test_new_visitors_spread_over_both_replicas(replicas: Cluster) -> None:
    for _ in range(40):  # no cookie: each request is a new visitor
        with urllib.request.urlopen(f"{replicas.url}/_stcore/health", timeout=10) as response:  # noqa: S310
            assert response.read() == b"ok"
    health = [line["upstream"] for line in _served(replicas) if "/_stcore/health" in line["request"]]
    assert {f"127.0.0.1:{port}" for port, _ in replicas.replicas} <= set(health[-40:])


def test_every_replica_gets_the_homes_one_cookie_secret(replicas: Cluster, tmp_path: Path) -> None:
    secret = cookie_secret(replicas.serve_dir)
    assert len(secret) >= 32 and (replicas.serve_dir / "cookie_secret").stat().st_mode & 0o077 == 0
    for _, process in replicas.replicas:
        assert psutil.Process(process.pid).environ()["STREAMLIT_SERVER_COOKIE_SECRET"] == secret
    other = cookie_secret(tmp_path / "serve")
    assert other != secret and cookie_secret(tmp_path / "serve") == other  # made once per home


def _open_every_page_at_once(port: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def visit(request: str, name: str) -> None:
        session = Session(port, request, timeout=60)
        try:
            errors[name] = session.open().errors
        finally:
            session.close()

    threads = [threading.Thread(target=visit, args=(p.request, p.name)) for p in PAGES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return errors


def test_make_serve_takes_a_crowd_at_once_and_stops_on_ctrl_c(built_home: Path, tmp_path: Path) -> None:
    """`python -m deploy.serve` (what `make serve` runs): visitors arriving together on just-started
    replicas all get their page (each replica ran every page once before nginx sent anyone), and
    Ctrl-C stops nginx and the replicas."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "warehouse").symlink_to(built_home / "warehouse")  # the same current version, read-only
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "deploy.serve", "--replicas", "1", "--port", str(port)],
                             cwd=ROOT, env=env_with(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                assert serve.poll() is None and time.monotonic() < deadline, serve.stdout.read() if serve.stdout else ""
                time.sleep(0.3)
        errors = _open_every_page_at_once(port)
        assert set(errors) == {p.name for p in PAGES} and not {k: v for k, v in errors.items() if v}
        children = psutil.Process(serve.pid).children(recursive=True)
        commands = " ".join(" ".join(child.cmdline()) for child in children)
        assert "nginx: master" in commands and "streamlit run" in commands
        os.kill(serve.pid, signal.SIGINT)
        assert serve.wait(timeout=30) == 0
        assert "stopped nginx and the replicas" in (serve.stdout.read() if serve.stdout else "")
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, [c.cmdline() for c in alive]
    finally:
        if serve.poll() is None:
            serve.kill()
