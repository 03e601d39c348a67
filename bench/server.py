"""The server under test — one ``streamlit run`` or replicas behind nginx — and its CPU and memory.

Both are started by deploy/serve.py, the code ``make serve`` runs, so the benchmark measures the
same processes with the same settings.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

from deploy.serve import cluster, free_port, start_streamlit


def _tree_sum(pid: int, measure: Callable[[psutil.Process], float]) -> float:
    """``measure`` summed over a process and all its children (0 once it is gone)."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0.0
    for p in procs:
        try:
            total += measure(p)
        except psutil.Error:
            pass
    return total


def rss_bytes(pid: int) -> int:
    return int(_tree_sum(pid, lambda p: p.memory_info().rss))


def cpu_seconds(pid: int) -> float:
    return _tree_sum(pid, lambda p: sum(p.cpu_times()[:2]))  # user + system


@dataclass
class Server:
    port: int
    pids: list[int]  # each process tree that serves (nginx, then each replica)
    logs: list[Path]

    def cpu_seconds(self) -> float:
        return sum(self.cpu_by_process())

    def cpu_by_process(self) -> list[float]:
        return [cpu_seconds(pid) for pid in self.pids]

    @property
    def rss(self) -> int:
        return sum(rss_bytes(pid) for pid in self.pids)

    def log_errors(self, limit: int = 5) -> list[str]:
        lines: list[str] = []
        for log in self.logs:
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            lines += [line for line in text.splitlines()[-400:] if "Error" in line or "Exception" in line]
        return list(dict.fromkeys(lines))[-limit:]

    @contextmanager
    def sampling(self, every: float = 0.25) -> Iterator[list[int]]:
        """RSS sampled in the background while the block runs (the list holds the samples)."""
        samples: list[int] = []
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every):
                samples.append(self.rss)

        thread = threading.Thread(target=loop, name="rss-sampler", daemon=True)
        thread.start()
        try:
            yield samples
        finally:
            stop.set()
            thread.join(timeout=5)
            samples.append(self.rss)


@contextmanager
def streamlit_server(script: Path, *, home: Path, log_dir: Path) -> Iterator[Server]:
    """``streamlit run script`` over ``home`` on a free loopback port; always stopped on exit."""
    port = free_port()
    env = {**os.environ, "IPDASH_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    process = start_streamlit(script, port, env=env, log_path=log_dir / f"streamlit_{script.stem}_{port}.log",
                              name=f"streamlit {script.name}")
    try:
        process.wait_healthy(f"http://127.0.0.1:{port}")
        yield Server(port, [process.pid], [process.log_path])
    finally:
        process.stop()


@contextmanager
def replica_server(replicas: int, *, home: Path) -> Iterator[Server]:
    """``replicas`` app processes behind nginx on a free loopback port, as ``make serve`` runs them."""
    with cluster(replicas, home=home, port=free_port()) as running:
        yield Server(running.port, running.pids(), [process.log_path for _, process in running.replicas])
