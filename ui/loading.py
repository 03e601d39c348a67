"""Streamlit glue of the Load data page after the admin gate: templates, upload, report, confirmation, load.

The upload is never parsed in the server's process: etl.uploads.sandbox validates it in a child process with
memory and CPU limits. Rule messages come from etl.cells.messages in the user's language.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import streamlit as st

from etl.cells.problems import Problem
from etl.ingest import STEPS, LoadOutcome, load_report
from etl.loads import journal
from etl.uploads import specs, templates
from etl.uploads.report import Report
from etl.uploads.sandbox import validate_isolated
from ui import filters, layout, load_view
from ui.i18n import labels, lang, t
from warehouse.connection import home

_NONCE_KEY, _RESULT_KEY, _REPORTS_KEY = "load_nonce", "load_result", "load_reports"
_SHEET_KEY = "load_sheet_"  # + the upload's file id: the sheet chosen for that file
_PROGRESS = {step: (i + 1) / len(STEPS) for i, step in enumerate(STEPS)}
_LOG_COLUMNS = ("loaded_at", "action", "status", "dataset", "file_name", "rows_loaded", "rows_replaced", "message",
                "sha256", "load_id")


def templates_section() -> None:
    """Header-only templates and, apart, their filled-in examples (which can never be loaded)."""
    st.subheader(t("load.templates"))
    st.caption(t("load.templates_note"))
    for name, dataset in specs.DATASETS.items():
        title = dataset.title(lang())
        left, right = st.columns([2, 3], vertical_alignment="center")
        left.markdown(f"`{name}` — {title}")  # the code the command line's --dataset takes
        buttons = right.container(horizontal=True)  # side by side where they fit whole, else one under the other
        for path, label in ((templates.template_path(name), "load.template"),
                            (templates.example_path(name), "load.example")):
            buttons.download_button(f"{path.name} ({t(label)})", path.read_bytes(), file_name=path.name,
                                    mime="text/csv", key=f"{label}_{name}", icon=":material/download:",
                                    on_click="ignore")


def _title(name: str) -> str:
    dataset = specs.DATASETS[name]
    return f"{name} — {dataset.title(lang())}"


def upload() -> tuple[Report, bytes] | None:
    """Dataset, file (and sheet): the validation report of what was uploaded, computed once per file."""
    dataset = filters.session_choice("load_dataset", t("load.dataset"), list(specs.DATASETS), format_func=_title)
    nonce = st.session_state.setdefault(_NONCE_KEY, 0)
    _translate_uploader()
    uploaded = st.file_uploader(t("load.file"), type=["csv", "xlsx", "xls", "txt", "tsv"], key=f"load_file_{nonce}")
    if uploaded is None:
        return None
    data = uploaded.getvalue()
    sheet_key = _SHEET_KEY + uploaded.file_id  # a new file (even after ×) asks for its own sheet
    report = _validated(data, uploaded.name, dataset, st.session_state.get(sheet_key))
    if len(report.sheets) > 1:
        options = list(report.sheets)
        hidden = set(report.hidden_sheets)
        filters.session_choice(sheet_key, t("load.sheet"), options, placeholder=t("load.sheet_choose"),
                               index=options.index(report.sheet) if report.sheet in options else None,
                               format_func=lambda s: f"{s} {t('load.sheet_hidden')}" if s in hidden else s)
    return report, data


def _validated(data: bytes, name: str, dataset: str, sheet: str | None) -> Report:
    """Checked in a child process (never in the server's), once per file, dataset and sheet."""
    reports: dict[tuple[str, int, str, str | None], Report] = st.session_state.setdefault(_REPORTS_KEY, {})
    key = (name, hash(data), dataset, sheet)
    if key not in reports:
        reports.clear()  # one file at a time: keep memory flat
        # A browser closed during the check stops this run at its next Streamlit call (session state included),
        # and the rejected file must not be lost with it: it is recorded and quarantined right after the check,
        # into this session's record taken before it.
        done = _recorded()
        with st.spinner(t("load.validating")):
            report = validate_isolated(data, name, dataset, sheet=sheet, root=home())
            if not report.accepted and not load_view.needs_sheet(report):
                _rejection(report, data, done)
        reports[key] = reports[(name, hash(data), dataset, report.sheet)] = report  # the sheet picker's default
    return reports[key]


def confirm_and_load(report: Report, data: bytes) -> None:
    """A rejected file is recorded and quarantined at once; a valid one loads only when confirmed, and one
    that would overwrite real rows only after the explicit confirmation."""
    if load_view.needs_sheet(report):
        return  # not a bad file: the user picks the sheet above
    if not report.accepted:
        _record_rejection(report, data)
        return
    counted = load_view.impact_of(report)
    confirmed, box = False, f"load_replace_real_{report.sha256[:16]}"  # a new file starts unconfirmed
    if counted is None:  # not counted: the build still refuses real rows unless this is ticked
        confirmed = st.checkbox(t("load.real_allow"), key=box)
    elif counted.real:
        st.warning(t("load.real_warning").format(real=counted.real), icon=":material/warning:")
        confirmed = st.checkbox(t("load.real_confirm").format(real=counted.real), key=box)
    blocked = counted is not None and counted.real > 0 and not confirmed
    if not st.button(t("load.confirm").format(rows=report.rows_valid), type="primary", key="load_confirm",
                     icon=":material/upload:", disabled=blocked):
        return
    outcome, interrupted = _load_to_the_end(report, data, replace_real=confirmed)
    st.session_state[_RESULT_KEY] = _result(outcome)  # kept for the next run even when this one was interrupted
    st.session_state[_NONCE_KEY] = st.session_state.get(_NONCE_KEY, 0) + 1  # clears the uploader
    for key in (_REPORTS_KEY, "load_impact", box, *(k for k in st.session_state if str(k).startswith(_SHEET_KEY))):
        st.session_state.pop(key, None)
    if interrupted is not None:
        raise interrupted
    st.rerun()


def _load_to_the_end(report: Report, data: bytes, *,
                     replace_real: bool) -> tuple[LoadOutcome, BaseException | None]:
    """Load with a progress bar, to the end whatever the browser does; also returns Streamlit's stop (or rerun)
    request met on the way, for the caller to raise once it has kept the outcome.

    Streamlit stops a page whose browser has gone at its next drawing: here, the progress bar half-way through
    the build, which lost the load. The load goes on to the end (published and journaled, or rolled back and
    journaled) and the run stops after it."""
    bar = st.progress(0.0, text=t("load.step.validated"))
    left: list[BaseException] = []  # Streamlit's stop (or rerun) request met while drawing the progress

    def show(step: str) -> None:
        if not left:
            try:
                bar.progress(_PROGRESS[step], t(f"load.step.{step}"))
            except BaseException as exc:  # noqa: BLE001 - kept, and raised once the load is over
                left.append(exc)

    return load_report(report, data, replace_real=replace_real, progress=show), (left[0] if left else None)


def _recorded() -> dict[str, dict[str, object]]:
    """The outcome of each rejected file recorded in this session (by sha256 + dataset): recorded once."""
    return st.session_state.setdefault("load_recorded", {})  # type: ignore[no-any-return]


def _rejection(report: Report, data: bytes, done: dict[str, dict[str, object]]) -> dict[str, object]:
    """A rejected file's outcome in ``done`` (this session's record), quarantined and journaled the first time."""
    key = report.sha256 + report.dataset
    if key not in done:
        done[key] = _result(load_report(report, data))
    return done[key]


def _record_rejection(report: Report, data: bytes) -> None:
    result = _rejection(report, data, _recorded())
    if result["quarantined"]:
        st.warning(t("load.quarantined").format(path=str(result["quarantined"]).replace("`", "")),
                   icon=":material/inventory_2:")
    for text in _storage(result):
        st.error(t("load.not_quarantined").format(error=layout.plain(text)), icon=":material/sd_card_alert:")


def _result(outcome: LoadOutcome) -> dict[str, object]:
    real = outcome.rows_replaced - outcome.sample_replaced
    return {"status": outcome.status, "file": outcome.report.file_name, "version": outcome.version,
            "rows": outcome.report.rows_loaded, "replaced": outcome.rows_replaced,
            "sample": outcome.sample_replaced, "real": real, "lines": outcome.lines(),
            "quarantined": str(outcome.quarantined) if outcome.quarantined else "",
            "storage": [{"ja": e.text("ja"), "en": e.text("en")} for e in outcome.storage],
            "problems": [p.as_dict() for p in outcome.report.problems[:50]]}


def _storage(result: dict[str, Any]) -> list[str]:
    return [item[lang()] for item in result["storage"]]


def last_result() -> None:
    result: dict[str, Any] | None = st.session_state.get(_RESULT_KEY)
    if not result:
        return
    status = result["status"]
    shown = {**result, "file": load_view.literal(str(result["file"]))}
    if status in ("accepted", "unchanged"):
        st.success(t("load.done" if status == "accepted" else "load.unchanged").format(**shown),
                   icon=":material/task_alt:")
    elif status == "refused":
        st.warning(t("load.refused").format(**shown), icon=":material/warning:")
    else:
        st.error(t(f"load.{'rejected' if status == 'rejected' else 'failed'}").format(**shown),
                 icon=":material/error:")
        problems = [Problem(**p) for p in result["problems"]]
        if problems:
            layout.grid(load_view.problems_table(problems), key="load_result_problems")
    for text in _storage(result):
        st.error(layout.plain(text), icon=":material/sd_card_alert:")
    if status == "failed" and not result["storage"]:
        st.code("\n".join(result["lines"]))


def _translate_uploader() -> None:
    """Streamlit writes its uploader's button and hint in English only ("Upload", "50MB per file • CSV, …").
    The label above already names the formats and the limit, so CSS puts this page's own words in their place
    (a JSON string is a valid CSS string: quotes and backslashes in a label stay text)."""
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    hint = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(f"""<style>
{button}, {hint} {{ font-size: 0; }}
{button}::after {{ content: {json.dumps(t('load.choose_file'), ensure_ascii=False)}; font-size: 1rem; }}
{hint}::after {{ content: {json.dumps(t('load.drop_here'), ensure_ascii=False)}; font-size: 0.875rem; }}
</style>""")


def history() -> None:
    st.subheader(t("load.history"))
    entries = journal.entries()[-20:][::-1]
    if entries:
        columns = [c for c in _LOG_COLUMNS if any(c in e for e in entries)]
        codes = {c: labels(f"load.log.{c}.") for c in ("action", "status")}  # an unknown code shows as it is

        def shown(entry: dict[str, Any], column: str) -> str:
            value = "" if entry.get(column) is None else str(entry[column])
            return codes.get(column, {}).get(value, value)

        rows = [{t(f"load.log.{c}"): shown(e, c) for c in columns} for e in entries]
        layout.grid(pl.DataFrame(rows, schema={t(f"load.log.{c}"): pl.String for c in columns}), key="load_history")

