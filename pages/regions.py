"""地域比較 Regions: a map of Japan (tiles or geographic), a ranking, and up to 8 regions side by side over the years;
counts or rates per establishment or per person."""

import streamlit as st

from reports.rates import per_options
from reports.regions import COMPARE_LIMIT, MAP_SELECTION, compare, compare_candidates, regions
from ui import data, filters, layout, urlstate
from ui.i18n import lang, t
from warehouse.queries import REGION_COUNT_MEASURES, REGION_MEASURES

layout.require_router()

chosen = filters.current()
st.title(t("page.regions"))
names = filters.prefecture_names(lang())
pers = data.prepared(per_options, lang=lang())
top_left, top_right = st.columns([2, 2])
per = filters.page_choice("per", t("per.label"), list(pers), "count", format_func=pers.__getitem__, where=top_right,
                          horizontal=True)
# a link asking for a rate but naming no measure shows a count measure (a percentage has no rate)
measure = filters.page_choice("measure", t("regions.measure"), list(REGION_MEASURES),
                              "regional_achievement" if per == "count" else REGION_COUNT_MEASURES[0],
                              format_func=lambda m: t(f"measure.{m}"), where=top_left)
left, middle, right = st.columns([2, 1, 1])
kind = filters.page_choice("map", t("regions.map_kind"), ["tiles", "geo"], "tiles",
                           format_func=lambda k: t(f"map.{k}"), where=left, horizontal=True)
mode = filters.page_choice("mode", t("regions.mode"), ["value", "growth"], "value",
                           format_func=lambda m: t(f"regions.mode.{m}"), where=middle, horizontal=True)
order = filters.page_choice("sort", t("regions.sort"), ["value", "code"], "value",
                            format_func=lambda s: t(f"regions.sort.{s}"), where=right, horizontal=True)
highlight = filters.page_choice("highlight", t("regions.highlight"), ["", *names], "",
                                format_func=lambda c: names.get(c, t("regions.none")), where=st.sidebar)
model = data.prepared(regions, measure=measure, mode=mode, sort=order, highlight=highlight, blocks=chosen.blocks,
                      prefectures=chosen.prefectures, fy_from=chosen.fy_from, fy_to=chosen.fy_to, lang=lang(),
                      map_kind=kind, per=per)
if model.map is None or model.ranking is None:
    layout.empty()
    layout.stop_page()


def picked() -> None:
    """A click on a prefecture drills down: the page narrows to that prefecture's block and highlights it."""
    selection = st.session_state["regions_map"]["selection"][MAP_SELECTION]
    if selection:
        filters.drill_down(selection[0]["prefecture_code"])


st.subheader(t("regions.map_title").format(measure=model.title, year=model.year_label))
note = st.container()  # always there: the fragment below keeps its place (and its id) when a note appears
if model.note:
    note.info(model.note, icon=":material/percent:")
layout.chart(model.map, key="regions_map", on_select=picked)
st.subheader(t("regions.ranking_title").format(measure=model.title, year=model.year_label))
layout.chart(model.ranking, key="regions_ranking", notice=False)


@layout.fragment
def side_by_side() -> None:
    """Choosing regions redraws only this chart (and keeps the URL in step)."""
    st.subheader(t("regions.compare_title"))
    candidates = data.prepared(compare_candidates, blocks=chosen.blocks, lang=lang())
    first = [highlight] if highlight in candidates else []
    default = (first + [c for c in candidates if c not in first])[:3]
    picks = filters.page_choices("compare", t("regions.compare_pick"), list(candidates), default, limit=COMPARE_LIMIT,
                                 format_func=candidates.__getitem__, after_change=urlstate.write_url)
    view = data.prepared(compare, measure=measure, mode=mode, regions_chosen=tuple(picks), blocks=chosen.blocks,
                         highlight=highlight, fy_from=chosen.fy_from, fy_to=chosen.fy_to, lang=lang(), per=per)
    if len(picks) < 2 or view is None:
        layout.empty("empty.compare")
    else:
        layout.chart(view, key="regions_compare", notice=False)


side_by_side()
