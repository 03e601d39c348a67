"""The boundaries behind the choropleth: every prefecture exactly once, and the topology is the GeoJSON."""

from __future__ import annotations

import json
from collections.abc import Callable

import polars as pl

from reports import charts, geo
from warehouse import queries


def test_47_features_match_the_prefectures_table_one_to_one(read: Callable[..., pl.DataFrame]) -> None:
    prefectures = read(queries.prefectures)
    features = {f["id"]: f["properties"]["name_ja"] for f in geo.features()}
    assert len(geo.features()) == len(features) == 47
    assert features == dict(prefectures.select("prefecture_code", "prefecture_name_ja").iter_rows())
    shapes = geo.topology()["objects"][geo.PREFECTURES]["geometries"]
    assert sorted(g["id"] for g in shapes) == prefectures["prefecture_code"].to_list()


def _decoded(arc: list[list[int]], transform: dict[str, list[float]]) -> list[tuple[float, float]]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * transform["scale"][0] + transform["translate"][0],
                       y * transform["scale"][1] + transform["translate"][1]))
    return points


def test_the_quantised_topology_draws_the_published_rings() -> None:
    topology = geo.topology()
    step = max(topology["transform"]["scale"])
    tokyo = next(f for f in geo.features() if f["id"] == "13")["geometry"]["coordinates"][0]
    shape = next(g for g in topology["objects"][geo.PREFECTURES]["geometries"] if g["id"] == "13")
    drawn = _decoded(topology["arcs"][shape["arcs"][0][0]], topology["transform"])
    assert drawn[0] == pytest_approx(tokyo[0], step) and drawn[-1] == pytest_approx(tokyo[-1], step)
    assert len(drawn) <= len(tokyo)
    assert all(isinstance(v, int) for arc in topology["arcs"] for point in arc for v in point)


def test_okinawa_sits_in_its_framed_inset_away_from_kyushu() -> None:
    okinawa, frame = geo.rings()[geo.OKINAWA], geo.inset_frame()
    xs, ys = [x for r in okinawa for x, _ in r], [y for r in okinawa for _, y in r]
    assert frame[0][0] < min(xs) and max(xs) < frame[2][0] and frame[0][1] < min(ys) and max(ys) < frame[2][1]
    assert min(ys) > 38  # moved north over the Sea of Japan, not at its true latitude (26°N)


def pytest_approx(point: list[float], step: float) -> tuple[float, float]:
    import pytest

    return pytest.approx(tuple(point), abs=step)


def test_only_prefectures_carry_a_tooltip_the_inset_frame_is_a_plain_line() -> None:
    okinawa = pl.DataFrame({"prefecture_code": ["47"], "label": ["沖縄県"], "value": [1.0], "sample_label": [""]})
    spec = charts.choropleth(okinawa, value_title="件", highlight=None, selection="pick", fit=geo.fit(["47"]))
    inset, shapes = spec["layer"]  # the frame below: Okinawa inside it stays hoverable and clickable
    drawn = json.loads(shapes["data"]["values"])["objects"][geo.PREFECTURES]["geometries"]
    assert {g["type"] for g in drawn} == {"Polygon"} and "tooltip" in shapes["encoding"]
    assert inset["encoding"] == {"tooltip": None} and inset["mark"]["tooltip"] is None
    assert inset["data"]["values"][0]["geometry"]["coordinates"] == [list(point) for point in geo.inset_frame()]
