"""半期レビュー (PDCA): one block's regional KPIs for one half year — status, projection, the block's entry,
history, the per-prefecture table and the meeting pack. Choices live in the URL (?block=kyushu&half=2023-H1)."""

import streamlit as st

from reports import review
from ui import data, layout, review_pack
from ui import review as view
from ui.i18n import lang, t
from warehouse import queries

layout.require_router()

st.title(t("page.review"))
st.caption(t("review.intro"))
plan = view.plan()
block = view.choose_block()
if block is None:
    st.info(t("review.block_pick"), icon=":material/touch_app:")
    layout.stop_page()
plan_id = str(plan["plan"])
kpis = data.fetch(queries.block_kpis, plan=plan_id, block=block)
halves = review.reported_halves(kpis)
if not halves:
    layout.empty("review.no_data")
    layout.stop_page()
year, half = view.choose_half(halves)
st.caption(t("review.plan_note").format(plan=t(f"plan.{plan_id}")))
account = view.login_box(block)

entries = data.review_entries(plan_id, block)
figures = data.prepared(review.board_figures, plan=plan_id, block=block, year=year, half=half, lang=lang())
board = review.with_entries(figures, review.latest(entries), plan=plan_id, block=block, year=year, half=half,
                            lang=lang())
if board.is_empty():
    layout.empty("review.no_data")
    layout.stop_page()
layout.sample_notice(bool(board["is_sample"].any()))
st.subheader(t("review.counts"))
view.counts(board)
for row in board.iter_rows(named=True):
    view.kpi_card(row, kpis, entries, account, plan_row=plan, block=block, year=year, half=half)
view.prefectures(plan_id, block, year, half)
review_pack.buttons(kpis, entries, plan_row=plan, block=block, year=year, half=half)
