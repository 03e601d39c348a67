"""Exit codes of every `python -m etl` command (documented in README's command table)."""

DONE = 0
FAILED = 1  # a warehouse check failed, nothing can serve, or a load failed for another reason
REJECTED = 2  # the input has problems (each listed with file, row, column, value)
WRITE_FAILED = 3  # the disk refused a write (full, file-size limit, read-only): nothing was published
REFUSED = 4  # a load would overwrite real (non-sample) rows and --replace-real was not given
