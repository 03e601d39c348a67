"""Chart specs: Polars frame in, Vega-Lite spec dict out (cached by the caller, drawn by st.vega_lite_chart).

Every chart has a title, units in the axis titles, the source (and a sample warning) in the subtitle,
tooltips with exact values, a colour-blind-safe palette (Okabe–Ito; cividis for maps) and never encodes
status or series by colour alone (shapes, dashes, labels). Missing years are gaps, never a straight line.

The specs are written as plain Vega-Lite dicts rather than through Altair's object model: a page's charts
are built on every cache miss (a new filter, year or language), and Altair's validation and copying were
three quarters of that time. tests/reports/test_charts.py validates every builder's output against the
Vega-Lite schema instead. ``spec`` moves each layer's frame into a named dataset already in Arrow form, so
a rerun neither converts data nor walks it.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import Any

import polars as pl
import pyarrow as pa

from etl.inputs.reference import prefectures
from reports.views import decimal_text

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, sans-serif"
# Okabe–Ito's eight and a ninth (Tol's wine) so the nine METI blocks never share a colour; nine filled shapes
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#882255"]
# one shape fewer than colours: both cycle, so a colour and a shape pair up again only after 72 series (with
# as many shapes as colours, the 10th line of a block such as 関東 looked exactly like the 1st)
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right", "triangle-left"]
NO_TOOLTIP = None  # a decoration (labels on marks, the plan names): hovering it shows nothing
MAP_SCHEME = "cividis"
# Below this place on the scale cividis is dark enough for white text, from it black reads better: its colours'
# relative luminance passes 0.18 at 47.5 % (#7a7773), where white and black both contrast 4.5:1 (measured on
# vl-convert's rendering of the scheme; tests/reports check the two sides)
DARK_BELOW = 0.475
SUBTITLE_WIDTH = 100  # display columns (a CJK character counts two): fits a full-width chart
HALF_SUBTITLE_WIDTH = 58  # a chart drawn in half the page (two side by side)
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Spec = dict[str, Any]


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    return sum(map(_char_width, text))


# Japanese line-breaking rules (kinsoku): these never start a line, so they stay on the line they close
_NO_LINE_START = frozenset("。、，．・：；？！）」』】〕〉》ー…,.:;!?)]}%")


def _in_word(char: str) -> bool:
    """Part of a Latin 'word' that must not be split: any ASCII but a space ("SSDSE-E-2024", "2021-06-01")."""
    return char.isascii() and not char.isspace()


def wrap(text: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    """Break a subtitle line so it is never cut off with '…': CJK text breaks between any two characters, but
    not before closing punctuation (。、) and not inside a Latin word ("japanmap", "SSDSE-E-2024"); a space at
    a break is dropped."""
    if _width(text) <= width:
        return [text]
    if text.isascii():
        return textwrap.wrap(text, width)
    lines, line, line_width = [], "", 0  # the width is kept as the line grows: wrapping stays linear
    for char in text:
        if line_width + _char_width(char) > width and char not in _NO_LINE_START and line.strip():
            cut = len(line)
            if _in_word(char) and _in_word(line[-1]):  # mid-word: the whole word moves to the next line
                while cut > 0 and _in_word(line[cut - 1]):
                    cut -= 1
                if not line[:cut].strip():  # a word longer than the line still breaks
                    cut = len(line)
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            line_width = _width(line)
            if char.isspace() and not line:
                continue  # the space the line broke at
        line += char
        line_width += _char_width(char)
    return [*lines, line] if line else lines


# ── small pieces of Vega-Lite ──────────────────────────────────────────────────────────────────────────────
def field(name: str, kind: str, **options: Any) -> dict[str, Any]:
    """An encoding channel on a field: kind is "quantitative", "nominal" or "ordinal"."""
    return {"field": name, "type": kind, **options}


def tooltip(name: str, kind: str, title: str, number_format: str | None = None) -> dict[str, Any]:
    """A tooltip row; an empty title shows the value alone (Vega-Lite would print the field's name)."""
    return field(name, kind, title=title or " ", **({"format": number_format} if number_format else {}))


def when(test: str, then: Any, otherwise: Any) -> dict[str, Any]:
    """A value that depends on an expression over the datum (e.g. "datum.highlighted")."""
    return {"condition": {"test": test, "value": then}, "value": otherwise}


def picked(selection: str, then: Any, otherwise: Any) -> dict[str, Any]:
    """A value that depends on whether the datum is in a selection (empty selection: every datum is)."""
    return {"condition": {"param": selection, "value": then}, "value": otherwise}


def click(selection: str, fields: list[str]) -> dict[str, Any]:
    """A point selection by click on ``fields`` (its value names what was clicked)."""
    return {"name": selection, "select": {"type": "point", "fields": fields, "on": "click"}}


def layer(frame: pl.DataFrame | None, mark: dict[str, Any], encoding: dict[str, Any], **extra: Any) -> Spec:
    """One view: its data (a frame, made a dataset by ``spec``), mark and encoding."""
    view: Spec = {"mark": mark, "encoding": encoding, **extra}
    if frame is not None:
        view["data"] = {"frame": frame}
    return view


def headroom(values: list[float | None], factor: float) -> float:
    """An axis end ``factor`` above the largest value (1.0 when there is none), for a y scale's ``domainMax``."""
    return float(max((v for v in values if v is not None), default=0)) * factor or 1.0


def finish(chart: Spec, *, title: str, subtitle: list[str], subtitle_width: int = SUBTITLE_WIDTH) -> Spec:
    """Title, subtitle lines (wrapped to ``subtitle_width`` columns: half-width charts pass less), fonts."""
    lines = [part for line in subtitle if line for part in wrap(line, subtitle_width)]
    return {
        "$schema": SCHEMA, **chart,
        "title": {"text": title, "subtitle": lines, "anchor": "start", "fontSize": 15, "subtitleFontSize": 11,
                  "subtitleColor": "#555", "limit": 0, "subtitlePadding": 4},
        "config": {"font": FONT, "range": {"category": OKABE_ITO}, "view": {"stroke": None},
                   "legend": {"labelLimit": 0, "titleLimit": 0, "symbolLimit": 0}},
    }


def _arrow_bytes(frame: pl.DataFrame) -> bytes:
    # 64-bit integers reach the browser as BigInt, which Vega cannot sort or sum: send them as doubles
    table = frame.with_columns(pl.col(pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32,
                                      pl.UInt64).cast(pl.Float64)).to_arrow()
    table = table.cast(pa.schema([pa.field(f.name, pa.string() if pa.types.is_large_string(f.type)
                                           or pa.types.is_string_view(f.type) else f.type) for f in table.schema]))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def spec(chart: Spec) -> Spec:
    """The finished chart with every layer's frame moved into a named dataset, already Arrow bytes.

    Streamlit turns inline ``data.values`` into Arrow on every call (through pandas); named datasets that are
    bytes already go out as they are, so a cached spec costs only its (small) JSON per rerun."""
    datasets: dict[str, bytes] = {}
    names: dict[int, str] = {}  # a frame several layers draw (bars, their labels) is converted and sent once

    def named(data: Any) -> Any:
        if not (isinstance(data, dict) and "frame" in data):
            return data
        frame = data["frame"]
        if id(frame) not in names:
            names[id(frame)] = f"ipdash_{len(datasets)}"  # not data_N: Vega-Lite names its own sources so
            datasets[names[id(frame)]] = _arrow_bytes(frame)
        return {"name": names[id(frame)]}

    def hoist(node: Spec) -> Spec:
        node = dict(node)
        if "data" in node:
            node["data"] = named(node["data"])
        if "transform" in node:  # a lookup's table
            node["transform"] = [{**step, "from": {**step["from"], "data": named(step["from"]["data"])}}
                                 if "lookup" in step else step for step in node["transform"]]
        if "layer" in node:
            node["layer"] = [hoist(child) for child in node["layer"]]
        return node

    result = hoist(chart)
    if datasets:
        result["datasets"] = datasets
    return result


# ── axes ──────────────────────────────────────────────────────────────────────────────────────────────────
def _year_scale(years: list[int]) -> dict[str, Any]:
    scale: dict[str, Any] = {"nice": False, "zero": False}
    if years:
        scale["domain"] = [min(years) - 0.5, max(years) + 0.5]
    return scale


def _year_axis(title: str, years: list[int], name: str = "year") -> dict[str, Any]:
    """Years on a numeric axis: every year labelled over up to 12 years (Vega's own ticks skipped some: a bar
    without its year), else 8 labels; labels never overlap, and a missing year leaves room (a gap)."""
    axis: dict[str, Any] = {"format": "d", "tickMinStep": 1, "labelOverlap": "greedy", "labelSeparation": 6,
                            "grid": False, "labelAngle": 0}
    span = list(range(min(years), max(years) + 1)) if years else []
    if len(span) <= 12:
        axis["values"] = span
    else:
        axis["tickCount"] = 8
    return field(name, "quantitative", title=title, scale=_year_scale(years), axis=axis)


# ── charts ────────────────────────────────────────────────────────────────────────────────────────────────
def actual_vs_target(frame: pl.DataFrame, *, x_title: str, y_title: str, actual_label: str, target_label: str,
                     plans: pl.DataFrame | None = None) -> Spec:
    """Bars of each year's actual, the target as a dashed line with diamonds, the status symbol on each bar;
    a whole-plan figure (cumulative KPIs) as one wide bar over its plan years, so it never reads as one
    year's value; plan periods shaded and named behind.

    ``frame``: year, year_label, actual, target, status_label, status_icon, span_start, span_end (the years a
    row covers: equal for a year, the plan's first and last for a whole-plan row)."""
    years = sorted({y for row in frame.select("span_start", "span_end").iter_rows() for y in row if y is not None})
    scale = _year_scale(years)
    tips = [tooltip("year_label", "nominal", x_title), tooltip("actual_text", "nominal", actual_label),
            tooltip("target_text", "nominal", target_label), tooltip("status_label", "nominal", "")]
    data = frame.select("year_label", "actual", "target", "status_label", "status_icon", "span_start",
                        "span_end").with_columns(
        actual_text=decimal_text("actual").fill_null("—"), target_text=decimal_text("target").fill_null("—"),
        status_label=pl.col("status_label").fill_null(""), x0=pl.col("span_start") - 0.4,
        x1=pl.col("span_end") + 0.4, mid=(pl.col("span_start") + pl.col("span_end")) / 2,
        half_actual=pl.col("actual") / 2)
    # room above the tallest bar or target for the plan's name, so neither covers it
    top = headroom([*data["actual"].to_list(), *data["target"].to_list()], 1.18)
    bars = layer(data, {"type": "bar", "color": OKABE_ITO[0], "opacity": 0.85}, {
        "x": _year_axis(x_title, years, "x0"), "x2": {"field": "x1"},
        "y": field("actual", "quantitative", title=y_title, scale={"zero": True, "domainMax": top}),
        "y2": {"datum": 0},
        "tooltip": tips})
    # halfway up the bar: at its top the symbol sat on the target line whenever actual ≈ target
    symbols = layer(data, {"type": "text", "baseline": "middle", "fontSize": 17, "fontWeight": "bold",
                           "color": "white"}, {
        "x": field("mid", "quantitative", scale=scale), "y": field("half_actual", "quantitative"),
        "text": field("status_icon", "nominal"), "tooltip": NO_TOOLTIP})
    targets = data.filter(pl.col("target").is_not_null())
    target = layer(targets, {"type": "rule", "color": OKABE_ITO[5], "strokeDash": [6, 3], "strokeWidth": 2}, {
        "x": field("x0", "quantitative", scale=scale), "x2": {"field": "x1"}, "y": field("target", "quantitative"),
        "tooltip": tips})
    diamonds = layer(targets, {"type": "point", "shape": "diamond", "size": 90, "filled": True,
                               "color": OKABE_ITO[5]}, {
        "x": field("mid", "quantitative", scale=scale), "y": field("target", "quantitative"), "tooltip": tips})
    layers = []
    if plans is not None and plans.height and years:
        low, high = min(years) - 0.5, max(years) + 0.5
        spans = plans.filter(pl.col("fy_start") <= high, pl.col("fy_end") >= low).select(
            start=pl.max_horizontal(pl.col("fy_start") - 0.5, pl.lit(low)),
            end=pl.min_horizontal(pl.col("fy_end") + 0.5, pl.lit(high)), plan="label")
        layers += [
            layer(spans, {"type": "rect", "opacity": 0.07, "color": "#333"}, {
                "x": field("start", "quantitative", scale=scale), "x2": {"field": "end"},
                "tooltip": tooltip("plan", "nominal", "")}),
            layer(spans, {"type": "text", "align": "left", "baseline": "top", "dx": 4, "dy": 4, "fontSize": 10,
                          "color": "#555"}, {
                "x": field("start", "quantitative", scale=scale), "y": {"value": 0},
                "text": field("plan", "nominal"), "tooltip": NO_TOOLTIP}),
        ]
    return {"layer": [*layers, bars, symbols, target, diamonds], "height": 320}


def _map_encoding(value_title: str, selection: str, value_format: str, white: str,
                  domain: list[float] | None) -> dict[str, Any]:
    """Colour, outline, click fading and tooltips shared by the tile map and the choropleth (one legend, one
    scale, one way to pick a prefecture)."""
    return {
        "color": field("value", "quantitative", title=value_title,
                       scale={"scheme": MAP_SCHEME, **({"domain": domain} if domain else {})},
                       legend={"format": value_format, "orient": "bottom", "direction": "horizontal",
                               "gradientLength": 240, "titleLimit": 0}),
        "stroke": when("datum.highlighted", "#D55E00", white),
        "strokeWidth": when("datum.highlighted", 4, 1),
        "opacity": picked(selection, 1.0, 0.35),
        "tooltip": [tooltip("label", "nominal", ""), tooltip("value", "quantitative", value_title,
                                                              value_format.replace("f", "~f")),
                    tooltip("sample_label", "nominal", "")],
    }


def tile_map(frame: pl.DataFrame, *, value_title: str, highlight: str | None, selection: str,
             tile_width: int = 46, font_size: float = 10, narrow_font_size: float | None = None,
             value_format: str = ",.1f", domain: list[float] | None = None) -> Spec:
    """Japan as a grid of equal tiles (small prefectures stay readable), coloured by value; a click on a tile
    selects its prefecture_code in ``selection``.
    ``frame``: prefecture_code, label, short, tile_x, tile_y, value, value_text, sample_label."""
    low, high = domain or (frame["value"].min(), frame["value"].max())
    # where a value sits on the colour scale (as Vega places it; one value alone takes the middle)
    place_on_scale = (pl.col("value") - low) / (high - low) if high is not None and high > low else pl.lit(0.5)
    data = frame.select("prefecture_code", "label", "short", "tile_x", "tile_y", "value", "value_text",
                        "sample_label").with_columns(
        highlighted=pl.col("prefecture_code") == (highlight or ""),
        dark=(place_on_scale < DARK_BELOW).fill_null(False))
    # every column of Japan's grid whichever prefectures are drawn: a block's tiles keep their shape instead of
    # stretching across the page
    columns = sorted({p.tile_x for p in prefectures()})
    place = {"x": field("tile_x", "ordinal", axis=None, scale={"domain": columns}),
             "y": field("tile_y", "ordinal", axis=None)}
    # white on the dark tiles, black on the others and on tiles faded by a click (they turn pale)
    ink = {"condition": {"test": {"and": [{"param": selection}, "datum.dark"]}, "value": "white"},
           "value": "black"}
    tiles = layer(data, {"type": "rect", "cornerRadius": 3},
                  {**place, **_map_encoding(value_title, selection, value_format, white="white", domain=domain)},
                  params=[click(selection, ["prefecture_code"])])
    # a name longer than its tile (Kagoshima on a narrow screen) ends in "…" instead of running over the next tile
    # ``narrow_font_size``: the names on tiles under 48 px wide (a 1024 px screen), where "Yamagata" and
    # "Yamaguchi" both ended as "Yamag…"
    size: float | dict[str, str] = font_size if narrow_font_size is None else {
        "expr": f"bandwidth('x') < 48 ? {narrow_font_size} : {font_size}"}
    names = layer(data, {"type": "text", "fontSize": size, "baseline": "bottom", "dy": -1,
                         "limit": {"expr": "bandwidth('x')"}},
                  {**place, "text": field("short", "nominal"), "color": ink, "tooltip": NO_TOOLTIP})
    values = layer(data, {"type": "text", "fontSize": 9, "baseline": "top", "dy": 1},
                   {**place, "text": field("value_text", "nominal"), "color": ink, "tooltip": NO_TOOLTIP})
    # no width: the page stretches the grid to its column (a fixed step overflowed narrow screens); exports
    # give it the width of a tile per column
    return {"layer": [tiles, names, values], "height": {"step": 40}, "usermeta": {"export_width": tile_width * 14}}


def choropleth(frame: pl.DataFrame, *, value_title: str, highlight: str | None, selection: str,
               fit: dict[str, Any], value_format: str = ",.1f", size: int = 600,
               domain: list[float] | None = None) -> Spec:
    """Prefectures on a map coloured by value, with the tile map's scale, legend, outline and click.

    ``frame``: prefecture_code, label, value, sample_label. One layer draws the shapes (the topology as one
    JSON string, see reports.geo), their figures looked up by JIS code: the chosen prefectures in colour, the
    others grey for context; a layer below draws Okinawa's inset frame (no tooltip: it is not a prefecture);
    the projection fits ``fit`` (see ``geo.fit``).
    """
    from reports import geo

    data = frame.select("prefecture_code", "label", "value", "sample_label").with_columns(
        highlighted=pl.col("prefecture_code") == (highlight or ""))
    encoding = _map_encoding(value_title, selection, value_format, white="#ffffff", domain=domain)
    encoding["color"] = {"condition": {"test": "!isValid(datum.prefecture_code)", "value": "#e8e8e8"},
                         **encoding["color"]}
    fields = ["prefecture_code", "label", "value", "sample_label", "highlighted"]
    shapes = layer(None, {"type": "geoshape", "clip": True, "invalid": None}, encoding,
                   data={"values": geo.topology_text(), "format": {"type": "topojson", "feature": geo.PREFECTURES}},
                   transform=[{"lookup": "id", "from": {"data": {"frame": data}, "key": "prefecture_code",
                                                        "fields": fields}}],
                   params=[click(selection, ["prefecture_code"])])
    inset = layer(None, {"type": "geoshape", "clip": True, "filled": False, "stroke": "#777", "strokeWidth": 1,
                         "tooltip": NO_TOOLTIP},  # the encoding's null alone still showed "true" here
                  {"tooltip": NO_TOOLTIP}, data={"values": [geo.inset_frame_feature()]})
    # the frame first: above the shapes its (transparent) inside would catch Okinawa's hover and click
    return {"layer": [inset, shapes], "projection": {"type": "mercator", "fit": fit}, "width": size, "height": size}


def ranking(frame: pl.DataFrame, *, value_title: str, highlight: str | None,
            domain: list[float] | None = None) -> Spec:
    """Horizontal bars in the frame's order. ``frame``: code, label, value, value_text, order."""
    data = frame.select("code", "label", "value", "value_text", "order").with_columns(
        highlighted=pl.col("code") == (highlight or "")).with_columns(
        label=pl.when("highlighted").then(pl.lit("★ ") + pl.col("label")).otherwise("label"))
    y = field("label", "nominal", sort={"field": "order", "op": "min"}, title=None, axis={"labelLimit": 0})
    low, high = data["value"].min(), data["value"].max()
    scale: dict[str, Any] = {"domain": domain} if domain else {}
    if not domain and low is not None and low < 0:  # room left of the longest negative bar for its figure
        scale = {"domainMin": low - 0.12 * (max(high or 0, 0) - low)}
    bars = layer(data, {"type": "bar"}, {
        "x": field("value", "quantitative", title=value_title, **({"scale": scale} if scale else {})),
        "y": y,
        "color": when("datum.highlighted", OKABE_ITO[5], OKABE_ITO[0]),
        "tooltip": [tooltip("label", "nominal", ""), tooltip("value", "quantitative", value_title, ",.1~f")]})
    # each figure just past its bar's end: right of a positive bar, left of a negative one (inside it, black on
    # the dark blue could not be read)
    texts = [layer(data, {"type": "text", "align": align, "dx": dx, "fontSize": 10},
                   {"x": field("value", "quantitative"), "y": y, "text": field("value_text", "nominal"),
                    "tooltip": NO_TOOLTIP}, transform=[{"filter": test}])
             for align, dx, test in (("left", 3, "!(datum.value < 0)"), ("right", -3, "datum.value < 0"))]
    return {"layer": [bars, *texts], "height": {"step": 16}}


def with_segments(frame: pl.DataFrame, key: str = "series") -> pl.DataFrame:
    """Number the runs of consecutive years per series: a line is drawn per run, so a missing year is a gap."""
    return frame.sort(key, "year").with_columns(
        segment=pl.concat_str([pl.col(key).cast(pl.String), pl.lit("#"),
                               (pl.col("year").diff().over(key).fill_null(1) != 1).cum_sum().over(key)
                               .cast(pl.String)]))


def lines(frame: pl.DataFrame, *, x_title: str, y_title: str, series_title: str, value_format: str = ",.0f",
          highlight: str | None = None, order: list[str] | None = None, legend: bool = True) -> Spec:
    """One line per series, told apart by colour AND point shape AND dash; missing years are gaps.
    ``frame``: series, year, year_label, value."""
    data = with_segments(frame.select("series", "year", "year_label", "value").filter(
        pl.col("value").is_not_null())).with_columns(highlighted=pl.col("series") == (highlight or ""))
    years = data["year"].to_list()
    domain = order or list(dict.fromkeys(data.sort("series")["series"].to_list()))
    keyed = {"title": series_title, "sort": domain, "scale": {"domain": domain}}
    shown = {} if legend else {"legend": None}  # one series: the title names it
    tips = [tooltip("series", "nominal", series_title), tooltip("year_label", "nominal", x_title),
            tooltip("value", "quantitative", y_title, value_format)]
    place = {"x": _year_axis(x_title, years), "y": field("value", "quantitative", title=y_title), "tooltip": tips}
    path = layer(data, {"type": "line"}, {
        **place, "color": field("series", "nominal", **keyed, **shown),
        "strokeDash": field("series", "nominal", **keyed, legend=None), "detail": field("segment", "nominal"),
        "strokeWidth": when("datum.highlighted", 4, 2)})
    points = layer(data, {"type": "point", "size": 70, "filled": True}, {
        **place, "color": field("series", "nominal", **keyed, **shown),
        "shape": field("series", "nominal", title=series_title, sort=domain,
                       scale={"domain": domain, "range": SHAPES}, **shown)})
    return {"layer": [path, points], "resolve": {"scale": {"strokeDash": "independent"}}}


def sparkline(frame: pl.DataFrame, *, value_title: str) -> Spec:
    """A small trend up to the chosen year, with its first and last year on the axis and exact values in the
    tooltip. ``frame``: year, year_label, value (missing years are gaps)."""
    data = with_segments(frame.select("year", "year_label", "value").with_columns(series=pl.lit("")).filter(
        pl.col("value").is_not_null()))
    years = data["year"].to_list()
    encoding = {
        "x": field("year", "quantitative", title=None,
                   scale={"domain": [min(years), max(years)], "nice": False, "zero": False},
                   axis={"values": [min(years), max(years)], "format": "d", "labelFontSize": 9, "grid": False,
                         "ticks": False, "domain": False, "labelFlush": True}),
        "y": field("value", "quantitative", axis=None, scale={"zero": False}),
        "tooltip": [tooltip("year_label", "nominal", ""), tooltip("value", "quantitative", value_title, ",.1~f")]}
    return {"layer": [layer(data, {"type": "line", "color": OKABE_ITO[0]},
                            {**encoding, "detail": field("segment", "nominal")}),
                      layer(data, {"type": "point", "filled": True, "size": 30, "color": OKABE_ITO[0]}, encoding)],
            "height": 48,
            "config": {"font": FONT, "view": {"stroke": None}}}
