"""Loading users' statistics files: decode -> find the header -> validate every cell -> archive -> build.

Modules, in the order a file goes through them:
  specs      the four datasets (columns, Japanese headers, English aliases) and the size limits
  decode     bytes -> rows of text cells (CSV in UTF-8 / BOM / CP932, or XLSX), rejecting with byte offsets
  xlsx       the XLSX reader (named or first sheet, merged cells)
  header     finding and flattening (multi-row, merged) headers, mapping them to the dataset's columns
  cells      one cell -> value: NFKC, numbers, placeholders, 和暦/年度, prefectures, periods
  records    one data row -> one warehouse row (fact_kpi / fact_statistic), or its problems
  validate   every row -> table rows plus problems and warnings (values, never exceptions)
  whole_file checks across rows: halves add up, totals, placeholder counts
  report     the validation result: problems, warnings, counts, preview
  store      quarantine, archive by sha256, the list of accepted loads
  merge      accepted loads replace sample (and earlier loaded) rows in the build's frames
  load       one attempt: validate, quarantine or archive, versioned build, journal
  generate   a large valid file for benchmarks

Nothing here imports streamlit; the admin page (pages/load_data.py) and the CLI call ``load``.
"""
