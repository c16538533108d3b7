"""Properties in schema order: the sequences of ECMA-376 and the run, paragraph, section and field builders.

python-docx declares only some children of ``w:pPr``, ``w:rPr``, ``w:sectPr`` and the table properties.
The rest (docGrid, kinsoku, snapToGrid, character spacing, w:lang, tblHeader, …) is written here, always
through ``insert_element_before`` with the schema sequence of the parent, because Word refuses a file whose
property children are out of order, and ``append`` would put them at the end. The sequences are copied
from ECMA-376 Part 1 (the same ones python-docx 1.2 keeps privately in ``_tag_seq``), which is why
python-docx is pinned.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from functools import cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from ....units import Length

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
    ascii/hAnsi), and digits use it too so they measure as ``typeset.signoff.width_in_chars`` assumed."""
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
