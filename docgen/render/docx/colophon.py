"""版记 in the DOCX (§7.4), placed as the PDF pass's PagePlan says.

The 版记 is a floating table anchored to the bottom margin (``tblpPr vertAnchor="margin"
tblpYSpec="bottom"``, horizontally from the page at the 28 mm 订口), fixed layout, exact row heights, its
rules as cell borders; a 1 pt paragraph follows it. SAME_PAGE: at the end of the body. NEXT_PAGE: after a
next-page section break, in a section whose footers stay linked (the 版记 page is numbered). AFTER_BLANK:
the new section's footers are unlinked and empty (neither the blank page nor the 版记 page is numbered,
§7.5), and it starts with a tiny paragraph, a page break and another tiny paragraph. These constructions
are the ones notes/engineering-facts.md measured to hold in LibreOffice 7.4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph

from ... import standard as std
from ...model import Role
from ...typeset.colophon import ColophonLayout
from ...typeset.plan import ColophonPlacement
from ...units import Length, pt
from . import ooxml, styles

if TYPE_CHECKING:
    from .writer import DocxWriter


def write_colophon(writer: DocxWriter, layout: ColophonLayout | None, placement: ColophonPlacement) -> None:
    if layout is None or placement is ColophonPlacement.NONE:
        return
    if placement is not ColophonPlacement.SAME_PAGE:
        _section_break(writer, numbered=placement is ColophonPlacement.NEXT_PAGE)
        first = _tiny(writer)
        if placement is ColophonPlacement.AFTER_BLANK:
            first.add_run().add_break(WD_BREAK.PAGE)
            _tiny(writer)
    _table(writer, layout)
    _tiny(writer)


def _tiny(writer: DocxWriter) -> DocxParagraph:
    """An empty paragraph 1 pt tall, off the grid."""
    para = writer._paragraph(styles.NORMAL)
    ppr = para._p.get_or_add_pPr()
    ooxml.set_snap_to_grid(ppr, False)
    ooxml.set_spacing(ppr, std.DOCX_SPACER_LINE)
    return para


def _section_break(writer: DocxWriter, *, numbered: bool) -> None:
    """End the body's section at its last paragraph (no extra line that could spill onto a new page) and
    start a new one on the next page; unnumbered, the new section gets its own empty footers."""
    body = writer.out.element.body
    sentinel = body.sectPr
    last = body[-2] if len(body) > 1 else None  # the element before the body's sectPr
    if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        last = _tiny(writer)._p
    ooxml.end_section(last, sentinel)
    if not numbered:
        section = writer.out.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            for para in footer.paragraphs:
                ooxml.remove_runs(para._p)


def _table(writer: DocxWriter, layout: ColophonLayout) -> None:
    width = std.TEXT_WIDTH
    table = writer.out.add_table(rows=len(layout.entries), cols=1)
    tbl = table._tbl
    tblpr = tbl.tblPr
    ooxml.set_child(
        tblpr,
        "w:tblpPr",
        ooxml.TBLPR_SEQ,
        w_leftFromText=0,
        w_rightFromText=0,
        w_topFromText=0,
        w_bottomFromText=0,
        w_vertAnchor="margin",
        w_horzAnchor="page",
        w_tblpX=std.MARGIN_LEFT.twips,
        w_tblpYSpec="bottom",
    )
    ooxml.set_child(tblpr, "w:tblW", ooxml.TBLPR_SEQ, w_w=width.twips, w_type="dxa")
    ooxml.set_child(tblpr, "w:tblInd", ooxml.TBLPR_SEQ, w_w=0, w_type="dxa")
    borders = ooxml.set_child(tblpr, "w:tblBorders", ooxml.TBLPR_SEQ)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        ooxml.add_border(borders, side, None)
    ooxml.set_child(tblpr, "w:tblLayout", ooxml.TBLPR_SEQ, w_type="fixed")
    ooxml.set_cell_margins(tbl, Length(0))
    ooxml.set_grid(tbl, [width.twips])
    size = std.COLOPHON_SIZE
    inset = std.COLOPHON_INSET
    last = len(layout.entries) - 1
    for i, (entry, row) in enumerate(zip(layout.entries, table.rows, strict=True)):
        tr = row._tr
        ooxml.set_cant_split(tr)
        ooxml.set_child(
            tr.get_or_add_trPr(), "w:trHeight", ooxml.TRPR_SEQ, w_val=(std.COLOPHON_LINE * entry.lines).twips,
            w_hRule="exact",
        )  # fmt: skip
        tc = row.cells[0]._tc
        ooxml.set_cell_width(tc, width.twips)
        ooxml.set_cell_valign(tc, "center")
        top = None
        if layout.rules and i == 0:
            top = std.COLOPHON_RULE_THICK
        elif layout.thin_rule and entry.kind == "printer":
            top = std.COLOPHON_RULE_THIN
        bottom = std.COLOPHON_RULE_THICK if layout.rules and i == last else None
        ooxml.set_cell_borders(tc, top, bottom)
        para = DocxParagraph(tc.p_lst[0], row.cells[0])
        para._p.style = writer.style_id(styles.NORMAL)
        ppr = para._p.get_or_add_pPr()
        ooxml.set_snap_to_grid(ppr, False)
        ooxml.set_spacing(ppr, std.COLOPHON_LINE)
        ooxml.set_jc(ppr, "left")
        fmt = para.paragraph_format
        if entry.kind == "printer":
            label = Length(0)
            fmt.tab_stops.add_tab_stop(Emu(width - inset), WD_TAB_ALIGNMENT.RIGHT)
            texts = [entry.text] + (["\t" + entry.right] if entry.right else [])
        else:
            label = pt(writer.fonts.width(Role.FANGSONG, entry.label, size.pt))
            texts = [entry.label + entry.text]
        if label:  # hanging indent: wrapped names align after the colon (§7.4.2)
            ooxml.set_hanging(ppr, left=inset + label, hanging=label, right=inset)
        else:
            ooxml.set_ind(ppr, first_line=Length(0), left=inset + label, right=inset)
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for text in texts:
            run = writer._run(para, text, Role.FANGSONG)
            rpr = run._r.get_or_add_rPr()
            ooxml.set_size(rpr, size)
            ooxml.set_char_spacing(rpr, Length(0))
