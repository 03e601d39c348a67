"""地域比較 Regions: a tile map of Japan, a ranking, and 2–4 regions side by side over the years."""

import altair as alt
import polars as pl
import streamlit as st

from reports import charts
from ui import data, filters, frames, layout
from ui.i18n import t, unit, year_label

layout.require_router()

chosen = filters.current()
st.title(t("page.regions"))
prefs = data.fetch("prefectures")
labels = filters.prefecture_label(prefs)

left, middle, right = st.columns([2, 1, 1])
measure = filters.page_choice("measure", t("regions.measure"), list(data.REGION_MEASURES), "regional_achievement",
                              format_func=lambda m: t(f"measure.{m}"), where=left)
mode = filters.page_choice("mode", t("regions.mode"), ["value", "growth"], "value",
                           format_func=lambda m: t(f"regions.mode.{m}"), where=middle, horizontal=True)
order = filters.page_choice("sort", t("regions.sort"), ["value", "code"], "value",
                            format_func=lambda s: t(f"regions.sort.{s}"), where=right, horizontal=True)
highlight = filters.page_choice("highlight", t("regions.highlight"), ["", *labels], "",
                                format_func=lambda c: labels.get(c, t("regions.none")), where=st.sidebar)

values = data.fetch("region_values", measure=measure, geography_level="prefecture",
                    year_from=chosen.fy_from - 1, year_to=chosen.fy_to, blocks=chosen.block_filter)
if values.is_empty():
    layout.empty()
    st.stop()
values = frames.with_growth(values, "prefecture_code")
shown_column = "value" if mode == "value" else "growth"
year = chosen.fy_to if chosen.fy_to in values["year"] else int(values["year"].max())  # type: ignore[arg-type]
unit_text = "%" if mode == "growth" else unit(values["unit"][0])
axis = f"{t('measure.' + measure)} ({unit_text})" if mode == "value" else t("regions.growth_axis")
year_text = year_label(year, values["year_type"][0])
source_line = t("chart.source") + " " + " / ".join(sorted(set(values["source"].drop_nulls())))
layout.sample_notice(layout.has_sample(values))

this_year = values.filter(year=year).join(prefs.select("prefecture_code", "tile_x", "tile_y"), on="prefecture_code")
if chosen.prefectures:
    this_year = this_year.filter(pl.col("prefecture_code").is_in(chosen.prefectures))
this_year = this_year.with_columns(
    label=pl.col("prefecture_code").replace_strict(labels), value=pl.col(shown_column),
    short=pl.col("prefecture_code").replace_strict(labels).str.replace("[都府県]$", ""),
    value_text=pl.col(shown_column).round(1).cast(pl.String).fill_null("—"),
    sample_label=pl.when("is_sample").then(pl.lit(t("sample.badge"))).otherwise(pl.lit("")),
).with_columns(value_rank=pl.col("value").rank() / pl.len())

st.subheader(t("regions.map_title").format(measure=t("measure." + measure), year=year_text))
click = alt.selection_point(name="pick", fields=["prefecture_code"], on="click")
map_chart = charts.finish(
    charts.tile_map(this_year, value_title=axis, highlight=highlight or None, selection=click),
    title=f"{t('measure.' + measure)} · {year_text}", subtitle=[source_line, t("regions.map_note")])


block_of = dict(zip(prefs["prefecture_code"], prefs["block"], strict=True))


def _pick() -> None:
    """A click on a tile drills down: the page narrows to that prefecture's block and highlights it."""
    picked = st.session_state["regions_map"]["selection"]["pick"]
    if picked:
        code = picked[0]["prefecture_code"]
        st.session_state["p_highlight"] = code
        st.session_state[filters.BLOCK_PARAM.key] = [filters.BLOCK_ID[block_of[code]]]
        st.session_state[filters.PREF_PARAM.key] = []


map_table = this_year.select("prefecture_code", "label", "block", "year", "value", "is_sample", "source")
layout.chart(map_chart, map_table, key="regions_map", on_select=_pick, width="content")

st.subheader(t("regions.ranking_title").format(year=year_text))
ranked = this_year.sort("prefecture_code" if order == "code" else "value", descending=order == "value",
                        nulls_last=True)
ranking = ranked.select(code="prefecture_code", label=pl.format("{} ({})", "label", frames.block_name()), value="value",
                        value_text="value_text", is_sample="is_sample").with_row_index("order")
layout.chart(charts.finish(charts.ranking(ranking, value_title=axis, highlight=highlight or None),
                           title=t("regions.ranking_title").format(year=year_text), subtitle=[source_line]),
             ranking.drop("order"), key="regions_ranking")

st.subheader(t("regions.compare_title"))
blocks_level = not chosen.blocks
candidates = (list(filters.BLOCKS.values()) if blocks_level
              else this_year.sort("prefecture_code")["prefecture_code"].to_list())
default = candidates[:3] if blocks_level else ([highlight] if highlight in candidates else []) + [
    c for c in candidates if c != highlight][: 3 - (highlight in candidates)]
compare = st.multiselect(t("regions.compare_pick"), candidates, default=default, max_selections=4,
                         key=f"regions_compare_{'blocks' if blocks_level else '_'.join(chosen.blocks)}",
                         format_func=lambda c: filters.block_label(c) if blocks_level else labels[c])
if len(compare) < 2:
    layout.empty("empty.compare")
else:
    level = "block" if blocks_level else "prefecture"
    over_years = values if level == "prefecture" else frames.with_growth(
        data.fetch("region_values", measure=measure, geography_level="block", year_from=chosen.fy_from - 1,
                   year_to=chosen.fy_to), "block")
    key_column = "block" if level == "block" else "prefecture_code"
    lines = over_years.filter(pl.col(key_column).is_in(compare), pl.col("year") >= chosen.fy_from).select(
        series=(frames.block_name() if level == "block"
                else pl.col("prefecture_code").replace_strict(labels)),
        year="year", value=pl.col(shown_column), value_text=pl.col(shown_column).round(1).cast(pl.String),
        is_sample="is_sample", source="source")
    highlighted = labels.get(highlight) if level == "prefecture" else None
    chart = charts.lines(lines, x_title=t("year." + values["year_type"][0]), y_title=axis,
                         series_title=t("geo.region"), highlight=highlighted)
    layout.chart(charts.finish(chart, title=t("regions.compare_title"), subtitle=[source_line]), lines,
                 key="regions_compare")
