"""Japanese-first labels with English available. ``t(key)`` reads the language of this session."""

from __future__ import annotations

import streamlit as st

LANGS = ("ja", "en")
LANG_KEY = "lang"

LABELS: dict[str, tuple[str, str]] = {
    "app.title": ("知財KPIダッシュボード", "Chizai KPI dashboard"),
    "app.subtitle": ("第3次地域知財活性化行動計画の進捗", "Progress of the 3rd Regional IP Activation Action Plan"),
    "lang.label": ("言語 / Language", "言語 / Language"),
    "nav.executive": ("経営層向け", "For executives"),
    "nav.regions": ("地域", "Regions"),
    "nav.programmes": ("施策別", "Programmes"),
    "nav.data": ("データ", "Data"),
    "page.overview": ("概要", "Overview"),
    "no_warehouse": (
        "データベースがまだ作成されていません。`make run`(または `python -m etl build`)で作成してください。",
        "The warehouse has not been built yet. Run `make run` (or `python -m etl build`).",
    ),
    "error.page": (
        "このページの表示中に問題が発生しました。条件を変えるか、再読み込みしてください。詳細はサーバーのログにあります。",
        "Something went wrong while showing this page. Change the filters or reload; details are in the server log.",
    ),
    "footer.version": ("データ版", "Data version"),
    "footer.built": ("作成日時", "Built at"),
    "col.plan": ("計画", "Plan"),
    "col.kpi": ("指標", "Indicator"),
    "col.group": ("区分", "Group"),
    "col.basis": ("目標の種類", "Target basis"),
    "col.year": ("年度/年", "Year"),
    "col.period": ("期間", "Period"),
    "col.target": ("目標", "Target"),
    "col.actual": ("実績", "Actual"),
    "col.actual_to_date": ("比較する実績(累計等)", "Actual compared"),
    "col.unit": ("単位", "Unit"),
    "col.achievement": ("達成率(再計算, %)", "Achievement (recomputed, %)"),
    "col.printed": ("達成率(計画書記載, %)", "Achievement (as printed, %)"),
    "col.status": ("状況", "Status"),
    "col.sample": ("サンプル", "Sample"),
    "col.source": ("出典", "Source"),
    "col.note": ("注記", "Note"),
    "overview.central_title": ("中央KPIの達成状況", "Central KPI results"),
    "overview.central_caption": (
        "出典: 第3次地域知財活性化行動計画(改訂版) 2024年3月 特許庁。達成率は実績÷目標で再計算し、計画書記載の値を併記。"
        "年度=4月〜翌3月、年=暦年。",
        "Source: JPO, 3rd Regional IP Activation Action Plan (revised), March 2024. Achievement is recomputed as "
        "actual ÷ target; the printed figure is shown beside it. 年度 = fiscal year (April–March), 年 = calendar year.",
    ),
    "plan.1st": ("第1次計画 (FY2016–19)", "1st plan (FY2016–19)"),
    "plan.2nd": ("第2次計画 (FY2020–22)", "2nd plan (FY2020–22)"),
    "plan.3rd": ("第3次計画 (FY2023–25)", "3rd plan (FY2023–25)"),
    "basis.annual": ("年度目標", "annual"),
    "basis.cumulative": ("計画期間累計", "cumulative"),
    "basis.milestone": ("到達目標", "milestone"),
    "basis.qualitative": ("定性", "qualitative"),
    "period.FY": ("通期", "full year"),
    "period.H1": ("上期", "H1"),
    "period.H2": ("下期まで", "through H2"),
    "period.PLAN": ("計画期間", "plan period"),
    "status.achieved": ("✅ 達成", "✅ achieved"),
    "status.on_pace": ("🔵 順調", "🔵 on pace"),
    "status.off_track": ("⚠️ 遅れ", "⚠️ off track"),
    "status.not_achieved": ("❌ 未達", "❌ not achieved"),
    "status.not_reported": ("⏳ 未報告", "⏳ not yet reported"),
    "status.no_target": ("— 目標なし", "— no target"),
    "status.qualitative": ("📝 定性指標", "📝 qualitative"),
    "year.fiscal": ("年度", "FY"),
    "year.calendar": ("年", "CY"),
    "year.survey": ("調査年", "survey year"),
    "sample.badge": ("サンプルデータ", "Sample data"),
    "sample.caption": (
        "⚠️ この表・グラフには合成サンプルデータ(is_sample)が含まれます。都道府県別の実数は未公表のため、"
        "公表済みの全国値と整合するように生成したものです。実データを読み込むと置き換わります。",
        "⚠️ This view includes synthetic sample rows (is_sample). Per-prefecture figures are not published in a "
        "usable form; the sample is generated to agree with the published national totals and is replaced when "
        "real files are loaded.",
    ),
}


def register(labels: dict[str, tuple[str, str]]) -> None:
    """Add labels owned by another ui module (e.g. the admin page); a clash is a bug."""
    clashes = set(labels) & set(LABELS)
    if clashes and any(LABELS[k] != labels[k] for k in clashes):
        raise ValueError(f"label keys defined twice: {sorted(clashes)}")
    LABELS.update(labels)


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "ja")
    return value if value in LANGS else "ja"


def t(key: str) -> str:
    ja, en = LABELS[key]
    return en if lang() == "en" else ja


def year_label(year: int | None, year_type: str | None) -> str:
    """'2022年度' / 'FY2022' for fiscal years, '2022年' / 'CY2022' for calendar years."""
    if year is None:
        return ""
    if lang() == "en":
        return f"{'FY' if year_type == 'fiscal' else 'CY' if year_type == 'calendar' else ''}{year}"
    return f"{year}{'年度' if year_type == 'fiscal' else '年'}"
