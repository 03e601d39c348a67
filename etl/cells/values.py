"""One cell of any input -> a value, or a CellError naming the rule it breaks: the one cell vocabulary.

Uploads (etl.uploads) and the bundled files (etl.inputs) read numbers, years and periods with the same
grammar; the bundled files allow less of it (``plain_number``, ``year_span``). NFKC runs on a copy (the raw
text stays for reports) after circled footnote markers are taken out (NFKC would turn ① into 1).
Placeholders become a missing value with a reason code, never 0. Prefecture names are read by
etl.inputs.reference (they are its table); the years an upload may name are etl.uploads.specs' setting.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache


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
# The largest figure a cell may hold: far above any count, yen amount or population here, and small enough that
# sums over every prefecture and year stay exact in a double and fit the pages' 64-bit integers (a 23-digit count
# was stored as 1e+23 and broke every page that printed it)
LARGEST = 999_999_999_999
_FAST = re.compile(r"\d{1,12}")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT = re.compile(r"^(.*?\d)\s*([^\d\s.,%]+)$")
_FRACTION = re.compile(r"^\d+/\d+$")
_TRAILING_NOTE = re.compile(r"(?<=\d)\s*\(.*\)$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def nfkc(text: str) -> str:
    return text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def looks_like_formula(text: str) -> bool:
    """A spreadsheet would evaluate this text (checked after NFKC: ＝ becomes =)."""
    normal = nfkc(text)
    return len(normal) > 1 and normal.startswith(FORMULA_START) and not _PLAIN.match(normal.lstrip("+-"))


def parse_number(
    raw: str, *, allow_negative: bool = False, integer: bool = False, units: frozenset[str] = frozenset(),
    percent: bool = False, fraction: bool = False,
) -> Number:
    """'１，２３４' -> 1234; '△12' -> -12 (if allowed); '85.3%' (percent columns); '－' -> missing 'none';
    '1/2' -> 0.5 (if ``fraction``)."""
    if _FAST.fullmatch(raw):  # plain ASCII digits, by far the commonest cell
        return Number(float(raw), "ok")
    refs = _CIRCLED.findall(raw)
    text = nfkc(_CIRCLED.sub("", raw))
    missing = _placeholder(text, "".join(refs))
    if missing is not None:
        return missing
    text, ref = _note_ref(text)
    text, flag = _flag(text)
    negative = text[:1] in ("△", "▲", "-", "−")
    text = _without_unit(text[1:].strip() if negative else text, units, percent)
    value = _value(text, fraction)
    if integer and not value.is_integer():
        raise CellError("not_integer")
    if negative and value != 0:
        if not allow_negative:
            raise CellError("negative_count")
        value = -value
    return Number(value, "ok", "".join([*refs, ref]), flag)


def _placeholder(text: str, refs: str) -> Number | None:
    """A cell that holds no number: blank, a placeholder (－ … x ※) or a spreadsheet error (refused)."""
    if not text:
        return Number(None, "footnote" if refs else "blank", refs)
    if text in PLACEHOLDERS:
        return Number(None, PLACEHOLDERS[text], refs)
    if text.upper() in SPREADSHEET_ERRORS:
        raise CellError("spreadsheet_error")
    return None


def _note_ref(text: str) -> tuple[str, str]:
    """(text, footnote marker at its end: ※1, 注2, *)."""
    note = _NOTE_REF.search(text)
    return (text[: note.start()].strip(), note.group(1).replace(" ", "")) if note else (text, "")


def _flag(text: str) -> tuple[str, str]:
    """(text, 'preliminary' | 'revised' | '') from a trailing p / r (速報 / 改訂)."""
    flagged = _FLAG.match(text)
    if not flagged:
        return text, ""
    return flagged.group(1), "preliminary" if flagged.group(2) in "pP" else "revised"


def _without_unit(text: str, units: frozenset[str], percent: bool) -> str:
    if text.endswith("%"):
        if not percent:
            raise CellError("unit_not_allowed.percent")
        text = text[:-1].strip()
    unit = _UNIT.match(text)
    if unit:
        if unit.group(2) not in units:
            raise CellError("unit_not_allowed", unit=unit.group(2))
        text = unit.group(1)
    return text


def _value(text: str, fraction: bool) -> float:
    if _PLAIN.match(text) or _GROUPED.match(text):
        value = float(text.replace(",", ""))
    elif fraction and _FRACTION.match(text):
        value = float(Fraction(text))
    else:
        raise CellError("not_numeric")
    if value > LARGEST:
        raise CellError("too_large", largest=f"{LARGEST:,}")
    return value


def plain_number(text: str) -> float | None:
    """A bundled file's number: '' -> None, '1234', '12.5', '-3', '1/2'; no placeholder, note or flag."""
    number = parse_number(text.strip(), allow_negative=True, fraction=True)
    if number.status not in ("ok", "blank") or number.note_ref or number.flag:
        raise CellError("not_numeric")
    return number.value


def number_with_note(text: str) -> float | None:
    """A bundled target such as '5000 (2022年)' -> 5000.0; the note stays in the raw text column."""
    return plain_number(_TRAILING_NOTE.sub("", text.strip()))


_ERAS = {"令和": (2018, 99), "R": (2018, 99), "平成": (1988, 31), "H": (1988, 31), "昭和": (1925, 64), "S": (1925, 64)}
_ERA_YEAR = re.compile(r"^(令和|平成|昭和|R|H|S)\.?(元|\d{1,2})(年度|年)?$")
_WESTERN = re.compile(r"^(\d{4})(年度|年)?$")
_FY = re.compile(r"^(FY|CY)(\d{4})$")


def parse_year(raw: str, year_type: str) -> int:
    """令和4年度 / R4 / H30 / 2022年度 / FY2022 -> 2022 (fiscal); 令和4年 / 2022年 / CY2022 (calendar); a bare
    2022 is either. Which years may be data is the caller's rule (etl.uploads.specs.year_range)."""
    return _parse_year(raw, year_type)


def year_span(text: str) -> tuple[int, int]:
    """A bundled year or plan period: '2022' -> (2022, 2022); '2020-2022' -> (2020, 2022)."""
    first, _, last = text.strip().partition("-")
    span = (parse_year(first, "any"), parse_year(last, "any")) if last else (parse_year(first, "any"),) * 2
    if span[0] > span[1]:
        raise CellError("bad_year")
    return span


@lru_cache(maxsize=4096)
def _parse_year(raw: str, year_type: str) -> int:
    year, marked = _year_and_mark(re.sub(r"\s", "", nfkc(raw)).upper())
    if marked == "年度" and year_type == "calendar":
        raise CellError("year_type_mismatch.fiscal")
    if marked == "年" and year_type == "fiscal":
        raise CellError("year_type_mismatch.calendar")
    return year


def _year_and_mark(text: str) -> tuple[int, str | None]:
    """(Western year, 年度 | 年 | None as written)."""
    era = _ERA_YEAR.match(text)
    if era:
        base, last = _ERAS[era.group(1)]
        number = 1 if era.group(2) == "元" else int(era.group(2))
        if number < 1 or number > last:
            raise CellError("bad_year.era", era=era.group(1), number=number)
        return base + number, era.group(3)
    western = _WESTERN.match(text)
    if western:
        return int(western.group(1)), western.group(2)
    fy = _FY.match(text)
    if fy:
        return int(fy.group(2)), "年度" if fy.group(1) == "FY" else "年"
    raise CellError("bad_year")


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


def source_type(text: str) -> str:
    """A bundled row's source_type text -> seed | primary | secondary."""
    lowered = text.strip().lower()
    for kind in ("seed", "primary", "secondary"):
        if lowered.startswith(kind):
            return kind
    raise CellError("unknown_source_type")


def source_id(title: str, url: str) -> str:
    """The id of a bundled source (its title and address)."""
    return "src_" + hashlib.sha256(f"{title}\x1f{url}".encode()).hexdigest()[:10]


def loaded_source_id(sha256: str) -> str:
    """The id of a loaded file (its content)."""
    return f"src_load_{sha256[:12]}"
