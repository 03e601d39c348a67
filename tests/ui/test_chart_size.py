"""A chart's height is its plot's, except where Streamlit must keep its own sizing."""

from __future__ import annotations

from ui.layout import _plot_height


def test_a_plain_chart_fits_the_column_width_only() -> None:
    assert _plot_height({"layer": [], "height": 220})["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_maps_compositions_and_a_chosen_size_are_left_to_streamlit() -> None:
    for spec in ({"projection": {"type": "mercator"}}, {"facet": {}}, {"hconcat": []}, {"vconcat": []},
                 {"concat": []}, {"repeat": {}}, {"encoding": {"row": {}}}, {"encoding": {"column": {}}},
                 {"autosize": {"type": "pad"}}):
        assert _plot_height(spec) is spec, spec
