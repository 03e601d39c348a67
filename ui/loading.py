"""Streamlit glue of the Load data page after the admin gate: templates, upload, report, confirmation, load.

The upload is never parsed in the server's process: etl.ingest.sandbox validates it in a child process with
memory and CPU limits. Rule messages come from etl.ingest.messages in the user's language.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from etl import loadlog
from etl.ingest import impact, messages, specs, templates
from etl.ingest.load import STEPS, LoadOutcome, load_report
from etl.ingest.report import PROBLEM_COLUMN, PROBLEM_JA_COLUMN, ROW_COLUMN, STATUS_COLUMN, Report
from etl.ingest.sandbox import validate_isolated
from etl.problems import Problem
from ui import i18n
from ui.i18n import lang, t
from warehouse.connection import home

LABELS: dict[str, tuple[str, str]] = {
    "load.templates": ("テンプレートと記入例", "Templates and examples"),
    "load.templates_note": ("テンプレートは見出し行だけのファイルです (日本語の見出し。英語の別名も可)。"
                            "見出しの下に実際の値を記入してください。記入例 (example) は書き方の見本で、"
                            "備考が「記入例」の行は読み込めません。詳しくは docs/loading-data.md。",
                            "A template is the header row alone (Japanese headers; English aliases accepted): put real "
                            "values under it. An example shows how to fill it in; its rows, marked 記入例 in the note, "
                            "are never loaded. Details: docs/loading-data.md."),
    "load.template": ("テンプレート", "template"),
    "load.example": ("記入例", "example"),
    "load.dataset": ("データの種類", "Dataset"),
    "load.file": ("ファイル (CSV: UTF-8・BOM付きUTF-8・Shift_JIS(CP932)、または Excel .xlsx。50MBまで)",
                  "File (CSV in UTF-8, UTF-8 with BOM or Shift_JIS (CP932), or Excel .xlsx; up to 50 MB)"),
    "load.sheet": ("シート", "Sheet"),
    "load.sheet_choose": ("読み込むシートを選んでください", "Choose the sheet to load"),
    "load.sheet_hidden": ("(非表示)", "(hidden)"),
    "load.choose_sheet": ("データらしいシートが複数あります: {names}。読み込むシートを選んでください。",
                          "Several sheets look like data: {names}. Choose the sheet to load."),
    "load.validating": ("検証中…", "Checking…"),
    "load.valid": ("問題は見つかりませんでした: {rows:,} 行を読み込めます。まだ何も書き込んでいません。",
                   "No problems found: {rows:,} rows can be loaded. Nothing has been written yet."),
    "load.invalid": ("読み込めません: {problems:,} 件の問題 ({rows:,} 行)。データベースは変更されていません。",
                     "Cannot be loaded: {problems:,} problem(s) in {rows:,} row(s). The database is unchanged."),
    "load.source_csv": ("CSV (文字コード {encoding})", "CSV, encoding {encoding}"),
    "load.source_xlsx": ("Excel (シート {sheet})", "XLSX, sheet {sheet}"),
    "load.source_unreadable": ("読めない形式", "unreadable"),
    "load.header_rows": ("見出し行", "header row(s)"),
    "load.rows_in_file": ("ファイルの行数", "Rows in file"),
    "load.rows_valid": ("読み込める行", "Valid rows"),
    "load.rows_skipped": ("読み飛ばした行", "Skipped rows"),
    "load.problems": ("問題", "Problems"),
    "load.warnings": ("注意", "Warnings"),
    "load.impact": ("読み込むと", "Loading it will"),
    "load.added": ("追加する行", "Rows added"),
    "load.replaced_sample": ("置き換えるサンプル行", "Sample rows replaced"),
    "load.replaced_real": ("上書きする実データの行", "Real rows overwritten"),
    "load.impact_unknown": ("置き換える行数を数えられませんでした (データベースが読めません)。"
                            "実データを上書きする場合は読み込み時に確認を求めます。",
                            "The rows to replace could not be counted (the database cannot be read); loading asks "
                            "for confirmation if real rows would be overwritten."),
    "load.real_warning": ("このファイルは実データ (サンプルではない、以前に読み込んだ値や公表値) "
                          "{real:,} 行を上書きします。",
                          "This file overwrites {real:,} real rows (values loaded earlier or published, not "
                          "sample)."),
    "load.real_confirm": ("実データ {real:,} 行を上書きすることを確認しました",
                          "I confirm overwriting {real:,} real rows"),
    "load.preview": ("プレビュー", "Preview"),
    "load.preview_note": ("問題のある行は赤、読み飛ばした行(表題・注記・合計など)は灰色。",
                          "Rows with problems in red; skipped rows (titles, notes, totals…) in grey."),
    "load.col_row": ("行", "Row"),
    "load.col_column": ("列", "Column"),
    "load.col_value": ("値", "Value"),
    "load.col_rule": ("規則", "Rule"),
    "load.col_message": ("内容", "Why"),
    "load.col_status": ("状態", "Status"),
    "load.status.ok": ("読み込み可", "ok"),
    "load.status.error": ("エラー", "error"),
    "load.status.skipped": ("読み飛ばし", "skipped"),
    "load.skip.title": ("表題", "title"),
    "load.skip.blank": ("空行", "blank"),
    "load.skip.header": ("見出し", "header"),
    "load.skip.unit": ("単位", "unit"),
    "load.skip.note": ("注記", "note"),
    "load.skip.total": ("合計", "total"),
    "load.skip.subtotal": ("小計", "subtotal"),
    "load.skip.duplicate": ("重複", "duplicate"),
    "load.quarantined": ("この試行は読み込み履歴に記録し、ファイルは隔離しました: `{path}`。"
                         "修正して再度アップロードしてください。",
                         "This attempt was logged and the file quarantined: `{path}`. Fix it and upload it again."),
    "load.not_quarantined": ("ファイルを隔離できませんでした: {error}", "The file could not be quarantined: {error}"),
    "load.confirm": ("{rows:,} 行を読み込む", "Load {rows:,} rows"),
    "load.step.validated": ("検証済み", "Checked"),
    "load.step.archived": ("原本を保存しました", "File archived"),
    "load.step.assembled": ("新しい版のデータを準備中…", "Preparing the new version…"),
    "load.step.written": ("新しい版を作成・検査中…", "Building and checking the new version…"),
    "load.step.checked": ("検査に合格。切り替え中…", "Checks passed. Switching…"),
    "load.step.published": ("公開しました", "Published"),
    "load.done": ("{file} を読み込みました: {rows:,} 行 (置き換え {replaced:,} 行、うちサンプル {sample:,} 行)。"
                  "新しい版 `{version}` がすべての利用者に表示されます。",
                  "Loaded {file}: {rows:,} rows ({replaced:,} replaced, {sample:,} of them sample). The new version "
                  "`{version}` is now shown to every user."),
    "load.unchanged": ("{file} は読み込み済みです。変更はありません (版 `{version}`)。",
                       "{file} is already loaded: nothing changed (version `{version}`)."),
    "load.refused": ("{file} は読み込みませんでした: 実データ {real:,} 行を上書きするため、確認が必要です。",
                     "{file} was not loaded: it would overwrite {real:,} real rows and needs your confirmation."),
    "load.rejected": ("{file} は読み込めませんでした。現在の版がそのまま使われています。",
                      "{file} could not be loaded; the current version keeps serving."),
    "load.failed": ("{file} を読み込めませんでした。現在の版がそのまま使われています。",
                    "{file} could not be loaded; the current version keeps serving."),
    "load.history": ("読み込み履歴 (最新20件)", "Load log (latest 20)"),
}
i18n.register(LABELS)
_NONCE_KEY, _RESULT_KEY, _REPORTS_KEY = "load_nonce", "load_result", "load_reports"
_PROGRESS = {step: (i + 1) / len(STEPS) for i, step in enumerate(STEPS)}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def plain(text: str) -> str:
    """Text shown literally inside a message Streamlit renders as Markdown (no emphasis, image, emoji, LaTeX)."""
    return _MARKDOWN.sub(r"\\\1", text)


def literal(name: str) -> str:
    """A user's file or sheet name as a code span: Markdown, links (even bare URLs, which escaping does not
    stop) and HTML are not interpreted inside one; the fence is longer than any backtick run in the name."""
    fence = "`" * (max((len(run) for run in re.findall("`+", name)), default=0) + 1)
    return f"{fence} {name.replace(chr(10), ' ')} {fence}"


def templates_section() -> None:
    """Header-only templates and, apart, their filled-in examples (which can never be loaded)."""
    st.subheader(t("load.templates"))
    st.caption(t("load.templates_note"))
    for name, dataset in specs.DATASETS.items():
        title = dataset.title_en if lang() == "en" else dataset.title_ja
        left, middle, right = st.columns([3, 2, 2], vertical_alignment="center")
        left.markdown(f"**{name}** — {title}")
        for column, path, label in ((middle, templates.template_path(name), "load.template"),
                                    (right, templates.example_path(name), "load.example")):
            column.download_button(f"{path.name} ({t(label)})", path.read_bytes(), file_name=path.name,
                                   mime="text/csv", key=f"{label}_{name}", icon=":material/download:",
                                   on_click="ignore")


def _title(name: str) -> str:
    dataset = specs.DATASETS[name]
    return f"{name} — {dataset.title_en if lang() == 'en' else dataset.title_ja}"


def upload() -> tuple[Report, bytes] | None:
    """Dataset, file (and sheet): the validation report of what was uploaded, computed once per file."""
    dataset = st.selectbox(t("load.dataset"), list(specs.DATASETS), format_func=_title, key="load_dataset")
    nonce = st.session_state.setdefault(_NONCE_KEY, 0)
    uploaded = st.file_uploader(t("load.file"), type=["csv", "xlsx", "xls", "txt", "tsv"], key=f"load_file_{nonce}")
    if uploaded is None:
        return None
    data = uploaded.getvalue()
    sheet_key = f"load_sheet_{nonce}"
    report = _validated(data, uploaded.name, dataset, st.session_state.get(sheet_key))
    if len(report.sheets) > 1:
        options = list(report.sheets)
        hidden = set(report.hidden_sheets)
        st.selectbox(t("load.sheet"), options, index=options.index(report.sheet) if report.sheet in options else None,
                     key=sheet_key, placeholder=t("load.sheet_choose"),
                     format_func=lambda s: f"{s} {t('load.sheet_hidden')}" if s in hidden else s)
    return report, data


def _validated(data: bytes, name: str, dataset: str, sheet: str | None) -> Report:
    """Checked in a child process (never in the server's), once per file, dataset and sheet."""
    reports: dict[tuple[str, int, str, str | None], Report] = st.session_state.setdefault(_REPORTS_KEY, {})
    key = (name, hash(data), dataset, sheet)
    if key not in reports:
        reports.clear()  # one file at a time: keep memory flat
        with st.spinner(t("load.validating")):
            report = validate_isolated(data, name, dataset, sheet=sheet, root=home())
        reports[key] = reports[(name, hash(data), dataset, report.sheet)] = report  # the sheet picker's default
    return reports[key]


def _impact(report: Report) -> impact.Impact | None:
    cache: dict[str, impact.Impact | None] = st.session_state.setdefault("load_impact", {})
    if report.sha256 + report.dataset not in cache:
        cache.clear()
        cache[report.sha256 + report.dataset] = impact.measure(report, home())
    return cache[report.sha256 + report.dataset]


def needs_sheet(report: Report) -> bool:
    return bool(report.sheet_choices) and report.sheet is None


def _source(report: Report) -> str:
    if report.format == "xlsx":
        return t("load.source_xlsx").format(sheet=literal(report.sheet or "—"))
    if report.format:
        return t("load.source_csv").format(encoding=report.encoding)
    return t("load.source_unreadable")


def report_view(report: Report) -> None:
    """What is in the file, before anything is written: counts, problems, warnings, highlighted preview."""
    if needs_sheet(report):
        st.info(t("load.choose_sheet").format(names=", ".join(map(literal, report.sheet_choices))),
                icon=":material/tab:")
        return
    if report.accepted:
        st.success(t("load.valid").format(rows=report.rows_valid), icon=":material/check_circle:")
    else:
        st.error(t("load.invalid").format(problems=report.problem_count, rows=report.rows_with_problems),
                 icon=":material/error:")
    st.caption(f"{_source(report)} · {t('load.header_rows')}: {', '.join(map(str, report.header_rows)) or '—'}"
               f" · sha256 {report.sha256[:12]}…")
    cols = st.columns(5)
    cols[0].metric(t("load.rows_in_file"), f"{report.rows_in_file:,}")
    cols[1].metric(t("load.rows_valid"), f"{report.rows_valid:,}")
    cols[2].metric(t("load.rows_skipped"), f"{sum(report.skipped.values()):,}",
                   help=", ".join(f"{_skip(k)} {v}" for k, v in sorted(report.skipped.items())) or None)
    cols[3].metric(t("load.problems"), f"{report.problem_count:,}")
    cols[4].metric(t("load.warnings"), f"{report.warning_count:,}")
    if report.accepted:
        _impact_view(_impact(report))
    if report.problems:
        st.subheader(t("load.problems"))
        st.dataframe(_problems(report.problems), hide_index=True, width="stretch", key="load_problems")
    if report.warnings:
        with st.expander(t("load.warnings") + f" ({report.warning_count:,})", expanded=report.accepted):
            st.dataframe(_problems(report.warnings), hide_index=True, width="stretch", key="load_warnings")
    if report.preview is not None and report.preview.height:
        st.subheader(t("load.preview"))
        st.caption(t("load.preview_note"))
        st.dataframe(_highlighted(report.preview), hide_index=True, width="stretch", key="load_preview")


def _impact_view(counted: impact.Impact | None) -> None:
    st.markdown(f"**{t('load.impact')}**")
    if counted is None:
        st.caption(t("load.impact_unknown"))
        return
    cols = st.columns(3)
    cols[0].metric(t("load.added"), f"{counted.added:,}")
    cols[1].metric(t("load.replaced_sample"), f"{counted.sample:,}")
    cols[2].metric(t("load.replaced_real"), f"{counted.real:,}")


def _skip(reason: str) -> str:
    return t(f"load.skip.{reason}") if f"load.skip.{reason}" in i18n.LABELS else reason


def _status(value: str) -> str:
    kind, _, reason = value.partition(": ")
    label = t(f"load.status.{kind}") if f"load.status.{kind}" in i18n.LABELS else kind
    return f"{label}: {_skip(reason)}" if reason else label


def _problems(items: list[Problem]) -> pl.DataFrame:
    """Problems with the rule's message in the user's language; blanks (not 'None') where a problem has no row."""
    language = lang()
    return pl.DataFrame([{t("load.col_row"): "" if p.row is None else str(p.row), t("load.col_column"): p.column or "",
                          t("load.col_value"): p.value or "", t("load.col_rule"): p.rule,
                          t("load.col_message"): messages.text(p, language)} for p in items],
                        schema={t(k): pl.String for k in ("load.col_row", "load.col_column", "load.col_value",
                                                          "load.col_rule", "load.col_message")})


def _highlighted(preview: pl.DataFrame) -> Any:
    """Rows with problems in red, skipped rows greyed (pandas Styler: st.dataframe keeps the colours);
    the fixed columns named and filled in the user's language."""
    mine, other = (PROBLEM_JA_COLUMN, PROBLEM_COLUMN) if lang() == "ja" else (PROBLEM_COLUMN, PROBLEM_JA_COLUMN)
    statuses = {s: _status(s) for s in preview[STATUS_COLUMN].unique().to_list()}
    frame = preview.drop(other).with_columns(pl.col(STATUS_COLUMN).replace(statuses))
    names = {ROW_COLUMN: t("load.col_row"), STATUS_COLUMN: t("load.col_status"), mine: t("load.problems")}
    names = {k: v for k, v in names.items() if v not in frame.columns}  # a column of the file with that name wins
    frame = frame.rename(names)
    kinds = preview[STATUS_COLUMN].to_list()

    def colour(row: pd.Series) -> list[str]:
        kind = kinds[row.name]  # type: ignore[index]
        style = "background-color: #fde2e1" if kind == "error" else "color: #888" if kind.startswith("skip") else ""
        return [style] * len(row)

    problems = names.get(mine, mine)
    return frame.to_pandas().style.apply(colour, axis=1).set_properties(subset=[problems], **{"color": "#b3261e"})


def confirm_and_load(report: Report, data: bytes) -> None:
    """A rejected file is recorded and quarantined at once; a valid one loads only when confirmed, and one
    that would overwrite real rows only after the explicit confirmation."""
    if needs_sheet(report):
        return  # not a bad file: the user picks the sheet above
    if not report.accepted:
        _record_rejection(report, data)
        return
    counted = _impact(report)
    confirmed = False
    if counted is not None and counted.real:
        st.warning(t("load.real_warning").format(real=counted.real), icon=":material/warning:")
        confirmed = st.checkbox(t("load.real_confirm").format(real=counted.real), key="load_replace_real")
    blocked = counted is not None and counted.real > 0 and not confirmed
    if not st.button(t("load.confirm").format(rows=report.rows_valid), type="primary", key="load_confirm",
                     icon=":material/upload:", disabled=blocked):
        return
    bar = st.progress(0.0, text=t("load.step.validated"))
    outcome = load_report(report, data, replace_real=confirmed,
                          progress=lambda step: bar.progress(_PROGRESS[step], t(f"load.step.{step}")))
    st.session_state[_RESULT_KEY] = _result(outcome)
    st.session_state[_NONCE_KEY] = st.session_state.get(_NONCE_KEY, 0) + 1  # clears the uploader
    for key in (_REPORTS_KEY, "load_impact", "load_replace_real"):
        st.session_state.pop(key, None)
    st.rerun()


def _record_rejection(report: Report, data: bytes) -> None:
    done: dict[str, dict[str, object]] = st.session_state.setdefault("load_recorded", {})
    if report.sha256 + report.dataset not in done:
        done[report.sha256 + report.dataset] = _result(load_report(report, data))
    result = done[report.sha256 + report.dataset]
    if result["quarantined"]:
        st.warning(t("load.quarantined").format(path=str(result["quarantined"]).replace("`", "")),
                   icon=":material/inventory_2:")
    for text in _storage(result):
        st.error(t("load.not_quarantined").format(error=plain(text)), icon=":material/sd_card_alert:")


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
    shown = {**result, "file": literal(str(result["file"]))}
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
            st.dataframe(_problems(problems), hide_index=True, width="stretch", key="load_result_problems")
    for text in _storage(result):
        st.error(plain(text), icon=":material/sd_card_alert:")
    if status == "failed" and not result["storage"]:
        st.code("\n".join(result["lines"]))


def history() -> None:
    st.subheader(t("load.history"))
    entries = loadlog.entries()[-20:][::-1]
    if entries:
        st.dataframe(pl.DataFrame(entries, infer_schema_length=None), hide_index=True, width="stretch",
                     key="load_history")

