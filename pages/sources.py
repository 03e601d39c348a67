"""出典・データについて Sources & data: every source, the load log, the warehouse version, what is sample."""

import streamlit as st

from reports.sources import sources
from reports.views import japan_time
from ui import data, layout, warehouse_notice
from ui.i18n import lang, t
from warehouse import queries

layout.require_router()

st.title(t("page.sources"))
version = data.version()
info = data.build_info(version.name)
st.markdown(f"**{t('footer.version')}**: `{version.id}`  \n**{t('footer.built')}**: "
            f"{japan_time(info.get('built_at', version.built_at))}")
warehouse_notice.details()
st.subheader(t("sources.sample_title"))
st.markdown(t("sources.sample_text"))
st.subheader(t("sources.list_title"))
model = data.prepared(sources, lang=lang())
st.caption(model.summary)
layout.grid(model.table, column_config={t("sources.link"): st.column_config.LinkColumn()})
st.subheader(t("sources.log_title"))
log = data.fetch(queries.load_log)
if log.is_empty():
    layout.empty("empty.log")
else:
    layout.grid(log)
