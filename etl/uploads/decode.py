"""An upload's bytes -> rows of text cells, each with its row number as in the file; bad bytes reject the file.

The format is read from the content, not the name: a zip is XLSX (etl.uploads.xlsx), an OLE2 file is old Excel
(refused), anything else must be text, decoded and split into CSV records by etl.cells.text under the upload
limits of etl.uploads.specs.
"""

from __future__ import annotations

from collections.abc import Callable

from etl.cells import messages
from etl.cells.text import CsvLimits, check_line_lengths, csv_rows, decode_text, reject
from etl.uploads import specs
from etl.uploads.grid import Grid

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def limits() -> CsvLimits:
    """The upload limits of etl.uploads.specs, read when a file is (tests and settings may change them)."""
    return CsvLimits(data_rows=specs.MAX_DATA_ROWS, header_rows=specs.HEADER_SEARCH_ROWS, columns=specs.MAX_COLUMNS,
                     cells=specs.MAX_CELLS, cell_chars=specs.MAX_CELL_CHARS)


def read_grid(data: bytes, name: str, sheet: str | None = None,
              probe: Callable[[list[tuple[int, list[str]]]], bool] | None = None) -> Grid:
    """Rows of the file (or of one sheet); raises RejectedInput for a file that cannot be read at all.

    ``probe`` tells whether a sheet's first rows look like the dataset (it picks the sheet of a workbook).
    """
    if len(data) > specs.MAX_FILE_BYTES:
        raise reject(name, "file_too_large", size=len(data), limit=specs.MAX_FILE_BYTES)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise reject(name, "empty_file")
    if data.startswith(ZIP_MAGIC):
        from etl.uploads import xlsx  # only spreadsheets need the XML machinery

        return xlsx.read(data, name, sheet, probe)
    if data.startswith(OLE2_MAGIC):
        raise reject(name, "old_excel")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise reject(name, "not_xlsx.named")
    text, encoding = decode_text(data, name)
    if text.count(",") + text.count("\t") + text.count("\n") > 2 * specs.MAX_CELLS:  # C speed, before any row
        raise reject(name, "too_many_cells", limit=specs.MAX_CELLS)
    check_line_lengths(text, name, specs.MAX_LINE_CHARS)
    grid = Grid("csv", encoding, csv_rows(text, name, limits()))
    if not text.endswith(("\n", "\r")):
        grid.warnings.append(messages.problem(name, None, None, None, "no_final_newline", line=text.count("\n") + 1))
    return grid
