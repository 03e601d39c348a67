"""A headless browser session speaking Streamlit's own websocket protocol.

The frontend talks to ``/_stcore/stream`` with binary protobufs: it sends a ``BackMsg`` whose
``rerun_script`` is a ``ClientState`` (query string, page, widget states, hashes of the big messages
it already holds) and reads ``ForwardMsg`` frames until ``script_finished``.  This client does the
same, so a rerun costs the server exactly what a browser's rerun costs.  The protocol is internal to
Streamlit (pinned at 1.67 in pyproject.toml): anything unexpected raises ``ProtocolError`` instead of
being measured quietly.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field

import websocket
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.widgets import Widget, next_value, proto_value, to_state, widget_from_element

MAX_CACHED_MESSAGES = 500  # like the browser's message cache, bounded
FINISHED_OK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(RuntimeError):
    """The server said something this client does not understand (Streamlit changed?)."""


@dataclass
class RunResult:
    """One script run as the client saw it."""

    seconds: float
    ok: bool
    errors: list[str] = field(default_factory=list)
    finished: bool = False  # script_finished arrived (the server answered, with or without errors)


class Session:
    """One browser tab on one page. Not thread-safe: one thread drives one session."""

    def __init__(self, port: int, page: str, *, timeout: float = 60.0) -> None:
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.origin = f"http://127.0.0.1:{port}"
        self.page = page
        self.timeout = timeout
        self.ws: websocket.WebSocket | None = None
        self.page_script_hash = ""
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}  # every widget of the last run, in page order
        self.values: dict[str, object] = {}  # what each widget holds, as the browser keeps it
        self._seen: set[str] = set()
        self._cache: OrderedDict[str, ForwardMsg] = OrderedDict()

    # --- connection ---------------------------------------------------------------------
    def open(self) -> RunResult:
        """Connect and run the page once, as a browser opening ``/<page>`` does."""
        started = time.perf_counter()
        try:
            self.ws = websocket.create_connection(
                self.url, timeout=self.timeout, subprotocols=["streamlit"], origin=self.origin,
                enable_multithread=False,
            )
        except (OSError, websocket.WebSocketException) as exc:
            return RunResult(time.perf_counter() - started, False, [f"connect: {type(exc).__name__}: {exc}"])
        return self._run(first=True)

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close(timeout=2)
            except (OSError, websocket.WebSocketException):
                pass
            self.ws = None

    # --- reruns -------------------------------------------------------------------------
    def change(self, widget: Widget, turn: int) -> bool:
        """Pick another value for a widget, as a user would; False when it has none."""
        value = next_value(widget, self.values.get(widget.id), turn)
        if value is None:
            return False
        self.values[widget.id] = value
        return True

    def rerun(self, *, fragment_id: str = "", query_extra: str = "") -> RunResult:
        """Rerun with the widget values held now, as the browser does after a change: the whole page, or
        only the fragment ``fragment_id`` (a widget inside a fragment reruns just that fragment)."""
        query = self.query_string
        if query_extra:
            query = f"{query}&{query_extra}" if query else query_extra
        return self._run(first=False, query=query, fragment_id=fragment_id)

    def _client_state(self, msg: BackMsg, *, first: bool, query: str, fragment_id: str) -> None:
        state = msg.rerun_script
        state.query_string = query
        state.page_name = self.page if first else ""
        state.page_script_hash = "" if first else self.page_script_hash
        state.fragment_id = fragment_id
        for widget_id, value in self.values.items():
            widget_state = to_state(self.widgets[widget_id], value) if widget_id in self.widgets else None
            if widget_state is not None:
                state.widget_states.widgets.append(widget_state)
        state.cached_message_hashes.extend(self._cache.keys())
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "Asia/Tokyo", -540, "ja-JP"
        info.url = f"{self.origin}/{self.page}" + (f"?{query}" if query else "")
        info.is_embedded = False

    def _run(self, *, first: bool, query: str = "", fragment_id: str = "") -> RunResult:
        if self.ws is None:
            return RunResult(0.0, False, ["not connected"])
        msg = BackMsg()
        self._client_state(msg, first=first, query=query, fragment_id=fragment_id)
        self._seen = set()
        started = time.perf_counter()
        result = RunResult(0.0, True)
        deadline = started + self.timeout
        try:
            self.ws.send_binary(msg.SerializeToString())
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                self.ws.settimeout(remaining)
                data = self.ws.recv()
                if not isinstance(data, bytes):
                    raise ProtocolError(f"text frame from the server: {str(data)[:80]!r}")
                if self._handle(data, result):
                    result.finished = True
                    break
        except (TimeoutError, websocket.WebSocketTimeoutException):
            result.ok = False
            result.errors.append(f"timeout after {self.timeout:.0f} s")
        except (OSError, websocket.WebSocketException) as exc:
            result.ok = False
            result.errors.append(f"connection: {type(exc).__name__}: {exc}")
            self.close()
        result.seconds = time.perf_counter() - started
        if result.errors:
            result.ok = False
        return result

    # --- messages -----------------------------------------------------------------------
    def _remember(self, fwd: ForwardMsg) -> None:
        if fwd.metadata.cacheable and fwd.hash:
            self._cache[fwd.hash] = fwd
            self._cache.move_to_end(fwd.hash)
            while len(self._cache) > MAX_CACHED_MESSAGES:
                self._cache.popitem(last=False)

    def _resolve(self, data: bytes) -> ForwardMsg:
        """The message, with a reference to a cached one replaced by that one (at the new place)."""
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        if fwd.WhichOneof("type") != "ref_hash":
            self._remember(fwd)
            return fwd
        cached = self._cache.get(fwd.ref_hash)
        if cached is None:
            raise ProtocolError(f"server referenced a message this client never cached: {fwd.ref_hash}")
        path = list(fwd.metadata.delta_path)
        fwd = ForwardMsg()
        fwd.CopyFrom(cached)
        fwd.metadata.ClearField("delta_path")
        fwd.metadata.delta_path.extend(path)
        return fwd

    def _handle(self, data: bytes, result: RunResult) -> bool:
        """Handle one ForwardMsg; True when the run is over."""
        fwd = self._resolve(data)
        kind = fwd.WhichOneof("type")
        if kind == "delta":
            self._delta(fwd, result)
        elif kind == "navigation":
            self.page_script_hash = fwd.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = fwd.page_info_changed.query_string
        elif kind == "page_not_found":
            result.errors.append(f"page not found: {self.page}")
        elif kind == "session_event" and fwd.session_event.HasField("script_compilation_exception"):
            exc = fwd.session_event.script_compilation_exception
            result.errors.append(f"compile error: {exc.type}: {exc.message}"[:300])
        elif kind == "script_finished":
            return self._finished(fwd.script_finished, result)
        elif kind is None:
            raise ProtocolError("ForwardMsg without a type")
        return False

    def _finished(self, status: int, result: RunResult) -> bool:
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:  # a full run: forget widgets it did not show
            for gone in set(self.widgets) - self._seen:
                self.widgets.pop(gone)
                self.values.pop(gone, None)
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            result.errors.append("script finished with a compile error")
            return True
        return status in FINISHED_OK  # FINISHED_EARLY_FOR_RERUN: a newer run follows; read on

    def _delta(self, fwd: ForwardMsg, result: RunResult) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            result.errors.append(f"exception: {element.exception.type}: {element.exception.message}"[:300])
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            result.errors.append(f"st.error: {element.alert.body}"[:300])
        widget = widget_from_element(element, list(fwd.metadata.delta_path), delta.fragment_id)
        if widget is not None:
            self.widgets[widget.id] = widget
            self._seen.add(widget.id)
            # like the browser: a value set by the script (or a first default) replaces what we hold
            if widget.proto.set_value or widget.id not in self.values:
                self.values[widget.id] = proto_value(widget)
