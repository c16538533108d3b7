"""DOCX: the 版头 (§7.2, and the 信函 and 命令 heads of §10).

The head's geometry comes from ``typeset.masthead`` (the PDF uses the same numbers):

* The 发文机关标志 is red text in a text box anchored to page 1 (``wp:anchor`` relative to the page,
  ``wrapNone``): its position is then exact in every consumer, whatever each one does with the leading of
  a 60 pt line, and the 信函 mark can sit above the 版心 (30 mm from the paper's top).
* The 3号 lines of the head (份号 …, 发文字号, 签发人) and the red separator (a paragraph's bottom border)
  are in the text flow, in paragraphs of exact height that do not snap to the grid; their heights are
  computed so that each line's em box lands where the layout says, taking an exact-height line's ascent
  as 4/5 of its height (LibreOffice's rule for fixed line spacing), and they add up to exactly ``rows``
  grid pitches, so the 标题 and everything after it is on the 22-line grid.
* The 信函's double lines are red pictures anchored to the page.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import TYPE_CHECKING, NamedTuple

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ... import standard as std
from ...model import DocFormat, Role
from ...typeset.masthead import HeadLine, Mark, MastheadLayout, Rule, em_ascent, layout_masthead
from ...units import Length
from . import ooxml, styles

if TYPE_CHECKING:
    from .writer import DocxWriter

L = std.LINE_PITCH
E = std.BODY_SIZE
RED = std.RED.lstrip("#")


SIGNER_LABEL = "签发人："


# --- paragraphs -----------------------------------------------------------------------------------------
def _para(w: DocxWriter, height: Length, align: str = "left") -> DocxParagraph:
    """A paragraph of one exact ``height`` that does not snap to the grid."""
    para = w._paragraph(styles.NORMAL)
    ppr = para._p.get_or_add_pPr()
    ooxml.set_snap_to_grid(ppr, False)
    ooxml.set_spacing(ppr, height)
    ooxml.set_ind(ppr, first_line=Length(0), left=Length(0), right=Length(0))
    ooxml.set_jc(ppr, align)
    return para


def _text_run(w: DocxWriter, para: DocxParagraph, text: str, role: Role, size: Length | None = None) -> None:
    run = w._run(para, text, role)
    rpr = run._r.get_or_add_rPr()
    if size is not None:
        ooxml.set_size(rpr, size)
        ooxml.set_char_spacing(rpr, Length(0))


def _line_para(w: DocxWriter, line: HeadLine, height: Length) -> None:
    """One 3号 head line: centred, or its pieces at their x positions by left tab stops."""
    if len(line.pieces) == 1 and line.pieces[0].x is None:
        para = _para(w, height, "center")
        _text_run(w, para, line.pieces[0].text, line.pieces[0].role)
        return
    first = line.pieces[0]
    if len(line.pieces) == 1 and first.flush_right:  # 信函 发文字号: on the right edge whatever its width
        para = _para(w, height, "right")
        _text_run(w, para, first.text, first.role)
        return
    para = _para(w, height)
    stops = para.paragraph_format.tab_stops
    label = next((i for i, p in enumerate(line.pieces) if p.text == SIGNER_LABEL), None)
    if line.kind == "signers" and label is not None:
        # 签发人 and names right-aligned on a right tab 1 字 from the edge: LibreOffice sets the digits of the
        # 发文字号 wider than the font measure, and left tabs would then push the names onto a new line
        if label > 0:
            para.paragraph_format.left_indent = Emu(first.x or 0)
            _text_run(w, para, first.text, first.role)
        right = std.TEXT_WIDTH - std.CHAR_PITCH * std.SIGNER_INDENT_CHARS
        stops.add_tab_stop(Emu(right), WD_TAB_ALIGNMENT.RIGHT)
        w._run(para, "\t", Role.FANGSONG)
        for piece in line.pieces[label:]:
            _text_run(w, para, piece.text, piece.role)
        return
    for i, piece in enumerate(line.pieces):
        assert piece.x is not None
        if i == 0 and piece.x > 0:
            para.paragraph_format.left_indent = Emu(piece.x)
        elif i > 0 and piece.flush_right:
            stops.add_tab_stop(Emu(std.TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
            w._run(para, "\t", Role.FANGSONG)
        elif i > 0:
            stops.add_tab_stop(Emu(piece.x), WD_TAB_ALIGNMENT.LEFT)
            w._run(para, "\t", Role.FANGSONG)
        _text_run(w, para, piece.text, piece.role)


def _height_to(top: Length, em_top: Length, asc: float, size: Length) -> Length:
    """Exact height of a line starting at ``top`` whose em box must start at ``em_top``."""
    return Length(round((em_top - top + size * asc) / std.DOCX_EXACT_ASCENT))


def write_masthead(w: DocxWriter) -> bool:
    """The head of page 1; returns whether the 标题 follows (not in a 命令)."""
    lay = layout_masthead(w.doc, w.fonts)
    if lay is None:
        return True
    if lay.format is DocFormat.LETTER:
        _letter_page(w, lay)
    cursor = Length(0)
    anchor: DocxParagraph | None = None
    rows: dict[int, list[HeadLine]] = {}
    for line in lay.lines:  # several pieces on one line (信函: 份号 left, 发文字号 right) share a paragraph
        rows.setdefault(int(line.em_top), []).append(line)
    items: list[tuple[Length, object]] = [(Length(k), v) for k, v in rows.items()]
    items += [(r.top, r) for r in lay.rules if not r.page_anchored]
    for y, item in sorted(items, key=lambda it: it[0]):
        if isinstance(item, Rule):
            bw = std.SEPARATOR_THICKNESS
            height = Length(max(round(item.y - cursor - bw / 2), Length(1)))
            para = _para(w, height)
            ooxml.set_bottom_border(para._p.get_or_add_pPr(), bw, RED)
            cursor = cursor + height + Length(bw.eighth_points * 12700 // 8)
        else:
            lines: list[HeadLine] = item  # type: ignore[assignment]
            merged = HeadLine(lines[0].em_top, tuple(p for ln in lines for p in ln.pieces), lines[0].kind)
            merged = HeadLine(
                merged.em_top, tuple(sorted(merged.pieces, key=lambda p: p.x or 0)), merged.kind
            )
            asc = em_ascent(w.fonts, Role.FANGSONG)
            top = y - (L * std.DOCX_EXACT_ASCENT - E * asc)  # where a one-pitch line holding it starts
            if top.twips > cursor.twips:
                _para(w, top - cursor)  # an empty spacer
                cursor = top
            height = _height_to(cursor, y, asc, E)
            _line_para(w, merged, height)
            cursor = cursor + height
        anchor = anchor or w.out.paragraphs[-1]
    rest = L * lay.rows - cursor
    if rest.twips > 0 or anchor is None:
        _para(w, Length(max(rest, std.DOCX_MIN_SPACER)))
        anchor = anchor or w.out.paragraphs[-1]
    _mark_boxes(w, anchor, lay.mark)
    return lay.show_title


# --- anchored text boxes and pictures -------------------------------------------------------------------
def _text_box(
    w: DocxWriter, anchor: DocxParagraph, x: Length, y: Length, cx: Length, lines: list[MarkLine]
) -> None:
    """A borderless, unfilled text box at page position (x, y), as tall as its ``lines``."""
    height = sum((line.height for line in lines), Length(0))
    z = next(w.drawing_ids)
    drawing = ooxml.anchor(
        ooxml.text_box(cx, height, [line.p for line in lines]), x=x, y=y, cx=cx, cy=height, z=z, locked=True,
        doc_props=ooxml.doc_pr(next(w.drawing_ids), "发文机关标志"),
    )  # fmt: skip
    ooxml.add_drawing(anchor.add_run(), drawing)


class MarkLine(NamedTuple):
    """One line of the 标志, a paragraph taken out of the body for a text box, and its exact height."""

    p: etree._Element
    height: Length


def _mark_para(w: DocxWriter, text: str, mark: Mark, height: Length, align: str) -> MarkLine:
    para = _para(w, height, align)
    run = w._run(para, text, Role.XIAOBIAOSONG)
    rpr = run._r.get_or_add_rPr()
    ooxml.set_size(rpr, mark.size)
    ooxml.set_char_spacing(rpr, Length(0))
    ooxml.set_child(rpr, "w:color", ooxml.RPR_SEQ, w_val=RED)
    if mark.scale < 1:
        ooxml.set_child(rpr, "w:w", ooxml.RPR_SEQ, w_val=max(1, round(mark.scale * 100)))
    p = para._p
    p.getparent().remove(p)
    return MarkLine(p, height)


def _mark_boxes(w: DocxWriter, anchor: DocxParagraph, mark: Mark) -> None:
    """The 标志 as text boxes: each line an exact-height paragraph whose ascent (4/5 of the height) puts
    the em box's top where the layout says."""
    asc = em_ascent(w.fonts, Role.XIAOBIAOSONG)
    line_h = mark.pitch if mark.suffix else mark.size * 1.25  # room below the baseline
    lead = Length(round(line_h * std.DOCX_EXACT_ASCENT - mark.size * asc))  # from a line's top to its em top
    page_y = std.MARGIN_TOP + mark.top - lead
    x0 = std.MARGIN_LEFT + mark.left
    if not mark.suffix:
        paras = [_mark_para(w, mark.names[0], mark, line_h, "center")]
        # centred in a box wider than the 版心 (a consumer's widths may differ a little: never wrap)
        slack = std.DOCX_MARK_BOX_SLACK
        _text_box(w, anchor, std.MARGIN_LEFT - slack, page_y, std.TEXT_WIDTH + slack * 2, paras)
        return
    paras = [_mark_para(w, name, mark, line_h, "distribute") for name in mark.names]
    slack = std.DOCX_MARK_NAMES_SLACK
    _text_box(w, anchor, x0 - slack, page_y, mark.names_width * mark.scale + slack * 2, paras)
    suffix = [_mark_para(w, mark.suffix, mark, line_h, "left")]
    sx = x0 + (mark.names_width + mark.gap) * mark.scale
    box_w = mark.suffix_width * mark.scale + std.DOCX_MARK_SUFFIX_SLACK
    _text_box(w, anchor, sx, page_y + (mark.suffix_top - mark.top), box_w, suffix)


def _png(rows: list[bool]) -> bytes:
    """A 1-pixel-wide PNG, one red or transparent pixel per row."""
    raw = b"".join(b"\x00" + (b"\xff\x00\x00\xff" if on else b"\x00\x00\x00\x00") for on in rows)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, len(rows), 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def _rule_picture(w: DocxWriter, para: DocxParagraph, rule: Rule) -> None:
    """A double line as a red picture anchored to the page (0.01 mm per pixel row)."""
    top, bottom = rule.top, rule.bottom
    step = std.LETTER_RULE_PIXEL
    n = round((bottom - top) / step)
    rows = [any(t <= top + step * i + step / 2 < t + h for t, h in rule.strokes) for i in range(n)]
    run = para.add_run()
    run.add_picture(io.BytesIO(_png(rows)), width=Emu(rule.length), height=Emu(step * n))
    z = next(w.drawing_ids)
    ooxml.float_picture(
        run, x=std.MARGIN_LEFT + rule.x, y=std.MARGIN_TOP + top, z=z, locked=True,
        relative_from=("page", "page"), doc_props=ooxml.doc_pr(next(w.drawing_ids), "信函分隔线"),
    )  # fmt: skip


def _letter_page(w: DocxWriter, lay: MastheadLayout) -> None:
    """§10.1: page 1 shows no page number (its own, empty footer) and carries both double lines, drawn
    from its header, anchored to the page."""
    section = w.out.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    para = header.paragraphs[0]
    for rule in lay.rules:
        _rule_picture(w, para, rule)
    section.first_page_footer.paragraphs[0].text = ""
