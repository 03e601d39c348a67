"""The review's chart per KPI: reported halves as solid bars, the projection as outlined grey bars with the
slowest-fastest range, and the target pace per half as a dashed line. A projection never looks like an actual."""

from __future__ import annotations

import altair as alt
import polars as pl

from reports.charts import OKABE_ITO

PROJECTION_GREY = "#BBBBBB"


def halves_chart(series: pl.DataFrame, *, y_title: str, actual_label: str, projection_label: str,
                 pace_label: str, width: int | None = None, height: int = 220) -> alt.LayerChart:
    """``series`` (reports.review.half_series): order, label, pace, actual, projection, low, high."""
    rows = series.to_dicts()
    bars = [{"order": r["order"], "label": r["label"], "kind": actual_label, "value": r["actual"]}
            for r in rows if r["actual"] is not None]
    bars += [{"order": r["order"], "label": r["label"], "kind": projection_label, "value": r["projection"],
              "low": r["low"], "high": r["high"]} for r in rows if r["projection"] is not None]
    pace = [{"order": r["order"], "label": r["label"], "kind": pace_label, "value": r["pace"]}
            for r in rows if r["pace"] is not None]
    order = [r["label"] for r in sorted(rows, key=lambda r: r["order"])]
    x = alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=10))
    colour = alt.Color("kind:N", title=None, legend=alt.Legend(orient="top", symbolStrokeWidth=2, labelLimit=0),
                       scale=alt.Scale(domain=[actual_label, projection_label, pace_label],
                                       range=[OKABE_ITO[0], PROJECTION_GREY, OKABE_ITO[5]]))
    tips = [alt.Tooltip("label:N", title=""), alt.Tooltip("kind:N", title=""),
            alt.Tooltip("value:Q", title=y_title, format=",.1f")]
    layers: list[alt.Chart] = []
    actual = [b for b in bars if b["kind"] == actual_label]
    projected = [b for b in bars if b["kind"] == projection_label]
    if actual:
        layers.append(alt.Chart(alt.Data(values=actual)).mark_bar(size=26).encode(
            x=x, y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tips))
    if projected:
        base = alt.Chart(alt.Data(values=projected))
        layers += [
            base.mark_bar(size=26, fillOpacity=0.35, stroke="#666", strokeDash=[4, 3], strokeWidth=1.2).encode(
                x=x, y=alt.Y("value:Q", title=y_title), color=colour,
                tooltip=[*tips, alt.Tooltip("low:Q", format=",.1f"), alt.Tooltip("high:Q", format=",.1f")]),
            base.mark_rule(color="#444", strokeWidth=1.5).encode(x=x, y="low:Q", y2="high:Q"),
        ]
    if pace:
        layers.append(alt.Chart(alt.Data(values=pace)).mark_line(
            strokeDash=[6, 3], point=alt.OverlayMarkDef(shape="diamond", size=70, filled=True)).encode(
            x=x, y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tips))
    chart = alt.layer(*layers).properties(height=height)
    return chart.properties(width=width) if width else chart  # the page stretches it to its column
