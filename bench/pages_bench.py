"""Every page of a Streamlit script: CPU per rerun and fragment reruns (one session, back to back), then
a crowd on each page at each session count (docs/performance.md#method). Pages and fragments are found
at run time, so pages and fragments the app gains are measured without changing this file.
"""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass
from pathlib import Path

from bench.client import RunResult, Session
from bench.load import run_crowd
from bench.results import AppRun, Cost, Latency, Level, LoadModel
from bench.server import Server, streamlit_server
from bench.widgets import Widget, choose_widget, fragments, next_value
from deploy.serve import ROOT

APP = ROOT / "app.py"
# The floor: a one-line page of a multipage app whose page files live outside a pages/ folder
# (with one, Streamlit 1.67 may run a page file without the router on a fresh session).
REFERENCE = Path(__file__).resolve().parent / "reference" / "app.py"


@dataclass(frozen=True)
class PageRef:
    name: str  # url path
    file: str  # page script, relative to the app script
    request: str  # what a browser requests: the default page lives at the root ("")


def app_pages(script: Path) -> list[PageRef]:
    """The ``st.Page(file, …, url_path=…, default=…)`` calls of a script, in order."""
    pages: dict[str, PageRef] = {}
    calls = [node for node in ast.walk(ast.parse(script.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        keywords = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        file = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        name = keywords.get("url_path")
        if isinstance(file, str) and isinstance(name, str) and name not in pages:
            pages[name] = PageRef(name, file, "" if keywords.get("default") is True else name)
    return sorted(pages.values(), key=lambda p: p.request != "")  # the default page first, as a visitor sees it


def _back_to_back(server: Server, session: Session, page: str, widget: Widget | None, fragment: str,
                  reruns: int) -> Cost:
    other = next_value(widget, session.values.get(widget.id), 0) if widget else None
    values = (other, session.values.get(widget.id)) if widget and other is not None else None

    def once(turn: int) -> RunResult:
        if widget is not None and values is not None:
            session.values[widget.id] = values[turn % 2]
            return session.rerun(fragment_id=fragment)
        return session.rerun(fragment_id=fragment, query_extra="" if fragment else f"bench_turn={turn % 2}")

    warm = [once(turn) for turn in range(2)]  # both values cached
    cpu0 = server.cpu_seconds()
    runs = [once(turn) for turn in range(reruns)]
    cpu = (server.cpu_seconds() - cpu0) / reruns
    errors = sorted({error for run in warm + runs for error in run.errors})
    change = widget.describe() if widget else ("fragment, unchanged" if fragment else "query string")
    return Cost(page, change, fragment, reruns, cpu, Latency.of([run.seconds for run in runs]), errors[:5])


def measure_costs(server: Server, page: PageRef, *, reruns: int, timeout: float) -> list[Cost]:
    """CPU per rerun and latency of a full rerun of ``page``, then of each of its fragments alone."""
    session = Session(server.port, page.request, timeout=timeout)
    try:
        opened = session.open()
        if not opened.finished:
            return [Cost(page.name, "", "", 0, None, Latency.of([]), opened.errors or ["the page never finished"])]
        widgets = list(session.widgets.values())
        costs = [_back_to_back(server, session, page.name, choose_widget(widgets), "", reruns)]
        for fragment in fragments(widgets):
            costs.append(_back_to_back(server, session, page.name, choose_widget(widgets, fragment), fragment, reruns))
        return costs
    finally:
        session.close()


def _level(script: Path, home: Path, pages: list[PageRef], sessions: int, model: LoadModel, log_dir: Path) -> Level:
    """A crowd on every page, one page after the other, on a freshly started server."""
    with streamlit_server(script, home=home, log_dir=log_dir) as server:
        time.sleep(model.settle)
        idle, crowds = server.rss, []
        for page in pages:
            crowds.append(run_crowd(server, {page.name: page.request}, sessions, model))
            time.sleep(model.settle)
        errors = server.log_errors() if any(c.errors for c in crowds) else []
        return Level(sessions, idle, max([idle, *(c.rss_peak for c in crowds)]), server.rss, errors, crowds)


def run_app(script: Path, home: Path, *, pages: list[PageRef], levels: tuple[int, ...], model: LoadModel,
            cost_reruns: int, log_dir: Path) -> AppRun:
    result = AppRun(str(script.relative_to(ROOT)), {p.name: p.request for p in pages})
    with streamlit_server(script, home=home, log_dir=log_dir) as server:
        time.sleep(model.settle)
        for page in pages:
            result.costs += measure_costs(server, page, reruns=cost_reruns, timeout=model.timeout)
    for sessions in levels:
        result.levels.append(_level(script, home, pages, sessions, model, log_dir))
    return result
