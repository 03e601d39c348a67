"""A real ``streamlit run`` server on a free loopback port, its memory, and a sure stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its children (0 once it is gone)."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    peak_rss: int = 0
    _sampling: threading.Event = field(default_factory=threading.Event)

    @property
    def rss(self) -> int:
        return rss_bytes(self.process.pid)

    def cpu_seconds(self) -> float:
        try:
            proc = psutil.Process(self.process.pid)
            times = [proc.cpu_times(), *(c.cpu_times() for c in proc.children(recursive=True))]
        except psutil.Error:
            return 0.0
        return sum(t.user + t.system for t in times)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    @contextmanager
    def sampling(self, every: float = 0.25) -> Iterator[list[int]]:
        """Sample RSS in the background; yields the list of samples (peak = max)."""
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
            self.peak_rss = max(self.peak_rss, *samples)


@contextmanager
def streamlit_server(script: Path, *, home: Path, log_dir: Path, cwd: Path = ROOT) -> Iterator[Server]:
    """Start ``streamlit run script`` against ``home``; always stopped on exit."""
    port = free_port()
    log_path = log_dir / f"streamlit_{script.stem}_{port}.log"
    env = {**os.environ, "IPDASH_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        server = Server(port, process, log_path)
        try:
            _wait_healthy(server)
            yield server
        finally:
            _stop(process)


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    url = f"http://127.0.0.1:{server.port}/_stcore/health"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback http only)
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start (log {server.log_path}):\n{server.log_tail()}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
