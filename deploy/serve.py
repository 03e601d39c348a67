"""Several ``streamlit run app.py`` replicas behind an unprivileged nginx: ``make serve REPLICAS=N``.

``python -m deploy.serve --replicas N --port 8501 --host 127.0.0.1`` starts N replicas on free loopback
ports, waits until each answers ``/_stcore/health``, runs every page once in each (``warm``), then
writes ``$IPDASH_HOME/serve/nginx/nginx.conf`` from ``deploy/nginx.conf.template`` and runs nginx in the
foreground under that prefix (config, pid, logs and temp dirs all there: no root, no system nginx
service). Every replica gets the same ``server.cookieSecret`` (``$IPDASH_HOME/serve/cookie_secret``,
made once, mode 0600, never committed) and reads the same warehouse pointer, so all serve the current
version and switch together after a build. A replica that exits is restarted on its port and warmed.
Ctrl-C or SIGTERM stops nginx, then the replicas. The benchmark and tests/browser/test_replicas.py
start replicas through ``cluster()`` as well.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
START_TIMEOUT = 90.0
RESTART_PAUSE = 10.0  # a replica that keeps crashing is restarted at most this often
# Serving settings shared by every replica and the benchmark's server: no file watcher (each replica
# would poll the source tree), no usage statistics, no browser.
STREAMLIT_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none", "--server.runOnSave", "false")


class NginxMissing(RuntimeError):
    """nginx is not installed (``make serve`` and ``make test`` install it with apt)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str | None:
    """nginx on PATH, else Debian's /usr/sbin/nginx (not on an ordinary user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def cookie_secret(serve_dir: Path) -> str:
    """This IPDASH_HOME's one cookie secret, created on first use and readable by its owner only."""
    path = serve_dir / "cookie_secret"
    serve_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by an earlier start (or a concurrent one)
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(32))
    return path.read_text(encoding="ascii").strip()


def streamlit_command(script: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.address", "127.0.0.1", *STREAMLIT_FLAGS]


def render_config(*, listen: str, replica_ports: list[int], run_dir: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"@RUN@": str(run_dir), "@LISTEN@": listen, "@SERVERS@": servers}.items():
        text = text.replace(name, value)
    return text


@dataclass
class Process:
    """A child process with its log; in its own process group, so Ctrl-C reaches only serve.py, which
    stops the children in order (nginx before the replicas it forwards to)."""

    name: str
    command: list[str]
    log_path: Path
    env: dict[str, str]
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        self.started_at = time.monotonic()

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        if not self.alive():
            return
        assert self.popen is not None
        self.popen.terminate()  # streamlit: clean stop; nginx: fast shutdown (open tabs would hold a graceful one)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=timeout)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_healthy(self, url: str, timeout: float = START_TIMEOUT) -> None:
        """Until ``url``/_stcore/health answers 200; a clear error (with the log) if the process dies."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (http to ourselves)
                    if response.status == 200:
                        return
            except OSError:
                pass
            if not self.alive() or time.monotonic() > deadline:
                state = "exited" if not self.alive() else f"not healthy after {timeout:.0f} s"
                raise RuntimeError(f"{self.name} {state} (log {self.log_path}):\n{self.log_tail()}")
            time.sleep(0.2)


def start_streamlit(script: Path, port: int, *, env: dict[str, str], log_path: Path, name: str) -> Process:
    process = Process(name, streamlit_command(script, port), log_path, env)
    process.start()
    return process


def warm(port: int, timeout: float = START_TIMEOUT) -> None:
    """Run every page of the app once in a new replica, one after the other, before it takes users.

    A process's first runs import the libraries and let ``st.navigation`` take over page routing
    from the ``pages/`` folder; sessions arriving at once on a fresh process can trip over both (a
    page run without the router, a half-imported module). The page list comes from the app itself
    (the ``navigation`` message); caches for the default filters come warm as a bonus.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect  # streamlit's own dependency: no extra install
    from websockets.typing import Origin, Subprotocol

    def run(page: str) -> list[str]:
        """Open ``page`` as a browser does and wait for its run; the app's url paths."""
        paths: list[str] = []
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=[Subprotocol("streamlit")],
                     origin=Origin(f"http://127.0.0.1:{port}"), open_timeout=timeout, max_size=None) as ws:
            request = BackMsg()
            request.rerun_script.page_name = page
            ws.send(request.SerializeToString())
            while True:
                data = ws.recv(timeout=timeout)
                message = ForwardMsg()
                message.ParseFromString(data if isinstance(data, bytes) else data.encode())
                kind = message.WhichOneof("type")
                if kind == "navigation":
                    paths = [p.url_pathname for p in message.navigation.app_pages]
                elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return paths

    for path in run(""):
        if path:
            run(path)


@dataclass
class Cluster:
    host: str
    port: int
    replicas: list[tuple[int, Process]]  # (loopback port, process)
    nginx: Process
    serve_dir: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def pids(self) -> list[int]:
        return [self.nginx.pid, *(process.pid for _, process in self.replicas)]

    def restart_dead(self) -> list[str]:
        """Restart replicas that exited (on their port, so nginx finds them); names of those restarted."""
        restarted = []
        for port, process in self.replicas:
            if not process.alive() and time.monotonic() - process.started_at > RESTART_PAUSE:
                process.start()
                threading.Thread(target=_warm_when_healthy, args=(port, process), daemon=True).start()
                restarted.append(process.name)
        return restarted


def _warm_when_healthy(port: int, process: Process) -> None:
    try:  # nginx already routes to the port: users may get there first; warm as soon as possible
        process.wait_healthy(f"http://127.0.0.1:{port}")
        warm(port)
    except (RuntimeError, OSError) as exc:
        print(f"{process.name}: {exc}", file=sys.stderr, flush=True)


def _connect_host(host: str) -> str:
    return "127.0.0.1" if host in ("", "0.0.0.0") else host  # noqa: S104 (recognising the wildcard, not binding it)


@contextmanager
def cluster(replicas: int, *, home: Path, port: int, host: str = "127.0.0.1", script: Path = APP) -> Iterator[Cluster]:
    """``replicas`` streamlit processes over ``home`` behind nginx on ``host:port``; all stopped on exit."""
    nginx = nginx_binary()
    if nginx is None:
        raise NginxMissing("nginx is not installed: `make serve` (or `make nginx`) installs it with apt")
    if replicas < 1:
        raise ValueError("at least one replica")
    serve_dir = home / "serve"
    run_dir = serve_dir / "nginx"
    (run_dir / "tmp").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "IPDASH_HOME": str(home), "PYTHONUNBUFFERED": "1",
           "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(serve_dir)}  # not on the command line: ps shows that
    with ExitStack() as stack:  # unwinds in reverse: nginx stops first, then the replicas
        members = []
        for index in range(1, replicas + 1):  # start all, then wait: they boot in parallel
            replica_port = free_port()
            process = start_streamlit(script, replica_port, env=env, log_path=serve_dir / f"replica_{index}.log",
                                      name=f"replica {index}")
            stack.callback(process.stop)
            members.append((replica_port, process))
        for replica_port, process in members:
            process.wait_healthy(f"http://127.0.0.1:{replica_port}")
        with ThreadPoolExecutor(len(members)) as pool:  # before nginx sends anyone there
            list(pool.map(warm, [replica_port for replica_port, _ in members]))
        config = run_dir / "nginx.conf"
        config.write_text(render_config(listen=f"{host}:{port}", replica_ports=[p for p, _ in members],
                                        run_dir=run_dir), encoding="utf-8")
        proxy = Process("nginx", [nginx, "-p", str(run_dir), "-c", str(config), "-e", str(run_dir / "error.log")],
                        run_dir / "nginx.out", dict(os.environ))
        proxy.start()
        stack.callback(proxy.stop)
        try:
            proxy.wait_healthy(f"http://{_connect_host(host)}:{port}", timeout=30)
        except RuntimeError as exc:
            if not proxy.alive():  # it said why on its way out
                raise
            errors = (run_dir / "error.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"{exc}\nnginx error.log:\n{errors}") from None
        yield Cluster(host, port, members, proxy, serve_dir)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    for name in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(name, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean stop short
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="default: the number of cores")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port (default 8501)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    args = parser.parse_args(argv)
    from warehouse.connection import home

    for name in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(name, _interrupt)
    try:
        with cluster(args.replicas, home=home(), port=args.port, host=args.host) as running:
            print(f"serving {args.replicas} replica(s) of app.py behind nginx at {running.url} "
                  f"(logs in {running.serve_dir}); Ctrl-C stops", flush=True)
            while True:
                time.sleep(1)
                for name in running.restart_dead():
                    print(f"{name} had exited; restarted (see its log in {running.serve_dir})", flush=True)
                if not running.nginx.alive():
                    raise RuntimeError(f"nginx exited:\n{running.nginx.log_tail()}")
    except KeyboardInterrupt:
        print("stopped nginx and the replicas", flush=True)
    except (RuntimeError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
