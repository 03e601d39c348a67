"""A chart as a file: PNG and SVG of exactly the spec a page draws (title, subtitle, sources), built on a click.

vl-convert renders Vega-Lite without a browser, with Noto Sans CJK (fonts-noto-cjk, found at run time as the
meeting pack does). A PNG carries the glyphs as pixels; an SVG keeps its text as text (searchable, the
Japanese title readable by a machine) and embeds a subset of Noto Sans CJK holding just the characters it
uses, so it renders the same on a computer without the font.
"""

from __future__ import annotations

import base64
import io
import re
from functools import cache
from typing import Any
from xml.sax.saxutils import unescape

import pyarrow as pa

from reports.pack import fonts

EXPORT_WIDTH = 720  # charts drawn at the container's width on the page get this width in a file
_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")


def vega_lite(spec: dict[str, Any]) -> dict[str, Any]:
    """The cached spec as vl-convert reads it: Arrow datasets back to rows, a width where the page gave one."""
    result = dict(spec)
    datasets = {name: pa.ipc.open_stream(data).read_all().to_pylist() if isinstance(data, bytes) else data
                for name, data in spec.get("datasets", {}).items()}
    if datasets:
        result["datasets"] = datasets
    if "width" not in result and "hconcat" not in result:
        result["width"] = result.get("usermeta", {}).get("export_width", EXPORT_WIDTH)
    return result


def png(spec: dict[str, Any], *, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    fonts.register_with_vl_convert()
    return bytes(vlc.vegalite_to_png(vega_lite(spec), scale=scale))


def svg(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    fonts.register_with_vl_convert()
    drawn = str(vlc.vegalite_to_svg(vega_lite(spec)))
    return embed_fonts(drawn).encode("utf-8")


def _characters(drawn: str) -> str:
    shown = {c for text in _TEXT.findall(drawn) for c in unescape(_TAG.sub("", text))}
    return "".join(sorted(shown | set(" 0123456789")))


@cache
def _face(path: str) -> int:
    """The index of the Japanese face in a Noto Sans CJK collection."""
    from fontTools.ttLib import TTCollection

    faces = TTCollection(path, lazy=True).fonts
    return next((i for i, f in enumerate(faces) if f["name"].getDebugName(1) == fonts.FAMILY), 0)


def _subset(path: str, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=_face(path) if path.endswith(".ttc") else -1, lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the licence and the family name with the glyphs
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def embed_fonts(drawn: str) -> str:
    """The SVG with @font-face rules for Noto Sans CJK JP (regular and bold) subset to the characters it shows."""
    characters = _characters(drawn)
    regular = fonts.noto_sans_cjk()
    faces = [(regular, "normal")]
    bold = regular.with_name(regular.name.replace("Regular", "Bold"))
    if bold != regular and bold.is_file():
        faces.append((bold, "bold"))
    rules = "".join(
        f"@font-face{{font-family:'{fonts.FAMILY}';font-weight:{weight};src:url(data:font/otf;base64,"
        f"{base64.b64encode(_subset(str(path), characters)).decode()}) format('opentype');}}" for path, weight in faces)
    head = drawn.index(">", drawn.index("<svg")) + 1
    return f"{drawn[:head]}<defs><style>{rules}</style></defs>{drawn[head:]}"
