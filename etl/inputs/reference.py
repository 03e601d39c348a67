"""Reference tables bundled with the product: prefectures, indicator catalogue, statistic names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from etl.cells.text import read_bundled as read_rows
from etl.cells.values import CellError, nfkc


def data_dir() -> Path:
    """Bundled inputs (raw files, reference tables, templates); ``$IPDASH_DATA_DIR`` overrides."""
    override = os.environ.get("IPDASH_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Prefecture:
    code: str
    name_ja: str
    name_en: str
    block: str
    block_en: str
    bureau: str
    tile_x: int
    tile_y: int
    sample_scale: int  # coarse activity class 1-10, used only to scale the synthetic sample

    @property
    def short_name(self) -> str:
        """Name without 都/府/県 (北海道 stays whole)."""
        return self.name_ja[:-1] if self.name_ja[-1] in "都府県" else self.name_ja


@cache
def prefectures() -> tuple[Prefecture, ...]:
    rows = read_rows(data_dir() / "reference" / "prefectures.csv", ["prefecture_code"])
    return tuple(
        Prefecture(
            code=r["prefecture_code"],
            name_ja=r["prefecture_name_ja"],
            name_en=r["prefecture_name_en"],
            block=r["block"],
            block_en=r["block_en"],
            bureau=r["bureau"],
            tile_x=int(r["tile_x"]),
            tile_y=int(r["tile_y"]),
            sample_scale=int(r["sample_scale"]),
        )
        for _, r in rows
    )


@dataclass(frozen=True)
class Block:
    """A METI regional block (経済産業局の管轄), as named in prefectures.csv."""

    id: str  # in URLs: kyushu
    name_ja: str
    name_en: str
    bureau: str


@cache
def blocks() -> tuple[Block, ...]:
    """The nine blocks in the order their first prefecture appears (JIS order: north to south)."""
    found: dict[str, Block] = {}
    for pref in prefectures():
        found.setdefault(pref.block, Block(pref.block_en.lower(), pref.block, pref.block_en, pref.bureau))
    return tuple(found.values())


BLOCKS: tuple[str, ...] = tuple(block.name_ja for block in blocks())
TOTAL_NAMES = {"全国", "合計", "計", "総計", "全国計", "総数", "TOTAL", "ALL", "NATIONAL", "JAPAN", "全体"}


@cache
def _prefecture_names() -> dict[str, Prefecture]:
    names: dict[str, Prefecture] = {}
    for pref in prefectures():
        number = int(pref.code)
        for key in (pref.code, str(number), pref.name_ja, pref.short_name, pref.name_en.upper(),
                    f"{pref.name_en.upper()}-KEN", f"{pref.name_en.upper()}PREFECTURE"):
            names[key] = pref
    return names


@lru_cache(maxsize=4096)
def parse_prefecture(raw: str) -> Prefecture | str:
    """A cell naming a prefecture (東京都 / 東京 / 13 / Tokyo) -> the prefecture; 全国・合計 -> 'total';
    関東・関東計・小計 -> 'subtotal'; anything else a CellError."""
    key = re.sub(r"\s", "", nfkc(raw)).upper()
    names = _prefecture_names()
    if key in names:
        return names[key]
    if key in TOTAL_NAMES:
        return "total"
    bare = re.sub(r"(ブロック|地方|経済産業局|局|計)$", "", key)
    if key.endswith("計") or bare in BLOCKS:
        return "subtotal"
    raise CellError("unknown_prefecture")


@dataclass(frozen=True)
class Plan:
    plan: str  # 1st | 2nd | 3rd
    plan_no: int
    name_ja: str
    name_en: str
    fy_start: int
    fy_end: int

    @property
    def years(self) -> range:
        return range(self.fy_start, self.fy_end + 1)


@cache
def plans() -> tuple[Plan, ...]:
    """The action plans and their fiscal years, in order (data/reference/plans.csv)."""
    rows = read_rows(data_dir() / "reference" / "plans.csv", ["plan", "plan_no", "fy_start", "fy_end"])
    return tuple(Plan(r["plan"], int(r["plan_no"]), r["name_ja"], r["name_en"], int(r["fy_start"]), int(r["fy_end"]))
                 for _, r in rows)


def plan_of_year(fiscal_year: int) -> Plan | None:
    return next((plan for plan in plans() if fiscal_year in plan.years), None)


@cache
def indicator_catalog() -> tuple[dict[str, str], ...]:
    rows = read_rows(data_dir() / "reference" / "indicators.csv", ["kpi_id", "basis", "kpi_name_ja"])
    return tuple(r for _, r in rows)


@cache
def kpi_id_by_source_name() -> dict[str, str]:
    """Indicator name as printed in the raw files -> kpi_id."""
    mapping: dict[str, str] = {}
    for ind in indicator_catalog():
        for name in filter(None, ind["source_names_ja"].split("|")):
            mapping[name] = ind["kpi_id"]
    return mapping


@cache
def statistic_names() -> dict[str, tuple[str, str]]:
    """Indicator name in the raw statistics files -> (stat_code, English name)."""
    rows = read_rows(data_dir() / "reference" / "statistic_indicators.csv", ["indicator_ja", "stat_code"])
    return {r["indicator_ja"]: (r["stat_code"], r["indicator_en"]) for _, r in rows}


@cache
def _source_titles() -> dict[str, tuple[str, str]]:
    rows = read_rows(data_dir() / "reference" / "source_titles.csv", ["title", "title_ja", "title_en"])
    return {r["title"]: (r["title_ja"], r["title_en"]) for _, r in rows}


def source_titles(title: str) -> tuple[str, str | None]:
    """A bundled source's title in Japanese and English (data/reference/source_titles.csv), as written in the
    raw file when not translated yet (a warehouse check then names it)."""
    return _source_titles().get(title, (title, None))


@cache
def _statistic_notes() -> dict[str, tuple[str, str]]:
    rows = read_rows(data_dir() / "reference" / "statistic_notes.csv", ["note", "note_ja", "note_en"])
    return {r["note"]: (r["note_ja"], r["note_en"]) for _, r in rows}


def statistic_notes(note: str | None) -> tuple[str | None, str | None]:
    """A bundled statistic's note in Japanese and English (data/reference/statistic_notes.csv); an untranslated
    note is kept as written in both (a warehouse check names a Japanese one left in the English column)."""
    if not note:
        return None, None
    return _statistic_notes().get(note, (note, note))


@dataclass(frozen=True)
class Denominator:
    """A measure rates are computed against (data/reference/denominators.csv): what one rate unit is, and for a
    bundled measure its file and the national total its 47 rows must add up to (checked in the warehouse)."""

    measure: str  # establishments | population | smes (loadable)
    unit: str
    unit_en: str
    per: int  # rates are per this many units (10,000 establishments, 100,000 people)
    per_ja: str
    per_en: str
    bundled_file: str | None
    national_total: int | None
    national_reference_date: str | None


@cache
def denominator_catalog() -> tuple[Denominator, ...]:
    rows = read_rows(data_dir() / "reference" / "denominators.csv", ["measure", "per", "national_total"])
    return tuple(Denominator(r["measure"], r["unit"], r["unit_en"], int(r["per"]), r["per_ja"], r["per_en"],
                             r["bundled_file"] or None, int(r["national_total"]) if r["national_total"] else None,
                             r["national_reference_date"] or None) for _, r in rows)
