"""版记 (§7.4) at the bottom of the last, even page: the three placements, measured in docgen's PDF and in
LibreOffice's rendering of the DOCX (rules found by pixel at 200 dpi)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from measure import folio_lines
from signoff_docs import COLOPHON, DOCS, Output, outputs, pages, rules  # noqa: F401  (fixture)

from docgen import standard as std
from docgen.model import DocFormat
from docgen.typeset.colophon import decide_placement, layout_colophon, page_plan
from docgen.typeset.fonts import resolve
from docgen.typeset.plan import ColophonPlacement as P
from docgen.units import mm

pytestmark = pytest.mark.slow
EXPECTED = {"a": (P.SAME_PAGE, 2), "b": (P.NEXT_PAGE, 2), "b3": (P.NEXT_PAGE, 4), "c": (P.AFTER_BLANK, 4)}
KINDS = ("pdf", "office")


def test_decision_table() -> None:
    layout = layout_colophon(COLOPHON, DocFormat.STANDARD, resolve())
    assert layout is not None and layout.height == std.COLOPHON_LINE * 2
    assert decide_placement(3, mm(100), layout) is P.NEXT_PAGE
    assert decide_placement(2, std.TEXT_BOTTOM - layout.height, layout) is P.SAME_PAGE
    assert decide_placement(2, std.TEXT_BOTTOM - layout.height + mm(0.1), layout) is P.AFTER_BLANK
    assert decide_placement(2, mm(100), None) is P.NONE
    plan = page_plan(2, P.AFTER_BLANK)
    assert (plan.page_count, plan.numbered, plan.body_pages) == (4, (True, True, False, False), 2)
    assert page_plan(1, P.NEXT_PAGE).numbered == (True, True)


def test_letter_colophon_has_no_rules_and_no_printer_line() -> None:
    layout = layout_colophon(COLOPHON, DocFormat.LETTER, resolve())
    assert layout is not None and not layout.rules and [e.kind for e in layout.entries] == ["cc"]


@pytest.mark.parametrize("name", EXPECTED)
def test_plan(outputs: dict[str, Output], name: str) -> None:  # noqa: F811
    placement, count = EXPECTED[name]
    assert outputs[name].plan.colophon is placement
    assert outputs[name].plan.page_count == count


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", EXPECTED)
def test_colophon_on_the_last_even_page(outputs: dict[str, Output], name: str, kind: str) -> None:  # noqa: F811
    pdf = getattr(outputs[name], kind)
    pp = pages(pdf)
    assert len(pp) == EXPECTED[name][1] and len(pp) % 2 == 0
    found = rules(pdf, len(pp))
    assert len(found) == 3, found  # thick / 抄送 / thin / 印发 / thick
    first, thin, last = found
    assert last.centre == pytest.approx(std.TEXT_BOTTOM.mm - std.COLOPHON_RULE_THICK.mm / 2, abs=0.5)
    for r in found:
        assert r.x0 == pytest.approx(std.MARGIN_LEFT.mm, abs=0.5)
        assert r.x1 - r.x0 == pytest.approx(std.TEXT_WIDTH.mm, abs=0.5)
    assert first.thickness == pytest.approx(std.COLOPHON_RULE_THICK.mm, abs=0.08)
    assert last.thickness == pytest.approx(std.COLOPHON_RULE_THICK.mm, abs=0.08)
    assert thin.thickness == pytest.approx(std.COLOPHON_RULE_THIN.mm, abs=0.08)
    assert thin.thickness < first.thickness - 0.05
    text = pp[-1].lines
    cc = next(ln for ln in text if ln.text.startswith("抄送："))
    printer = next(ln for ln in text if ln.text.startswith("常德市民政局办公室"))
    assert first.centre < cc.top < cc.bottom < thin.centre < printer.top < printer.bottom < last.centre
    assert cc.text.endswith("。") and printer.text.replace(" ", "").endswith("2018年3月16日印发")
    assert cc.size == printer.size == std.COLOPHON_SIZE.pt
    # 1 字 (4号) insets on both sides of the 印发 line
    assert printer.x0 == pytest.approx((std.MARGIN_LEFT + std.COLOPHON_INSET).mm, abs=0.5)
    assert printer.x1 == pytest.approx((std.MARGIN_LEFT + std.TEXT_WIDTH - std.COLOPHON_INSET).mm, abs=0.6)
    # nothing on the 版记 page lies on or below the first rule but the 版记 itself
    for ln in text:
        if ln.top > first.centre and ln.bottom < std.TEXT_BOTTOM.mm:
            assert ln.size == std.COLOPHON_SIZE.pt, ln.text
    # no rules on the other pages
    for number in range(1, len(pp)):
        assert rules(pdf, number) == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", EXPECTED)
def test_page_numbers(outputs: dict[str, Output], name: str, kind: str) -> None:  # noqa: F811
    """§7.5: numbers on the body pages and on a 版记 page right after the body; none on the blank page
    before a 版记 page nor on that 版记 page (A10.4)."""
    pp = pages(getattr(outputs[name], kind))
    plan = outputs[name].plan
    for page, numbered in zip(pp, plan.numbered, strict=True):
        folio = "".join(ln.text for ln in folio_lines(page)).replace(" ", "")
        if numbered:
            assert folio == f"{std.FOLIO_DASH}{page.number}{std.FOLIO_DASH}", (page.number, folio)
        else:
            assert folio == "", (page.number, folio)
    if plan.colophon is P.AFTER_BLANK:
        blank = pp[-2]
        assert blank.lines == []  # the blank page is blank


def test_docx_structure(outputs: dict[str, Output]) -> None:  # noqa: F811
    """The DOCX obeys the plan: a floating table at the bottom margin; a next-page section for b/c whose
    footers are linked (b) or unlinked and empty (c)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for name, (placement, _) in EXPECTED.items():
        with zipfile.ZipFile(outputs[name].docx) as z:
            doc = etree.parse(io.BytesIO(z.read("word/document.xml")))
            footers = {n: z.read(n) for n in z.namelist() if n.startswith("word/footer")}
        tblp = doc.findall(f".//{w}tblpPr")
        assert len(tblp) == 1
        assert tblp[0].get(f"{w}vertAnchor") == "margin" and tblp[0].get(f"{w}tblpYSpec") == "bottom"
        sects = doc.findall(f".//{w}sectPr")
        assert len(sects) == (1 if placement is P.SAME_PAGE else 2)
        if placement is P.AFTER_BLANK:
            refs = sects[-1].findall(f"{w}footerReference")
            assert len(refs) == 2
            rels = etree.parse(
                io.BytesIO(zipfile.ZipFile(outputs[name].docx).read("word/_rels/document.xml.rels"))
            )
            targets = {r.get("Id"): r.get("Target") for r in rels.getroot()}
            for ref in refs:
                xml = footers[
                    "word/"
                    + targets[
                        ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                    ]
                ]
                assert b"PAGE" not in xml and b"<w:t" not in xml
        elif placement is P.NEXT_PAGE:
            assert sects[-1].findall(f"{w}footerReference") == []  # linked: numbered like the body
