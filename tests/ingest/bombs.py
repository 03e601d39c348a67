"""Hostile files written for the tests: decompression, XML and CSV bombs, and a way to measure their cost.

Each writer streams its file to disk (the test process never holds a bomb in memory). Measuring runs a
command in a child and reports its wall time and the peak resident memory of the largest process of its
tree (the CLI and its validation child):

    python -m tests.ingest.bombs DIR      # writes every bomb, ingests each with the CLI, prints a table
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
             f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
                 f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                 f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>都道府県</t></is></c><c r="B1" t="inlineStr"><is><t>年度'
              '</t></is></c><c r="C1" t="inlineStr"><is><t>採択件数</t></is></c></row>')

Parts = dict[str, str | Callable[[], Iterator[bytes]]]


def repeat(head: str, unit: str, count: int, tail: str) -> Callable[[], Iterator[bytes]]:
    """head + unit * count + tail, produced in batches of about 1 MB (never the whole text in memory)."""
    batch = max(1, 1_000_000 // len(unit))

    def chunks() -> Iterator[bytes]:
        yield head.encode()
        block = (unit * batch).encode()
        left = count
        while left >= batch:
            yield block
            left -= batch
        yield (unit * left + tail).encode()
    return chunks


def write_xlsx(path: Path, parts: Parts, *, base: bool = True) -> Path:
    """A zip with the parts of a minimal workbook (unless ``base`` is False) plus/overridden by ``parts``."""
    members: Parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
                      "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
                      "xl/worksheets/sheet1.xml": SHEET_HEAD + HEADER_ROW + SHEET_TAIL} if base else {}
    members.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:  # quick to write
        for name, content in members.items():
            with archive.open(name, "w", force_zip64=True) as handle:
                if isinstance(content, str):
                    handle.write(content.encode())
                else:
                    for chunk in content():
                        handle.write(chunk)
    return path


def _lying_sizes(path: Path) -> Path:
    """A zip whose sheet declares 1,000 unpacked bytes but holds 100 MB (local and central headers patched)."""
    write_xlsx(path, {"xl/worksheets/sheet1.xml": repeat(SHEET_HEAD + HEADER_ROW, " ", 100_000_000, SHEET_TAIL)})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_len = int.from_bytes(data[start + (26 if signature == b"PK\x03\x04" else 28):][:2], "little")
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[name_at:name_at + name_len]) == info.filename.encode():
                data[start + size_at:start + size_at + 4] = (1000).to_bytes(4, "little")
                extra_len = int.from_bytes(data[start + (28 if signature == b"PK\x03\x04" else 30):][:2], "little")
                extra = name_at + name_len
                if data[extra:extra + 2] == b"\x01\x00" and extra_len >= 12:  # zip64 extra: sizes are here
                    data[extra + 4:extra + 12] = (1000).to_bytes(8, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path


def _many_entries(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, content in {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                              "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS}.items():
            archive.writestr(name, content)
        for number in range(5_000):
            archive.writestr(f"x/{number}", b"")
    return path


def _write_text(path: Path, chunks: Callable[[], Iterator[bytes]]) -> Path:
    with open(path, "wb") as handle:
        for chunk in chunks():
            handle.write(chunk)
    return path


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + f']><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="&lol9;" sheetId="1" r:id="rId1"/>'
          '</sheets></workbook>')
MERGES = '<mergeCells count="100000">' + '<mergeCell ref="A1:XFD1048576"/>' * 100_000 + "</mergeCells>"

# name -> (file name, writer, rule the rejection must name)
BOMBS: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "one row of 20 M cells": ("row.xlsx", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + '<row r="1">', '<c r="A1"/>', 20_000_000, "</row>" + SHEET_TAIL)}), "file_too_large"),
    "one row of 20 M bare cells (80 MB of XML)": ("bare.xlsx", lambda p: write_xlsx(p, {
        "xl/worksheets/sheet1.xml": repeat(SHEET_HEAD + '<row r="1">', "<c/>", 20_000_000, "</row>" + SHEET_TAIL)}),
        "too_many_cells"),
    "20 M shared strings": ("strings.xlsx", lambda p: write_xlsx(p, {"xl/sharedStrings.xml": repeat(
        f'<sst xmlns="{MAIN}" count="20000000" uniqueCount="20000000">', "<si/>", 20_000_000, "</sst>")}),
        "too_many_strings"),
    "3 M blank rows": ("rows.xlsx", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + HEADER_ROW, "<row/>", 3_000_000, SHEET_TAIL)}), "too_many_cells"),
    "250 MB of zeros in one part": ("zeros.xlsx", lambda p: write_xlsx(p, {"xl/media/zeros.bin": repeat(
        "", "\0" * 1000, 250_000, "")}), "file_too_large"),
    "sizes that lie (1 KB declared, 100 MB inside)": ("lying.xlsx", _lying_sizes, "not_xlsx"),
    "5,000 zip entries": ("entries.xlsx", _many_entries, "too_many_parts"),
    "billion laughs (entities)": ("laughs.xlsx", lambda p: write_xlsx(p, {"xl/workbook.xml": LAUGHS}), "not_xlsx"),
    "1 M nested elements": ("deep.xlsx", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is>', "<r>", 1_000_000,
        "</is></c></row>" + SHEET_TAIL)}), "not_xlsx"),
    "one cell of 100 M characters": ("cell.xlsx", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>', "東", 50_000_000,
        "</t></is></c></row>" + SHEET_TAIL)}), "cell_too_large"),
    "one tag of 100 MB": ("tag.xlsx", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + HEADER_ROW + '<row r="2"><c r="', "A", 100_000_000, '"/></row>' + SHEET_TAIL)}), "not_xlsx"),
    "100,000 merged ranges over the whole sheet": ("merge.xlsx", lambda p: write_xlsx(p, {
        "xl/worksheets/sheet1.xml": SHEET_HEAD + HEADER_ROW + SHEET_TAIL.replace("</worksheet>", MERGES
                                                                                 + "</worksheet>")}),
        "too_many_cells"),
    "a .csv that is a zip bomb": ("bomb.csv", lambda p: write_xlsx(p, {"xl/worksheets/sheet1.xml": repeat(
        SHEET_HEAD + '<row r="1">', "<c/>", 20_000_000, "</row>" + SHEET_TAIL)}), "too_many_cells"),
    "CSV: one line of 40 M commas": ("commas.csv", lambda p: _write_text(p, repeat(
        "都道府県,年度,採択件数\r\n", ",", 40_000_000, "\r\n")), "too_many_cells"),
    "CSV: one line of 40 M characters": ("line.csv", lambda p: _write_text(p, repeat(
        "都道府県,年度,採択件数\r\n東京都,R4,", "9", 40_000_000, "\r\n")), "line_too_long"),
    "CSV: 40 MB of one-character cells": ("cells.csv", lambda p: _write_text(p, repeat(
        "都道府県,年度,採択件数\r\n", "1," * 49 + "1\r\n", 400_000, "")), "too_many_cells"),
    "CSV with NUL bytes": ("nul.csv", lambda p: _write_text(p, repeat(
        "都道府県,年度,採択件数\r\n", "\0", 1_000_000, "")), "binary_file"),
}


def measure(command: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> dict[str, object]:
    """Run ``command`` in a child and report wall time, exit code and the peak RSS of its largest process."""
    wrapper = [sys.executable, "-m", "tests.ingest.bombs", "--measure", json.dumps(command)]
    done = subprocess.run(wrapper, env=env, capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _measure_here(command: list[str]) -> None:
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest waited-for descendant
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1),
                      "returncode": done.returncode, "stdout": done.stdout[-4000:], "stderr": done.stderr[-4000:]}))


def _validate_here(path: str) -> None:
    """The check alone, in this process: its time and this process's peak RSS (imports included)."""
    from etl.uploads.validate import validate

    data = Path(path).read_bytes()
    start = time.monotonic()
    report = validate(data, Path(path).name, "subsidy")
    seconds = time.monotonic() - start
    status = Path("/proc/self/status").read_text()  # VmHWM: this program only (ru_maxrss counts the forker)
    peak_kb = int(status.split("VmHWM:")[1].split()[0])
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1),
                      "rules": sorted({p.rule for p in report.problems})}))


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {label: writer(folder / name) for label, (name, writer, _rule) in BOMBS.items()}


def _validate_all(folder: str) -> None:
    """Every bomb of ``folder`` checked in this process, one after another, the peak RSS reset before each
    (Linux: writing 5 to /proc/self/clear_refs); one JSON line per bomb."""
    from etl.uploads.validate import validate

    for label, (name, _writer, _rule) in BOMBS.items():
        data = (Path(folder) / name).read_bytes()
        Path("/proc/self/clear_refs").write_text("5")
        start = time.monotonic()
        report = validate(data, name, "subsidy")
        seconds = time.monotonic() - start
        status = Path("/proc/self/status").read_text()
        peak_kb = int(status.split("VmHWM:")[1].split()[0])
        del data
        print(json.dumps({"label": label, "seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1),
                          "rules": sorted({p.rule for p in report.problems})}), flush=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--validate-all"]:
        _validate_all(argv[1])
        return
    if argv[:1] == ["--measure"]:
        _measure_here(json.loads(argv[1]))
        return
    if argv[:1] == ["--validate"]:
        _validate_here(argv[1])
        return
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    print("| file | size | CLI exit | CLI seconds | CLI peak MB | check alone: seconds | peak MB | rule |\n"
          "|---|---|---|---|---|---|---|---|")
    for label, (name, writer, rule) in BOMBS.items():
        path = writer(folder / name)
        cli = measure([sys.executable, "-m", "etl", "ingest", str(path), "--dataset", "subsidy"], env={**os.environ})
        alone = json.loads(subprocess.run([sys.executable, "-m", "tests.ingest.bombs", "--validate", str(path)],
                                          capture_output=True, text=True, check=True).stdout)
        shown = rule if f"[{rule}]" in str(cli["stderr"]) else f"MISSING {rule}"
        print(f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {cli['returncode']} | {cli['seconds']} | "
              f"{cli['peak_mb']} | {alone['seconds']} | {alone['peak_mb']} | {shown} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
