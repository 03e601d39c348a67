"""One cell of a Japanese statistics table -> a value, or a CellError naming the rule it breaks.

NFKC runs on a copy (the raw text stays for reports) after circled footnote markers are taken out
(NFKC would turn ① into 1). Placeholders become a missing value with a reason code, never 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from etl.inputs.reference import BLOCKS, Prefecture, prefectures
from etl.uploads import specs


class CellError(ValueError):
    """A cell breaks a rule; ``key`` and ``args`` name its message in etl.cells.messages."""

    def __init__(self, key: str, **args: object):
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class Number:
    value: float | None
    status: str  # ok | blank | none | na | secret | footnote
    note_ref: str = ""  # footnote markers found in the cell (※1, ①, 注2, *)
    flag: str = ""  # preliminary | revised


# Placeholder symbols of Japanese statistics (after NFKC) -> reason code
PLACEHOLDERS = {
    "-": "none", "―": "none", "—": "none", "‐": "none", "−": "none", "ー": "none", "--": "none",
    "...": "na", "..": "na", "・・・": "na", "不詳": "na",
    "x": "secret", "X": "secret", "秘匿": "secret",
    "※": "footnote", "*": "footnote",
}
PLACEHOLDER_TEXT = {"blank": "空欄 / blank", "none": "該当なし (－) / none", "na": "不詳 (…) / not available",
                    "secret": "秘匿 (x) / suppressed", "footnote": "注記のみ (※) / footnote only"}
SPREADSHEET_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")
_NOTE_REF = re.compile(r"(※\s*\d*|\*+|注\s*\d+)$")
_FLAG = re.compile(r"^(.*\d)\s*([pPrR])$")
_FAST = re.compile(r"\d{1,15}")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT = re.compile(r"^(.*?\d)\s*([^\d\s.,%]+)$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def nfkc(text: str) -> str:
    return text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def looks_like_formula(text: str) -> bool:
    """A spreadsheet would evaluate this text (checked after NFKC: ＝ becomes =)."""
    normal = nfkc(text)
    return len(normal) > 1 and normal.startswith(FORMULA_START) and not _PLAIN.match(normal.lstrip("+-"))


def parse_number(
    raw: str, *, allow_negative: bool = False, integer: bool = False, units: frozenset[str] = frozenset(),
    percent: bool = False,
) -> Number:
    """'１，２３４' -> 1234; '△12' -> -12 (if allowed); '85.3%' (percent columns); '－' -> missing 'none'."""
    if _FAST.fullmatch(raw):  # plain ASCII digits, by far the commonest cell
        return Number(float(raw), "ok")
    refs = _CIRCLED.findall(raw)
    text = nfkc(_CIRCLED.sub("", raw))
    if not text:
        return Number(None, "footnote" if refs else "blank", "".join(refs))
    if text in PLACEHOLDERS:
        return Number(None, PLACEHOLDERS[text], "".join(refs))
    if text.upper() in SPREADSHEET_ERRORS:
        raise CellError("spreadsheet_error")
    note = _NOTE_REF.search(text)
    if note:
        refs.append(note.group(1).replace(" ", ""))
        text = text[: note.start()].strip()
    flag = ""
    flagged = _FLAG.match(text)
    if flagged:
        flag = "preliminary" if flagged.group(2) in "pP" else "revised"
        text = flagged.group(1)
    negative = False
    if text[:1] in ("△", "▲", "-", "−"):
        negative, text = True, text[1:].strip()
    if text.endswith("%"):
        if not percent:
            raise CellError("unit_not_allowed.percent")
        text = text[:-1].strip()
    unit = _UNIT.match(text)
    if unit:
        if unit.group(2) not in units:
            raise CellError("unit_not_allowed", unit=unit.group(2))
        text = unit.group(1)
    if not (_PLAIN.match(text) or _GROUPED.match(text)):
        raise CellError("not_numeric")
    value = float(text.replace(",", ""))
    if integer and not value.is_integer():
        raise CellError("not_integer")
    if negative and value != 0:
        if not allow_negative:
            raise CellError("negative_count")
        value = -value
    return Number(value, "ok", "".join(refs), flag)


_ERAS = {"令和": (2018, 99), "R": (2018, 99), "平成": (1988, 31), "H": (1988, 31), "昭和": (1925, 64), "S": (1925, 64)}
_ERA_YEAR = re.compile(r"^(令和|平成|昭和|R|H|S)\.?(元|\d{1,2})(年度|年)?$")
_WESTERN = re.compile(r"^(\d{4})(年度|年)?$")
_FY = re.compile(r"^(FY|CY)(\d{4})$")
def parse_year(raw: str, year_type: str) -> int:
    """令和4年度 / R4 / H30 / 2022年度 / FY2022 -> 2022 (fiscal); 令和4年 / 2022年 / CY2022 (calendar).

    Only years from specs.FIRST_YEAR through the current fiscal year + specs.YEARS_AHEAD are data: 2099,
    令和50年 or 1950 are typing errors (checked outside the cache: the last year moves with the date).
    """
    year = _parse_year(raw, year_type)
    first, last = specs.year_range()
    if not first <= year <= last:
        raise CellError("year_out_of_range", year=year, first=first, last=last, ahead=specs.YEARS_AHEAD)
    return year


@lru_cache(maxsize=4096)
def _parse_year(raw: str, year_type: str) -> int:
    text = re.sub(r"\s", "", nfkc(raw)).upper()
    marked: str | None = None
    match = _ERA_YEAR.match(text)
    if match:
        base, last = _ERAS[match.group(1)]
        number = 1 if match.group(2) == "元" else int(match.group(2))
        if number < 1 or number > last:
            raise CellError("bad_year.era", era=match.group(1), number=number)
        year, marked = base + number, match.group(3)
    elif _WESTERN.match(text):
        western = _WESTERN.match(text)
        assert western is not None
        year, marked = int(western.group(1)), western.group(2)
    elif _FY.match(text):
        fy = _FY.match(text)
        assert fy is not None
        year, marked = int(fy.group(2)), "年度" if fy.group(1) == "FY" else "年"
    else:
        raise CellError("bad_year")
    if marked == "年度" and year_type == "calendar":
        raise CellError("year_type_mismatch.fiscal")
    if marked == "年" and year_type == "fiscal":
        raise CellError("year_type_mismatch.calendar")
    return year


_PERIODS = {
    "FY": ("", "FY", "通期", "年度", "年間", "全期", "通年", "FULLYEAR", "ANNUAL"),
    "H1": ("H1", "上期", "上半期", "前期", "1H", "4-9月", "4~9月"),
    "H2": ("H2", "下期", "下半期", "後期", "2H", "10-3月", "10~3月"),
}
_PERIOD_OF = {alias: period for period, aliases in _PERIODS.items() for alias in aliases}


@lru_cache(maxsize=256)
def parse_period(raw: str) -> str:
    key = re.sub(r"\s", "", nfkc(raw)).upper()
    if key not in _PERIOD_OF:
        raise CellError("unknown_period")
    return _PERIOD_OF[key]


TOTAL_NAMES = {"全国", "合計", "計", "総計", "全国計", "総数", "TOTAL", "ALL", "NATIONAL", "JAPAN", "全体"}


@lru_cache(maxsize=1)
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
    """東京都 / 東京 / 13 / Tokyo -> the prefecture; 全国・合計 -> 'total'; 関東・関東計・小計 -> 'subtotal'."""
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
