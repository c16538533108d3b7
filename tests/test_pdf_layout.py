"""The seed report's PDF, measured against GB/T 9704's numbers."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXED_TIME, SEED_DATA
from measure import PURE_CJK_LINE, body_lines, dash_stroke_mm, folio_lines, pdf_fonts, read_pdf

from docgen import api
from docgen import standard as std
from docgen.render.options import RenderOptions
from docgen.typeset.linebreak import MAX_SQUEEZE, NO_END, NO_START

LEFT = std.MARGIN_LEFT.mm  # 28
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm  # 184
PITCH = std.LINE_PITCH.mm
CHAR = std.CHAR_PITCH.mm
ONE_PT = 25.4 / 72


@pytest.fixture(scope="module")
def pages(seed_outputs: dict[str, Path]):
    return read_pdf(seed_outputs["pdf"])


def test_a4(pages) -> None:
    for p in pages:
        assert p.width == pytest.approx(210, abs=0.5)
        assert p.height == pytest.approx(297, abs=0.5)


def test_text_block_left_edge_and_top(pages) -> None:
    body = [ln for p in pages for ln in body_lines(p)]
    assert min(ln.x0 for ln in body) == pytest.approx(LEFT, abs=1)
    # the first body line of a page sits in the first grid row below the 37 mm top margin
    for p in pages[1:]:
        first = body_lines(p)[0]
        assert std.MARGIN_TOP.mm < first.baseline < std.MARGIN_TOP.mm + PITCH, (p.number, first.baseline)
        assert first.top >= std.MARGIN_TOP.mm - 0.5


def test_lines_on_the_grid_and_pages_full(pages) -> None:
    """Every body line sits on one of the 22 grid rows; every page but the last fills row 22."""
    # where a body line's baseline lies within its grid row, taken from page 2's first line
    offset_in_row = body_lines(pages[1])[0].baseline - std.MARGIN_TOP.mm
    assert 0 < offset_in_row < PITCH
    for p in pages:
        rows = []
        for ln in body_lines(p):
            if ln.size != std.BODY_SIZE.pt:
                continue
            row = (ln.baseline - std.MARGIN_TOP.mm - offset_in_row) / PITCH
            assert abs(row - round(row)) < 0.02, (p.number, ln.text, row)
            rows.append(round(row))
        assert min(rows) >= 0 and max(rows) <= std.LINES_PER_PAGE - 1, p.number
        if p.number < len(pages):
            assert max(rows) == std.LINES_PER_PAGE - 1, f"page {p.number} is not full"


def _next_lines(pages):
    seq = [ln for p in pages for ln in body_lines(p)]
    return list(zip(seq, [*seq[1:], None], strict=True))


def test_non_final_lines_flush_right(pages) -> None:
    """A line followed by a continuation line (starting at the left edge) ends on the right edge."""
    checked = 0
    for ln, nxt in _next_lines(pages):
        if nxt is None or ln.size != std.BODY_SIZE.pt or abs(nxt.x0 - LEFT) > 0.2:
            continue
        assert abs(ln.x1 - RIGHT) <= ONE_PT, (ln.page, ln.text, ln.x1)
        checked += 1
    assert checked > 150


def test_28_characters_per_full_line(pages) -> None:
    exact = total = 0
    for ln, nxt in _next_lines(pages):
        if nxt is None or abs(nxt.x0 - LEFT) > 0.2 or not PURE_CJK_LINE.match(ln.text):
            continue
        indent = round((ln.x0 - LEFT) / CHAR)
        expected = std.CHARS_PER_LINE - indent
        n = len(ln.text)
        total += 1
        if n == expected:
            exact += 1
        elif n == expected + 1:  # a closing mark squeezed in rather than starting the next line
            assert ln.text[-1] in NO_START, ln.text
        elif n == expected - 1:  # pushed down: a character with the closing mark after it, or an opening mark
            assert nxt.text[1] in NO_START or nxt.text[0] in NO_END, (ln.text, nxt.text)
        elif n < expected and nxt.text[0].isascii():  # an unbreakable number or Latin run moved down whole
            assert ln.x1 == pytest.approx(RIGHT, abs=ONE_PT)
        else:
            pytest.fail(f"page {ln.page}: {n} characters: {ln.text}")
    assert total > 60
    assert exact / total > 0.7


def test_page_numbers(pages, seed_outputs: dict[str, Path], tmp_path: Path) -> None:
    for p in pages:
        folios = folio_lines(p)
        assert len(folios) == 1, p.number
        f = folios[0]
        assert re.fullmatch(rf"—\s*{p.number}\s*—", f.text.replace(" ", "")) or f.text == f"—{p.number}—"
        inset = std.FOLIO_INSET.mm
        if p.number % 2:  # odd: right, 1 字 inside the right edge
            assert f.x1 == pytest.approx(RIGHT - inset, abs=0.5)
        else:
            assert f.x0 == pytest.approx(LEFT + inset, abs=0.5)
    # the 一字线 stroke 7 mm below the 版心's bottom edge, measured on the rendered page
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "2",
            str(seed_outputs["pdf"]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    for png in sorted(tmp_path.glob("p-*.png")):
        strokes = dash_stroke_mm(png, 200, std.TEXT_BOTTOM.mm + 1, std.TEXT_BOTTOM.mm + 15)
        assert strokes, png
        expected = (std.TEXT_BOTTOM + std.FOLIO_DASH_BELOW_TEXT).mm
        assert strokes[0] == pytest.approx(expected, abs=0.5)


def test_fonts_embedded_and_subset(seed_outputs: dict[str, Path]) -> None:
    fonts = pdf_fonts(seed_outputs["pdf"])
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert re.match(r"^/?'?[A-Z]{6}\+", name), f"not subset: {name}"


def test_metadata(seed_outputs: dict[str, Path]) -> None:
    with pdfplumber.open(seed_outputs["pdf"]) as pdf:
        meta = pdf.metadata
        assert meta["Title"] == "常德市民政局2017年度政府信息公开工作报告"
        assert meta["Author"] == "常德市民政局"
        lang = pdf.doc.catalog.get("Lang")
        assert lang in (b"zh-CN", "zh-CN")


def test_title_and_signoff_geometry(pages) -> None:
    first = body_lines(pages[0])
    title = [ln for ln in first if ln.size == std.TITLE_SIZE.pt]
    assert [t.text for t in title] == ["常德市民政局2017年度", "政府信息公开工作报告"]
    for t in title:  # centred on the 版心
        assert (t.x0 + t.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    last = body_lines(pages[-1])
    organ, date = last[-2], last[-1]
    assert (organ.text, date.text) == ("常德市民政局", "2018年3月16日")
    # §7.3.5.2: date right 2 字; its first character 2 字 right of the 署名's first character
    assert RIGHT - date.x1 == pytest.approx(2 * CHAR, abs=0.6)
    assert date.x0 - organ.x0 == pytest.approx(2 * CHAR, abs=0.6)
    assert date.baseline - organ.baseline == pytest.approx(PITCH, abs=0.1)
    # one empty line between the body and the 署名; the page is not a signature-only page
    assert organ.baseline - last[-3].baseline == pytest.approx(2 * PITCH, abs=0.1)
    assert len(last) >= 4


def test_a_pasted_long_url_wraps_inside_the_text_block(tmp_path: Path) -> None:
    """A URL of 96 characters in a paragraph, measured in the PDF: it wraps after its separators, no line
    passes the right edge, no two glyphs overlap, and no bracket is left alone on a line. (Kept whole, it
    was squeezed into one line until its letters overlapped, with （ and ） on lines of their own.)"""
    url = "http://www.changde.gov.cn/zwgk/zfxxgk/fdzdgknr/tzgg/202401/t20240105_1234567890_abcdefghij.html"
    para = f"详见市政府门户网站政府信息公开专栏（{url}），或拨打0736—7251105咨询。"
    data = tmp_path / "url.yaml"
    seed = SEED_DATA.read_text(encoding="utf-8")
    data.write_text(seed.replace("preface: |\n", f"preface: |\n  {para}\n\n", 1), encoding="utf-8")
    result = api.render(data, tmp_path / "out", options=RenderOptions(formats=("pdf",), timestamp=FIXED_TIME))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    lines = [ln for ln in body_lines(read_pdf(pdf)[0]) if ln.size == std.BODY_SIZE.pt]
    texts = [ln.text for ln in lines]
    joined = "".join(texts)
    assert url in joined and "0736—7251105" in texts[texts.index(next(t for t in texts if "0736" in t))]
    assert all(ln.x1 <= RIGHT + ONE_PT for ln in lines), [(ln.text, ln.x1) for ln in lines]
    assert all(t not in ("（", "）") and t[0] not in NO_START for t in texts), texts
    with pdfplumber.open(pdf) as doc:
        body = [c for c in doc.pages[0].chars if round(c["size"], 1) == std.BODY_SIZE.pt]
        chars = sorted(body, key=lambda c: (round(c["bottom"]), c["x0"]))
    for a, b in itertools.pairwise(chars):
        if round(a["bottom"]) == round(b["bottom"]) and a["text"].strip() and b["text"].strip():
            # (a line may be set up to MAX_SQUEEZE tighter than the grid to keep a closing mark on it)
            assert b["x0"] >= a["x1"] + std.BODY_TRACKING.pt - MAX_SQUEEZE - 0.05, (a["text"], b["text"])
