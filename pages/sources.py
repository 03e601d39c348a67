"""出典・データについて Sources & data: every source, the load log, the warehouse version, what is sample."""

import polars as pl
import streamlit as st

from ui import data, layout
from ui.i18n import t

layout.require_router()

st.title(t("page.sources"))
version = data.version()
info = data.build_info(version.name)
left, right = st.columns(2)
left.metric(t("footer.version"), version.id)
right.metric(t("footer.built"), info.get("built_at", version.built_at))

st.subheader(t("sources.sample_title"))
st.markdown(t("sources.sample_text"))

st.subheader(t("sources.list_title"))
sources = data.fetch("sources")
counts = sources.group_by("source_type").agg(pl.len().alias("n"), pl.col("rows").sum())
st.caption(" · ".join(f"{t('source_type.' + r['source_type'])}: {r['n']} ({r['rows']:,} {t('sources.rows')})"
                      for r in counts.sort("source_type").iter_rows(named=True)))
st.dataframe(sources.with_columns(pl.col("source_type").map_elements(lambda s: t("source_type." + s),
                                                                     return_dtype=pl.String)),
             hide_index=True, width="stretch", column_config={"url": st.column_config.LinkColumn()})

st.subheader(t("sources.log_title"))
log = data.fetch("load_log")
if log.is_empty():
    layout.empty("empty.log")
else:
    st.dataframe(log, hide_index=True, width="stretch")
