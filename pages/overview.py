"""概要 Overview: which central KPIs of a plan are on or off track, and how the regions are doing."""

import polars as pl
import streamlit as st

from reports import charts
from ui import data, filters, frames, layout
from ui.i18n import lang, t, year_label

layout.require_router()

chosen = filters.current()
st.title(t("app.title"))
st.caption(t("app.subtitle"))

plan = data.fetch("plans").filter(plan=chosen.plan).row(0, named=True)
years = [str(y) for y in range(plan["fy_start"], plan["fy_end"] + 1)]
default_year = str(min(max(chosen.fy_to, plan["fy_start"]), plan["fy_end"]))
year = int(filters.page_choice("year", t("overview.year"), years, default_year,
                               format_func=lambda y: year_label(int(y), "fiscal")))

results = data.fetch("central_kpis", plan=chosen.plan)
st.subheader(t("overview.central_title").format(plan=t(f"plan.{chosen.plan}"), year=year_label(year, "fiscal")))
if results.is_empty():
    layout.empty()
else:
    headline = frames.headline_rows(results, year)
    name = "kpi_name_en" if lang() == "en" else "kpi_name_ja"
    unit = "unit_en" if lang() == "en" else "unit"
    columns = st.columns(3)
    for index, row in enumerate(headline.iter_rows(named=True)):
        history = frames.yearly(results.filter(kpi_id=row["kpi_id"]))
        previous = history.filter(pl.col("fiscal_year") < row["fiscal_year"], pl.col("period") == "FY")
        delta = None
        if row["actual_to_date"] is not None and previous.height and previous["actual"][-1] is not None:
            delta = row["actual_to_date"] - previous["actual"][-1]
        trend = [v for v in history["actual"].to_list() if v is not None]
        with columns[index % 3].container(border=True):
            st.markdown(f"**{row[name]}**")
            st.metric(
                f"{year_label(row['fiscal_year'], row['year_type'])} · {t('period.' + row['period'])}",
                frames.number_text(row["actual_to_date"], row[unit] or ""),
                delta=None if delta is None else frames.number_text(delta),
                delta_description=t("overview.vs_last_year") if delta is not None else None,
                chart_data=trend if len(trend) > 1 else None,
                help=f"{row['indicator_group']} · {t('basis.' + row['basis'])}",
            )
            pct = "—" if row["achievement_pct"] is None else f"{row['achievement_pct']:.1f}%"
            printed = "" if row["printed_achievement_pct"] is None else \
                f" ({t('overview.printed')} {row['printed_achievement_pct']:g}%)"
            st.markdown(f"**{t('status.' + row['status'])}** · {t('col.target')} "
                        f"{frames.number_text(row['target'], row[unit] or '')} · {t('col.achievement_short')} "
                        f"{pct}{printed}")
    st.caption(t("overview.central_caption"))

st.subheader(t("overview.regional_title"))
summary = data.fetch("regional_summary", fy_from=plan["fy_start"], fy_to=plan["fy_end"])
shown = summary.filter(geography_level="national", fiscal_year=year)
if shown.is_empty():
    layout.empty("empty.regional_year")
else:
    row = shown.row(0, named=True)
    left, right = st.columns([1, 2])
    with left:
        layout.sample_notice(bool(row["is_sample"]))
        label = t("overview.regional_rate").format(year=year_label(year, "fiscal"))
        st.metric(label + (f" ({t('sample.badge')})" if row["is_sample"] else ""),
                  f"{row['achieved_share_pct']:.1f}%",
                  help=t("overview.regional_help").format(achieved=row["achieved"], items=row["items"]))
        st.caption(f"{row['achieved']} / {row['items']} {t('overview.items')} · {row['source']}")
    blocks = summary.filter(geography_level="block", fiscal_year=year)
    if chosen.blocks:
        blocks = blocks.filter(pl.col("block").is_in(chosen.blocks))
    by_block = blocks.select(
        code=pl.col("block"), label=frames.block_name(),
        value=pl.col("achieved_share_pct"),
        value_text=pl.format("{}% ({}/{})", pl.col("achieved_share_pct").round(1), "achieved", "items"),
        order=pl.col("block").replace_strict({b: i for i, b in enumerate(filters.BLOCKS.values())}),
        is_sample="is_sample")
    with right:
        chart = charts.finish(charts.ranking(by_block, value_title=t("overview.rate_axis"), highlight=None),
                              title=t("overview.by_block"), subtitle=[t("source.sample_counted")])
        layout.chart(chart, by_block.drop("order"), key="overview_blocks")
