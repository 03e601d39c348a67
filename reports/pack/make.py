"""Make both files of a meeting pack: a PDF (typst) and an XLSX (xlsxwriter) from one content."""

from __future__ import annotations

from dataclasses import dataclass

from reports.pack.content import PackContent


@dataclass(frozen=True)
class Pack:
    pdf: bytes
    xlsx: bytes
    stem: str  # file name without extension


def make(content: PackContent) -> Pack:
    from reports.pack import pdf, xlsx  # typst and vl-convert load only when a pack is made

    return Pack(pdf=pdf.render(content), xlsx=xlsx.render(content), stem=content.file_stem)
