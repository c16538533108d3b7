"""The seed report's DOCX as LibreOffice shows it, measured the way the PDF is."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import docx_to_pdf
from measure import PURE_CJK_LINE, body_lines, folio_lines, read_pdf

from docgen import standard as std
from docgen.typeset.linebreak import NO_END, NO_START

LEFT = std.MARGIN_LEFT.mm
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm
PITCH = std.LINE_PITCH.mm
CHAR = std.CHAR_PITCH.mm

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def office(seed_outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    return read_pdf(docx_to_pdf(seed_outputs["docx"], tmp_path_factory.mktemp("seed-lo")))


def test_22_lines_on_every_full_page(office) -> None:
    offset = body_lines(office[1])[0].baseline - std.MARGIN_TOP.mm
    assert 0 < offset < PITCH
    for p in office:
        rows = [(ln.baseline - std.MARGIN_TOP.mm - offset) / PITCH for ln in body_lines(p) if ln.size == 16]
        assert all(abs(r - round(r)) < 0.03 for r in rows), p.number
        assert max(round(r) for r in rows) <= std.LINES_PER_PAGE - 1
        if p.number < len(office):
            assert max(round(r) for r in rows) == std.LINES_PER_PAGE - 1, f"page {p.number} not full"


def test_28_characters_per_full_line(office) -> None:
    lines = [ln for p in office for ln in body_lines(p)]
    exact = total = 0
    for ln, nxt in itertools.pairwise(lines):
        if abs(nxt.x0 - LEFT) > 0.3 or not PURE_CJK_LINE.match(ln.text):
            continue
        expected = std.CHARS_PER_LINE - round((ln.x0 - LEFT) / CHAR)
        total += 1
        if len(ln.text) == expected:
            exact += 1
        elif len(ln.text) == expected + 1:  # LibreOffice hangs a closing mark past the edge
            assert ln.text[-1] in NO_START, ln.text
        elif len(ln.text) == expected - 1:
            assert nxt.text[1] in NO_START or nxt.text[0] in NO_END, (ln.text, nxt.text)
        else:
            pytest.fail(f"page {ln.page}: {len(ln.text)} characters: {ln.text}")
    assert total > 60 and exact / total > 0.7


def test_page_numbers_on_both_sides(office) -> None:
    for p in office:
        folio = folio_lines(p)
        assert len(folio) == 1 and str(p.number) in folio[0].text, p.number
        if p.number % 2:
            assert folio[0].x1 == pytest.approx(RIGHT - std.FOLIO_INSET.mm, abs=0.8)
        else:
            assert folio[0].x0 == pytest.approx(LEFT + std.FOLIO_INSET.mm, abs=0.8)


def test_text_block_edges(office) -> None:
    body = [ln for p in office for ln in body_lines(p) if ln.size == 16]
    assert min(ln.x0 for ln in body) == pytest.approx(LEFT, abs=0.5)
    full = [ln for ln in body if ln.text[-1] not in NO_START and ln.x1 > RIGHT - 3]
    assert all(ln.x1 <= RIGHT + 0.5 for ln in full)


def test_signoff_keeps_body_lines(office) -> None:
    last = body_lines(office[-1])
    assert [ln.text for ln in last[-2:]] == ["常德市民政局", "2018年3月16日"]
    assert len(last) >= 4, "a page with only the 落款"
