"""Labels of the Load data page (ja, en), registered with ui.i18n; rule messages are etl.ingest.messages."""

from __future__ import annotations

from ui import i18n

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
    "load.real_allow": ("実データ (サンプルでない行) があれば上書きしてよい",
                        "Allow overwriting real (non-sample) rows, if any"),
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
