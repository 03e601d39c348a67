"""Every message the loader shows about a file, in Japanese and English, in one place (no Streamlit here).

A message is looked up by its key: the rule code users and scripts see (``bad_year``), or the rule code and a
variant after a dot (``bad_year.era``) when one rule has several wordings. ``problem()`` renders both
languages when the problem is found, so a report carries them to the CLI (English), the quarantine JSON
(both) and the admin page (the user's language) without the page knowing any rule.
"""

# ruff: noqa: E501  (one message per line: Japanese, English)
from __future__ import annotations

from etl.cells.problems import Problem

# key -> (Japanese, English); {name} fields are filled by problem(..., name=value)
MESSAGES: dict[str, tuple[str, str]] = {
    # ── the file as a whole ──
    "file_too_large": ("ファイルの大きさ {size:,} バイトが上限 {limit:,} バイトを超えています",
                       "file is {size:,} bytes; the limit is {limit:,}"),
    "file_too_large.unpacked": ("展開すると {size:,} バイトになり、上限 {limit:,} バイトを超えます",
                                "unpacks to {size:,} bytes; the limit is {limit:,}"),
    "file_changed": ("読み込み中にファイルが変わりました (大きさ {before:,} → {after:,} バイト)。書き込みが終わってから"
                     "もう一度読み込んでください",
                     "the file changed while it was read (size {before:,} → {after:,} bytes): wait until it is "
                     "completely written, then load it again"),
    "file_unreadable": ("ファイルを読めません: {detail}", "the file cannot be read: {detail}"),
    "empty_file": ("ファイルが空です", "the file is empty"),
    "empty_file.no_sheets": ("ブックにシートがありません", "the workbook has no sheets"),
    "binary_file": ("テキストではありません: {line} 行目 ({offset} バイト目) に制御文字 0x{byte:02x} があります",
                    "binary content: control byte 0x{byte:02x} at byte {offset} (line {line}); not a CSV text file"),
    "unsupported_encoding": ("UTF-16 のテキストです。「CSV UTF-8」または「CSV」(CP932) で保存し直してください",
                             "UTF-16 text: save as 'CSV UTF-8' or 'CSV' (CP932)"),
    "undecodable": ("UTF-8 でも CP932 (Shift_JIS) でもありません: {line} 行目 ({offset} バイト目) のバイト 0x{byte:02x} は"
                    " {encoding} として不正です",
                    "neither UTF-8 nor CP932 (Shift_JIS): invalid {encoding} byte 0x{byte:02x} at byte {offset} "
                    "(line {line})"),
    "undecodable.bom": ("UTF-8 の BOM 付きですが、{line} 行目 ({offset} バイト目) が UTF-8 として不正です",
                        "has a UTF-8 BOM but invalid UTF-8 at byte {offset} (line {line})"),
    "mixed_encoding": ("行によって文字コードが違います: {first} 行目は {first_encoding}、{line} 行目は {encoding} です。"
                       "ファイル全体を一つの文字コード (「CSV UTF-8」など) で保存し直してください",
                       "lines need different encodings: line {first} is {first_encoding}, line {line} is {encoding}; "
                       "save the whole file again in one encoding (e.g. 'CSV UTF-8')"),
    "old_excel": ("古い Excel 形式 (.xls)、パスワード付きのブック、または別の OLE ファイルです。"
                  "パスワードなしの .xlsx か CSV で保存し直してください",
                  "old Excel (.xls), a password-protected workbook or another OLE file: save it as .xlsx "
                  "(without a password) or CSV"),
    "not_xlsx.named": ("名前は .xlsx ですが XLSX (zip) ファイルではありません", "named .xlsx but not an XLSX (zip) file"),
    "not_xlsx.damaged": ("壊れているか途中で切れた zip/XLSX ファイルです", "a damaged or incomplete zip/XLSX file"),
    "not_xlsx.not_workbook": ("zip ファイルですが Excel ブック (.xlsx) ではありません",
                              "a zip file but not an Excel workbook (.xlsx)"),
    "not_xlsx.xml": ("Excel ファイルの中身 ({part}) が壊れています: {detail}",
                     "a part of the Excel file ({part}) is damaged: {detail}"),
    "not_xlsx.forbidden_xml": ("Excel ファイルの中身 ({part}) に DTD や実体宣言があります (Excel は書きません)。読み込みません",
                               "a part of the Excel file ({part}) declares a DTD or entities (Excel never writes "
                               "them); refused"),
    "not_xlsx.too_deep": ("Excel ファイルの中身 ({part}) の入れ子が深すぎます ({limit} 段まで)",
                          "a part of the Excel file ({part}) is nested deeper than {limit} levels"),
    "too_many_parts": ("zip の中のファイルが多すぎます ({count:,} 個。上限 {limit:,})",
                       "the zip holds too many files ({count:,}; the limit is {limit:,})"),
    "too_many_rows": ("行数が上限 {limit:,} を超えています", "more than {limit:,} rows"),
    "too_many_columns": ("列が {count} 個あり、上限 {limit} を超えています", "{count} columns; the limit is {limit}"),
    "too_many_cells": ("セルが上限の {limit:,} 個を超えています", "the file holds more than {limit:,} cells (the limit)"),
    "too_many_cells.tags": ("Excel ファイルの中身 ({part}) の XML 要素が上限 {limit:,} を超えています",
                            "a part of the Excel file ({part}) holds more than {limit:,} XML tags"),
    "too_many_cells.row": ("1 行のセルが {limit:,} 個を超えています (Excel の列数の上限)",
                           "a row holds more than {limit:,} cells (more than Excel has columns)"),
    "too_many_cells.merged": ("結合セルの範囲が大きすぎます (合計 {count:,} セル。上限 {limit:,})",
                              "merged ranges cover too many cells ({count:,}; the limit is {limit:,})"),
    "too_many_strings": ("共有文字列が上限 ({limit:,} 個・{chars:,} 文字) を超えています",
                         "shared strings exceed the limit ({limit:,} strings, {chars:,} characters)"),
    "line_too_long": ("{line} 行目が長すぎます ({limit:,} 文字を超え、どの正しい行よりも長い)",
                      "line {line} is longer than any valid row (over {limit:,} characters)"),
    "cell_too_large": ("セルが {length:,} 文字あり、上限 {limit:,} 文字を超えています",
                       "cell has {length:,} characters; the limit is {limit:,}"),
    "cell_too_large.csv": ("上限 {limit:,} 文字を超えるセルがあります", "a cell is longer than the limit of {limit:,} characters"),
    "broken_csv": ("CSV として読めません ({detail})。引用符 (\") を確認してください", "unreadable CSV ({detail}); check quotes"),
    "no_final_newline": ("ファイルが改行で終わっていません。最後の行 ({line} 行目) が途中で切れている可能性があります",
                         "the file does not end with a line break: its last line ({line}) may be cut off"),
    "check_failed": ("ファイルを制限内 (メモリ {memory_mb:,} MB・CPU {cpu_s} 秒) で検査できませんでした: {detail}。"
                     "圧縮爆弾か壊れたファイルの可能性があります",
                     "the file could not be checked within the limits ({memory_mb:,} MB memory, {cpu_s} s CPU): "
                     "{detail}; it may be a decompression bomb or damaged"),
    # ── sheets ──
    "unknown_sheet": ("シート {sheet!r} はありません。シート: {names}", "no sheet named {sheet!r}; sheets: {names}"),
    "ambiguous_sheet": ("データらしいシートが複数あります ({names})。読み込むシートを選んでください (--sheet)",
                        "several visible sheets look like data ({names}): choose one (--sheet NAME)"),
    "no_visible_sheet": ("表示されているシートがありません (非表示: {names})。シート名を指定してください (--sheet)",
                         "no visible sheet (hidden: {names}): name the sheet to read (--sheet NAME)"),
    "not_a_worksheet": ("シート {sheet!r} は表のシートではありません (グラフなど)", "sheet {sheet!r} is not a worksheet (a chart?)"),
    "hidden_sheets": ("非表示のシートは読み込みません: {names}", "hidden sheets were not read: {names}"),
    "formula_not_calculated": ("{cell} の数式は計算結果が保存されていません (プログラムで作られたファイル)。"
                               "Excel で開いて保存し直してください",
                               "the formula in {cell} has no calculated value saved (a file written by a program): "
                               "open it in Excel and save it again"),
    "external_links": ("このブックは他のファイル ({count} 件) を参照しています。保存時の値をそのまま使い、参照先は読みません",
                       "the workbook links to {count} other file(s): the values saved in it are used as they are, "
                       "the linked files are not read"),
    # ── the header ──
    "missing_column.not_found": ("必須の列「{column}」が先頭 {rows} 行にありません (使える見出し: {names})",
                                 "required column 「{column}」 not found in the first {rows} rows (accepted headers: "
                                 "{names})"),
    "missing_column": ("必須の列「{column}」がありません (使える見出し: {names})",
                       "required column 「{column}」 is missing (accepted headers: {names})"),
    "duplicate_header": ("同じ列名が 2 回あります ({first} 列目と {second} 列目)",
                         "column name appears twice (columns {first} and {second})"),
    "duplicate_header.same_meaning": ("この列と「{first}」はどちらも「{meaning}」を表します",
                                      "this column and 「{first}」 both mean 「{meaning}」"),
    "ignored_column": ("テンプレートにない列のため無視しました", "column not part of the template; ignored"),
    # ── one row ──
    "ragged_row": ("この行は {fields} 項目で、見出しは {width} 項目です (行が途中で切れている?)",
                   "row has {fields} fields, the header {width} (truncated row?)"),
    "ragged_row.long": ("見出しの {width} 列より右に値があります", "row has values beyond the header's {width} columns"),
    "missing_value": ("値がありません", "a value is required"),
    "missing_value.prefecture": ("都道府県がありません", "prefecture is required"),
    "example_row": ("テンプレートの記入例の行です (備考が「記入例」)。実際の値に置き換え、「記入例」を消してください",
                    "an example row of the template (its note starts with 記入例): replace it with real values and "
                    "remove the 記入例 note"),
    "template_unmodified": ("テンプレート {template} をそのまま読み込もうとしています。見出しの下に実際の値を記入してください",
                            "this is the unmodified template {template}: put real values under the header"),
    "template_unmodified.example": ("記入例のファイル {template} のままです。記入例はデータになりません。"
                                    "テンプレートに実際の値を記入してください",
                                    "this is the example file {template}: its example rows never become data; "
                                    "fill the template with real values"),
    "duplicate_row": ("{first} 行目と同じ行です。1 行として読み込みます", "same as row {first}; kept once"),
    "conflicting_duplicate": ("{first} 行目と同じキー ({key}) で値が違います",
                              "same key as row {first} ({key}) with different values"),
    "formula_text": ("数式のように見える文字列です。文字として保存し、ダウンロード時は無害化します",
                     "looks like a spreadsheet formula: stored as plain text, escaped on export"),
    # ── one cell ──
    "spreadsheet_error": ("表計算のエラー値で、数値ではありません", "spreadsheet error value, not a number"),
    "unit_not_allowed": ("単位「{unit}」はこの列では使えません", "unit '{unit}' is not declared for this column"),
    "unit_not_allowed.percent": ("この列では「%」は使えません", "'%' is not allowed in this column"),
    "not_numeric": ("数値ではありません (使える形: 1234、1,234、12.5)", "not a number (forms: 1234, 1,234, 12.5)"),
    "not_integer": ("件数は整数でなければなりません", "a count must be a whole number"),
    "too_large": ("値が大きすぎます (受け付けるのは {largest} まで)", "value too large (at most {largest})"),
    "negative_count": ("負の値です (△・▲・- は負)。件数は負になりません",
                       "negative value (△/▲/- mean minus) where counts cannot be negative"),
    "unknown_source_type": ("出典の種類 (seed / primary / secondary) が不明です", "unknown source type"),
    "bad_year": ("年ではありません (例: 令和4年度、R4、H30、2022年度、FY2022)",
                 "not a year (e.g. 令和4年度, R4, H30, 2022年度, FY2022)"),
    "bad_year.era": ("{era}{number}年は存在しません", "{era}{number}年 does not exist"),
    "year_out_of_range": ("{year} 年は受け付ける範囲 {first}〜{last} (現在の年度 + {ahead}) の外です",
                          "year {year} is outside {first}–{last} (2000 through the current fiscal year + {ahead})"),
    "year_type_mismatch.fiscal": ("年度 (年度/FY) ですが、このデータは暦年 (年) で数えます",
                                  "a fiscal year (年度/FY) where this dataset counts calendar years (年)"),
    "year_type_mismatch.calendar": ("暦年 (年) ですが、このデータは年度で数えます",
                                    "a calendar year (年) where this dataset counts fiscal years (年度)"),
    "year_outside_plan": ("{year}年度は {kpi} の計画期間外です", "FY{year} is outside the plan of {kpi}"),
    "unknown_period": ("期間は 通期/FY・上期/H1・下期/H2 のいずれかです", "period must be 通期/FY, 上期/H1 or 下期/H2"),
    "unknown_prefecture": ("都道府県名 (都・府・県は省略可) か JIS コード 01〜47 ではありません",
                           "not a prefecture name (with or without 都/府/県) or JIS code 01–47"),
    "unknown_indicator": ("指標が一覧にありません (data/reference/indicators.csv の kpi_id か指標名)",
                          "indicator not in the catalogue (kpi_id or 指標名 of data/reference/indicators.csv)"),
    "unknown_indicator.statistic": ("指標は次のいずれかです: {names}", "indicator must be one of: {names}"),
    "unknown_indicator.archived": ("読み込み済みファイルの指標がもう一覧にありません: {names}",
                                   "indicator(s) of this load are no longer in the catalogue or sample: {names}"),
    "qualitative_indicator": ("定性指標には数値を入れません", "a qualitative KPI takes no numbers"),
    "printed_pct_differs": ("実績÷目標 = {pct:.1f}% で記載の達成率と違います。両方を保存します (達成率は再計算)",
                            "actual ÷ target = {pct:.1f}%; both are kept (the warehouse recomputes achievement)"),
    # ── the whole file ──
    "no_data": ("見出しの下にデータ行がありません", "no data rows under the header"),
    "halves_do_not_add_up": ("上期 {h1} + 下期 {h2} ≠ 通期", "H1 {h1} + H2 {h2} ≠ the full-year value"),
    "total_mismatch": ("合計行が上の行の合計 ({sum}) と違います", "total row differs from the sum of the rows above ({sum})"),
    "placeholder": ("{count} 個のセルが {label} → 理由「{code}」付きの欠測として保存",
                    "{count} cell(s) {label} → stored as missing with reason '{code}'"),
    "missing_prefectures": ("{measure_ja} {year}: このファイルにない {count} 都道府県は今の値 (サンプルまたは以前の読み込み) "
                            "のままです: {names_ja}",
                            "{measure_en} {year}: {count} prefecture(s) are not in this file and keep their current "
                            "values (sample or earlier loads): {names_en}"),
    # ── loading ──
    "warehouse_check": ("このファイルを加えると、読み込み済みのデータと合わせた検査 {check} に失敗します: {rows}",
                        "with this file the warehouse check {check} fails: {rows}"),
    "would_replace_real": ("このファイルは実データ (サンプルでない行) {real:,} 行を上書きします。上書きしてよいか確認してください",
                           "this file would overwrite {real:,} real (non-sample) rows: confirm to replace them"),
    "storage.no_space": ("ディスクがいっぱいで書き込めませんでした: {path}", "the disk is full: could not write {path}"),
    "storage.too_big": ("ファイルの大きさの上限 (ulimit -f) のため書き込めませんでした: {path}",
                        "the file-size limit (ulimit -f) stopped the write: {path}"),
    "storage.read_only": ("読み取り専用のため書き込めませんでした: {path}", "read-only file system: could not write {path}"),
    "storage.denied": ("書き込む権限がありません: {path}", "no permission to write {path}"),
    "storage.failed": ("書き込めませんでした: {path} ({detail})", "could not write {path} ({detail})"),
    "archive_missing": ("読み込み済みファイル ({dataset}) の保存データを読めません ({detail})",
                        "archived load of {dataset} cannot be read ({detail})"),
}


def rule_of(key: str) -> str:
    """The machine-readable rule code of a message key ('bad_year.era' -> 'bad_year')."""
    return key.split(".", 1)[0]


def render(key: str, args: dict[str, object]) -> tuple[str, str]:
    """(Japanese, English) text of one message."""
    ja, en = MESSAGES[key]
    return ja.format(**args), en.format(**args)


def problem(file: str, row: int | None, column: str | None, value: str | None, key: str, /,
            **args: object) -> Problem:
    ja, en = render(key, args)
    return Problem(file, row, column, value, rule_of(key), en, ja)


def text(item: Problem, lang: str) -> str:
    """The message in the user's language (problems from outside the loader may have English only)."""
    return item.message_ja if lang == "ja" and item.message_ja else item.message
