"""Concurrent sessions on one page: each opens it, then reruns after a think time, N times.

Load model (issue #6): a session thinks uniformly ``think`` seconds (0–10 s in full mode) before
each rerun and reruns at least ``reruns`` times; every rerun changes one filter widget of the page
(the first main-area widget the client can set, else a sidebar filter other than the language),
or, on a page without one, reruns with a changed query string.  Latency is measured from sending
the BackMsg to receiving ``script_finished``.  Every thread stops by itself: bounded reruns,
per-run timeouts and a scenario deadline.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psutil

from bench.client import RunResult, Session
from bench.server import Server
from bench.widgets import Widget

# The language toggle changes every label, not a filter: never the widget a session changes.
_LANGUAGE = re.compile(r"(^|_)lang(_|$)|language", re.IGNORECASE)


@dataclass(frozen=True)
class LoadModel:
    reruns: int = 6
    think: tuple[float, float] = (0.0, 10.0)
    ramp: float = 2.0  # sessions open at uniform times in [0, ramp]
    timeout: float = 60.0  # per run
    settle: float = 1.0  # pause between scenarios on one server
    seed: int = 20240301


@dataclass
class Outcome:
    opens: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed_runs: int = 0
    widget: dict[str, str] | None = None
    mode: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: RunResult, *, first: bool) -> None:
        with self.lock:
            (self.opens if first else self.reruns).append(result.seconds)
            self.errors.extend(result.errors)
            self.failed_runs += not result.ok

    def fail(self, reason: str) -> None:
        with self.lock:
            self.errors.append(reason)
            self.failed_runs += 1


def choose_widget(session: Session) -> Widget | None:
    widgets = list(session.widgets.values())
    for area in ("main", "sidebar"):
        for widget in widgets:
            if widget.area == area and not _LANGUAGE.search(widget.key) and not _LANGUAGE.search(widget.label):
                return widget
    return None


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: list[float]) -> dict[str, Any]:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "p99_ms": percentile(ms, 99),
            "max_ms": max(ms) if ms else None, "mean_ms": sum(ms) / len(ms) if ms else None}


def _session(index: int, server: Server, request: str, model: LoadModel, outcome: Outcome,
             stop: threading.Event) -> None:
    rng = random.Random(model.seed * 1000 + index)
    if stop.wait(rng.uniform(0, model.ramp)):
        return
    session = Session(server.port, request, timeout=model.timeout)
    try:
        opened = session.open()
        outcome.add(opened, first=True)
        if session.ws is None or not opened.finished:
            return
        widget = choose_widget(session)
        with outcome.lock:
            if outcome.widget is None and index == 0:
                outcome.widget = widget.describe() if widget else None
                outcome.mode = "widget" if widget else "query_string"
        for turn in range(model.reruns):
            if stop.wait(rng.uniform(*model.think)):
                outcome.fail("scenario deadline reached before all reruns")
                return
            current = session.widgets.get(widget.id) if widget else None
            if current is not None and session.change(current, turn + index):  # sessions spread over values
                result = session.rerun(current)
            else:
                result = session.rerun(query_extra=f"bench_turn={turn}")
            outcome.add(result, first=False)
            if session.ws is None or not result.finished:  # a stuck server: do not pile up timeouts
                return
    finally:
        session.close()


def run_scenario(server: Server, page: str, sessions: int, model: LoadModel, *, request: str | None = None,
                 ) -> dict[str, Any]:
    """``sessions`` concurrent sessions on ``page`` (opened at ``request``, default the page's url path);
    latencies, errors, server CPU and memory."""
    outcome = Outcome()
    stop = threading.Event()
    budget = model.ramp + model.reruns * (model.think[1] + model.timeout) + model.timeout + 30
    me = psutil.Process()
    client_cpu0, server_cpu0 = sum(me.cpu_times()[:2]), server.cpu_seconds()
    started = time.perf_counter()
    path = page if request is None else request
    threads = [threading.Thread(target=_session, args=(i, server, path, model, outcome, stop),
                                name=f"session-{i}", daemon=True) for i in range(sessions)]
    with server.sampling() as rss:
        for thread in threads:
            thread.start()
        deadline = started + budget
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.perf_counter()))
        stop.set()
        for thread in threads:
            thread.join(timeout=model.timeout + 5)
    hung = sum(thread.is_alive() for thread in threads)
    if hung:
        outcome.fail(f"{hung} session thread(s) still running at the deadline")
    return {
        "page": page, "sessions": sessions, "mode": outcome.mode, "widget": outcome.widget,
        "open": summary(outcome.opens), "rerun": summary(outcome.reruns),
        "errors": outcome.failed_runs, "error_samples": sorted(set(outcome.errors))[:5],
        "seconds": time.perf_counter() - started,
        "server_cpu_seconds": server.cpu_seconds() - server_cpu0,
        "client_cpu_seconds": sum(me.cpu_times()[:2]) - client_cpu0,
        "server_rss_peak": max(rss) if rss else None,
    }
