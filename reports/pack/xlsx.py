"""The meeting pack as XLSX: cover, scorecard, off-track entries, prefectures, halves, sources.

Numbers stay numbers; text is never a formula or a link (strings_to_formulas/urls off), so a cause
typed as "=HYPERLINK(…)" stays inert text. Sheets holding sample data say so in their first row.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
import xlsxwriter

from reports.pack.content import PackContent
from reports.review import status_counts

_SCORE_COLUMNS = (("status_label", "col.status"), ("kpi_name", "col.kpi"), ("basis_label", "col.basis"),
                  ("actual", "col.actual"), ("target", "col.target"), ("actual_to_date", "col.actual_to_date"),
                  ("unit", "col.unit"), ("achievement_pct", "col.achievement"), ("proj_value", "pack.col.projection"),
                  ("proj_low", "pack.col.proj_low"), ("proj_high", "pack.col.proj_high"),
                  ("proj_text", "pack.col.pace"), ("state_label", "pack.col.entry"), ("is_sample", "col.sample"),
                  ("source", "col.source"))
_ENTRY_COLUMNS = (("status_label", "col.status"), ("kpi_name", "col.kpi"), ("assessment", "review.assessment"),
                  ("cause", "review.cause"), ("countermeasure", "review.countermeasure"), ("owner", "review.owner"),
                  ("next_review", "review.next_review"), ("state_label", "pack.col.entry"),
                  ("revision", "review.col.revision"), ("author", "review.col.author"),
                  ("written_at", "review.col.written_at"))


class _Writer:
    def __init__(self, content: PackContent, book: xlsxwriter.Workbook) -> None:
        self.c, self.book = content, book
        self.bold = book.add_format({"bold": True, "bg_color": "#DCE3EC", "border": 1, "text_wrap": True,
                                     "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.warn = book.add_format({"bold": True, "font_color": "#B85C00"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.number = book.add_format({"num_format": "#,##0.0", "valign": "top"})
        self.whole = book.add_format({"num_format": "#,##0", "valign": "top"})

    def table(self, name: str, headers: list[str], rows: list[list[Any]], widths: list[int],
              sample: bool) -> None:
        sheet = self.book.add_worksheet(self.c.label(name))
        first = 0
        if sample:
            sheet.write(0, 0, self.c.label("pack.sample_notice"), self.warn)
            first = 2
        sheet.write_row(first, 0, headers, self.bold)
        # a column of counts reads 3,955, not 3,955.0; a column with any fraction keeps one decimal throughout
        number = [self.whole if all(not isinstance(row[col], float) or row[col].is_integer() for row in rows)
                  else self.number for col in range(len(headers))]
        for r, row in enumerate(rows, start=first + 1):
            for col, value in enumerate(row):
                if isinstance(value, float):
                    sheet.write_number(r, col, value, number[col])
                elif isinstance(value, bool | int):
                    sheet.write(r, col, value)
                elif value is None or value == "":  # an empty cell, not text holding "" (Excel's blanks and filters)
                    sheet.write_blank(r, col, None, self.wrap)
                else:
                    sheet.write_string(r, col, str(value), self.wrap)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(first + 1, 0)
        if rows:
            sheet.autofilter(first, 0, first + len(rows), len(headers) - 1)

    def cover(self) -> None:
        c = self.c
        sheet = self.book.add_worksheet(c.label("pack.sheet.cover"))
        sheet.write(0, 0, c.label("pack.doc_title"), self.title)
        sheet.write(1, 0, c.label("pack.meeting"))
        pairs = [("pack.block", c.block_label), ("pack.half", c.half_label), ("pack.plan", c.plan_label),
                 ("pack.version", c.version_id), ("footer.built", c.built_at), ("pack.created", c.created)]
        for r, (key, value) in enumerate(pairs, start=3):
            sheet.write_string(r, 0, c.label(key), self.bold)
            sheet.write_string(r, 1, value)
        row = len(pairs) + 4
        counts = status_counts(c.board, c.lang)  # as the PDF's cover: how many KPIs stand where
        if counts:
            sheet.write_string(row, 0, c.label("review.counts"), self.bold)
            sheet.write_string(row, 1, " · ".join(f"{name} {n}" for _, name, n in counts))
            row += 2
        if c.has_sample:
            sheet.write(row, 0, c.label("pack.sample_notice"), self.warn)
            row += 2
        sheet.write(row, 0, c.label("pack.score_note"))
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 60)


def _rows(frame: pl.DataFrame, columns: tuple[tuple[str, str], ...]) -> list[list[Any]]:
    if frame.is_empty():
        return []
    return [[row[name] for name, _ in columns] for row in frame.iter_rows(named=True)]


def render(content: PackContent) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    w = _Writer(content, book)
    label = content.label
    w.cover()
    w.table("pack.sheet.scorecard", [label(k) for _, k in _SCORE_COLUMNS], _rows(content.board, _SCORE_COLUMNS),
            [12, 36, 12, 10, 10, 12, 8, 10, 12, 12, 12, 48, 10, 8, 40], content.has_sample)
    off = content.board.filter(pl.col("needs_explanation")) if not content.board.is_empty() else content.board
    w.table("pack.sheet.off_track", [label(k) for _, k in _ENTRY_COLUMNS], _rows(off, _ENTRY_COLUMNS),
            [12, 36, 48, 48, 48, 20, 12, 10, 6, 14, 22], content.has_sample)
    prefs = content.prefectures
    w.table("pack.sheet.prefectures", list(prefs.columns), [list(r) for r in prefs.iter_rows()],
            [8, 12, 12, 36, 10, 12, 8, 10, 8], content.has_sample)  # the columns of review.prefecture_table
    halves = [[s.name, h["label"], h["actual"], h["projection"], h["low"], h["high"], h["pace"], s.unit]
              for s in content.series for h in s.halves.iter_rows(named=True)]
    w.table("pack.sheet.halves", [label("col.kpi"), label("pack.col.half"), label("review.chart_actual"),
                                  label("review.chart_projection"), label("pack.col.proj_low"),
                                  label("pack.col.proj_high"), label("review.chart_pace"), label("col.unit")],
            halves, [36, 14, 10, 14, 12, 12, 14, 8], content.has_sample)
    w.table("pack.sheet.sources", [label("col.source"), "URL"], [[s["title"], s["url"]] for s in content.sources]
            + [[f"{label('pack.version')}: {content.version_id}", ""]], [80, 40], False)
    book.close()
    return buffer.getvalue()
