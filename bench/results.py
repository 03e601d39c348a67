"""What a benchmark run is asked to do and what it measured, as typed records.

Each phase returns its own records; ``__main__`` assembles them into one ``Result``, written to JSON
with ``dataclasses.asdict``.  Times are seconds unless a name says ``_ms``; memory is bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoadModel:
    """A simulated user opens a page, then ``reruns`` times thinks and changes a filter."""
    reruns: int = 6
    think: tuple[float, float] = (0.0, 10.0)  # uniform think time before each rerun
    ramp: float = 2.0  # sessions open at uniform times in [0, ramp]
    timeout: float = 60.0  # per script run; slower counts as an error
    settle: float = 1.0  # pause after a server starts and between scenarios
    seed: int = 20240301


@dataclass(frozen=True)
class Mode:
    """What a run measures (``__main__.FULL`` and ``QUICK``, with command-line overrides)."""
    name: str
    build_rows: tuple[int, ...]  # synthetic fact-row scales built and timed against DuckDB's COPY
    page_rows: tuple[int | None, ...]  # data that queries, pages and replicas run on (None: the default data)
    sessions: tuple[int, ...]  # concurrent sessions per crowd
    model: LoadModel
    cost_reruns: int  # back-to-back reruns of one session per page, for CPU per rerun
    replicas: tuple[int, ...]  # replica counts behind nginx
    replica_sessions: int  # the crowd sent through nginx
    query_repeats: int
    step_timeout: float  # per subprocess (sample, build, COPY)
    pages: tuple[str, ...] = ()  # only these app pages (url paths); empty: every page


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Latency:
    n: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ms = [s * 1000 for s in seconds]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), max(ms, default=None))


@dataclass
class Build:
    """``etl sample`` + ``etl build`` at one scale, beside DuckDB's own CSV → Parquet COPY of the same files."""
    rows_requested: int | None  # None: the default data (what `make run` builds)
    fact_rows: int
    input_files: int
    input_bytes: int
    sample_seconds: float
    sample_peak_rss: int
    build_seconds: float
    build_peak_rss: int
    copy_seconds: float
    copy_peak_rss: int
    copy_bytes_out: int
    copy_failed: dict[str, str]  # input files DuckDB could not read on its own, with the reason
    warehouse_bytes: int
    version: str

    @property
    def ratio(self) -> float:
        return self.build_seconds / self.copy_seconds


@dataclass
class Cap:
    """A scale not built: over ``--max-build-rows``, or too big for the free memory or disk."""
    rows: int
    reason: str


@dataclass
class QueryTiming:
    """One warehouse query call a page makes, timed on the version file (medians)."""
    function: str
    arguments: dict[str, Any]
    pages: list[str]  # pages that made this call with their default filters
    rows: int | None = None
    statements: int = 0
    raw_ms: float | None = None  # the function's own SQL, straight to Arrow
    function_ms: float | None = None  # the function (Polars frame), what a cache miss costs
    error: str = ""


@dataclass
class Cost:
    """Back-to-back reruns of one page by one session: server CPU per rerun and latency."""
    page: str
    change: str  # the widget changed on each rerun, or "query string"
    fragment: str  # "" for a full rerun; else the id of the fragment rerun alone
    reruns: int
    cpu_seconds: float | None  # server process tree CPU per rerun
    latency: Latency
    errors: list[str]


@dataclass
class Crowd:
    """Concurrent sessions, each opening one of ``pages`` and rerunning it after think times."""
    pages: list[str]
    sessions: int
    change: str
    opens: Latency
    reruns: Latency
    errors: int  # failed runs (exception, st.error, timeout, lost connection, ...)
    error_samples: list[str]
    seconds: float
    reruns_per_second: float  # reruns finished ÷ time from the first rerun sent to the last one finished
    server_cpu_seconds: float
    client_cpu_seconds: float
    rss_peak: int


@dataclass
class Level:
    """Every page's crowd at one session count, on one freshly started server."""
    sessions: int
    rss_idle: int
    rss_peak: int
    rss_end: int
    log_errors: list[str]  # from the server's log, when a crowd had errors
    crowds: list[Crowd]


@dataclass
class AppRun:
    """One Streamlit script (the app, or the reference one-line page) measured page by page."""
    script: str
    pages: dict[str, str]  # url path → what a browser requests for it
    costs: list[Cost] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)

    def cost(self, page: str, fragment: str = "") -> Cost | None:
        return next((c for c in self.costs if c.page == page and c.fragment == fragment), None)

    def crowd(self, sessions: int, page: str) -> Crowd | None:
        for level in self.levels:
            if level.sessions == sessions:
                return next((c for c in level.crowds if c.pages == [page]), None)
        return None


@dataclass
class ReplicaRun:
    """A crowd over every page through nginx to ``replicas`` app processes."""
    replicas: int
    crowd: Crowd  # the load model's think times
    capacity: Crowd  # no think time: the rerun rate the replicas sustain
    cpu_by_process: list[float]  # over both crowds: nginx first, then each replica
    log_errors: list[str]  # from the replicas' logs, when a crowd had errors


@dataclass
class ScaleRun:
    """Everything measured on one warehouse (the default data or a synthetic scale)."""
    label: str
    fact_rows: int
    queries: list[QueryTiming] = field(default_factory=list)
    reference: AppRun | None = None
    app: AppRun | None = None
    replicas: list[ReplicaRun] = field(default_factory=list)
    replicas_skipped: str = ""


@dataclass
class Machine:
    cpus: int
    memory_bytes: int
    python: str
    versions: dict[str, str]
    load_average_start: float
    load_average_end: float = 0.0


@dataclass
class Goal:
    goal: str
    target: str
    measured: str
    met: bool | None  # None: reported, nothing to meet
    note: str = ""


@dataclass
class Result:
    mode: Mode
    started_at: str
    note: str
    machine: Machine
    builds: list[Build] = field(default_factory=list)
    caps: list[Cap] = field(default_factory=list)
    scales: list[ScaleRun] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    duration_seconds: float = 0.0
    finished_at: str = ""
    failure: str = ""  # the exception that ended the run early (what was measured before it is kept)
