"""The review's chart per KPI: reported halves as solid bars, the projection as outlined grey bars with the
slowest-fastest range, and the target pace per half as a dashed line. A projection never looks like an actual."""

from __future__ import annotations

import polars as pl

from reports.charts import NO_TOOLTIP, OKABE_ITO, Spec, field, headroom, layer, tooltip
from reports.views import decimal_text

PROJECTION_GREY = "#BBBBBB"


def halves_chart(series: pl.DataFrame, *, y_title: str, actual_label: str, projection_label: str,
                 pace_label: str, range_label: str, width: int | None = None, height: int = 220) -> Spec:
    """``series`` (reports.review.half_series): order, label, pace, actual, projection, low, high."""
    order = series.sort("order")["label"].to_list()
    kind = pl.lit
    actual = series.filter(pl.col("actual").is_not_null()).select("label", kind=kind(actual_label), value="actual")
    projected = series.filter(pl.col("projection").is_not_null()).select(
        "label", "low", "high", kind=kind(projection_label), value="projection").with_columns(
        range_text=pl.concat_str([decimal_text("low"), pl.lit(" 〜 "), decimal_text("high")]))
    pace = series.filter(pl.col("pace").is_not_null()).select("label", kind=kind(pace_label), value="pace")
    x = field("label", "nominal", sort=order, title=None, axis={"labelAngle": 0, "labelFontSize": 10})
    colour = field("kind", "nominal", title=None, legend={"orient": "top", "symbolStrokeWidth": 2, "labelLimit": 0},
                   scale={"domain": [actual_label, projection_label, pace_label],
                          "range": [OKABE_ITO[0], PROJECTION_GREY, OKABE_ITO[5]]})
    # room above the tallest bar and whisker: a half at the top of the axis read as cut off
    top = headroom([v for c in ("actual", "projection", "high", "pace") for v in series[c].to_list()], 1.08)
    y = field("value", "quantitative", title=y_title, scale={"zero": True, "domainMax": top})
    tips = [tooltip("label", "nominal", ""), tooltip("kind", "nominal", ""),
            tooltip("value", "quantitative", y_title, ",.1~f")]
    layers = []
    if actual.height:
        layers.append(layer(actual, {"type": "bar", "size": 26}, {"x": x, "y": y, "color": colour, "tooltip": tips}))
    if projected.height:
        layers += [
            layer(projected, {"type": "bar", "size": 26, "fillOpacity": 0.35, "stroke": "#666",
                              "strokeDash": [4, 3], "strokeWidth": 1.2},
                  {"x": x, "y": y, "color": colour,
                   "tooltip": [*tips, tooltip("range_text", "nominal", range_label)]}),
            layer(projected, {"type": "rule", "color": "#444", "strokeWidth": 1.5},
                  {"x": x, "y": field("low", "quantitative"), "y2": {"field": "high"}, "tooltip": NO_TOOLTIP}),
        ]
    if pace.height:
        layers.append(layer(pace, {"type": "line", "strokeDash": [6, 3],
                                   "point": {"shape": "diamond", "size": 70, "filled": True}},
                            {"x": x, "y": y, "color": colour, "tooltip": tips}))
    chart: Spec = {"layer": layers, "height": height}
    return {**chart, "width": width} if width else chart  # the page stretches it to its column
