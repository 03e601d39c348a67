"""The parts of an XLSX file (a zip of XML), read in a stream with every amount of work bounded first.

A hostile workbook can be small on disk and huge inside: a zip that unpacks to gigabytes, a million zip
entries, one row of 20 million cells, 20 million shared strings, XML entities that expand (billion laughs),
nesting a million levels deep, one tag of 100 MB. So, before anything is materialised:

- the zip's entry count is estimated from the raw bytes and the declared unpacked sizes are summed
  (zipfile never unpacks more than a member declares, and checks its CRC);
- each chunk of a part is counted at C speed (tags, cell tags, shared strings, the longest tag) up to 32 MB
  before the parser sees it, and refused when over the limits in etl.uploads.specs, so the slower parse is
  bounded and a bomb is usually refused before it starts;
- the parse itself (expat, streamed) refuses any DTD or entity declaration and nesting deeper than
  MAX_XML_DEPTH, and its handlers stop at their own limits (cells per row, characters per cell).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from etl.cells import messages
from etl.cells.problems import RejectedInput
from etl.uploads import specs

CHUNK = 1 << 16
LOOKAHEAD = 32 << 20  # bytes counted before the parser sees them
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_LONG_TAG = re.compile(rb"<[^<>]{%d}" % specs.MAX_XML_TAG_BYTES)
OFFICE_DOCUMENT = "/officeDocument"


def reject(file_name: str, key: str, row: int | None = None, **args: object) -> RejectedInput:
    return RejectedInput([messages.problem(file_name, row, None, None, key, **args)])


def local(name: str) -> str:
    """'x:row' -> 'row' (some writers prefix every element; namespaces themselves do not matter here)."""
    return name.rpartition(":")[2] if ":" in name else name


class Forbidden(Exception):
    """A DTD or entity declaration: Excel never writes one, and entities are how XML bombs expand."""


class Stop(Exception):
    """A handler has read what it needs (a probe of a sheet's first rows)."""


@dataclass
class Scan:
    tags: int = 0
    cells: int = 0
    strings: int = 0


@dataclass(frozen=True)
class Limits:
    """Bounds on a part besides its tags: cell tags (a sheet), shared strings (the string table)."""

    cells: int | None = None
    strings: int | None = None


@dataclass
class Package:
    """The zip, opened after the cheap checks; parts are streamed from it."""

    file_name: str
    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    @classmethod
    def open(cls, data: bytes, file_name: str) -> Package:
        entries = data.count(b"PK\x01\x02")  # central-directory records (an over-estimate at worst)
        if entries > specs.MAX_XLSX_PARTS:
            raise reject(file_name, "too_many_parts", count=entries, limit=specs.MAX_XLSX_PARTS)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise reject(file_name, "not_xlsx.damaged") from None
        unpacked = sum(info.file_size for info in infos)
        if unpacked > specs.MAX_XLSX_UNCOMPRESSED:
            raise reject(file_name, "file_too_large.unpacked", size=unpacked, limit=specs.MAX_XLSX_UNCOMPRESSED)
        return cls(file_name, archive, {info.filename: info for info in infos})

    def has(self, path: str) -> bool:
        return path in self.members

    def chunks(self, path: str) -> Iterator[bytes]:
        try:
            with self.archive.open(self.members[path]) as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError):  # CRC or size mismatch, truncated data, encryption, unknown compression
            raise reject(self.file_name, "not_xlsx.damaged") from None

    def _count(self, path: str, scan: Scan, buffer: bytes, limits: Limits) -> bytes:
        """Count the complete tags of ``buffer`` into ``scan`` and refuse what is over the limits; returns the
        start of a tag cut by the chunk's end (counted with the next chunk)."""
        carry = b""
        last = buffer.rfind(b"<")
        if last != -1 and buffer.find(b">", last) == -1:
            buffer, carry = buffer[:last], buffer[last:]
            if len(carry) > specs.MAX_XML_TAG_BYTES:
                raise self.xml_error(path, "a tag longer than 64 KB")
        if _LONG_TAG.search(buffer):
            raise self.xml_error(path, "a tag longer than 64 KB")
        scan.tags += buffer.count(b"<") + buffer.count(b"/>")  # a tag closed in itself calls start and end
        if scan.tags > specs.MAX_XML_TAGS:
            raise reject(self.file_name, "too_many_cells.tags", part=path, limit=specs.MAX_XML_TAGS)
        if limits.cells is not None:
            scan.cells += _count(buffer, b"c", _CELL_TAG)
            if scan.cells > limits.cells:
                raise reject(self.file_name, "too_many_cells", limit=limits.cells)
        if limits.strings is not None:
            scan.strings += _count(buffer, b"si", _STRING_TAG)
            if scan.strings > limits.strings:
                raise reject(self.file_name, "too_many_strings", limit=limits.strings, chars=specs.MAX_SHARED_CHARS)
        return carry

    def xml_error(self, path: str, detail: str) -> RejectedInput:
        return reject(self.file_name, "not_xlsx.xml", part=path, detail=detail)

    def parse(self, path: str, start: Callable[[str, dict[str, str]], None],
              end: Callable[[str], None] | None = None, text: Callable[[str], None] | None = None,
              limits: Limits | None = None) -> Scan:
        """Stream one part through expat with the given handlers; a handler may raise Stop to end early.

        Each chunk is counted at C speed (tags, and cells or shared strings when ``limits`` bounds them)
        LOOKAHEAD bytes before expat sees it: a part over the limits is refused before the slower parse
        starts, and the parse never works on more than the limits allow.
        """
        limits = limits or Limits()
        scan, carry = Scan(), b""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _forbid
        parser.EntityDeclHandler = _forbid
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        waiting: deque[bytes] = deque()  # counted, not yet parsed: a bomb is found before any of it is parsed
        ahead = 0
        try:
            for chunk in self.chunks(path):
                carry = self._count(path, scan, carry + chunk, limits)
                waiting.append(chunk)
                ahead += len(chunk)
                while ahead > LOOKAHEAD:
                    ahead -= len(waiting[0])
                    parser.Parse(waiting.popleft(), False)
            while waiting:
                parser.Parse(waiting.popleft(), False)
            parser.Parse(b"", True)
        except Stop:
            return scan
        except Forbidden:
            raise reject(self.file_name, "not_xlsx.forbidden_xml", part=path) from None
        except expat.ExpatError as exc:
            raise self.xml_error(path, str(exc)) from None
        return scan

    def relationships(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Id -> (type, target path in the zip, target mode) of a part's .rels file."""
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        found: dict[str, tuple[str, str, str]] = {}
        if not self.has(rels_path):
            return found
        depth = Depth(self, rels_path)

        def start(tag: str, attrs: dict[str, str]) -> None:
            depth.enter()
            if local(tag) == "Relationship" and len(found) < specs.MAX_XLSX_PARTS:
                target = attrs.get("Target", "")
                mode = attrs.get("TargetMode", "")
                path = target if mode == "External" else resolve(folder, target)
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), path, mode)

        self.parse(rels_path, start, depth.leave)
        return found


def _count(buffer: bytes, tag: bytes, prefixed: re.Pattern[bytes]) -> int:
    """Start tags named ``tag``, at C speed; the regex only when some writer prefixed the elements (x:c)."""
    if b":" + tag in buffer:
        return len(prefixed.findall(buffer))
    return sum(buffer.count(b"<" + tag + end) for end in (b" ", b">", b"/", b"\n", b"\t", b"\r"))


def resolve(folder: str, target: str) -> str:
    """A relationship target relative to its part's folder ('/xl/…' is from the root)."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/")


def _forbid(*_args: object) -> None:
    raise Forbidden


class Depth:
    """Nesting counter for a part's handlers: expat itself has no depth limit."""

    __slots__ = ("level", "package", "path")

    def __init__(self, package: Package, path: str):
        self.level, self.package, self.path = 0, package, path

    def enter(self) -> None:
        self.level += 1
        if self.level > specs.MAX_XML_DEPTH:
            raise reject(self.package.file_name, "not_xlsx.too_deep", part=self.path, limit=specs.MAX_XML_DEPTH)

    def leave(self, _tag: str = "") -> None:
        self.level -= 1
