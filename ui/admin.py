"""Streamlit glue of the admin "Load data" page: the admin gate, templates, the validation report, the load.

The loading itself is etl.ingest (no Streamlit there); this module draws its inputs and results.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from etl import loadlog
from etl.ingest import specs
from etl.ingest.load import STEPS, LoadOutcome, load_report
from etl.ingest.report import PROBLEM_COLUMN, STATUS_COLUMN, Report
from etl.ingest.validate import validate
from etl.reference import data_dir
from ui import auth, i18n
from ui.i18n import lang, t

LABELS: dict[str, tuple[str, str]] = {
    "page.load_data": ("データの読み込み", "Load data"),
    "load.intro": ("都道府県別の統計ファイル(CSV・Excel)を読み込み、その地域・年度のサンプルを実データに置き換えます。"
                   "書き込む前に内容を検証して表示します。",
                   "Load per-prefecture statistics files (CSV, Excel); real rows replace the sample for their region "
                   "and year. The file is checked and shown before anything is written."),
    "admin.disabled": ("このページは管理者用で、現在は無効です。有効にするには、12文字以上の"
                       "環境変数 `IPDASH_ADMIN_PASSWORD` を設定してサーバーを起動するか、"
                       "`.streamlit/secrets.toml` に管理者アカウント "
                       "(`python -m etl hash-password NAME --role admin`) を追加してください。コマンドラインでは"
                       " `python -m etl ingest FILE --dataset …` で読み込めます。",
                       "This page is for administrators and is disabled. To enable it, start the server with the "
                       "environment variable `IPDASH_ADMIN_PASSWORD` set (at least 12 characters), or add an admin "
                       "account to `.streamlit/secrets.toml` (`python -m etl hash-password NAME --role admin`). "
                       "From the command line: `python -m etl ingest FILE --dataset …`."),
    "admin.password": ("管理者パスワード", "Admin password"),
    "admin.login": ("ログイン", "Log in"),
    "admin.logout": ("管理者ログアウト", "Log out (admin)"),
    "admin.wrong": ("パスワードが違います。", "Wrong password."),
    "load.templates": ("テンプレート", "Templates"),
    "load.templates_note": ("1行目が見出し(日本語。英語の別名も可)、2行目以降は記入例です。"
                            "記入例は実際の値に置き換えてください。詳しくは docs/loading-data.md。",
                            "Row 1 is the header (Japanese; English aliases accepted), the other rows are examples: "
                            "replace them with real values. Details: docs/loading-data.md."),
    "load.dataset": ("データの種類", "Dataset"),
    "load.file": ("ファイル (CSV: UTF-8・BOM付きUTF-8・Shift_JIS(CP932)、または Excel .xlsx。50MBまで)",
                  "File (CSV in UTF-8, UTF-8 with BOM or Shift_JIS (CP932), or Excel .xlsx; up to 50 MB)"),
    "load.sheet": ("シート", "Sheet"),
    "load.validating": ("検証中…", "Checking…"),
    "load.valid": ("問題は見つかりませんでした: {rows:,} 行を読み込めます。まだ何も書き込んでいません。",
                   "No problems found: {rows:,} rows can be loaded. Nothing has been written yet."),
    "load.invalid": ("読み込めません: {problems:,} 件の問題 ({rows:,} 行)。データベースは変更されていません。",
                     "Cannot be loaded: {problems:,} problem(s) in {rows:,} row(s). The database is unchanged."),
    "load.header_rows": ("見出し行", "header row(s)"),
    "load.rows_in_file": ("ファイルの行数", "Rows in file"),
    "load.rows_valid": ("読み込める行", "Valid rows"),
    "load.rows_skipped": ("読み飛ばした行", "Skipped rows"),
    "load.problems": ("問題", "Problems"),
    "load.warnings": ("注意", "Warnings"),
    "load.preview": ("プレビュー", "Preview"),
    "load.preview_note": ("問題のある行は赤、読み飛ばした行(表題・注記・合計など)は灰色。",
                          "Rows with problems in red; skipped rows (titles, notes, totals…) in grey."),
    "load.col_row": ("行", "Row"),
    "load.col_column": ("列", "Column"),
    "load.col_value": ("値", "Value"),
    "load.col_rule": ("規則", "Rule"),
    "load.col_message": ("内容", "Why"),
    "load.quarantined": ("この試行は読み込み履歴に記録し、ファイルは隔離しました: `{path}`。"
                         "修正して再度アップロードしてください。",
                         "This attempt was logged and the file quarantined: `{path}`. Fix it and upload it again."),
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
    "load.failed": ("{file} を読み込めませんでした。現在の版がそのまま使われています。",
                    "{file} could not be loaded; the current version keeps serving."),
    "load.history": ("読み込み履歴 (最新20件)", "Load log (latest 20)"),
}
i18n.register(LABELS)
_NONCE_KEY, _RESULT_KEY, _REPORTS_KEY = "load_nonce", "load_result", "load_reports"
_PROGRESS = {step: (i + 1) / len(STEPS) for i, step in enumerate(STEPS)}


def unlocked() -> bool:
    """True for a signed-in administrator; otherwise draws how to enable the page, or the login form.

    Accounts, lockout and session expiry are ui.auth / warehouse.accounts (shared with the review page)."""
    return auth.gate("admin", disabled=t("admin.disabled"))


def templates() -> None:
    st.subheader(t("load.templates"))
    st.caption(t("load.templates_note"))
    columns = st.columns(len(specs.DATASETS))
    for column, (name, dataset) in zip(columns, specs.DATASETS.items(), strict=True):
        path = data_dir() / "templates" / f"{name}.csv"
        column.download_button(f"{name}.csv", path.read_bytes(), file_name=path.name, mime="text/csv",
                               key=f"template_{name}", icon=":material/download:", on_click="ignore",
                               help=dataset.title_en if lang() == "en" else dataset.title_ja)


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
    sheet = st.session_state.get(f"load_sheet_{nonce}")
    report = _validated(data, uploaded.name, dataset, sheet)
    if len(report.sheets) > 1:
        st.selectbox(t("load.sheet"), list(report.sheets), key=f"load_sheet_{nonce}")
    return report, data


def _validated(data: bytes, name: str, dataset: str, sheet: str | None) -> Report:
    reports: dict[tuple[str, int, str, str | None], Report] = st.session_state.setdefault(_REPORTS_KEY, {})
    key = (name, hash(data), dataset, sheet)
    if key not in reports:
        reports.clear()  # one file at a time: keep memory flat
        with st.spinner(t("load.validating")):
            report = validate(data, name, dataset, sheet=sheet)
        reports[key] = reports[(name, hash(data), dataset, report.sheet)] = report  # the sheet picker's default
    return reports[key]


def report_view(report: Report) -> None:
    """What is in the file, before anything is written: counts, problems, warnings, highlighted preview."""
    if report.accepted:
        st.success(t("load.valid").format(rows=report.rows_valid), icon=":material/check_circle:")
    else:
        st.error(t("load.invalid").format(problems=report.problem_count, rows=report.rows_with_problems),
                 icon=":material/error:")
    st.caption(f"{report.source_label} · {t('load.header_rows')}: {', '.join(map(str, report.header_rows)) or '—'}"
               f" · sha256 {report.sha256[:12]}…")
    cols = st.columns(5)
    cols[0].metric(t("load.rows_in_file"), f"{report.rows_in_file:,}")
    cols[1].metric(t("load.rows_valid"), f"{report.rows_valid:,}")
    cols[2].metric(t("load.rows_skipped"), f"{sum(report.skipped.values()):,}",
                   help=", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())) or None)
    cols[3].metric(t("load.problems"), f"{report.problem_count:,}")
    cols[4].metric(t("load.warnings"), f"{report.warning_count:,}")
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


def _problems(items: list[Any]) -> pl.DataFrame:
    return pl.DataFrame([{t("load.col_row"): p.row, t("load.col_column"): p.column, t("load.col_value"): p.value,
                          t("load.col_rule"): p.rule, t("load.col_message"): p.message} for p in items],
                        schema={t("load.col_row"): pl.Int64, **{t(k): pl.String for k in (
                            "load.col_column", "load.col_value", "load.col_rule", "load.col_message")}})


def _highlighted(preview: pl.DataFrame) -> Any:
    """Rows with problems in red, skipped rows greyed (pandas Styler: st.dataframe keeps the colours)."""
    def colour(row: pd.Series) -> list[str]:
        status = str(row[STATUS_COLUMN])
        style = "background-color: #fde2e1" if status == "error" else "color: #888" if status.startswith("skip") else ""
        return [style] * len(row)

    frame = preview.to_pandas()
    return frame.style.apply(colour, axis=1).set_properties(subset=[PROBLEM_COLUMN], **{"color": "#b3261e"})


def confirm_and_load(report: Report, data: bytes) -> None:
    """A rejected file is recorded and quarantined at once; a valid one loads only when confirmed."""
    if not report.accepted:
        done: set[str] = st.session_state.setdefault("load_recorded", set())
        if report.sha256 + report.dataset not in done:
            outcome = load_report(report, data)
            done.add(report.sha256 + report.dataset)
            st.session_state[f"quarantined_{report.sha256}"] = str(outcome.quarantined)
        st.warning(t("load.quarantined").format(path=st.session_state.get(f"quarantined_{report.sha256}", "")),
                   icon=":material/inventory_2:")
        return
    if not st.button(t("load.confirm").format(rows=report.rows_valid), type="primary", key="load_confirm",
                     icon=":material/upload:"):
        return
    bar = st.progress(0.0, text=t("load.step.validated"))
    outcome = load_report(report, data, progress=lambda step: bar.progress(_PROGRESS[step], t(f"load.step.{step}")))
    st.session_state[_RESULT_KEY] = _result(outcome)
    st.session_state[_NONCE_KEY] = st.session_state.get(_NONCE_KEY, 0) + 1  # clears the uploader
    st.session_state.pop(_REPORTS_KEY, None)
    st.rerun()


def _result(outcome: LoadOutcome) -> dict[str, object]:
    return {"status": outcome.status, "file": outcome.report.file_name, "version": outcome.version,
            "rows": outcome.report.rows_loaded, "replaced": outcome.rows_replaced,
            "sample": outcome.sample_replaced, "lines": outcome.lines()}


def last_result() -> None:
    result = st.session_state.get(_RESULT_KEY)
    if not result:
        return
    if result["status"] in ("accepted", "unchanged"):
        key = "load.done" if result["status"] == "accepted" else "load.unchanged"
        st.success(t(key).format(**result), icon=":material/task_alt:")
    else:
        st.error(t("load.failed").format(**result), icon=":material/error:")
        st.code("\n".join(result["lines"]))  # type: ignore[arg-type]


def history() -> None:
    st.subheader(t("load.history"))
    entries = loadlog.entries()[-20:][::-1]
    if entries:
        st.dataframe(pl.DataFrame(entries, infer_schema_length=None), hide_index=True, width="stretch",
                     key="load_history")
