"""Every chart the pages draw is valid Vega-Lite (the specs are hand-built dicts, so nothing else checks them).

The builders run on the real built warehouse; each spec they hand to ``charts.spec`` is captured and its
finished form (datasets as Arrow bytes) is validated against the Vega-Lite schema that ships with Altair,
with the datasets' bytes swapped for empty rows (the schema describes JSON, not Arrow).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import jsonschema
import polars as pl
import pyarrow as pa
import pytest

from reports import charts, kpi_detail, overview, programme, regions, review

Read = Callable[..., pl.DataFrame]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(resources.files("altair.vegalite.v6.schema").joinpath("vega-lite-schema.json").read_text())
    return jsonschema.Draft7Validator(schema)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Every finished spec the builders produce while the test runs."""
    finished: list[dict[str, Any]] = []
    real = charts.spec

    def capture(chart: dict[str, Any]) -> dict[str, Any]:
        finished.append(real(chart))
        return finished[-1]

    monkeypatch.setattr(charts, "spec", capture)
    yield finished


def _build_every_page(read: Read, lang: str) -> None:
    overview.overview(read, plan="2nd", year=2022, blocks=(), lang=lang)
    overview.overview(read, plan="3rd", year=2024, blocks=("九州",), lang=lang)
    kpi_detail.kpi_detail(read, kpi_id="P2_BANK", blocks=(), prefectures=(), fy_from=2016, fy_to=2025, lang=lang)
    kpi_detail.kpi_detail(read, kpi_id="R_COLLAB", blocks=("九州",), prefectures=(), fy_from=2023, fy_to=2025,
                          lang=lang)
    for map_kind in ("tiles", "geo"):
        for per in ("count", "population"):
            regions.regions(read, measure="subsidy_new_adoptions", mode="value", sort="value", highlight="13",
                            blocks=(), prefectures=(), fy_from=2020, fy_to=2022, lang=lang, map_kind=map_kind, per=per)
    regions.compare(read, measure="regional_achievement", mode="value", regions_chosen=("北海道", "九州"), blocks=(),
                    highlight="", fy_from=2020, fy_to=2022, lang=lang)
    programme.by_region(read, measure="sme_pct_filings", blocks=(), prefectures=(), fy_from=2020, fy_to=2022,
                        lang=lang, per="establishments")
    jpo = programme.national_statistic(read, dataset="pct_applications", measure="pct_jpo_receiving_office", lang=lang)
    assert jpo is not None and programme.national_vs_target(read, kpi_id="P2_OUT_SME_PCT", lang=lang) is not None
    review.kpi_chart(read, plan="3rd", block="九州", kpi_id="R_COLLAB", year=2025, half="H2", lang=lang)


def _as_json(spec: dict[str, Any]) -> dict[str, Any]:
    return {**spec, "datasets": {name: [] for name in spec.get("datasets", {})}}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_is_valid_vega_lite(read: Read, drawn: list[dict[str, Any]], validator: Any, lang: str) -> None:
    _build_every_page(read, lang)
    assert len(drawn) >= 15
    for spec in drawn:
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(_as_json(spec))]
        assert not errors, (spec["title"]["text"], errors[:3])


def test_every_named_dataset_is_arrow_that_the_spec_uses(read: Read, drawn: list[dict[str, Any]]) -> None:
    _build_every_page(read, "ja")
    for spec in drawn:
        used = set(json.dumps({k: v for k, v in spec.items() if k != "datasets"}).split('"name": "')[1:])
        used_names = {part.split('"')[0] for part in used}
        for name, payload in spec.get("datasets", {}).items():
            assert name in used_names, (spec["title"]["text"], name)
            table = pa.ipc.open_stream(payload).read_all()
            # 64-bit integers would reach the browser as BigInt, which Vega cannot sort or sum
            assert not any(pa.types.is_integer(field.type) for field in table.schema), (name, table.schema)


def _layers(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from (child for layer in node.get("layer", []) for child in _layers(layer))
    if "mark" in node:
        yield node


def test_every_mark_says_what_its_tooltip_shows(read: Read, drawn: list[dict[str, Any]]) -> None:
    """Streamlit turns tooltips on for every mark: a layer that does not choose shows its raw field names
    (English codes on a Japanese page), so each layer names its rows or has none (a label on a mark)."""
    _build_every_page(read, "ja")
    for spec in drawn:
        for layer in _layers(spec):
            assert "tooltip" in layer["encoding"], (spec["title"]["text"], layer["mark"])
            tips = layer["encoding"]["tooltip"]
            for tip in [] if tips is None else tips if isinstance(tips, list) else [tips]:
                assert tip.get("title"), (spec["title"]["text"], tip)


def test_up_to_47_lines_never_share_both_colour_and_shape() -> None:
    """A block of 11 prefectures (関東) draws 11 lines: colour and point shape together tell every one apart."""
    names = [f"県{i:02d}" for i in range(47)]
    frame = pl.DataFrame({"series": names * 2, "year": [2021] * 47 + [2022] * 47,
                          "year_label": ["2021年"] * 47 + ["2022年"] * 47, "value": [1.0] * 94})
    chart = charts.finish(charts.lines(frame, x_title="年", y_title="件", series_title="都道府県"), title="t",
                          subtitle=[])
    points = chart["layer"][1]["encoding"]
    colours, shapes = chart["config"]["range"]["category"], points["shape"]["scale"]["range"]
    domain = points["shape"]["scale"]["domain"]
    looks = {(colours[i % len(colours)], shapes[i % len(shapes)]) for i in range(len(domain))}
    assert len(domain) == 47 and len(looks) == 47


def test_subtitles_break_lines_as_japanese_is_typeset() -> None:
    islands = "地図は各都道府県の本土のみ(佐渡・対馬・伊豆諸島・小笠原諸島・南西諸島の大半などの島は描いていません)。"
    note = islands * 2 + "沖縄県は左上の枠内に2倍に拡大して表示。境界: japanmap (Apache-2.0)"
    words = ["japanmap", "(Apache-2.0)", "SSDSE-E-2024", "(2021-06-01)", "10,000"]
    source = "出典: 令和3年経済センサス‐活動調査 民営事業所数 統計センター SSDSE-E-2024 (2021-06-01) 10,000事業所あたり"
    for text in (note, source, "あ" * 10 + " " + "abcdefghijklmnopqrstuvwxyz" + " いう"):
        for width in range(20, 101, 3):
            lines = charts.wrap(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width  # nothing lost
            assert all(lines) and not any(line != line.strip() for line in lines), (width, lines)
            assert not any(line[0] in "。、)" for line in lines), (width, lines)  # no line opens with closing marks
            for word in words:  # a Latin word stays whole where it fits a line
                assert word not in text or any(word in line for line in lines), (width, word, lines)
