"""出典・データについて Sources & data: every source, the load log, the warehouse version, what is sample."""

import polars as pl
import streamlit as st

from ui import data, frames, layout
from ui.i18n import t

layout.require_router()

st.title(t("page.sources"))
version = data.version()
info = data.build_info(version.name)
st.markdown(f"**{t('footer.version')}**: `{version.id}`  \n**{t('footer.built')}**: "
            f"{info.get('built_at', version.built_at)}")

st.subheader(t("sources.sample_title"))
st.markdown(t("sources.sample_text"))

st.subheader(t("sources.list_title"))
sources = data.fetch("sources")
counts = sources.group_by("source_type").agg(pl.len().alias("n"), pl.col("rows").sum())
st.caption(" · ".join(f"{t('source_type.' + r['source_type'])}: {r['n']} ({r['rows']:,} {t('sources.rows')})"
                      for r in counts.sort("source_type").iter_rows(named=True)))
shown = sources.filter((pl.col("rows") > 0) | (pl.col("source_type") != "derived")).select(
    frames.labelled("source_type", "source_type.").alias(t("sources.type")),
    pl.col("title").alias(t("col.source")),
    pl.when(pl.col("url").str.starts_with("http")).then("url").alias(t("sources.link")),
    pl.when(~pl.col("url").str.starts_with("http")).then("url").alias(t("sources.file")),
    pl.col("rows").alias(t("sources.rows")),
)
st.dataframe(shown, hide_index=True, width="stretch",
             column_config={t("sources.link"): st.column_config.LinkColumn()})

st.subheader(t("sources.log_title"))
log = data.fetch("load_log")
if log.is_empty():
    layout.empty("empty.log")
else:
    st.dataframe(log, hide_index=True, width="stretch")
