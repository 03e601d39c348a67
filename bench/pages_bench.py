"""Page reruns under load: every page of app.py and the two reference pages, at each session count.

Pages are read from the scripts at run time (``url_path="..."`` in the ``st.Page`` calls), so pages
the app gains are benchmarked without changing this file.  Each session count gets a freshly
started server (cold caches, like a bureau opening the dashboard after a meeting), whose memory is
sampled all along.
"""

from __future__ import annotations

import re
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.client import Session
from bench.load import LoadModel, run_scenario
from bench.server import ROOT, Server, streamlit_server

APP = ROOT / "app.py"
REFERENCE_APP = Path(__file__).resolve().parent / "reference" / "app.py"
_URL_PATH = re.compile(r"""url_path\s*=\s*["']([^"']+)["']""")
_DEFAULT = re.compile(r"default\s*=\s*True")


def url_paths(script: Path) -> dict[str, str]:
    """Each st.Page's url_path in a script, in order, with the path a browser requests for it.

    The default page lives at the app's root (Streamlit gives it the url path ""), so it is opened
    there, as a browser following the app's address does.
    """
    pages: dict[str, str] = {}
    for call in script.read_text(encoding="utf-8").split("st.Page(")[1:]:
        match = _URL_PATH.search(call)
        if match and match.group(1) not in pages:
            pages[match.group(1)] = "" if _DEFAULT.search(call) else match.group(1)
    return pages


def _server_errors(log: str, limit: int = 5) -> list[str]:
    lines = [line for line in log.splitlines() if "Error" in line or "Exception" in line]
    return list(dict.fromkeys(lines))[-limit:]


def _responsive(server: Server, request: str, timeout: float) -> bool:
    """Whether the server still finishes a run of ``request`` (a deadlocked one does not)."""
    probe = Session(server.port, request, timeout=timeout)
    try:
        return probe.open().finished
    finally:
        probe.close()


def run_app_pages(label: str, script: Path, home: Path, *, levels: tuple[int, ...], model: LoadModel,
                  log_dir: Path) -> dict[str, Any]:
    """All pages of one Streamlit script at every session count; one fresh server per count.

    A server that stops answering (a rerun timed out and a probe run does not finish either) is
    restarted so the next page is still measured; the restart is recorded with the level.
    """
    pages = url_paths(script)
    probe_request = next(iter(pages.values()))
    result: dict[str, Any] = {"script": str(script.relative_to(ROOT)), "pages": pages, "levels": {}}
    for sessions in levels:
        stack = ExitStack()
        try:
            server = stack.enter_context(streamlit_server(script, home=home, log_dir=log_dir))
            time.sleep(model.settle)
            idle = server.rss
            scenarios, restarts, log_errors = [], [], []
            for page, request in pages.items():
                scenarios.append(run_scenario(server, page, sessions, model, request=request))
                if scenarios[-1]["errors"] and not _responsive(server, probe_request, min(20.0, model.timeout)):
                    log_errors += _server_errors(server.log_tail(400))
                    restarts.append(f"after {page}: server stopped answering (runs timed out); restarted")
                    stack.close()
                    stack = ExitStack()
                    server = stack.enter_context(streamlit_server(script, home=home, log_dir=log_dir))
                time.sleep(model.settle)
            errors = sum(s["errors"] for s in scenarios)
            result["levels"][str(sessions)] = {
                "rss_idle": idle,
                "rss_peak": max([idle, *(s["server_rss_peak"] or 0 for s in scenarios)]),
                "rss_end": server.rss,
                "errors": errors,
                "restarts": restarts,
                "server_log_errors": log_errors + (_server_errors(server.log_tail(400)) if errors else []),
                "scenarios": {s["page"]: s for s in scenarios},
            }
        finally:
            stack.close()
        print(f"  pages[{label}] {sessions} session(s): "
              + ", ".join(f"{s['page']} p95 {_fmt(s['rerun']['p95_ms'])} ms" for s in scenarios)
              + f"; errors {errors}" + (f"; {len(restarts)} restart(s)" if restarts else ""), flush=True)
    return result


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def run_pages(home: Path, *, levels: tuple[int, ...], model: LoadModel, log_dir: Path) -> dict[str, Any]:
    return {
        "model": {"reruns": model.reruns, "think_seconds": list(model.think), "ramp_seconds": model.ramp,
                  "timeout_seconds": model.timeout},
        "reference": run_app_pages("reference", REFERENCE_APP, home, levels=levels, model=model, log_dir=log_dir),
        "app": run_app_pages("app", APP, home, levels=levels, model=model, log_dir=log_dir),
    }
