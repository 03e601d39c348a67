"""Every user-facing label of the product in Japanese and English, and the formats shared by the pages and
the reports. Pure: the language is always an argument (ui.i18n supplies the session's)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from etl.inputs.reference import blocks

LANGS = ("ja", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app.title": ("知財KPIダッシュボード", "Chizai KPI dashboard"),
    "app.short_title": ("知財KPI", "Chizai KPI"),
    "app.subtitle": ("地域知財活性化行動計画(第1次〜第3次)の進捗", "Progress of the Regional IP Activation Action Plans (1st–3rd)"),
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
    "overview.central_title": ("中央KPIの達成状況 (全国) — {plan}・{year}", "Central KPIs (national) — {plan}, {year}"),
    "overview.national_only": ("中央KPIは全国の値です。地域ブロックの絞り込みは、下の地域KPIのブロック別グラフに効きます。",
                               "Central KPIs are national figures. The block filter applies to the regional KPIs' "
                               "chart by block below."),
    "overview.national_only_prefectures": (
        "中央KPIは全国の値です。このページは都道府県で絞り込まず、地域KPIはブロック単位で示します。都道府県ごとの状況は"
        "「地域比較」と「半期レビュー」で見られます。",
        "Central KPIs are national figures. This page does not narrow to prefectures: the regional KPIs are shown "
        "by block. Regions and the half-year review show each prefecture."),
    "overview.no_figures": ("{year}の実績は、どのKPIについてもまだデータにありません(未公表、または公表資料に年度ごとの値がないため)。"
                            "カードには目標と基準値を表示しています。",
                            "No KPI has a result for {year} in the data yet (not yet published, or the published "
                            "sources give no figure per year). The cards show the targets and baselines."),
    # also said of a plan long ended (the 1st), so no "yet"
    "overview.no_figures_plan": ("{plan}の実績は、どのKPIについてもデータにありません(公表資料に年度ごとの値がない、または未公表のため)。"
                                 "カードには目標と基準値を表示しています。",
                                 "No KPI of the {plan} has a result in the data (the published sources give no figure "
                                 "per year, or none is published yet). The cards show the targets and baselines."),
    "overview.central_caption": (
        "出典: 第3次地域知財活性化行動計画(改訂版) 2024年3月 特許庁。達成率は実績÷目標で再計算し、計画書記載の値を併記。"
        "年度=4月〜翌3月、年=暦年。",
        "Source: JPO, 3rd Regional IP Activation Action Plan (revised), March 2024. Achievement is recomputed as "
        "actual ÷ target; the printed figure is shown beside it. FY = fiscal year (April–March), CY = calendar year.",
    ),
    "plan.1st": ("第1次計画 (2016–19年度)", "1st plan (FY2016–19)"),
    "plan.2nd": ("第2次計画 (2020–22年度)", "2nd plan (FY2020–22)"),
    "plan.3rd": ("第3次計画 (2023–25年度)", "3rd plan (FY2023–25)"),
    "basis.annual": ("年度目標", "annual"),
    "basis.cumulative": ("計画期間累計", "cumulative"),
    "basis.milestone": ("到達目標", "milestone"),
    "basis.qualitative": ("定性", "qualitative"),
    "period.FY": ("通期", "full year"),
    "period.H1": ("上期", "H1"),
    "period.H2": ("下期まで", "through H2"),
    "period.PLAN": ("計画期間", "plan period"),
    "status.achieved": ("◎ 達成", "◎ achieved"),
    "status.on_pace": ("○ 順調", "○ on pace"),
    "status.off_track": ("△ 遅れ", "△ off track"),
    "status.not_achieved": ("× 未達", "× not achieved"),
    "status.not_reported": ("… 未報告", "… not yet reported"),
    "status.no_target": ("— 目標なし", "— no target"),
    "status.qualitative": ("✎ 定性指標", "✎ qualitative"),
    "year.fiscal": ("年度", "FY"),
    "year.calendar": ("年", "CY"),
    "year.survey": ("調査年", "survey year"),
    "sample.badge": ("サンプルデータ", "Sample data"),
    "sample.caption": (
        "この表・グラフには合成サンプルデータ(is_sample)が含まれます。都道府県別の実数は未公表のため、"
        "公表済みの全国値と整合するように生成したものです。実データを読み込むと置き換わります。",
        "This view includes synthetic sample rows (is_sample). Per-prefecture figures are not published in a "
        "usable form; the sample is generated to agree with the published national totals and is replaced when "
        "real files are loaded.",
    ),
    # navigation and pages
    "page.kpi": ("KPI詳細", "KPI detail"),
    "page.regions": ("地域比較", "Regional comparison"),  # not the name of its menu section (Regions)
    "page.subsidies": ("外国出願補助金", "Foreign-filing subsidy"),
    "page.accelerated": ("早期審査", "Accelerated examination"),
    "page.pct": ("PCT国際出願", "PCT filings"),
    "page.load_data": ("データの読み込み", "Load data"),
    "page.explorer": ("データ検索・ダウンロード", "Data explorer & downloads"),
    "page.sources": ("出典・データについて", "Sources & data"),
    "url.ignored": ("URLの次の部分はこのページでは使えないため無視しました:", "These parts of the URL could not be used on this page and were ignored:"),
    # filters
    "filter.header": ("絞り込み", "Filters"),
    "filter.plan": ("計画", "Plan"),
    "filter.years": ("年度の範囲", "Fiscal-year range"),
    "filter.calendar_years": ("年の範囲 (暦年)", "Calendar-year range"),
    "filter.years_note": ("年度=4月〜翌3月(KPI)。PCT等の出願統計は暦年(年)。",
                          "FY = April–March (KPIs). Filing statistics such as PCT are calendar years (CY)."),
    "filter.current_plan_only": ("計画・年度: このページは現行計画の半期を振り返ります(計画と年度の絞り込みは使いません)。",
                                  "Plan and years: this page reviews the halves of the current plan (the plan and "
                                  "year filters do not apply here)."),
    "filter.blocks": ("地域ブロック(経済産業局)", "Regional blocks (METI bureaus)"),
    "filter.prefectures": ("都道府県", "Prefectures"),
    "filter.all": ("すべて", "All"),
    "filter.kpi": ("指標", "Indicator"),
    "geo.national": ("全国", "Japan"),
    "geo.block": ("ブロック別", "by block"),
    "geo.prefecture": ("都道府県別", "by prefecture"),
    "geo.region": ("地域", "Region"),
    "col.prefecture": ("都道府県", "Prefecture"),  # a column of one prefecture per row (the filter is plural)
    "col.geo": ("地域", "Region"),
    "col.code": ("コード", "Code"),
    "col.block": ("ブロック", "Block"),
    "col.achievement_short": ("達成率", "Achievement"),
    "col.as_published": ("公表値(原文)", "As published"),
    "period.plan_suffix": ("(計画期間)", " (plan period)"),
    "chart.as_table": ("表として表示", "Show as table"),
    "chart.source": ("出典:", "Source:"),
    "chart.gaps": ("数値なし(出典に記載がない年): {years}", "No figure (not in the sources): {years}"),
    "empty.selection": ("この条件に当てはまるデータはありません。絞り込みを広げてください。",
                        "No data matches these filters. Widen the selection."),
    "empty.kpi": ("この指標には、選んだ年度・地域のデータがありません。", "This indicator has no data for the chosen years and regions."),
    "empty.kpi_no_figures": ("選んだ年度のこの指標の実績は、まだデータにありません。下の表に目標と状況を示します。",
                             "No result of this indicator for the chosen years is in the data yet; the table below "
                             "gives its targets and status."),
    "empty.compare": ("比較する地域を2つ以上選んでください(最大8)。", "Choose at least 2 regions to compare (up to 8)."),
    "empty.regional_year": ("この年度の地域KPI集計はありません。", "No regional-KPI summary for this fiscal year."),
    "empty.log": ("読み込み履歴はまだありません。", "Nothing has been loaded yet."),
    # overview
    "overview.year": ("表示する年度", "Fiscal year shown"),
    "overview.vs_last_year": ("前年度比", "vs previous FY"),
    "overview.vs_last_calendar_year": ("前年比", "vs previous year"),
    "overview.no_previous": ("前年の数値なし", "no previous figure"),
    "overview.cumulative_to": ("{year}までの累計", "Cumulative to {year}"),
    "overview.plan_total": ("計画期間の累計 ({span})", "Plan-period total ({span})"),
    "overview.assessed_at_end": ("計画期間の終わり({year})に評価されます。", "Assessed at the end of the plan ({year})."),
    "overview.no_target_set": ("目標の設定なし", "No target set"),
    "overview.regional_unpublished": (
        "この年度の全国値は公表されていません。", "No national figure is published for this fiscal year."),
    "overview.details": ("詳細を見る", "Details"),
    "status.reported_at_end": ("▷ 計画期間末に評価", "▷ assessed at plan end"),
    "status.no_figure": ("— この年の数値なし", "— no figure this year"),
    "status.interim": ("◇ 中間値", "◇ interim figure"),
    "status.baseline": ("□ 基準値", "□ baseline"),
    "overview.printed": ("計画書記載", "printed"),
    "overview.items": ("項目", "items"),
    "overview.regional_title": ("地域KPI(都道府県KPI)の達成状況", "Regional KPIs: share achieved"),
    "overview.regional_rate": ("全国の達成率 {year}", "National share achieved, {year}"),
    "overview.regional_help": ("目標を達成した項目 {achieved} / 設定項目 {items}", "{achieved} of {items} items reached their target"),
    "overview.by_block": ("ブロック別 達成率", "Share achieved by block"),
    "overview.rate_axis": ("達成率 (%)", "Share achieved (%)"),
    "source.sample_counted": ("ブロック別は都道府県の合成サンプルから集計 (全国FY2022は計画書の114項目中90項目と一致)",
                              "Blocks are counted from the synthetic per-prefecture sample (national FY2022 matches the plan: 90 of 114)"),
    "source.sample_counted_only": ("ブロック別は都道府県の合成サンプルから集計",
                                   "Blocks are counted from the synthetic per-prefecture sample"),
    # KPI detail
    "kpi.regional": ("地域KPI(サンプル)", "regional KPI (sample)"),
    "kpi.baseline": ("基準値", "Baseline"),
    "kpi.national_only": ("この指標は全国値のみのため、地域の絞り込みに関わらず全国を表示しています。",
                          "This indicator exists only nationally, so Japan is shown whatever regions are chosen."),
    "status.no_data": ("— データなし", "— no data"),
    "kpi.qualitative": ("定性的な指標のため、数値目標・達成率はありません。", "A qualitative indicator: no numeric target or achievement rate."),
    "kpi.chart_title": ("実績と目標 ({basis})", "Actual vs target ({basis})"),
    "kpi.chart_note": ("棒=実績(累計目標は計画期間の累計)、破線◆=目標、記号=状況、網掛け=計画期間",
                       "Bars = actual (cumulative targets: running total over the plan), dashed ◆ = target, symbol = status, shading = plan period"),
    "kpi.by_region_title": ("地域別の達成率の推移", "Achievement by region over the years"),
    "kpi.halves_title": ("半期ごとの進捗 (上期・下期まで)", "Half-year progress (H1, through H2)"),
    "kpi.halves_note": ("達成率 = 年度目標に対する上期実績 / 年度末までの実績", "Achievement = H1 actual / actual through H2, against the year's target"),
    "kpi.halves_sum": ("{regions}の合計 (目標・実績とも合算した達成率)",
                       "{regions} added together (targets and actuals summed)"),
    "kpi.table_title": ("数値 (計画書記載の達成率と再計算値)", "Figures (printed and recomputed achievement)"),
    # regions
    "regions.measure": ("指標", "Measure"),
    "regions.mode": ("値 / 前年比", "Value or year-on-year"),
    "regions.mode.value": ("値", "Value"),
    "regions.mode.growth": ("前年比", "Year-on-year"),
    "regions.sort": ("並び順", "Sort by"),
    "regions.sort.value": ("値", "Value"),
    "regions.sort.code": ("都道府県コード", "JIS code"),
    "regions.highlight": ("強調する都道府県", "Highlight prefecture"),
    "regions.none": ("なし", "None"),
    "regions.growth_axis.fiscal": ("前年度比 (%)", "Year-on-year change (%)"),
    "regions.growth_axis.calendar": ("前年比 (%)", "Year-on-year change (%)"),
    "regions.growth_of.fiscal": ("{measure}の前年度比", "Year-on-year change in {measure}"),
    "regions.growth_of.calendar": ("{measure}の前年比", "Year-on-year change in {measure}"),
    "regions.map_title": ("地図: {measure} ({year})", "Map: {measure} ({year})"),
    "regions.map_note": ("タイル地図(1都道府県=1マス)。", "Tile map (one square per prefecture)."),
    # under a map on the page only: its image files cannot be clicked
    "regions.click_hint": ("都道府県をクリックすると、そのブロックに絞り込み、県を強調表示します。",
                           "Click a prefecture to narrow the page to its block and highlight it."),
    "regions.ranking_title": ("順位: {measure} ({year})", "Ranking: {measure} ({year})"),
    "regions.compare_title": ("地域の比較 (年度推移)", "Regions side by side over the years"),
    "regions.compare_pick": ("比較する地域 (2〜8)", "Regions to compare (2–8)"),
    "measure.regional_achievement": ("地域KPI達成率", "Regional-KPI share achieved"),
    "measure.subsidy_new_adoptions": ("外国出願補助金 新規採択件数", "Foreign-filing subsidy adoptions"),
    "measure.sme_accelerated_requests": ("中小企業の早期審査申請件数", "SME accelerated-examination requests"),
    "measure.venture_super_accelerated_requests": ("ベンチャーのスーパー早期審査申請件数", "Venture super-accelerated requests"),
    "measure.sme_pct_filings": ("中小企業のPCT国際出願件数", "SME PCT filings"),
    # maps, rates, tabs and per-chart downloads (issue 13)
    "regions.map_kind": ("地図の種類", "Map"),
    "map.tiles": ("タイル地図", "Tile map"),
    "map.geo": ("地図", "Geographic map"),
    "regions.geo_note": ("地図は各都道府県の本土のみ(佐渡・対馬・伊豆諸島・小笠原諸島・南西諸島の大半などの島は描いていません)。沖縄県は左上の枠内に2倍に拡大して表示。境界: japanmap (Apache-2.0)",
                         "Each prefecture's main landmass only (small islands such as Sado, Tsushima, the Izu and Ogasawara islands and most of the Ryukyus are not drawn). Okinawa is shown twice its size in the framed inset at the top left. Boundaries: japanmap (Apache-2.0)"),
    "per.label": ("件数 / 事業所・人口あたり", "Count or rate"),
    "per.count": ("件数", "Count"),
    "per.note": ("{per}。分母: {name}、出典: {source}", "Rate {per}. Denominator: {name}; source: {source}"),
    "per.block_rule": ("ブロックの率 = 都道府県の件数の合計 ÷ 同じ都道府県の分母の合計 (率の平均ではありません)",
                       "A block's rate = the sum of its prefectures' counts ÷ the sum of the same prefectures' denominators (not a mean of rates)"),
    "per.no_rate": ("地域KPI達成率は割合(%)のため、事業所数・人口あたりの率はありません。値をそのまま表示しています。",
                    "The regional-KPI share achieved is a percentage: it has no rate per establishment or per person, so its value is shown as it is."),
    "per.explorer_note": ("件数の行(単位が件・社・者・人・機関)に分母と率を追加しました。都道府県の行はその都道府県、ブロックの行はブロック合計、全国の行は全国合計の分母で割ります。割合・期間・金額の行には率はありません。",
                          "Rows of counts (units 件, 社, 者, 人, 機関) get the denominator and the rate: prefecture rows against the prefecture, block rows against the block's sum, national rows against Japan's. Percentages, durations and amounts have no rate."),
    "per.explorer_none": ("このビューには地域ごとの件数がないため、率はありません。", "This view holds no counts per region, so it has no rates."),
    "col.count": ("件数", "Count"),
    "col.denominator": ("分母", "Denominator"),
    "col.denominator_value": ("分母の値", "Denominator value"),
    "tab.label": ("表示形式", "View"),
    "tab.chart": ("グラフ", "Chart"),
    "tab.map": ("地図", "Map"),
    "tab.table": ("表", "Table"),
    "programme.map_title": ("{measure} ({year}、都道府県別)", "{measure} ({year}, by prefecture)"),
    "programme.table_title": ("{measure} ({level})", "{measure} ({level})"),
    "download.png": ("PNG画像", "PNG image"),
    "download.svg": ("SVG画像", "SVG image"),
    "download.chart_csv": ("データ (CSV)", "Data (CSV)"),
    # programme pages
    "programme.regions_title": ("地域別", "By region"),
    "programme.by_region": ("{measure} ({level})", "{measure} ({level})"),
    "programme.published_title": ("公表値 (全国)", "Published national figures"),
    "programme.national_title": ("全国: 第2次計画の目標に対する実績", "National: actual against the 2nd plan's target"),
    "programme.national_unfiltered": ("全国の値です。この施策KPIを定めた第2次計画の目標と比べます (サイドバーの計画・年度・地域の絞り込みは使いません)。",
                                      "National figures, against the target of the 2nd plan, which set this "
                                      "programme KPI (the sidebar's plan, years and regions do not apply)."),
    "subsidies.intro": ("中小企業等外国出願支援事業の新規採択件数。第2次計画の施策KPI(b): 400件/年度。",
                        "New adoptions of the SME foreign-filing subsidy. 2nd-plan KPI (b): 400 per fiscal year."),
    "accelerated.intro": ("中小企業の早期審査(目標5,500件/年度)とベンチャー企業のスーパー早期審査(目標300件/年度)の申請件数。",
                          "Requests for accelerated examination by SMEs (target 5,500 per FY) and super-accelerated examination by ventures (300 per FY)."),
    "pct.intro": ("PCT国際出願は暦年(年)で集計。中小企業のPCT出願は2022年に5,000件が目標(2018年4,379件)。",
                  "PCT filings are counted by calendar year. SME PCT filings: target 5,000 in 2022 (4,379 in 2018)."),
    "pct.national_title": ("全国のPCT国際出願 (2つの異なる集計)", "National PCT filings (two different measures)"),
    "pct.national_unfiltered": ("公表されている全ての年の全国値です (サイドバーの年・地域の絞り込みは使いません)。",
                                "National figures for every published year (the sidebar's years and regions do "
                                "not apply)."),
    "pct.pct_jpo_receiving_office": ("日本国特許庁が受理官庁として受理した件数(外国人による出願を含む)",
                                     "Filed at the JPO as receiving office (includes foreign applicants)"),
    "pct.pct_wipo_japan_origin": ("WIPO集計の日本国籍出願人による件数(他庁受理を含む)。上の件数と混ぜて比較しないこと",
                                  "WIPO count by Japanese-origin applicants (any receiving office); do not mix with the JPO count"),
    "pct.sme_title": ("中小企業のPCT国際出願と目標", "SME PCT filings against the target"),
    # explorer and downloads
    "explorer.intro": ("ビューを選び、サイドバーで絞り込み、表示中のデータをそのままダウンロードできます。",
                       "Pick a view, filter in the sidebar, and download exactly the rows shown."),
    "explorer.view": ("ビュー", "View"),
    "explorer.page": ("ページ (全{pages}ページ、1ページ500行)", "Page (of {pages}, 500 rows each)"),
    "explorer.limit": ("(上限 {limit:,} 行に達しました。絞り込んでください)", "(the limit of {limit:,} rows was reached: narrow the filters)"),
    "explorer.count": ("**{rows:,}** 行 × {columns} 列", "**{rows:,}** rows × {columns} columns"),
    "explorer.order": ("ダウンロードはこの並び順です (列見出しをクリックした並べ替えは画面上だけ)。",
                       "Downloads keep this order (sorting by clicking a column heading changes the screen only)."),
    "explorer.warehouse_title": ("データベース全体", "The whole database"),
    "explorer.warehouse_text": ("分析者向けに、現在のDuckDBファイルをそのままダウンロードできます(読み取り専用で開いてください)。",
                                "Analysts can download the current DuckDB file as is (open it read-only)."),
    "explorer.warehouse_button": ("DuckDBファイルをダウンロード", "Download the DuckDB file"),
    "explorer.views_title": ("公開ビューの一覧", "Public views"),
    "download.csv": ("CSV (Excel用)", "CSV (for Excel)"),
    "download.xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "download.parquet": ("Parquet", "Parquet"),
    "download.version": ("データ版", "Data version"),
    "download.rows": ("行数", "Rows"),
    "download.created": ("作成日時", "Created at"),
    "view.kpi_results": ("KPIの目標・実績・達成率", "KPI targets, actuals, achievement"),
    "view.regional_kpi_summary": ("地域KPIの達成項目数", "Regional KPI items achieved"),
    "view.subsidy_adoptions": ("外国出願補助金の採択件数", "Foreign-filing subsidy adoptions"),
    "view.accelerated_exam": ("早期審査・スーパー早期審査", "Accelerated examination"),
    "view.pct_filings": ("PCT国際出願", "PCT filings"),
    "view.published_statistics": ("公表統計(すべて)", "All published statistics"),
    "view.prefectures": ("都道府県とブロック", "Prefectures and blocks"),
    "view.indicators": ("指標の定義", "Indicator definitions"),
    "view.sources": ("出典", "Sources"),
    "view.load_log": ("読み込み履歴", "Load log"),
    # sources page
    "sources.sample_title": ("サンプルデータについて", "About the sample data"),
    "sources.sample_text": (
        "都道府県別の地域KPI表や採択件数などは、各経済産業局のPDFでしか公表されていません。そのため都道府県別の表示には、"
        "公表済みの全国値(例: 2022年度 地域KPI 114項目中90項目達成、外国出願補助金 328件)と合計が一致するよう決定的に生成した"
        "**合成サンプル**を使っています。サンプルの行は `is_sample = true` で、画面・グラフ・ダウンロードすべてに表示されます。"
        "実際のファイルを読み込むと、その地域・年度のサンプルは置き換わります。",
        "Per-prefecture regional KPI tables and counts are published only as PDFs by each METI bureau. Per-prefecture views "
        "therefore use a deterministic **synthetic sample** whose totals agree with the published national figures (e.g. "
        "FY2022: 90 of 114 regional KPI items achieved; 328 subsidy adoptions). Sample rows carry `is_sample = true`, shown on "
        "every page, chart and download. Loading a real file replaces the sample for that region and year.",
    ),
    "sources.list_title": ("出典一覧", "All sources"),
    "sources.rows": ("行", "rows"),
    "sources.type": ("種類", "Type"),
    "sources.link": ("リンク", "Link"),
    "sources.file": ("同梱ファイル", "Bundled file"),
    "sources.log_title": ("読み込み履歴 (`load_log`)", "Load log (`load_log`)"),
    "source_type.seed": ("計画書", "the plan"),
    "source_type.primary": ("一次資料", "primary"),
    "source_type.secondary": ("二次資料", "secondary"),
    "source_type.sample": ("合成サンプル", "synthetic sample"),
    "source_type.loaded": ("読み込みファイル", "loaded file"),
    "source_type.derived": ("集計値", "derived"),
    # --- PDCA: half-year review per block, pace to plan end, accounts, meeting pack ---
    "page.review": ("半期レビュー (PDCA)", "Half-year review (PDCA)"),
    "review.intro": ("地域ブロックごとに、第3次計画の地域KPIを半期ごとに振り返ります。遅れている指標が先頭です。要因と対策はブロックの編集者が記入し、記入内容はすべて履歴として残ります。",
                     "Each regional block reviews its regional KPIs of the current plan every half year. Off-track KPIs come first. The block's editors write the causes and countermeasures; every change is kept in the history."),
    "review.block": ("地域ブロック", "Regional block"),
    "review.block_pick": ("レビューするブロックを1つ選んでください。", "Choose one block to review."),
    "review.half": ("対象の半期", "Half year"),
    "review.half_label": ("{year}年度{half}", "FY{year} {half}"),
    "review.half.H1": ("上期", "H1"),
    "review.half.H2": ("下期", "H2"),
    "review.plan_note": ("{plan}。上期=4〜9月、下期=10〜3月。下期の状況は年度末までの累計で判定。",
                         "{plan}. H1 = April–September, H2 = October–March; H2 is judged on the whole year to date."),
    "review.no_data": ("このブロック・半期の地域KPIはありません。", "No regional KPIs for this block and half year."),
    "review.counts": ("状況の内訳", "Status overview"),
    "review.figures.own": ("{half}の実績 {actual}", "{half} actual {actual}"),
    "review.figures.compared": ("{what} {to_date} / 目標 {target} · 達成率 {pct}",
                                "{what} {to_date} vs target {target} · achievement {pct}"),
    "review.figures.target": ("目標 {target} · 達成率 {pct}", "target {target} · achievement {pct}"),
    "review.to_date.annual": ("年度の累計", "year to date"),
    "review.to_date.cumulative": ("計画期間の累計", "plan to date"),
    "review.to_date.other": ("比較する実績", "compared"),
    "review.needs": ("遅れ・未達のため、提出には要因と対策が必要です。", "Off track or not achieved: a cause and a countermeasure are required to submit."),
    "review.assessment": ("自己評価", "Self-assessment"),
    "review.cause": ("要因", "Cause"),
    "review.countermeasure": ("対策", "Countermeasure"),
    "review.owner": ("担当", "Owner"),
    "review.next_review": ("次回確認日", "Next review"),
    "review.entry_none": ("まだ記入はありません。", "Nothing written yet."),
    "review.entry_by": ("第{revision}版 · {state} · {author} · {at}", "Revision {revision} · {state} · {author} · {at}"),
    "review.state.draft": ("下書き", "draft"),
    "review.state.submitted": ("提出済み", "submitted"),
    "review.state.none": ("未記入", "not started"),
    "review.edit": ("記入・編集", "Write / edit"),
    "review.save_draft": ("下書き保存", "Save draft"),
    "review.submit": ("提出", "Submit"),
    "review.saved": ("保存しました (第{revision}版、{state})。", "Saved (revision {revision}, {state})."),
    "review.conflict": ("保存していません: あなたが編集している間に {author} さんが第{revision}版を保存しました ({at})。あなたの入力は下に残してあります。内容を確認して、もう一度保存してください。",
                        "Not saved: while you were editing, {author} saved revision {revision} ({at}). Your text is kept below; check both and save again."),
    "review.conflict_theirs": ("保存済みの最新版 (第{revision}版)", "Latest saved (revision {revision})"),
    "review.conflict_yours": ("あなたの入力 (未保存)", "Your text (not saved)"),
    "review.refused": ("保存できません: {reasons}", "Cannot save: {reasons}"),
    "review.reason.cause_required": ("要因を記入してください", "write the cause"),
    "review.reason.countermeasure_required": ("対策を記入してください", "write the countermeasure"),
    "review.reason.next_review_invalid": ("次回確認日が日付ではありません", "the next review is not a date"),
    "review.reason.assessment_too_long": ("自己評価が長すぎます (4,000字まで)", "the self-assessment is too long (4,000 characters)"),
    "review.reason.cause_too_long": ("要因が長すぎます (4,000字まで)", "the cause is too long (4,000 characters)"),
    "review.reason.countermeasure_too_long": ("対策が長すぎます (4,000字まで)", "the countermeasure is too long (4,000 characters)"),
    "review.reason.owner_too_long": ("担当が長すぎます (200字まで)", "the owner is too long (200 characters)"),
    "review.denied": ("このアカウントはこのブロックに書き込めません。", "This account cannot write to this block."),
    "review.read_only": ("閲覧のみ。記入するには、このブロックの編集者としてログインしてください。", "Read only. Log in as an editor of this block to write."),
    "review.history": ("履歴 ({n}件)", "History ({n})"),
    "review.prefectures": ("都道府県別 ({half})", "By prefecture ({half})"),
    "review.col.code": ("コード", "Code"),
    "review.col.revision": ("版", "Revision"),
    "review.col.written_at": ("日時 (日本時間)", "Time (JST)"),
    "review.col.author": ("記入者", "Author"),
    "review.col.state": ("状態", "State"),
    "review.chart_title": ("{kpi}: 半期ごとの実績と見通し", "{kpi}: actual per half and projection"),
    "review.chart_actual": ("実績", "Actual"),
    "review.chart_projection": ("見通し (推計・実績ではない)", "Projection (estimate, not an actual)"),
    "review.chart_pace": ("目標ペース (半期あたり)", "Target pace (per half)"),
    "review.chart_range": ("範囲 (最も遅い〜最も速い半期)", "Range (slowest to fastest half)"),
    "review.chart_note": ("棒=報告済みの半期の実績。灰色の枠=これまでの平均ペースでの見通し、縦線=最も遅い〜最も速い半期の範囲。破線◆=目標に必要な半期あたりの値。",
                          "Bars = reported halves. Grey outlines = projection at the average pace so far; whisker = slowest to fastest half. Dashed ◆ = what the target needs per half."),
    "review.value_axis": ("半期の値 ({unit})", "Value per half ({unit})"),
    "pace.title": ("計画終了時の見通し (推計)", "Plan-end projection (estimate)"),
    "pace.summary": ("計画終了時の見通し(推計): {year}年度末に {value} (範囲 {low}〜{high}) / 目標 {target} → {verdict}。報告済み{halves}半期の平均ペースによる。",
                     "Plan-end projection: {value} at the end of FY{year} (range {low}–{high}) vs target {target} → {verdict}. From the average pace of {halves} reported halves."),
    "pace.on": ("○ 達成ペース", "○ on pace"),
    "pace.off": ("△ 遅れ (このペースでは未達)", "△ off track (this pace misses the target)"),
    "pace.final": ("実績: {year}年度末に {value} / 目標 {target} → {verdict} (全半期が報告済み)。",
                   "Actual: {value} at the end of FY{year} vs target {target} → {verdict} (every half reported)."),
    "pace.no_target": ("目標なし", "no target"),
    "pace.too_few": ("見通しなし: 報告済みの半期が{n}つ未満です。", "No projection: fewer than {n} halves reported."),
    "pack.title": ("会議資料", "Meeting pack"),
    "pack.make": ("会議資料を作成 (PDF・Excel)", "Make the meeting pack (PDF, Excel)"),
    "pack.making": ("会議資料を作成中…", "Making the meeting pack…"),
    "pack.pdf": ("PDFをダウンロード", "Download PDF"),
    "pack.xlsx": ("Excelをダウンロード", "Download Excel"),
    "pack.failed": ("会議資料を作成できませんでした: {reason}", "The meeting pack could not be made: {reason}"),
    "pack.doc_title": ("地域知財活性化行動計画 半期レビュー", "Regional IP Activation Action Plan: half-year review"),
    "pack.meeting": ("地域ブロック会議資料", "Regional block meeting pack"),
    "pack.app": ("知財KPIダッシュボード", "Chizai KPI dashboard"),
    "pack.block": ("地域ブロック", "Block"),
    "pack.plan": ("計画", "Plan"),
    "pack.score_note": ("状況は半期末時点の判定です。上期は年度目標の50%以上で「順調」、下期は年度末までの累計で判定し、計画期間の累計目標は経過した期間に応じて按分します。見通しはこれまでの平均ペースによる推計で、実績ではありません (報告済みの半期が2つ未満の場合は示しません)。",
                        "Status is judged at the end of the half: H1 is on pace at 50% of the year's target or more, H2 is judged on the year to date, and cumulative plan targets are prorated over the time elapsed. Projections are estimates from the average pace so far, not actuals (none with fewer than two reported halves)."),
    "pack.method": ("この資料は知財KPIダッシュボードが自動作成しました。数値はデータ版に記載の版から取得し、要因・対策はブロックの編集者が記入した最新の版です (すべての変更履歴は保存されています)。見通し = 報告済みの半期の平均 × 残りの半期 (範囲: 最も遅い半期〜最も速い半期)。",
                    "Made by the Chizai KPI dashboard. Figures come from the data version shown; causes and countermeasures are the latest revision written by the block's editors (every change is kept). Projection = average of the reported halves × the remaining halves (range: slowest to fastest half)."),
    "pack.prefectures_note": ("各欄: 状況の記号と達成率 (%)。— はその都道府県にその指標の目標が設定されていないことを示します。",
                              "Each cell: status symbol and achievement (%). — means the prefecture has no target for that KPI."),
    "pack.score.status": ("状況", "Status"),
    "pack.score.kpi": ("指標", "KPI"),
    "pack.score.pct": ("達成率", "Achievement"),
    "pack.half": ("対象期間", "Period"),
    "pack.version": ("データ版", "Data version"),
    "pack.created": ("作成日", "Date"),
    "pack.scorecard": ("スコアカード", "Scorecard"),
    "pack.off_track": ("遅れ・未達の指標: 要因と対策", "Off-track KPIs: causes and countermeasures"),
    "pack.off_track_none": ("この半期に遅れ・未達の指標はありません。", "No KPI is off track or missed in this half."),
    "pack.not_written": ("(未記入)", "(not written)"),
    "pack.charts": ("指標ごとの推移と見通し", "Each KPI: halves and projection"),
    "pack.prefectures": ("都道府県別の達成状況", "By prefecture"),
    "pack.sources": ("出典", "Sources"),
    "pack.sheet.cover": ("表紙", "Cover"),
    "pack.sheet.scorecard": ("スコアカード", "Scorecard"),
    "pack.sheet.off_track": ("遅れ・対策", "Off track"),
    "pack.sheet.prefectures": ("都道府県別", "Prefectures"),
    "pack.sheet.halves": ("半期推移", "Halves"),
    "pack.sheet.sources": ("出典", "Sources"),
    "pack.col.projection": ("見通し (推計)", "Projection (estimate)"),
    "pack.col.proj_low": ("見通し下限", "Projection low"),
    "pack.col.proj_high": ("見通し上限", "Projection high"),
    "pack.col.pace": ("ペース判定 (推計)", "Pace (projection)"),
    "pack.col.entry": ("記入状態", "Entry"),
    "pack.col.half": ("半期", "Half"),
    "pack.col.kind": ("種別", "Kind"),
    "pack.col.value": ("値", "Value"),
    "pack.sample_notice": ("注意: この資料の地域KPIの数値は合成サンプルデータ(is_sample)です。実データではありません。都道府県別の実数が読み込まれると置き換わります。",
                           "Note: the regional-KPI figures in this pack are synthetic sample data (is_sample), not real statistics. They are replaced when real per-prefecture files are loaded."),
    "pack.footer": ("知財KPIダッシュボード · {block} · {half} · データ版 {version}", "Chizai KPI · {block} · {half} · data version {version}"),
    # accounts and login (the review page and the admin Load data page share them)
    "auth.login_title": ("ログイン", "Log in"),
    "auth.account": ("アカウント", "Account"),
    "auth.password": ("パスワード", "Password"),
    "auth.login": ("ログイン", "Log in"),
    "auth.sso": ("組織のアカウントでログイン (SSO)", "Log in with your organisation (SSO)"),
    "auth.logout": ("ログアウト", "Log out"),
    "auth.signed_in": ("ログイン中: **{name}** ({role})", "Signed in: **{name}** ({role})"),
    "auth.role.admin": ("管理者", "administrator"),
    "auth.role.editor": ("編集者: {blocks}", "editor: {blocks}"),
    "auth.role.viewer": ("閲覧者", "viewer"),
    "auth.wrong": ("アカウント名またはパスワードが違います。", "Wrong account or password."),
    "auth.locked": ("ログインの失敗が続いたため、一時的にロックしています。約{seconds}秒後にもう一度お試しください。",
                    "Too many failed logins: locked for now. Try again in about {seconds} s."),
    "auth.expired": ("一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
                     "Your session expired; log in again."),
    "auth.not_admin": ("このアカウントには管理者の権限がありません。", "This account is not an administrator."),
    "auth.no_accounts": ("編集用のアカウントが設定されていません (閲覧のみ)。`.streamlit/secrets.toml` にアカウントを追加する方法は README を参照してください。",
                         "No editor accounts are configured (read only). See the README for adding accounts to `.streamlit/secrets.toml`."),
    "auth.short_admin": ("管理者ページは無効です: `IPDASH_ADMIN_PASSWORD` が短すぎます ({n}文字)。12文字以上にしてください。",
                         "The admin page is disabled: `IPDASH_ADMIN_PASSWORD` is too short ({n} characters). Use at least 12 characters."),
    "auth.config_problems": ("アカウント設定の問題", "Problems in the account settings"),
    # serving heals itself (ui.warehouse_notice)
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
    # the Load data page (ui.admin, ui.loading, ui.load_view); rule messages are etl.cells.messages
    "load.intro": ("都道府県別の統計ファイル(CSV・Excel)を読み込み、その地域・年度のサンプルを実データに置き換えます。"
                   "書き込む前に内容を検証して表示します。",
                   "Load per-prefecture statistics files (CSV, Excel); real rows replace the sample for their region "
                   "and year. The file is checked and shown before anything is written."),
    "admin.disabled": ("このページは管理者用で、現在は無効です。有効にするには、12文字以上の"
                       "環境変数 `IPDASH_ADMIN_PASSWORD` を設定してサーバーを起動するか、"
                       "`.streamlit/secrets.toml` に管理者アカウント "
                       "(`python -m etl hash-password NAME --role admin`) を追加してください。コマンドラインでは"
                       " `python -m etl ingest FILE --dataset …` で読み込めます。",
                       "This page is for administrators and is disabled. To enable it, start the server with the "
                       "environment variable `IPDASH_ADMIN_PASSWORD` set (at least 12 characters), or add an admin "
                       "account to `.streamlit/secrets.toml` (`python -m etl hash-password NAME --role admin`). "
                       "From the command line: `python -m etl ingest FILE --dataset …`."),
    "load.templates": ("テンプレートと記入例", "Templates and examples"),
    "load.templates_note": ("テンプレートは見出し行だけのファイルです (日本語の見出し。英語の別名も可)。"
                            "見出しの下に実際の値を記入してください。記入例は書き方の見本で、"
                            "備考が「記入例」の行は読み込めません。詳しくは docs/loading-data.md。",
                            "A template is the header row alone (Japanese headers; English aliases accepted): put real "
                            "values under it. An example shows how to fill it in; its rows, marked `記入例` in the note, "
                            "are never loaded. Details: docs/loading-data.md."),
    "load.template": ("テンプレート", "template"),
    "load.example": ("記入例", "example"),
    "load.dataset": ("データの種類", "Dataset"),
    "load.file": ("ファイル (CSV・TSV: UTF-8・BOM付きUTF-8・Shift_JIS(CP932)、または Excel .xlsx。50MBまで)",
                  "File (CSV or TSV in UTF-8, UTF-8 with BOM or Shift_JIS (CP932), or Excel .xlsx; up to 50 MB)"),
    "load.choose_file": ("ファイルを選択", "Choose file"),
    "load.drop_here": ("またはここにドラッグ＆ドロップ", "or drag and drop it here"),
    "load.sheet": ("シート", "Sheet"),
    "load.sheet_choose": ("読み込むシートを選んでください", "Choose the sheet to load"),
    "load.sheet_hidden": ("(非表示)", "(hidden)"),
    "load.choose_sheet": ("データらしいシートが複数あります: {names}。読み込むシートを選んでください。",
                          "Several sheets look like data: {names}. Choose the sheet to load."),
    "load.validating": ("検証中…", "Checking…"),
    "load.valid": ("{file}: 問題は見つかりませんでした: {rows:,} 行を読み込めます。まだ何も書き込んでいません。",
                   "{file}: no problems found: {rows:,} row(s) can be loaded. Nothing has been written yet."),
    "load.invalid": ("{file}: 読み込めません: {problems:,} 件の問題 ({rows:,} 行)。データベースは変更されていません。",
                     "{file}: cannot be loaded: {problems:,} problem(s) in {rows:,} row(s). The database is unchanged."),
    "load.source_csv": ("CSV (文字コード {encoding})", "CSV, encoding {encoding}"),
    "load.source_xlsx": ("Excel (シート {sheet})", "XLSX, sheet {sheet}"),
    "load.source_unreadable": ("読めない形式", "unreadable"),
    "load.header_rows": ("見出し行", "header row(s)"),
    "load.rows_in_file": ("ファイルの行数", "Rows in file"),
    "load.rows_valid": ("読み込める行", "Valid rows"),
    "load.rows_skipped": ("読み飛ばした行", "Skipped rows"),
    "load.problems": ("問題", "Problems"),
    "load.warnings": ("注意", "Warnings"),
    "load.impact": ("読み込むと", "Loading it will"),
    "load.added": ("追加する行", "Rows added"),
    "load.replaced_sample": ("置き換えるサンプル行", "Sample rows replaced"),
    "load.replaced_real": ("上書きする実データの行", "Real rows overwritten"),
    "load.impact_unknown": ("置き換える行数を数えられませんでした (データベースが読めません)。"
                            "実データを上書きする場合は読み込み時に確認を求めます。",
                            "The rows to replace could not be counted (the database cannot be read); loading asks "
                            "for confirmation if real rows would be overwritten."),
    "load.real_warning": ("このファイルは実データ (サンプルではない、以前に読み込んだ値や公表値) "
                          "{real:,} 行を上書きします。",
                          "This file overwrites {real:,} real row(s) (values loaded earlier or published, not "
                          "sample)."),
    "load.real_confirm": ("実データ {real:,} 行を上書きすることを確認しました",
                          "I confirm overwriting {real:,} real row(s)"),
    "load.real_allow": ("実データ (サンプルでない行) があれば上書きしてよい",
                        "Allow overwriting real (non-sample) rows, if any"),
    "load.preview": ("プレビュー", "Preview"),
    "load.preview_note": ("問題のある行は赤、読み飛ばした行(表題・注記・合計など)は灰色。",
                          "Rows with problems in red; skipped rows (titles, notes, totals…) in grey."),
    "load.col_row": ("行", "Row"),
    "load.col_column": ("列", "Column"),
    "load.col_value": ("値", "Value"),
    "load.col_rule": ("規則", "Rule"),
    "load.col_message": ("内容", "Why"),
    "load.col_status": ("状態", "Status"),
    "load.status.ok": ("読み込み可", "ok"),
    "load.status.error": ("エラー", "error"),
    "load.status.skipped": ("読み飛ばし", "skipped"),
    "load.skip.title": ("表題", "title"),
    "load.skip.blank": ("空行", "blank"),
    "load.skip.header": ("見出し", "header"),
    "load.skip.unit": ("単位", "unit"),
    "load.skip.note": ("注記", "note"),
    "load.skip.total": ("合計", "total"),
    "load.skip.subtotal": ("小計", "subtotal"),
    "load.skip.duplicate": ("重複", "duplicate"),
    "load.quarantined": ("この試行は読み込み履歴に記録し、ファイルは隔離しました: `{path}`。"
                         "修正して再度アップロードしてください。",
                         "This attempt was logged and the file quarantined: `{path}`. Fix it and upload it again."),
    "load.not_quarantined": ("ファイルを隔離できませんでした: {error}", "The file could not be quarantined: {error}"),
    "load.confirm": ("{rows:,} 行を読み込む", "Load {rows:,} row(s)"),
    "load.step.validated": ("検証済み", "Checked"),
    "load.step.archived": ("原本を保存しました", "File archived"),
    "load.step.assembled": ("新しい版のデータを準備中…", "Preparing the new version…"),
    "load.step.written": ("新しい版を作成・検査中…", "Building and checking the new version…"),
    "load.step.checked": ("検査に合格。切り替え中…", "Checks passed. Switching…"),
    "load.step.published": ("公開しました", "Published"),
    "load.done": ("{file} を読み込みました: {rows:,} 行 (置き換え {replaced:,} 行、うちサンプル {sample:,} 行)。"
                  "新しい版 `{version}` がすべての利用者に表示されます。",
                  "Loaded {file}: {rows:,} row(s) ({replaced:,} replaced, {sample:,} of them sample). The new version "
                  "`{version}` is now shown to every user."),
    "load.unchanged": ("{file} は読み込み済みです。変更はありません (版 `{version}`)。",
                       "{file} is already loaded: nothing changed (version `{version}`)."),
    "load.refused": ("{file} は読み込みませんでした: 実データ {real:,} 行を上書きするため、確認が必要です。",
                     "{file} was not loaded: it would overwrite {real:,} real rows and needs your confirmation."),
    "load.rejected": ("{file} は読み込めませんでした。現在の版がそのまま使われています。",
                      "{file} could not be loaded; the current version keeps serving."),
    "load.failed": ("{file} を読み込めませんでした。現在の版がそのまま使われています。",
                    "{file} could not be loaded; the current version keeps serving."),
    "load.history": ("読み込み履歴 (最新20件)", "Load log (latest 20)"),
    "load.log.loaded_at": ("日時 (UTC)", "Time (UTC)"),
    "load.log.action": ("操作", "Action"),
    "load.log.status": ("結果", "Status"),
    "load.log.dataset": ("データの種類", "Dataset"),
    "load.log.file_name": ("ファイル", "File"),
    "load.log.rows_loaded": ("読み込んだ行", "Rows loaded"),
    "load.log.rows_replaced": ("置き換えた行", "Rows replaced"),
    "load.log.message": ("記録 (英語)", "Message"),
    "load.log.sha256": ("sha256", "sha256"),
    "load.log.load_id": ("ID", "ID"),
    # the journal's codes (etl.loads.journal), shown in the user's language
    "load.log.action.build": ("版の作成", "build"),
    "load.log.action.ingest": ("ファイルの読み込み", "file load"),
    "load.log.status.built": ("作成済み", "built"),
    "load.log.status.accepted": ("読み込み済み", "loaded"),
    "load.log.status.unchanged": ("変更なし (読み込み済みのファイル)", "unchanged (file already loaded)"),
    "load.log.status.rejected": ("不可 (問題あり)", "rejected (problems)"),
    "load.log.status.refused": ("中止 (実データの上書きに確認が必要)", "stopped (overwriting real rows needs confirming)"),
    "load.log.status.failed": ("失敗", "failed"),
}


def text(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (Japanese for anything but "en")."""
    ja, en = LABELS[key]
    return en if lang == "en" else ja


def labels(prefix: str, lang: str) -> dict[str, str]:
    """Every label under ``prefix`` (e.g. "status.") in ``lang``, keyed by the code after it."""
    return {key.removeprefix(prefix): text(key, lang) for key in LABELS if key.startswith(prefix)}


UNITS_EN = {"件": "count", "社": "companies", "項目": "items", "か月": "months", "円": "yen", "者": "applicants",
            "人": "persons", "機関": "institutions", "%": "%"}


UNITS_JA = {"ratio": "比率", "flag": "該当"}  # the few units the raw files write in English


def unit(stored: str | None, lang: str) -> str:
    """A unit as stored (mostly Japanese) in ``lang``."""
    if not stored:
        return ""
    return UNITS_EN.get(stored, stored) if lang == "en" else UNITS_JA.get(stored, stored)


def year_label(year: int | None, year_type: str | None, lang: str) -> str:
    """'2022年度' / 'FY2022' for fiscal years, '2022年' / 'CY2022' for calendar years, '2022年調査' / '2022 survey'
    for a survey's year (neither: the survey says when it asked)."""
    if year is None:
        return ""
    if year_type == "survey":
        return f"{year}年調査" if lang != "en" else f"{year} survey"
    if lang == "en":
        return f"{'FY' if year_type == 'fiscal' else 'CY' if year_type == 'calendar' else ''}{year}"
    return f"{year}{'年度' if year_type == 'fiscal' else '年'}"


def block_label(block: str, lang: str) -> str:
    """A METI block as stored (九州) in ``lang`` (English names from data/reference/prefectures.csv)."""
    if lang != "en":
        return block
    return next((b.name_en for b in blocks() if b.name_ja == block), block)


def block_id(block: str) -> str:
    """The block's id in URLs, file names and account settings (九州 -> kyushu)."""
    return next((b.id for b in blocks() if b.name_ja == block), block)


def span_label(first: int, last: int, year_type: str | None, lang: str) -> str:
    """'2020–2022年度' / 'FY2020–2022' (years a whole-plan figure covers)."""
    if lang == "en":
        return f"{'FY' if year_type == 'fiscal' else 'CY' if year_type == 'calendar' else ''}{first}–{last}"
    return f"{first}–{last}{'年度' if year_type == 'fiscal' else '年'}"


def rounded(value: float, places: int = 1) -> str:
    """``value`` to ``places`` decimals with thousands separators, halves away from zero (四捨五入) as the tables
    round them (reports.views.ROUNDING): Python's own format would show 12.25 as '12.2' beside a table's 12.3."""
    return f"{Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}"


def number_text(value: float | None, unit_text: str = "") -> str:
    """1234 -> '1,234'; 12.34 -> '12.3'; None -> '—'; with the unit after a space ('30%' without, as the
    cards and tables print percentages)."""
    if value is None:
        return "—"
    shown = rounded(value, 0 if float(value).is_integer() else 1)
    return f"{shown}%" if unit_text == "%" else f"{shown} {unit_text}".strip()
