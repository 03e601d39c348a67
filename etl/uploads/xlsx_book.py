"""What a workbook says about itself: its sheets (visible, hidden, active), number formats, shared strings.

Each part is scanned (bounded) before it is parsed; see etl.uploads.xlsx_parts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from etl.uploads import specs
from etl.uploads.xlsx_parts import OFFICE_DOCUMENT, Depth, Limits, Package, local, reject

# Built-in number formats (ECMA-376 18.8.30) that show a date; 27–36 and 50–58 are the East Asian ones
# (和暦 among them). Custom formats are recognised by their codes.
_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_PERCENT_FORMATS = frozenset({9, 10})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass(frozen=True)
class Sheet:
    name: str
    state: str  # visible | hidden | veryHidden
    path: str | None  # the worksheet part; None when it is not a worksheet (a chart sheet) or missing

    @property
    def visible(self) -> bool:
        return self.state not in ("hidden", "veryHidden")


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)
    active: int = 0  # index of the active tab
    date1904: bool = False
    full_calc_on_load: bool = False  # written by a program: formula values were never calculated
    external_links: int = 0
    styles: list[str] = field(default_factory=list)  # per cell style index: '' | 'percent' | 'date'
    strings: list[str] = field(default_factory=list)

    @property
    def active_sheet(self) -> Sheet | None:
        """The active tab when it is visible (Excel shows it on opening), else the first visible sheet."""
        if 0 <= self.active < len(self.sheets) and self.sheets[self.active].visible:
            return self.sheets[self.active]
        return next((s for s in self.sheets if s.visible), None)


def number_kind(code: str) -> str:
    """'0.0%' -> percent; 'yyyy/m/d' or '[$-411]ggge"年"' -> date; other formats -> ''."""
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    if "%" in bare:
        return "percent"
    if re.search(r"[ymdhsge]", bare.replace("general", "")):
        return "date"
    return ""


def read_book(package: Package) -> Book:
    workbook = _workbook_path(package)
    book = Book()
    rels = package.relationships(workbook)
    _read_workbook(package, workbook, rels, book)
    book.external_links = max(book.external_links, sum(1 for t, _, _ in rels.values() if t.endswith("/externalLink")))
    roles = [(t, p) for t, p, _mode in rels.values() if t.endswith(("/styles", "/sharedStrings")) and package.has(p)]
    sheets = {s.path for s in book.sheets}
    if len({p for _t, p in roles}) < len(roles) or sheets & {p for _t, p in roles}:
        raise package.xml_error(workbook, "one part is used for two purposes")  # each would be parsed again
    for rel_type, path in roles:
        if rel_type.endswith("/styles"):
            book.styles = _read_styles(package, path)
        else:
            book.strings = _read_strings(package, path)
    return book


def _workbook_path(package: Package) -> str:
    for rel_type, path, _mode in package.relationships("").values():
        if rel_type.endswith(OFFICE_DOCUMENT) and package.has(path):
            return path
    if package.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise reject(package.file_name, "not_xlsx.not_workbook")


def _read_workbook(package: Package, path: str, rels: dict[str, tuple[str, str, str]], book: Book) -> None:
    depth = Depth(package, path)
    folder = posixpath.dirname(path)
    views: list[int] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        depth.enter()
        name = local(tag)
        if name == "sheet" and len(book.sheets) < specs.MAX_SHEETS:
            rel = next((v for k, v in attrs.items() if local(k) == "id"), "")
            rel_type, target, _mode = rels.get(rel, ("", "", ""))
            if not target:  # no relationship: the conventional name, when it exists
                target = posixpath.join(folder, f"worksheets/sheet{len(book.sheets) + 1}.xml")
                rel_type = "/worksheet"
            is_sheet = rel_type.endswith("/worksheet") and package.has(target)
            state = attrs.get("state", "visible")
            book.sheets.append(Sheet(attrs.get("name", ""), state, target if is_sheet else None))
        elif name == "workbookView":  # the first is the window Excel opens with
            if not views:
                views.append(1)
                book.active = _int(attrs.get("activeTab"), 0)
        elif name == "workbookPr":
            book.date1904 = attrs.get("date1904") in ("1", "true")
        elif name == "calcPr":
            book.full_calc_on_load = attrs.get("fullCalcOnLoad") in ("1", "true")
        elif name == "externalReference":
            book.external_links += 1

    package.parse(path, start, depth.leave)


def _read_styles(package: Package, path: str) -> list[str]:
    depth = Depth(package, path)
    formats: dict[int, str] = {}
    xf_ids: list[int] = []
    where = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        depth.enter()
        name = local(tag)
        if name == "numFmt":
            formats[_int(attrs.get("numFmtId"), -1)] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            where["cellXfs"] = True
        elif name == "xf" and where["cellXfs"]:
            if len(xf_ids) >= specs.MAX_STYLES:
                raise package.xml_error(path, f"more than {specs.MAX_STYLES:,} cell styles")
            xf_ids.append(_int(attrs.get("numFmtId"), 0))

    def end(tag: str) -> None:
        depth.leave()
        if local(tag) == "cellXfs":
            where["cellXfs"] = False

    package.parse(path, start, end)
    kinds = []
    for fmt in xf_ids:
        if fmt in formats:
            kinds.append(number_kind(formats[fmt]))
        else:
            kinds.append("percent" if fmt in _PERCENT_FORMATS else "date" if fmt in _DATE_FORMATS else "")
    return kinds


def _read_strings(package: Package, path: str) -> list[str]:
    """Shared strings; phonetic guides (ふりがな, <rPh>) are not part of the text."""
    reader = _Strings(package, path)
    package.parse(path, reader.start, reader.end, reader.text, Limits(strings=specs.MAX_SHARED_STRINGS))
    return reader.strings


class _Strings:
    """expat handlers for the shared-strings part, with its limits."""

    def __init__(self, package: Package, path: str):
        self.file, self.depth = package.file_name, Depth(package, path)
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.in_text, self.phonetic, self.chars = False, 0, 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth.enter()
        name = local(tag)
        if name == "t" and not self.phonetic:
            self.in_text = True
        elif name == "rPh":
            self.phonetic += 1
        elif name == "si":
            self.parts.clear()

    def end(self, tag: str) -> None:
        self.depth.leave()
        name = local(tag)
        if name == "t":
            self.in_text = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            text = "".join(self.parts)
            if len(text) > specs.MAX_XLSX_TEXT:
                raise reject(self.file, "cell_too_large", length=len(text), limit=specs.MAX_XLSX_TEXT)
            self.strings.append(text)

    def text(self, data: str) -> None:
        if self.in_text:
            self.chars += len(data)
            if self.chars > specs.MAX_SHARED_CHARS:
                raise reject(self.file, "too_many_strings", limit=specs.MAX_SHARED_STRINGS,
                             chars=specs.MAX_SHARED_CHARS)
            self.parts.append(data)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None and len(text) < 12 else default
    except ValueError:
        return default
