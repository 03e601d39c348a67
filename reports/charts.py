"""Chart specs: Polars frame in, Vega-Lite spec dict out (built with Altair once, then cached by the caller).

Every chart has a title, units in the axis titles, the source (and a sample warning) in the subtitle,
tooltips with exact values, a colour-blind-safe palette (Okabe–Ito; cividis for maps) and never encodes
status or series by colour alone (shapes, dashes, labels). Missing years are gaps, never a straight line.

``spec`` turns an Altair chart into the dict ``st.vega_lite_chart`` draws, with its data already in Arrow
IPC form, so a rerun neither validates the spec nor converts its data again.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import Any

import altair as alt
import polars as pl
import pyarrow as pa

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, sans-serif"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]
MAP_SCHEME = "cividis"
SUBTITLE_WIDTH = 100  # display columns (a CJK character counts two): fits a full-width chart


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    """Break a subtitle line so it is never cut off with '…' (CJK text breaks anywhere)."""
    if _width(text) <= width:
        return [text]
    if text.isascii():
        return textwrap.wrap(text, width)
    lines, line = [], ""
    for char in text:
        if _width(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def finish(chart: alt.TopLevelMixin, *, title: str, subtitle: list[str],
           subtitle_width: int = SUBTITLE_WIDTH) -> alt.TopLevelMixin:
    """Title, subtitle lines (wrapped to ``subtitle_width`` columns: half-width charts pass less), fonts."""
    lines = [part for line in subtitle if line for part in wrap(line, subtitle_width)]
    return chart.properties(
        title=alt.TitleParams(title, subtitle=lines, anchor="start", fontSize=15, subtitleFontSize=11,
                              subtitleColor="#555", limit=0, subtitlePadding=4),
    ).configure(font=FONT).configure_range(category=OKABE_ITO).configure_view(stroke=None).configure_legend(
        labelLimit=0, titleLimit=0, symbolLimit=0)


def _arrow_bytes(rows: list[dict[str, Any]]) -> bytes:
    table = pa.Table.from_pylist(rows)
    # 64-bit integers reach the browser as BigInt, which Vega cannot sort or sum: send them as doubles
    table = table.cast(pa.schema([pa.field(f.name, pa.float64() if pa.types.is_integer(f.type) else f.type)
                                  for f in table.schema]))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite dict of a finished chart with every dataset named and already Arrow bytes.

    Streamlit turns inline ``data.values`` into Arrow on every call (through pandas); named datasets that are
    bytes already go out as they are, so a cached spec costs only its (small) JSON per rerun."""
    result: dict[str, Any] = chart.to_dict(validate=False)
    datasets = {name: _arrow_bytes(rows) for name, rows in result.pop("datasets", {}).items()}

    def hoist(node: dict[str, Any]) -> None:
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            name = f"inline_{len(datasets)}"
            datasets[name] = _arrow_bytes(data["values"])
            node["data"] = {"name": name}
        for child in node.get("layer", []):
            hoist(child)

    hoist(result)
    if datasets:
        result["datasets"] = datasets
    return result


def _rows(frame: pl.DataFrame) -> alt.Data:
    return alt.Data(values=frame.to_dicts())


def _year_scale(years: list[int]) -> alt.Scale:
    span = [min(years) - 0.5, max(years) + 0.5] if years else alt.Undefined
    return alt.Scale(domain=span, nice=False, zero=False)


def _year_axis(title: str, years: list[int], field: str = "year") -> alt.X:
    """Years on a numeric axis: at most 8 labels that never overlap, and a missing year leaves room (a gap)."""
    count = len(set(years))
    axis = alt.Axis(format="d", tickMinStep=1, tickCount=min(count, 8) if count else alt.Undefined,
                    labelOverlap="greedy", labelSeparation=6, grid=False, labelAngle=0)
    return alt.X(f"{field}:Q", title=title, scale=_year_scale(years), axis=axis)


def actual_vs_target(frame: pl.DataFrame, *, x_title: str, y_title: str, actual_label: str, target_label: str,
                     plans: pl.DataFrame | None = None) -> alt.LayerChart:
    """Bars of each year's actual, the target as a dashed line with diamonds, the status symbol on each bar;
    a whole-plan figure (cumulative KPIs) as one wide bar over its plan years, so it never reads as one
    year's value; plan periods shaded and named behind.

    ``frame``: year, year_label, actual, target, status_label, status_icon, span_start, span_end (the years a
    row covers: equal for a year, the plan's first and last for a whole-plan row)."""
    years = sorted({y for row in frame.select("span_start", "span_end").iter_rows() for y in row if y is not None})
    scale = _year_scale(years)
    tips = [alt.Tooltip("year_label:N", title=x_title), alt.Tooltip("actual:Q", title=actual_label, format=",.1f"),
            alt.Tooltip("target:Q", title=target_label, format=",.1f"), alt.Tooltip("status_label:N", title="")]
    data = frame.with_columns(x0=pl.col("span_start") - 0.4, x1=pl.col("span_end") + 0.4)
    base = alt.Chart(_rows(data))
    bars = base.mark_bar(color=OKABE_ITO[0], opacity=0.85).encode(
        x=_year_axis(x_title, years, "x0"), x2="x1:Q",
        y=alt.Y("actual:Q", title=y_title, scale=alt.Scale(zero=True)), y2=alt.datum(0), tooltip=tips)
    mid = (pl.col("span_start") + pl.col("span_end")) / 2
    labelled = data.with_columns(mid=mid)
    symbols = alt.Chart(_rows(labelled)).mark_text(dy=11, fontSize=13, color="white").encode(
        x=alt.X("mid:Q", scale=scale), y="actual:Q", text=alt.Text("status_icon:N"))
    targets = data.filter(pl.col("target").is_not_null())
    target = alt.Chart(_rows(targets)).mark_rule(color=OKABE_ITO[5], strokeDash=[6, 3], strokeWidth=2).encode(
        x=alt.X("x0:Q", scale=scale), x2="x1:Q", y="target:Q", tooltip=tips)
    diamonds = alt.Chart(_rows(targets.with_columns(mid=mid))).mark_point(
        shape="diamond", size=90, filled=True, color=OKABE_ITO[5]).encode(
        x=alt.X("mid:Q", scale=scale), y="target:Q", tooltip=tips)
    layers: list[alt.Chart] = []
    if plans is not None and plans.height and years:
        low, high = min(years) - 0.5, max(years) + 0.5
        spans = plans.filter(pl.col("fy_start") <= high, pl.col("fy_end") >= low).select(
            start=pl.max_horizontal(pl.col("fy_start") - 0.5, pl.lit(low)),
            end=pl.min_horizontal(pl.col("fy_end") + 0.5, pl.lit(high)), plan="label")
        shading = alt.Chart(_rows(spans))
        layers += [
            shading.mark_rect(opacity=0.07, color="#333").encode(x=alt.X("start:Q", scale=scale), x2="end:Q",
                                                                 tooltip=alt.Tooltip("plan:N")),
            shading.mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=10, color="#555").encode(
                x=alt.X("start:Q", scale=scale), y=alt.value(0), text="plan:N"),
        ]
    return alt.layer(*layers, bars, symbols, target, diamonds).properties(height=320)


def _map_encoding(value_title: str, selection: alt.Parameter, value_format: str, white: str) -> dict[str, Any]:
    """Colour, outline, click fading and tooltips shared by the tile map and the choropleth (one legend, one
    scale, one way to pick a prefecture)."""
    return dict(
        color=alt.Color("value:Q", title=value_title, scale=alt.Scale(scheme=MAP_SCHEME),
                        legend=alt.Legend(format=value_format, orient="bottom", direction="horizontal",
                                          gradientLength=240, titleLimit=0)),
        stroke=alt.condition("datum.highlighted", alt.value("#D55E00"), alt.value(white)),
        strokeWidth=alt.condition("datum.highlighted", alt.value(4), alt.value(1)),
        opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=value_title, format=value_format),
                 alt.Tooltip("sample_label:N", title="")],
    )


def tile_map(frame: pl.DataFrame, *, value_title: str, highlight: str | None, selection: alt.Parameter,
             tile_width: int = 46, font_size: float = 10, value_format: str = ",.1f") -> alt.LayerChart:
    """Japan as a grid of equal tiles (small prefectures stay readable), coloured by value.
    ``frame``: prefecture_code, label, short, tile_x, tile_y, value, value_text, value_rank, sample_label."""
    data = frame.with_columns(highlighted=pl.col("prefecture_code") == (highlight or ""))
    base = alt.Chart(_rows(data)).encode(x=alt.X("tile_x:O", axis=None), y=alt.Y("tile_y:O", axis=None))
    tiles = base.mark_rect(cornerRadius=3).encode(
        **_map_encoding(value_title, selection, value_format, white="white")).add_params(selection)
    ink = alt.condition("datum.value_rank > 0.55", alt.value("black"), alt.value("white"))
    names = base.mark_text(fontSize=font_size, baseline="bottom", dy=-1).encode(text="short:N", color=ink)
    values = base.mark_text(fontSize=9, baseline="top", dy=1).encode(text="value_text:N", color=ink)
    return alt.layer(tiles, names, values).properties(width=alt.Step(tile_width), height=alt.Step(40))


def choropleth(frame: pl.DataFrame, *, value_title: str, highlight: str | None, selection: alt.Parameter,
               fit: dict[str, Any], value_format: str = ",.1f", size: int = 600) -> alt.Chart:
    """Prefectures on a map coloured by value, with the tile map's scale, legend, outline and click.

    ``frame``: prefecture_code, label, value, sample_label. One layer draws the shapes (``with_shapes`` puts
    them in after ``spec``: once, as they are the biggest part of the spec), their figures looked up by JIS
    code: the chosen prefectures in colour, the others grey for context, the inset frame as a line; the
    projection fits ``fit`` (see ``geo.fit``).
    """
    from reports import geo

    data = frame.with_columns(highlighted=pl.col("prefecture_code") == (highlight or ""))
    encoding = _map_encoding(value_title, selection, value_format, white="#ffffff")
    frame_test, context_test = f"datum.id === '{geo.FRAME}'", "!isValid(datum.prefecture_code)"
    encoding["color"] = alt.when(context_test).then(alt.value("#e8e8e8")).otherwise(encoding["color"])
    encoding["stroke"] = (alt.when(frame_test).then(alt.value("#777")).when("datum.highlighted")
                          .then(alt.value("#D55E00")).otherwise(alt.value("#ffffff")))
    encoding["strokeWidth"] = alt.when("datum.highlighted").then(alt.value(4)).otherwise(alt.value(1))
    encoding["fillOpacity"] = alt.when(frame_test).then(alt.value(0)).otherwise(alt.value(1))
    fields = ["prefecture_code", "label", "value", "sample_label", "highlighted"]
    return alt.Chart(alt.NamedData(**geo.shapes_data())).transform_lookup(
        lookup="id", from_=alt.LookupData(data=_rows(data), key="prefecture_code", fields=fields),
    ).mark_geoshape(clip=True, invalid=None).encode(**encoding).add_params(selection).project(
        type="mercator", fit=fit).properties(width=size, height=size)


def with_shapes(spec_dict: dict[str, Any]) -> dict[str, Any]:
    """A finished choropleth's spec with the boundaries in place of the reference to them: the TopoJSON as one
    string (Vega-Lite parses inline strings by their format). Streamlit serialises a spec to JSON
    several times per rerun; a string costs a copy, nested coordinate lists cost a walk (12 ms vs < 1 ms)."""
    from reports import geo

    reference = geo.shapes_data()

    def swap(node: Any) -> Any:
        if node == reference:
            return {"values": geo.topology_text(), "format": reference["format"]}
        if isinstance(node, dict):
            return {key: swap(value) for key, value in node.items()}
        if isinstance(node, list):
            return [swap(value) for value in node]
        return node

    spec_dict = dict(spec_dict)
    if spec_dict.get("data") == reference:  # Streamlit reads a top-level ``values`` as a table: the shapes go
        del spec_dict["data"]               # into a layer of their own
        spec_dict = {**{k: v for k, v in spec_dict.items() if k not in _VIEW_KEYS},
                     "layer": [{"data": reference, **{k: v for k, v in spec_dict.items() if k in _VIEW_KEYS}}]}
    return swap(spec_dict)  # type: ignore[no-any-return]


# what belongs to a single view (moved into the layer that carries the shapes); the rest stays at the top
_VIEW_KEYS = ("mark", "encoding", "transform", "params", "projection")


def ranking(frame: pl.DataFrame, *, value_title: str, highlight: str | None) -> alt.LayerChart:
    """Horizontal bars in the frame's order. ``frame``: code, label, value, value_text, order."""
    data = frame.with_columns(highlighted=pl.col("code") == (highlight or "")).with_columns(
        label=pl.when("highlighted").then(pl.lit("★ ") + pl.col("label")).otherwise("label"))
    y = alt.Y("label:N", sort=alt.EncodingSortField("order", op="min"), title=None, axis=alt.Axis(labelLimit=0))
    bars = alt.Chart(_rows(data)).mark_bar().encode(
        x=alt.X("value:Q", title=value_title), y=y,
        color=alt.condition("datum.highlighted", alt.value(OKABE_ITO[5]), alt.value(OKABE_ITO[0])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=value_title, format=",.1f")])
    text = alt.Chart(_rows(data)).mark_text(align="left", dx=3, fontSize=10).encode(
        x="value:Q", y=y, text="value_text:N")
    return alt.layer(bars, text).properties(height=alt.Step(16))


def with_segments(frame: pl.DataFrame, key: str = "series") -> pl.DataFrame:
    """Number the runs of consecutive years per series: a line is drawn per run, so a missing year is a gap."""
    return frame.sort(key, "year").with_columns(
        segment=pl.concat_str([pl.col(key).cast(pl.String), pl.lit("#"),
                               (pl.col("year").diff().over(key).fill_null(1) != 1).cum_sum().over(key)
                               .cast(pl.String)]))


def lines(frame: pl.DataFrame, *, x_title: str, y_title: str, series_title: str, value_format: str = ",.0f",
          highlight: str | None = None, order: list[str] | None = None, legend: bool = True) -> alt.LayerChart:
    """One line per series, told apart by colour AND point shape AND dash; missing years are gaps.
    ``frame``: series, year, year_label, value."""
    data = with_segments(frame.filter(pl.col("value").is_not_null())).with_columns(
        highlighted=pl.col("series") == (highlight or ""))
    years = data["year"].to_list()
    x = _year_axis(x_title, years)
    domain = order or list(dict.fromkeys(data.sort("series")["series"].to_list()))
    keyed = dict(title=series_title, sort=domain, scale=alt.Scale(domain=domain))
    shown = {} if legend else {"legend": None}  # one series: the title names it
    tips = [alt.Tooltip("series:N", title=series_title), alt.Tooltip("year_label:N", title=x_title),
            alt.Tooltip("value:Q", title=y_title, format=value_format)]
    base = alt.Chart(_rows(data)).encode(x=x, y=alt.Y("value:Q", title=y_title), tooltip=tips)
    path = base.mark_line().encode(
        color=alt.Color("series:N", **keyed, **shown),
        strokeDash=alt.StrokeDash("series:N", **keyed, legend=None),
        detail="segment:N",
        strokeWidth=alt.condition("datum.highlighted", alt.value(4), alt.value(2)))
    points = base.mark_point(size=70, filled=True).encode(
        color=alt.Color("series:N", **keyed, **shown),
        shape=alt.Shape("series:N", title=series_title, sort=domain, scale=alt.Scale(domain=domain, range=SHAPES),
                        **shown))
    return alt.layer(path, points).resolve_scale(strokeDash="independent")


def sparkline(frame: pl.DataFrame, *, value_title: str) -> alt.LayerChart:
    """A small trend up to the chosen year, with its first and last year on the axis and exact values in the
    tooltip. ``frame``: year, year_label, value (missing years are gaps)."""
    data = with_segments(frame.with_columns(series=pl.lit("")).filter(pl.col("value").is_not_null()))
    years = data["year"].to_list()
    x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[min(years), max(years)], nice=False, zero=False),
              axis=alt.Axis(values=[min(years), max(years)], format="d", labelFontSize=9, grid=False, ticks=False,
                            domain=False, labelFlush=True))
    base = alt.Chart(_rows(data)).encode(
        x=x, y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("year_label:N", title=""), alt.Tooltip("value:Q", title=value_title, format=",.1f")])
    return alt.layer(base.mark_line(color=OKABE_ITO[0]).encode(detail="segment:N"),
                     base.mark_point(filled=True, size=30, color=OKABE_ITO[0])).properties(height=48)
