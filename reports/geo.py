"""Prefecture boundaries for the choropleth, ready for a Vega-Lite spec (pure; read once per process).

data/reference/geo/japan_prefectures.geojson (from the japanmap package, Apache-2.0; see its README) holds
one simplified polygon per prefecture. For the map:
- Okinawa moves into an inset at the top left (over the Sea of Japan, where nothing else is drawn), drawn at
  twice its size on the Mercator map (at true size it is a sliver too thin to click), inside a frame (its
  own GeoJSON line, drawn by a layer without tooltips: it is not a prefecture);
- the polygons become a quantised TopoJSON (integer coordinates, delta-encoded, about 60 KB), carried in the
  spec as one JSON string: Streamlit serialises a spec to JSON several times on every rerun, and a string
  costs a copy where nested coordinate lists cost a walk; at 10,000 steps a step is under 0.002° (about
  200 m), far below a pixel on the page.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from etl.inputs.reference import data_dir

PREFECTURES = "prefectures"  # its one object: the 47 prefectures (id = JIS code)
OKINAWA = "47"
INSET_CENTRE = (131.6, 41.3)  # where Okinawa's main island is drawn (lon, lat)
INSET_MARGIN = 0.35  # degrees between the island and its frame
INSET_ZOOM = 2.0  # Okinawa is drawn this much larger than the rest of the map (the caption says so)
STEPS = 10_000
Ring = list[tuple[float, float]]


def geojson_path() -> Any:
    return data_dir() / "reference" / "geo" / "japan_prefectures.geojson"


@cache
def features() -> tuple[dict[str, Any], ...]:
    """The bundled GeoJSON features, as published (id = JIS code)."""
    return tuple(json.loads(geojson_path().read_text(encoding="utf-8"))["features"])


def _bounds(rings: list[Ring]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _moved_okinawa(rings: list[Ring]) -> list[Ring]:
    """Okinawa's rings moved to the inset, scaled by the ratio of Mercator scales (and ``INSET_ZOOM``)."""
    x0, y0, x1, y1 = _bounds(rings)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    k = INSET_ZOOM * math.cos(math.radians(INSET_CENTRE[1])) / math.cos(math.radians(cy))
    return [[(INSET_CENTRE[0] + (x - cx) * k, INSET_CENTRE[1] + (y - cy) * k) for x, y in ring] for ring in rings]


@cache
def rings() -> dict[str, list[Ring]]:
    """Each prefecture's rings as drawn (Okinawa in its inset)."""
    shapes = {}
    for feature in features():
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        found = [[(float(x), float(y)) for x, y in ring] for polygon in polygons for ring in polygon]
        shapes[str(feature["id"])] = _moved_okinawa(found) if feature["id"] == OKINAWA else found
    return shapes


def inset_frame() -> Ring:
    x0, y0, x1, y1 = _bounds(rings()[OKINAWA])
    m = INSET_MARGIN
    return [(x0 - m, y0 - m), (x0 - m, y1 + m), (x1 + m, y1 + m), (x1 + m, y0 - m), (x0 - m, y0 - m)]


@cache
def inset_frame_feature() -> dict[str, Any]:
    """The inset's frame as a GeoJSON line (five points: cheap to carry apart from the topology)."""
    return {"type": "Feature", "properties": {},
            "geometry": {"type": "LineString", "coordinates": [list(point) for point in inset_frame()]}}


@cache
def topology() -> dict[str, Any]:
    """TopoJSON with one object ``prefectures``: a Polygon per prefecture (id = JIS code)."""
    shapes = rings()
    x0, y0, x1, y1 = _bounds([r for rs in shapes.values() for r in rs])
    kx, ky = (x1 - x0) / (STEPS - 1), (y1 - y0) / (STEPS - 1)
    arcs: list[list[list[int]]] = []

    def arc(ring: Ring) -> int:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round((x - x0) / kx), round((y - y0) / ky))
            if not points or points[-1] != point:
                points.append(point)
        arcs.append([list(points[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(points, points[1:], strict=False)])
        return len(arcs) - 1

    # polygons keep the clockwise rings of the source (what d3-geo expects); one arc per ring
    geometries = [{"type": "Polygon", "id": code, "arcs": [[arc(ring)] for ring in shape]}
                  for code, shape in sorted(shapes.items())]
    return {"type": "Topology", "transform": {"scale": [kx, ky], "translate": [x0, y0]},
            "objects": {PREFECTURES: {"type": "GeometryCollection", "geometries": geometries}}, "arcs": arcs}


@cache
def topology_text() -> str:
    """The topology as compact JSON text (what a spec carries)."""
    return json.dumps(topology(), separators=(",", ":"))


def fit(codes: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """What the projection fits: the corners of the prefectures' bounding box (a MultiPoint has no winding,
    so it can never be read as 'the whole globe but this')."""
    x0, y0, x1, y1 = _bounds([ring for code in codes for ring in rings()[code]])
    corners = [[x0, y0], [x0, y1], [x1, y1], [x1, y0]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}

