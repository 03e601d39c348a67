"""The meeting pack as PDF: typst lays out template.typ over a JSON of the content; vl-convert draws the charts.

Typst embeds font subsets with ToUnicode maps (Japanese text stays searchable and extractable) and
only Noto Sans CJK is offered to it, so the output does not depend on other fonts of the machine.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import typst
import vl_convert as vlc

from reports import export, review_chart
from reports.charts import finish
from reports.charts import spec as spec_with_data
from reports.labels import number_text
from reports.pack import fonts
from reports.pack.content import PackContent
from reports.review import figures_text, printed_figures, status_counts, verdict_key

TEMPLATE = Path(__file__).with_name("template.typ")


def _chart_svg(content: PackContent, index: int) -> str:
    series = content.series[index]
    chart = review_chart.halves_chart(
        series.halves, y_title=content.label("review.value_axis").format(unit=series.unit),
        actual_label=content.label("review.chart_actual"), projection_label=content.label("review.chart_projection"),
        pace_label=content.label("review.chart_pace"), range_label=content.label("review.chart_range"), width=560,
        height=170)
    subtitle = [content.label("chart.source") + " " + series.source]
    spec = finish(chart, title=content.label("review.chart_title").format(kpi=series.name), subtitle=subtitle)
    return str(vlc.vegalite_to_svg(export.vega_lite(spec_with_data(spec))))


def _proj_short(row: dict[str, Any], content: PackContent) -> str:
    if row["proj_value"] is None:
        return content.label("pace.too_few").format(n=2)
    verdict = verdict_key(row["proj_on_pace"], final=row["proj_final"])
    if row["proj_final"]:  # every half reported: the result, without a range
        return f"{number_text(round(row['proj_value']), row['unit'])} {content.label(verdict)}"
    return (f"{number_text(round(row['proj_value']), row['unit'])} "
            f"({number_text(round(row['proj_low']))}–{number_text(round(row['proj_high']))}) "
            f"{content.label(verdict)}")


def document_data(content: PackContent) -> dict[str, Any]:
    """Everything the template prints, as plain JSON values in the pack's language."""
    label = content.label
    board = content.board.to_dicts() if not content.board.is_empty() else []
    missing = label("pack.not_written")
    off_track = []
    for row in (r for r in board if r["needs_explanation"]):
        off_track.append({
            "status": row["status"], "status_label": row["status_label"], "kpi_name": row["kpi_name"],
            "figures": figures_text(row, year=content.year, half=content.half, lang=content.lang),
            "proj_text": row["proj_text"],
            "fields": [{"label": label(f"review.{f}"), "value": str(row[f] or "") or missing}
                       for f in ("assessment", "cause", "countermeasure", "owner", "next_review")],
            "entry_by": label("review.entry_by").format(revision=row["revision"], state=row["state_label"],
                                                        author=row["author"], at=row["written_at"])
            if row["revision"] else label("review.state.none"),
        })
    matrix = content.matrix
    return {
        "lang": content.lang, "app": label("pack.app"), "title": label("pack.doc_title"),
        "meeting": label("pack.meeting"), "block": content.block, "block_label": content.block_label,
        "half_label": content.half_label, "plan_label": content.plan_label, "version_id": content.version_id,
        "built_at": content.built_at, "created": content.created, "has_sample": content.has_sample,
        "footer": label("pack.footer").format(block=content.block_label, half=content.half_label,
                                              version=content.version_id),
        "counts": [{"code": code, "label": name, "n": n}
                   for code, name, n in status_counts(content.board, content.lang)],
        "board": [{"status": r["status"], "status_label": r["status_label"], "kpi_name": r["kpi_name"],
                   "basis_label": r["basis_label"], "proj_short": _proj_short(r, content),
                   "state_label": r["state_label"], **printed_figures(r)} for r in board],
        "off_track": off_track,
        "charts": [{"file": f"chart_{i}.svg", "caption": label("review.chart_note")}
                   for i in range(len(content.series))],
        "matrix_columns": [content.kpi_names.get(c, c) for c in matrix.columns] if matrix.height
        else [label("col.prefecture")],
        "matrix": [[v if v is not None else "—" for v in row] for row in matrix.iter_rows()] if matrix.height else [],
        "prefectures_note": label("pack.prefectures_note"),
        "sources": content.sources,
        "labels": {
            "sample_badge": label("sample.badge"), "sample_notice": label("pack.sample_notice"),
            "block": label("pack.block"), "half": label("pack.half"), "plan": label("pack.plan"),
            "version": label("pack.version"), "created": label("pack.created"), "scorecard": label("pack.scorecard"),
            "score_columns": [label("pack.score.status"), label("pack.score.kpi"), label("col.actual_to_date"),
                              label("col.target"), label("pack.score.pct"), label("pack.col.projection"),
                              label("pack.col.entry")],
            "score_note": label("pack.score_note"), "off_track": label("pack.off_track"),
            "off_track_none": label("pack.off_track_none"), "charts": label("pack.charts"),
            "prefectures": label("pack.prefectures"), "sources": label("pack.sources"), "method": label("pack.method"),
        },
    }


def render(content: PackContent) -> bytes:
    """The PDF bytes. Raises fonts.FontMissing when Noto Sans CJK is not installed."""
    font_dir = fonts.register_with_vl_convert()
    with tempfile.TemporaryDirectory(prefix="ipdash_pack_") as tmp:
        root = Path(tmp)
        for index in range(len(content.series)):
            (root / f"chart_{index}.svg").write_text(_chart_svg(content, index), encoding="utf-8")
        (root / "data.json").write_text(json.dumps(document_data(content), ensure_ascii=False), encoding="utf-8")
        (root / "pack.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        pdf = typst.compile(str(root / "pack.typ"), root=str(root), font_paths=[str(font_dir)],
                            ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf
