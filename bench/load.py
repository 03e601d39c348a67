"""A crowd: concurrent sessions, each opening a page and rerunning it after think times, changing one
filter outside every fragment (a full rerun) each time (docs/performance.md#method). Every thread stops
by itself: bounded reruns, per-run timeouts and a crowd deadline.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import psutil

from bench.client import RunResult, Session
from bench.results import Crowd, Latency, LoadModel
from bench.server import Server
from bench.widgets import choose_widget


@dataclass
class _Outcome:
    opens: list[float] = field(default_factory=list)
    reruns: list[tuple[float, float]] = field(default_factory=list)  # (sent, finished), perf_counter
    errors: list[str] = field(default_factory=list)
    failed_runs: int = 0
    change: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: RunResult, sent: float, *, first: bool) -> None:
        with self.lock:
            if first:
                self.opens.append(result.seconds)
            else:
                self.reruns.append((sent, sent + result.seconds))
            self.errors.extend(result.errors)
            self.failed_runs += not result.ok

    def fail(self, reason: str) -> None:
        with self.lock:
            self.errors.append(reason)
            self.failed_runs += 1


def _session(index: int, port: int, request: str, model: LoadModel, outcome: _Outcome, stop: threading.Event) -> None:
    rng = random.Random(model.seed * 1000 + index)
    if stop.wait(rng.uniform(0, model.ramp)):
        return
    session = Session(port, request, timeout=model.timeout)
    try:
        sent = time.perf_counter()
        opened = session.open()
        outcome.add(opened, sent, first=True)
        if session.ws is None or not opened.finished:
            return
        widget = choose_widget(session.widgets.values())
        with outcome.lock:
            outcome.change = outcome.change or (widget.describe() if widget else "query string")
        for turn in range(model.reruns):
            if stop.wait(rng.uniform(*model.think)):
                outcome.fail("crowd deadline reached before all reruns")
                return
            current = session.widgets.get(widget.id) if widget else None
            sent = time.perf_counter()
            if current is not None and session.change(current, turn + index):
                result = session.rerun()
            else:
                result = session.rerun(query_extra=f"bench_turn={turn}")
            outcome.add(result, sent, first=False)
            if session.ws is None or not result.finished:  # a stuck server: do not pile up timeouts
                return
    finally:
        session.close()


def run_crowd(server: Server, pages: dict[str, str], sessions: int, model: LoadModel) -> Crowd:
    """``sessions`` concurrent sessions spread over ``pages`` (url path → request); latencies, errors,
    rerun rate, server CPU and memory."""
    outcome = _Outcome()
    stop = threading.Event()
    budget = model.ramp + model.reruns * (model.think[1] + model.timeout) + model.timeout + 30
    me = psutil.Process()
    client_cpu0, server_cpu0 = sum(me.cpu_times()[:2]), server.cpu_seconds()
    requests = list(pages.values())
    started = time.perf_counter()
    threads = [threading.Thread(target=_session, args=(i, server.port, requests[i % len(requests)], model, outcome,
                                                       stop), name=f"session-{i}", daemon=True)
               for i in range(sessions)]
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
    spans = outcome.reruns
    window = max(e for _, e in spans) - min(s for s, _ in spans) if spans else 0.0
    return Crowd(
        pages=list(pages), sessions=sessions, change=outcome.change, opens=Latency.of(outcome.opens),
        reruns=Latency.of([e - s for s, e in spans]), errors=outcome.failed_runs,
        error_samples=sorted(set(outcome.errors))[:5], seconds=time.perf_counter() - started,
        reruns_per_second=len(spans) / window if window > 0 else 0.0,
        server_cpu_seconds=server.cpu_seconds() - server_cpu0,
        client_cpu_seconds=sum(me.cpu_times()[:2]) - client_cpu0, rss_peak=max(rss, default=0),
    )
