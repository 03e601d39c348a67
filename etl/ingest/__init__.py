"""Loading users' statistics files: read once -> check in a limited child -> report -> archive -> build.

Modules, in the order a file goes through them:
  read       a file on disk -> its bytes, read once (a file changing while read is refused)
  sandbox    the check below, run in a child process with memory and CPU limits (CLI and admin page)
  specs      the four datasets (columns, Japanese headers, English aliases), the limits, the accepted years
  decode     bytes -> rows of text cells (CSV in UTF-8 / BOM / CP932, or XLSX), rejecting with byte offsets
  grid       the rows of a file, whatever its format
  xlsx       which sheet of a workbook is read, and why (hidden sheets never by default)
  xlsx_parts the zip and its XML, streamed with every amount of work bounded first (bombs)
  xlsx_book  the workbook's sheets, number formats, shared strings
  xlsx_sheet one worksheet -> rows of cells (formulas without a value refused, merged ranges)
  header     finding and flattening (multi-row, merged) headers, mapping them to the dataset's columns
  cells      one cell -> value: NFKC, numbers, placeholders, 和暦/年度, prefectures, periods
  records    one data row -> one warehouse row (fact_kpi / fact_statistic), or its problems
  templates  the bundled templates (header only) and examples (記入例), which never become data
  validate   every row -> table rows plus problems and warnings (values, never exceptions)
  whole_file checks across rows: halves add up, totals, placeholder counts, prefectures missing
  messages   every rule's message in Japanese and English (one place)
  report     the validation result: problems, warnings, counts, preview
  impact     rows a valid file would add and replace (sample vs real), before it is loaded
  store      quarantine, archive by sha256, the list of accepted loads (disk errors as etl.storage errors)
  merge      accepted loads replace sample (and earlier loaded) rows in the build's frames
  load       one attempt: quarantine or archive, versioned build, journal; real rows only when confirmed
  generate   a large valid file for benchmarks

Nothing here imports streamlit; the admin page (pages/load_data.py, ui/loading.py) and the CLI call ``load``.
"""
