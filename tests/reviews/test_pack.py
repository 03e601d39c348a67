"""The meeting pack: PDF with embedded Noto Sans CJK and extractable text, the XLSX sheets, the CLI."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pypdf
import pytest

from reports import review
from reports.pack import content, fonts
from reports.pack.make import make
from tests.conftest import ROOT
from warehouse.accounts import Account
from warehouse.reviews import EntryKey, EntryText, ReviewStore, store_path

CAUSE = "=HYPERLINK(\"https://evil.example\",\"担当者の交代で連携会議を中止\")"
MEASURE = "10月に合同会議を開き、下期は月2回の定例連携に戻す"


@pytest.fixture(scope="module")
def pack_home(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack") / "home"
    shutil.copytree(built_home, root, ignore=shutil.ignore_patterns("records"))  # a review store of its own
    ReviewStore(store_path(root)).save(
        EntryKey("3rd", "九州", "R_COLLAB", 2023, "H1"),
        EntryText(assessment="目標の46%", cause=CAUSE, countermeasure=MEASURE, owner="九州局", state="submitted"),
        base_revision=0, actor=Account("kyushu", "editor", frozenset({"九州"})), status="off_track")
    return root


@pytest.fixture(scope="module")
def made(pack_home: Path):  # type: ignore[no-untyped-def]
    gathered = content.from_home(block="九州", year=2023, half="H1", lang="ja", root=pack_home)
    return gathered, make(gathered)


def _fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Base font name -> whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_pdf_embeds_noto_sans_cjk_and_its_text_can_be_extracted(made) -> None:  # type: ignore[no-untyped-def]
    gathered, pack = made
    reader = pypdf.PdfReader(io.BytesIO(pack.pdf))
    names = _fonts(reader)
    assert any("NotoSansCJK" in n for n in names) and all(names.values()), names
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = text.replace(" ", "").replace("\n", "")
    for expected in ("九州", "2023年度上期", "支援機関との連携件数", "知財総合支援窓口の相談件数", "サンプルデータ",
                     "合同会議を開き", gathered.version_id, "スコアカード", "都道府県別の達成状況", "出典"):
        assert expected.replace(" ", "") in flat, expected
    assert "担当者の交代で連携会議を中止" in flat  # user text printed as text, never as a link
    assert gathered.built_at.endswith(" JST") and gathered.built_at.replace(" ", "") in flat  # Japan's clock
    assert not any("/Annots" in page and any(
        a.get_object().get("/A", {}).get("/URI") for a in page["/Annots"]) for page in reader.pages)
    assert len(reader.pages) >= 4


def test_xlsx_has_every_sheet_numbers_as_numbers_and_no_formulas(made) -> None:  # type: ignore[no-untyped-def]
    _, pack = made
    book = openpyxl.load_workbook(io.BytesIO(pack.xlsx))
    assert book.sheetnames == ["表紙", "スコアカード", "遅れ・対策", "都道府県別", "半期推移", "出典"]
    cover = [c.value for row in book["表紙"].iter_rows() for c in row if c.value]
    assert "九州" in cover and "2023年度上期" in cover and any("合成サンプル" in str(v) for v in cover)
    score = book["スコアカード"]
    assert "合成サンプル" in str(score["A1"].value)
    header = [c.value for c in score[3]]
    first = {h: c.value for h, c in zip(header, score[4], strict=True)}
    assert first["指標"] == "支援機関との連携件数" and first["状況"] == "△ 遅れ"
    assert isinstance(first["実績"], int | float) and isinstance(first["目標"], int | float)  # numbers, not text
    off = book["遅れ・対策"]
    off_header = [c.value for c in off[3]]
    entry = {h: c.value for h, c in zip(off_header, off[4], strict=True)}
    assert entry["要因"] == CAUSE and entry["対策"] == MEASURE
    assert off.cell(4, off_header.index("要因") + 1).data_type == "s"  # a formula-looking cause stays text
    prefectures = book["都道府県別"]
    assert {r[1] for r in prefectures.iter_rows(min_row=4, values_only=True)} <= {
        "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"}
    for sheet in book:
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row), sheet.title


def test_xlsx_prints_counts_whole_and_leaves_missing_figures_blank(made) -> None:  # type: ignore[no-untyped-def]
    gathered, pack = made
    book = openpyxl.load_workbook(io.BytesIO(pack.xlsx))
    cover = {row[0].value: row[1].value for row in book["表紙"].iter_rows() if row[0].value}
    summary = " · ".join(f"{name} {n}" for _, name, n in review.status_counts(gathered.board, "ja"))
    assert summary.startswith("△ 遅れ") and cover["状況の内訳"] == summary  # as the PDF's cover and the page
    score = book["スコアカード"]
    header = [c.value for c in score[3]]
    rows = list(score.iter_rows(min_row=4))
    targets = [row[header.index("目標")] for row in rows]
    assert all(float(c.value).is_integer() and c.number_format == "#,##0" for c in targets)  # 8,340, not 8,340.0
    rates = [row[header.index("達成率(再計算, %)")] for row in rows]
    assert all(c.number_format == "#,##0.0" for c in rates)  # one decimal throughout, 57.0 beside 47.4
    for sheet in book:  # a missing figure or note is a blank cell, never a text cell holding ""
        assert not any(c.value == "" for row in sheet.iter_rows() for c in row), sheet.title
    halves = book["半期推移"]
    actual = [c.value for c in halves[3]].index("実績")
    assert any(row[actual].value is None for row in halves.iter_rows(min_row=4))  # the halves not reported yet


def test_english_pack(pack_home: Path) -> None:
    pack = make(content.from_home(block="九州", year=2023, half="H2", lang="en", root=pack_home))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pack.pdf)).pages)
    assert "Kyushu" in text and "Collaborations with support organisations" in text and "Projection" in text
    book = openpyxl.load_workbook(io.BytesIO(pack.xlsx))
    assert book.sheetnames[0] == "Cover"
    # the sources too: the charts' source lines, the scorecard's column and the list of sources were Japanese
    cells = [str(c) for name in ("Scorecard", "Sources") for row in book[name].iter_rows(values_only=True)
             for c in row if c]
    assert "合成サンプル" not in text and not any("合成サンプル" in c for c in cells)
    assert any("Synthetic sample" in c for c in cells) and "Synthetic sample" in text


def test_cli_writes_both_files(pack_home: Path, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "reports", "pack", "--block", "kyushu", "--year", "2023", "--half",
                          "H1", "--out", str(tmp_path)], cwd=ROOT, env={**os.environ, "IPDASH_HOME": str(pack_home)},
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ipdash_review_kyushu_fy2023h1_ja.pdf",
                                                           "ipdash_review_kyushu_fy2023h1_ja.xlsx"]


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_fc_match", lambda: None)
    monkeypatch.setattr(fonts, "SEARCH_DIRS", (Path("/nonexistent"),))
    with pytest.raises(fonts.FontMissing, match="fonts-noto-cjk"):
        fonts.noto_sans_cjk()
