"""What readers are told when the warehouse healed itself: small, calm, never a traceback.

The warehouse layer chooses the version (``warehouse.connection.serving``); ``ui.data`` pins it per
rerun; this module only words it: a sidebar caption for everyone, the details for administrators
on the Sources page, a clear message when no version can serve.
"""

from __future__ import annotations

import streamlit as st

from ui import data, i18n
from ui.i18n import t

LABELS: dict[str, tuple[str, str]] = {
    "warehouse.fallback": (
        "最新のデータ版を開けないため、保存されている正常な版のうち最も新しいものを表示しています。",
        "The latest data version could not be opened; showing the newest intact version kept.",
    ),
    "warehouse.fallback_admin": (
        "管理者向け: {problem}。`python -m etl build` で新しい版を作成すると解消します"
        "(`python -m etl status` で詳細を確認できます)。",
        "For administrators: {problem}. `python -m etl build` publishes a new version and repairs it "
        "(`python -m etl status` shows the details).",
    ),
    "warehouse.repinned": (
        "表示していたデータ版 {old} は削除されたため、現在の版 {new} に切り替えました。",
        "Data version {old} was removed; now showing the current version {new}.",
    ),
    "warehouse.unusable": (
        "利用できるデータ版がありません(保存されている版はすべて破損しているか読み込めません)。"
        "管理者が `python -m etl build` で作り直すと表示されます。",
        "No usable data version: every version kept is damaged or unreadable. "
        "An administrator can rebuild it with `python -m etl build`.",
    ),
}
i18n.register(LABELS)


def _code(text: str) -> str:
    """Damage details name files and quote DuckDB: shown as inert code, never as Markdown."""
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def sidebar() -> None:
    """One quiet line under the version in the sidebar while a fallback (or re-pin) is in effect."""
    moved = data.take_repinned()
    if moved is not None:
        st.sidebar.caption(":material/info: " + t("warehouse.repinned").format(old=_code(moved[0]),
                                                                             new=_code(moved[1])))
    if data.serving_problem():
        st.sidebar.caption(":material/info: " + t("warehouse.fallback"))


def details() -> None:
    """The fallback, with the damage found, for the Sources page."""
    problem = data.serving_problem()
    if problem:
        st.caption(":material/info: " + t("warehouse.fallback") + "  \n"
                   + t("warehouse.fallback_admin").format(problem=_code(problem)))


def no_warehouse() -> None:
    """Nothing can serve: a fresh install (build it) or every kept version damaged (rebuild it)."""
    if data.serving_problem():
        st.warning(t("warehouse.unusable"), icon=":material/build:")
    else:
        st.warning(t("no_warehouse"), icon=":material/build:")
