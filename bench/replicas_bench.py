"""Replicas behind nginx (``make serve``'s code path): a crowd over every page, then the same sessions
without think time (capacity), for each replica count (docs/performance.md#method).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from bench.load import run_crowd
from bench.pages_bench import PageRef
from bench.results import LoadModel, ReplicaRun
from bench.server import replica_server
from deploy.serve import nginx_binary


def run_replicas(home: Path, pages: list[PageRef], *, counts: tuple[int, ...], sessions: int,
                 model: LoadModel) -> tuple[list[ReplicaRun], str]:
    """The runs, or none and why they were skipped."""
    if nginx_binary() is None:
        return [], "nginx is not installed (`make bench` installs it with apt)"
    requests = {page.name: page.request for page in pages}
    runs = []
    for count in counts:
        with replica_server(count, home=home) as server:
            time.sleep(model.settle)
            cpu0 = server.cpu_by_process()
            crowd = run_crowd(server, requests, sessions, model)
            capacity = run_crowd(server, requests, sessions, replace(model, think=(0.0, 0.0)))
            cpu = [after - before for before, after in zip(cpu0, server.cpu_by_process(), strict=True)]
            errors = server.log_errors() if crowd.errors or capacity.errors else []
        runs.append(ReplicaRun(count, crowd, capacity, cpu, errors))
    return runs, ""
