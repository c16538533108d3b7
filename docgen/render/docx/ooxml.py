"""Raw OOXML the python-docx API does not reach: every such element of the DOCX renderer lives here.

python-docx declares only some children of ``w:pPr``, ``w:rPr``, ``w:sectPr`` and the table properties.
The rest (docGrid, kinsoku, snapToGrid, character spacing, w:lang, tblHeader, …) is written here, always
through ``insert_element_before`` with the schema sequence of the parent, because Word refuses a file whose
property children are out of order, and ``append`` would put them at the end. The sequences are copied
from ECMA-376 Part 1 (the same ones python-docx 1.2 keeps privately in ``_tag_seq``), which is why
python-docx is pinned.
"""

from __future__ import annotations

import copy
import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from ...units import Length

# --- Schema sequences (ECMA-376 Part 1, §17) -------------------------------------------------------------
PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_SEQ = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
SECTPR_SEQ = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
    "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign",
    "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
    "w:sectPrChange",
)  # fmt: skip
TBLPR_SEQ = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
TRPR_SEQ = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip
TCPR_SEQ = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
    "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
    "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
STYLE_SEQ = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority",
    "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal", "w:personalCompose",
    "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip

THEME_FONT_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")


def set_child(parent: BaseOxmlElement, tag: str, seq: Sequence[str], **attrs: str | int) -> BaseOxmlElement:
    """Replace ``parent``'s ``tag`` child by a new one with ``attrs`` (``w_val=…`` means ``w:val``), in
    schema order: inserted before the first present successor of ``tag`` in ``seq``."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(qn(key.replace("_", ":", 1)), str(value))
    # One pass over the few children present (python-docx's insert_element_before searches once per
    # possible successor: a third of a document's DOCX time went there).
    successors = _successors(tuple(seq), tag)
    for i, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(i, child)
            break
    else:
        parent.append(child)
    return child


@cache
def _successors(seq: tuple[str, ...], tag: str) -> frozenset[str]:
    return frozenset(qn(t) for t in seq[seq.index(tag) + 1 :])


def get_or_add(parent: BaseOxmlElement, tag: str, seq: Sequence[str]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, created in schema order if absent."""
    found = parent.find(qn(tag))
    return found if found is not None else set_child(parent, tag, seq)


def on_off(value: bool) -> str:
    return "1" if value else "0"


# --- Run properties -------------------------------------------------------------------------------------
def set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """One family for every script: the CJK face must go to ``w:eastAsia`` (``font.name`` only sets
    ascii/hAnsi), and digits use it too so they measure as ``layout_signoff`` assumed."""
    set_child(rpr, "w:rFonts", RPR_SEQ, w_ascii=name, w_hAnsi=name, w_eastAsia=name, w_cs=name)


def set_size(rpr: BaseOxmlElement, size: Length) -> None:
    set_child(rpr, "w:sz", RPR_SEQ, w_val=size.half_points)
    set_child(rpr, "w:szCs", RPR_SEQ, w_val=size.half_points)


def set_plain(rpr: BaseOxmlElement) -> None:
    """Not bold, not italic, black: the default template's headings are bold, blue and themed; GB/T 9704
    puts the weight in the face (黑体, 小标宋) and wants black text (§5.2.4)."""
    for tag in ("w:b", "w:bCs", "w:i", "w:iCs"):
        set_child(rpr, tag, RPR_SEQ, w_val="0")
    set_child(rpr, "w:color", RPR_SEQ, w_val="000000")


def set_char_spacing(rpr: BaseOxmlElement, spacing: Length) -> None:
    """Condensed/expanded character spacing (``w:spacing`` inside rPr, in twips)."""
    set_child(rpr, "w:spacing", RPR_SEQ, w_val=spacing.twips)


def set_lang(rpr: BaseOxmlElement, lang: str) -> None:
    set_child(rpr, "w:lang", RPR_SEQ, w_val=lang, w_eastAsia=lang, w_bidi="ar-SA")


def set_run_snap_to_grid(rpr: BaseOxmlElement, on: bool) -> None:
    set_child(rpr, "w:snapToGrid", RPR_SEQ, w_val=on_off(on))


def strip_theme_fonts(root: etree._Element) -> None:
    """Remove theme font references everywhere under ``root``: the default template's theme sends
    East-Asian text to MS Mincho in Word and WPS whatever ``w:eastAsia`` says."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


# --- Paragraph properties -------------------------------------------------------------------------------
def set_spacing(ppr: BaseOxmlElement, line: Length | None) -> None:
    """No space before or after; ``line`` exact, or single (auto 240) when None."""
    if line is None:
        set_child(ppr, "w:spacing", PPR_SEQ, w_before=0, w_after=0, w_line=240, w_lineRule="auto")
    else:
        set_child(ppr, "w:spacing", PPR_SEQ, w_before=0, w_after=0, w_line=line.twips, w_lineRule="exact")


def set_ind(ppr: BaseOxmlElement, *, first_line: Length, left: Length, right: Length) -> None:
    set_child(ppr, "w:ind", PPR_SEQ, w_left=left.twips, w_right=right.twips, w_firstLine=first_line.twips)


def set_jc(ppr: BaseOxmlElement, value: str) -> None:
    set_child(ppr, "w:jc", PPR_SEQ, w_val=value)


def set_snap_to_grid(ppr: BaseOxmlElement, on: bool) -> None:
    """``snapToGrid=0`` keeps a line larger than the grid pitch (the 22 pt title) in one grid row in
    LibreOffice instead of two."""
    set_child(ppr, "w:snapToGrid", PPR_SEQ, w_val=on_off(on))


def set_east_asian_line_breaking(ppr: BaseOxmlElement) -> None:
    """避头尾 (kinsoku) on; widow control off so every full page holds all 22 lines (§5.2.3)."""
    set_child(ppr, "w:widowControl", PPR_SEQ, w_val="0")
    set_child(ppr, "w:kinsoku", PPR_SEQ, w_val="1")


def set_no_hanging_punctuation(ppr: BaseOxmlElement) -> None:
    """``overflowPunct=0``: a line-final 。，、 must stay inside the 版心 instead of hanging past it."""
    set_child(ppr, "w:overflowPunct", PPR_SEQ, w_val="0")


def set_no_auto_space(ppr: BaseOxmlElement) -> None:
    """No extra space between Chinese and digits/Latin (``autoSpaceDE``/``autoSpaceDN`` off)."""
    set_child(ppr, "w:autoSpaceDE", PPR_SEQ, w_val="0")
    set_child(ppr, "w:autoSpaceDN", PPR_SEQ, w_val="0")


def set_keep_with_next(ppr: BaseOxmlElement) -> None:
    set_child(ppr, "w:keepNext", PPR_SEQ)


def set_outline_level(ppr: BaseOxmlElement, level: int) -> None:
    set_child(ppr, "w:outlineLvl", PPR_SEQ, w_val=level)


# --- Section --------------------------------------------------------------------------------------------
def set_doc_grid(sectpr: BaseOxmlElement, pitch: Length) -> None:
    """``type="lines"``: LibreOffice lays out the usual ``linesAndChars`` grid at 14 characters a line."""
    set_child(sectpr, "w:docGrid", SECTPR_SEQ, w_type="lines", w_linePitch=pitch.twips)


# --- Settings -------------------------------------------------------------------------------------------
def complete_zoom(settings: BaseOxmlElement) -> None:
    """python-docx's template says ``<w:zoom w:val="bestFit"/>``; the schema requires ``w:percent`` too
    (Word writes 100 beside a named zoom)."""
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def end_section(p: BaseOxmlElement, body_sectpr: BaseOxmlElement) -> None:
    """End a section at paragraph ``p``: a copy of the body's ``w:sectPr`` (headers, footers and all) goes
    into ``p``'s properties; the body's own, which now describes the next section, starts on a new page and
    loses its header and footer references (the new section's are linked to the previous ones)."""
    p.get_or_add_pPr().insert_element_before(copy.deepcopy(body_sectpr), "w:pPrChange")
    for ref in body_sectpr.xpath("w:headerReference|w:footerReference"):
        body_sectpr.remove(ref)
    set_child(body_sectpr, "w:type", SECTPR_SEQ, w_val="nextPage")


def remove_runs(p: BaseOxmlElement) -> None:
    """Empty a paragraph of its runs (its properties stay)."""
    for r in p.findall(qn("w:r")):
        p.remove(r)


# --- Fields ---------------------------------------------------------------------------------------------
def add_page_field(paragraph: DocxParagraph, style_run: Callable[[Run], None]) -> None:
    """A complex PAGE field (begin / instrText / separate / result / end), each run formatted by
    ``style_run`` so even the field's runs carry the East-Asian font."""
    parts: list[tuple[str, str | None]] = [
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ]
    for kind, text in parts:
        run = paragraph.add_run()
        style_run(run)
        if kind == "text":
            run.text = text or ""
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)  # a run's content, not a property: order among r's children is free
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


# --- Tables ---------------------------------------------------------------------------------------------
def set_table_geometry(tbl: BaseOxmlElement, col_twips: Sequence[int], border: Length) -> None:
    """Fixed layout, full width, both ``w:gridCol`` and the table width set (LibreOffice reads the grid
    and ignores cell widths alone), single borders of ``border`` everywhere."""
    tblpr = tbl.tblPr
    set_child(tblpr, "w:tblW", TBLPR_SEQ, w_w=sum(col_twips), w_type="dxa")
    set_child(tblpr, "w:jc", TBLPR_SEQ, w_val="center")
    borders = set_child(tblpr, "w:tblBorders", TBLPR_SEQ)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        add_border(borders, side, border)
    set_child(tblpr, "w:tblLayout", TBLPR_SEQ, w_type="fixed")
    set_grid(tbl, col_twips)


def add_border(parent: etree._Element, side: str, width: Length | None, color: str = "000000") -> None:
    """One edge of ``w:pBdr``/``w:tblBorders``/``w:tcBorders``: single, ``width`` thick, or ``nil`` (None).
    Callers add the edges in the schema order of the parent (top, left, bottom, right, insideH, insideV)."""
    edge = etree.SubElement(parent, qn(f"w:{side}"))
    if width is None:
        edge.set(qn("w:val"), "nil")
        return
    for key, value in (("val", "single"), ("sz", width.eighth_points), ("space", 0), ("color", color)):
        edge.set(qn(f"w:{key}"), str(value))


def set_bottom_border(ppr: BaseOxmlElement, width: Length, color: str) -> None:
    """A paragraph's bottom border (the 版头's red separator)."""
    add_border(set_child(ppr, "w:pBdr", PPR_SEQ), "bottom", width, color)


def set_hanging(ppr: BaseOxmlElement, *, left: Length, hanging: Length, right: Length | None = None) -> None:
    """A hanging indent: wrapped lines start at ``left``, the first line ``hanging`` to the left of it."""
    right_twips = right.twips if right is not None else 0
    set_child(ppr, "w:ind", PPR_SEQ, w_left=left.twips, w_right=right_twips, w_hanging=hanging.twips)


def set_grid(tbl: BaseOxmlElement, col_twips: Sequence[int]) -> None:
    """``w:tblGrid``: one ``w:gridCol`` per column (LibreOffice reads the grid, not the cell widths)."""
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for w in col_twips:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))  # tblGrid holds only gridCol


def set_cell_borders(tc: BaseOxmlElement, top: Length | None, bottom: Length | None) -> None:
    """A cell's ``w:tcBorders``: rules above and below (None: none), never at the sides."""
    tcb = set_child(tc.get_or_add_tcPr(), "w:tcBorders", TCPR_SEQ)
    for side, width in (("top", top), ("left", None), ("bottom", bottom), ("right", None)):
        add_border(tcb, side, width)


def set_cell_margins(tbl: BaseOxmlElement, side: Length) -> None:
    """Left and right cell padding; top and bottom 0 so a one-line row is as tall as its line."""
    mar = set_child(tbl.tblPr, "w:tblCellMar", TBLPR_SEQ)
    for edge, width in (("top", Length(0)), ("left", side), ("bottom", Length(0)), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(width.twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)  # appended in the schema order of tblCellMar: top, left, bottom, right


def set_cell_width(tc: BaseOxmlElement, twips: int) -> None:
    set_child(tc.get_or_add_tcPr(), "w:tcW", TCPR_SEQ, w_w=twips, w_type="dxa")


def set_cell_valign(tc: BaseOxmlElement, value: str) -> None:
    set_child(tc.get_or_add_tcPr(), "w:vAlign", TCPR_SEQ, w_val=value)


def set_cant_split(tr: BaseOxmlElement) -> None:
    set_child(tr.get_or_add_trPr(), "w:cantSplit", TRPR_SEQ)


# --- Table rows -------------------------------------------------------------------------------------------
class TableRows:
    """The rows of one table, in schema order, written as WordprocessingML text and parsed once
    (``append_to``): building ~300 cells through python-docx's API (and merging them with its ``merge``,
    which recomputes the grid on every call) was most of an annual report's DOCX time, and building them
    element by element with lxml still twice what one parse costs. Every value is escaped here.

    ``style_id``, ``line`` (an exact line height, None: the style's) and ``rpr`` (the run properties each
    cell's run gets a copy of) are the same for every cell of a table."""

    def __init__(self, style_id: str, line: Length | None, rpr: BaseOxmlElement) -> None:
        self._parts: list[str] = []
        self._open = False
        spacing = (
            f'<w:spacing w:before="0" w:after="0" w:line="{line.twips}" w:lineRule="exact"/>'
            if line is not None
            else ""
        )
        self._style = f'<w:pStyle w:val="{escape(style_id, _QUOTE)}"/>'
        self._spacing = spacing
        self._rpr = etree.tostring(rpr, encoding="unicode").replace(f" {nsdecls('w')}", "")

    def row(self, height: Length, *, header: bool) -> None:
        """Start a row that never splits, at least ``height`` tall; a header row repeats on every page."""
        if self._open:
            self._parts.append("</w:tr>")
        self._open = True
        repeat = "<w:tblHeader/>" if header else ""
        self._parts.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height.twips}" w:hRule="atLeast"/>{repeat}</w:trPr>'
        )

    def merged_cell(self, width: int, colspan: int) -> None:
        """The part of a vertically merged cell in a row below its first (``vMerge`` continue, empty)."""
        self._parts.append(f"<w:tc><w:tcPr>{_cell_width(width, colspan)}<w:vMerge/></w:tcPr><w:p/></w:tc>")

    def cell(
        self, width: int, colspan: int, lines: Sequence[str], *, restart: bool, valign: str, keep: bool,
        jc: str | None,
    ) -> None:  # fmt: skip
        """A cell whose one paragraph holds one run of ``lines`` (joined by ``w:br``); ``restart`` begins a
        vertical merge, ``keep`` keeps it with the next row, ``jc`` None keeps the style's alignment."""
        merge = '<w:vMerge w:val="restart"/>' if restart else ""
        keep_next = "<w:keepNext/>" if keep else ""
        align = f'<w:jc w:val="{jc}"/>' if jc is not None else ""
        text = "<w:br/>".join(_text(line) for line in lines)
        self._parts.append(
            f'<w:tc><w:tcPr>{_cell_width(width, colspan)}{merge}<w:vAlign w:val="{valign}"/></w:tcPr>'
            f"<w:p><w:pPr>{self._style}{keep_next}{self._spacing}{align}</w:pPr>"
            f"<w:r>{self._rpr}{text}</w:r></w:p></w:tc>"
        )

    def append_to(self, tbl: BaseOxmlElement) -> None:
        if self._open:
            self._parts.append("</w:tr>")
            self._open = False
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(self._parts)}</w:tbl>"):
            tbl.append(tr)
        self._parts = []


_QUOTE = {'"': "&quot;"}


def _cell_width(width: int, colspan: int) -> str:
    span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    return f'<w:tcW w:w="{width}" w:type="dxa"/>{span}'


def _text(line: str) -> str:
    """One line of a cell as a ``w:t`` (its spaces kept where they lead or trail)."""
    space = ' xml:space="preserve"' if line.strip() != line else ""
    return f"<w:t{space}>{escape(line)}</w:t>"


# --- Drawings ---------------------------------------------------------------------------------------------
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def doc_pr(ident: int, name: str) -> etree._Element:
    """``wp:docPr``: a drawing's id (unique within the document) and name."""
    el = etree.Element(qn("wp:docPr"), nsmap={"wp": NS_WP})
    el.set("id", str(ident))
    el.set("name", name)
    return el


def anchor(
    graphic: etree._Element,
    *,
    x: Length,
    y: Length,
    cx: Length,
    cy: Length,
    z: int,
    locked: bool,
    doc_props: etree._Element,
    frame_props: etree._Element | None = None,
    relative_from: tuple[str, str] = ("page", "page"),
) -> etree._Element:
    """A floating drawing (``wp:anchor``) in front of the text, no wrapping: ``graphic`` at (x, y) from
    ``relative_from`` (horizontal, vertical), ``cx`` × ``cy``, stacked by ``z`` (relativeHeight)."""
    el = etree.Element(qn("wp:anchor"), nsmap={"wp": NS_WP, "a": NS_A})
    for key, value in (
        ("distT", 0), ("distB", 0), ("distL", 0), ("distR", 0), ("simplePos", 0), ("relativeHeight", z),
        ("behindDoc", 0), ("locked", int(locked)), ("layoutInCell", 1), ("allowOverlap", 1),
    ):  # fmt: skip
        el.set(key, str(value))
    simple = etree.SubElement(el, qn("wp:simplePos"))
    simple.set("x", "0")
    simple.set("y", "0")
    for tag, rel, offset in (("wp:positionH", relative_from[0], x), ("wp:positionV", relative_from[1], y)):
        pos = etree.SubElement(el, qn(tag))
        pos.set("relativeFrom", rel)
        etree.SubElement(pos, qn("wp:posOffset")).text = str(int(offset))
    extent = etree.SubElement(el, qn("wp:extent"))
    extent.set("cx", str(int(cx)))
    extent.set("cy", str(int(cy)))
    effect = etree.SubElement(el, qn("wp:effectExtent"))
    for side in "ltrb":
        effect.set(side, "0")
    etree.SubElement(el, qn("wp:wrapNone"))
    el.append(doc_props)
    el.append(frame_props if frame_props is not None else etree.Element(qn("wp:cNvGraphicFramePr")))
    el.append(graphic)
    return el


def add_drawing(run: Run, drawing: etree._Element) -> None:
    """Put ``drawing`` (a ``wp:anchor``) into ``run``: a run's content, after its properties."""
    holder = OxmlElement("w:drawing")
    holder.append(drawing)
    run._r.append(holder)


def float_picture(
    run: Run,
    *,
    x: Length,
    y: Length,
    z: int,
    locked: bool,
    relative_from: tuple[str, str],
    doc_props: etree._Element | None = None,
) -> None:
    """Turn the inline picture python-docx's ``add_picture`` put in ``run`` into a floating one (same
    image, same size); ``doc_props`` None keeps the picture's own id, name and frame locks."""
    inline = run._r.find(f".//{qn('wp:inline')}")
    assert inline is not None
    extent = inline.find(qn("wp:extent"))
    graphic = inline.find(qn("a:graphic"))
    assert extent is not None and graphic is not None
    if doc_props is None:
        doc_props, frame_props = inline.find(qn("wp:docPr")), inline.find(qn("wp:cNvGraphicFramePr"))
    else:
        frame_props = None
    floating = anchor(
        graphic, x=x, y=y, cx=Length(int(extent.get("cx"))), cy=Length(int(extent.get("cy"))), z=z,
        locked=locked, doc_props=doc_props, frame_props=frame_props, relative_from=relative_from,
    )  # fmt: skip
    inline.getparent().replace(inline, floating)


def text_box(cx: Length, cy: Length, paragraphs: Iterable[etree._Element]) -> etree._Element:
    """A borderless, unfilled text box (``wps:wsp``) ``cx`` × ``cy`` with no insets, ``paragraphs``
    (``w:p``) inside: the ``a:graphic`` of an anchor."""
    graphic = etree.Element(qn("a:graphic"), nsmap={"a": NS_A})
    data = etree.SubElement(graphic, qn("a:graphicData"))
    data.set("uri", NS_WPS)
    wsp = etree.SubElement(data, f"{{{NS_WPS}}}wsp", nsmap={"wps": NS_WPS})
    etree.SubElement(wsp, f"{{{NS_WPS}}}cNvSpPr").set("txBox", "1")
    sppr = etree.SubElement(wsp, f"{{{NS_WPS}}}spPr")
    xfrm = etree.SubElement(sppr, qn("a:xfrm"))
    off = etree.SubElement(xfrm, qn("a:off"))
    off.set("x", "0")
    off.set("y", "0")
    ext = etree.SubElement(xfrm, qn("a:ext"))
    ext.set("cx", str(int(cx)))
    ext.set("cy", str(int(cy)))
    geom = etree.SubElement(sppr, qn("a:prstGeom"))
    geom.set("prst", "rect")
    etree.SubElement(geom, qn("a:avLst"))
    etree.SubElement(sppr, qn("a:noFill"))
    etree.SubElement(etree.SubElement(sppr, qn("a:ln")), qn("a:noFill"))
    txbx = etree.SubElement(wsp, f"{{{NS_WPS}}}txbx")
    content = etree.SubElement(txbx, f"{{{NS_W}}}txbxContent", nsmap={"w": NS_W})
    content.extend(paragraphs)
    body = etree.SubElement(wsp, f"{{{NS_WPS}}}bodyPr")
    for key, value in (
        ("rot", "0"), ("vert", "horz"), ("wrap", "square"), ("lIns", "0"), ("tIns", "0"), ("rIns", "0"),
        ("bIns", "0"), ("anchor", "t"),
    ):  # fmt: skip
        body.set(key, value)
    etree.SubElement(body, qn("a:noAutofit"))
    return graphic


# --- Font table -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FontEntry:
    """One ``w:font`` of fontTable.xml: the name runs use, the Windows family to try instead."""

    name: str
    alt_name: str | None
    east_asian: bool = True


def font_table_xml(entries: Iterable[FontEntry]) -> bytes:
    """fontTable.xml naming each family the document uses, with ``w:altName`` so Word and WPS find a
    Windows font (仿宋) where the official one (仿宋_GB2312) is not installed; charset 86 = GB2312."""
    root = etree.fromstring(f"<w:fonts {nsdecls('w')}/>".encode())
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            continue
        seen.add(entry.name)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), entry.name)
        if entry.alt_name and entry.alt_name != entry.name:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), entry.alt_name)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86" if entry.east_asian else "00")
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Package --------------------------------------------------------------------------------------------
def normalize_zip(data: bytes, when: datetime) -> bytes:
    """The package with every member dated ``when``: python-docx stamps members with the wall clock, so two
    renders of the same document would otherwise differ byte for byte. The DOS date and time are rewritten
    in place, in each local header and central-directory entry (recompressing the members cost ~5 ms)."""
    y, mo, d, h, mi, s = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    stamp = struct.pack("<HH", h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d)
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos, entry = z.infolist(), z.start_dir
    for info in infos:
        local = info.header_offset
        assert out[local : local + 4] == b"PK\x03\x04" and out[entry : entry + 4] == b"PK\x01\x02"
        out[local + 10 : local + 14] = stamp
        out[entry + 12 : entry + 16] = stamp
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, entry + 28)
        entry += 46 + name_len + extra_len + comment_len
    return bytes(out)
