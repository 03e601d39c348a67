"""Pure Altair builders: Polars frame in, chart out (no st.* calls).

Every chart has a title, units in the axis titles, the source (and a sample warning) in the subtitle,
tooltips with exact values, a colour-blind-safe palette (Okabe–Ito; cividis for maps) and never
encodes status or series by colour alone (shapes, dashes, labels).
"""

from __future__ import annotations

import altair as alt
import polars as pl

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, sans-serif"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke"]
MAP_SCHEME = "cividis"


def finish(chart: alt.TopLevelMixin, *, title: str, subtitle: list[str]) -> alt.TopLevelMixin:
    return chart.properties(
        title=alt.TitleParams(title, subtitle=[s for s in subtitle if s], anchor="start", fontSize=15,
                              subtitleFontSize=11, subtitleColor="#555"),
    ).configure(font=FONT).configure_range(category=OKABE_ITO).configure_view(stroke=None)


def actual_vs_target(
    frame: pl.DataFrame, *, x_title: str, y_title: str, actual_label: str, target_label: str,
    plans: pl.DataFrame | None = None,
) -> alt.LayerChart:
    """Bars of the compared actual per year, the target as a dashed line with diamond marks, the
    status symbol above each bar, plan periods shaded and named behind.
    ``frame``: year (int), year_label, actual, target, status_label, status_icon."""
    data = frame.to_dicts()
    years = [int(d["year"]) for d in data]
    domain = [min(years) - 0.5, max(years) + 0.5]
    x = alt.X("year:Q", title=x_title, scale=alt.Scale(domain=domain, nice=False),
              axis=alt.Axis(format="d", values=sorted(set(years)), labelAngle=0, grid=False))
    tips = [
        alt.Tooltip("year_label:N", title=x_title), alt.Tooltip("actual:Q", title=actual_label, format=",.1f"),
        alt.Tooltip("target:Q", title=target_label, format=",.1f"), alt.Tooltip("status_label:N", title=""),
    ]
    bars = alt.Chart(alt.Data(values=data)).mark_bar(color=OKABE_ITO[0], opacity=0.85, size=34).encode(
        x=x, y=alt.Y("actual:Q", title=y_title), tooltip=tips)
    symbols = alt.Chart(alt.Data(values=data)).mark_text(dy=11, fontSize=13, color="white").encode(
        x=x, y="actual:Q", text=alt.Text("status_icon:N"))
    target = alt.Chart(alt.Data(values=[d for d in data if d.get("target") is not None])).mark_line(
        color=OKABE_ITO[5], strokeDash=[6, 3], point=alt.OverlayMarkDef(shape="diamond", size=90, filled=True)
    ).encode(x=x, y="target:Q", tooltip=tips)
    layers: list[alt.Chart] = []
    if plans is not None and plans.height:
        spans = [{"start": max(p["fy_start"] - 0.5, domain[0]), "end": min(p["fy_end"] + 0.5, domain[1]),
                  "plan": p["label"]}
                 for p in plans.to_dicts() if p["fy_start"] <= domain[1] and p["fy_end"] >= domain[0]]
        shading = alt.Chart(alt.Data(values=spans))
        layers += [
            shading.mark_rect(opacity=0.07, color="#333").encode(x=alt.X("start:Q", scale=alt.Scale(domain=domain)),
                                                                 x2="end:Q", tooltip=alt.Tooltip("plan:N")),
            shading.mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=10, color="#555").encode(
                x="start:Q", y=alt.value(320), text="plan:N"),
        ]
    return alt.layer(*layers, bars, symbols, target).properties(height=320)


def tile_map(
    frame: pl.DataFrame, *, value_title: str, highlight: str | None, selection: alt.Parameter
) -> alt.LayerChart:
    """Japan as a grid of equal tiles (small prefectures stay readable), coloured by value.
    ``frame``: prefecture_code, label, tile_x, tile_y, value, value_text, is_sample."""
    data = frame.with_columns(highlighted=pl.col("prefecture_code") == (highlight or "")).to_dicts()
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("tile_x:O", axis=None), y=alt.Y("tile_y:O", axis=None))
    tips = [alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=value_title, format=",.1f"),
            alt.Tooltip("sample_label:N", title="")]
    tiles = base.mark_rect(cornerRadius=3).encode(
        color=alt.Color("value:Q", title=value_title, scale=alt.Scale(scheme=MAP_SCHEME),
                        legend=alt.Legend(format=",.1f")),
        stroke=alt.condition("datum.highlighted", alt.value("#D55E00"), alt.value("white")),
        strokeWidth=alt.condition("datum.highlighted", alt.value(4), alt.value(1)),
        opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
        tooltip=tips,
    ).add_params(selection)
    names = base.mark_text(fontSize=10, baseline="bottom", dy=-1).encode(
        text="short:N", color=alt.condition("datum.value_rank > 0.55", alt.value("black"), alt.value("white")))
    values = base.mark_text(fontSize=9, baseline="top", dy=1).encode(
        text="value_text:N", color=alt.condition("datum.value_rank > 0.55", alt.value("black"), alt.value("white")))
    return alt.layer(tiles, names, values).properties(width=alt.Step(46), height=alt.Step(40))


def ranking(frame: pl.DataFrame, *, value_title: str, highlight: str | None) -> alt.LayerChart:
    """Horizontal bars in the frame's order. ``frame``: code, label, value, value_text, order."""
    data = frame.with_columns(highlighted=pl.col("code") == (highlight or "")).with_columns(
        label=pl.when("highlighted").then(pl.lit("★ ") + pl.col("label")).otherwise("label")).to_dicts()
    y = alt.Y("label:N", sort=alt.EncodingSortField("order"), title=None)
    bars = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("value:Q", title=value_title), y=y,
        color=alt.condition("datum.highlighted", alt.value(OKABE_ITO[5]), alt.value(OKABE_ITO[0])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=value_title, format=",.2f")])
    text = alt.Chart(alt.Data(values=data)).mark_text(align="left", dx=3, fontSize=10).encode(
        x="value:Q", y=y, text="value_text:N")
    return alt.layer(bars, text).properties(height=alt.Step(16))


def lines(frame: pl.DataFrame, *, x_title: str, y_title: str, series_title: str,
          highlight: str | None = None, order: list[str] | None = None) -> alt.Chart:
    """One line per series, told apart by colour AND point shape. ``frame``: series, year, value, value_text."""
    data = frame.with_columns(highlighted=pl.col("series") == (highlight or "")).to_dicts()
    return alt.Chart(alt.Data(values=data)).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("series:N", title=series_title, sort=order),
        shape=alt.Shape("series:N", title=series_title, sort=order, scale=alt.Scale(range=SHAPES)),
        strokeDash=alt.StrokeDash("series:N", title=series_title, sort=order),
        strokeWidth=alt.condition("datum.highlighted", alt.value(4), alt.value(2)),
        tooltip=[alt.Tooltip("series:N", title=series_title), alt.Tooltip("year:O", title=x_title),
                 alt.Tooltip("value:Q", title=y_title, format=",.2f")],
    )
