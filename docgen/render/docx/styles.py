"""The DOCX styles: real, named styles a secretary reuses (正文, 标题 1–4, 标题, 落款, 页码, 表格文字).

All formatting that is not specific to one paragraph lives in a style, so the document stays editable:
a new paragraph typed in Word gets the 3号仿宋 grid line of 正文, and applying 标题 2 gives 楷体. Built-in
styles (Normal, heading 1–4, Title, footer) are redefined rather than replaced, so Word shows them under
their localised names and keeps their outline levels. Every style names its East-Asian font explicitly
and carries no theme font.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.styles.styles import Styles

from ... import standard as std
from ...model import Role
from ...typeset.fonts import FontSet
from ...units import Length
from . import ooxml

NORMAL = "Normal"
TITLE = "Title"
HEADINGS: dict[int, str] = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
ADDRESSEE = "主送机关"
SIGNOFF = "落款"
FOLIO = "页码"
TABLE_TEXT = "表格文字"
TABLE = "Table Grid"


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One paragraph style, in GB/T 9704 terms. ``line`` None means single spacing (not on the grid)."""

    name: str
    role: Role
    size: Length
    align: str = "both"
    first_line: Length = std.FIRST_LINE_INDENT
    line: Length | None = std.LINE_PITCH
    snap_to_grid: bool = True
    tracking: Length = std.DOCX_CHAR_SPACING
    outline_level: int | None = None
    keep_with_next: bool = False
    based_on: str | None = NORMAL
    next_style: str | None = None


def style_specs() -> tuple[StyleSpec, ...]:
    """Every paragraph style the renderer defines, Normal first (the others are based on it)."""
    heading_specs = tuple(
        StyleSpec(
            HEADINGS[level],
            std.HEADING_ROLE[level],
            std.BODY_SIZE,
            outline_level=level - 1,
            keep_with_next=True,
            next_style=NORMAL,
        )
        for level in HEADINGS
    )
    return (
        StyleSpec(NORMAL, Role.FANGSONG, std.BODY_SIZE, based_on=None),
        # The 22 pt title keeps the grid pitch but must not snap: snapped, LibreOffice gives it two rows.
        StyleSpec(
            TITLE,
            Role.XIAOBIAOSONG,
            std.TITLE_SIZE,
            align="center",
            first_line=Length(0),
            snap_to_grid=False,
            tracking=Length(0),
            next_style=NORMAL,
        ),
        *heading_specs,
        StyleSpec(ADDRESSEE, Role.FANGSONG, std.BODY_SIZE, align="left", first_line=Length(0)),
        StyleSpec(SIGNOFF, Role.FANGSONG, std.BODY_SIZE, align="right", first_line=Length(0)),
        StyleSpec(
            FOLIO,
            Role.SONG,
            std.FOLIO_SIZE,
            align="right",
            first_line=Length(0),
            line=None,
            snap_to_grid=False,
            tracking=Length(0),
            based_on="Footer",
        ),
        StyleSpec(
            TABLE_TEXT,
            Role.FANGSONG,
            std.TABLE_SIZE,
            align="center",
            first_line=Length(0),
            line=std.TABLE_LINE,
            snap_to_grid=False,
            tracking=Length(0),
        ),
    )


def apply_styles(document: DocxDocument, fonts: FontSet, lang: str) -> None:
    """Redefine the template's styles for a 公文 and add the custom ones."""
    styles_el = document.styles.element
    _doc_defaults(styles_el, fonts, lang)
    for spec in style_specs():
        style = _get_or_add(document, spec.name)
        _define(document.styles, style, spec, fonts)
    table_style = document.styles[TABLE]
    ooxml.strip_theme_fonts(table_style.element)
    # Anything the template still points at a theme font (character styles, list styles) loses it too.
    ooxml.strip_theme_fonts(styles_el)


# Styles python-docx's own parts name: its header and footer parts (Header, Footer).
PART_STYLES = ("Header", "Footer")


def drop_unused_styles(document: DocxDocument) -> None:
    """Keep only the styles a 公文 uses, the defaults, what they are based on, link to or are followed by,
    and what numbering.xml names. python-docx's template carries 168 styles (348 KB of styles.xml) that
    every document parsed and wrote again, ~10 ms each; Word and WPS offer their built-in styles anyway."""
    styles_el = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}
    wanted = {spec.name for spec in style_specs()} | {TABLE, *PART_STYLES}
    keep = {style.style_id for style in document.styles if style.name in wanted}
    keep |= {sid for sid, el in by_id.items() if el.get(qn("w:default")) in ("1", "true")}
    try:
        numbering = document.part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
        keep |= {el.get(qn("w:val")) for el in numbering.iter(qn("w:pStyle"))}
    except KeyError:
        pass
    todo = list(keep)
    while todo:
        el = by_id.get(todo.pop())
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = el.find(qn(tag)) if el is not None else None
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    for sid, el in by_id.items():
        if sid not in keep:
            styles_el.remove(el)


def _get_or_add(document: DocxDocument, name: str) -> BaseStyle:
    try:
        return document.styles[name]
    except KeyError:
        return document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def _doc_defaults(styles_el: object, fonts: FontSet, lang: str) -> None:
    """docDefaults: the body font for every script, zh-CN, no paragraph spacing; the template sends CJK
    text to a theme font (MS Mincho) unless this is replaced."""
    rpr = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))  # type: ignore[attr-defined]
    ooxml.set_fonts(rpr, fonts[Role.FANGSONG].docx_name)
    ooxml.set_size(rpr, std.BODY_SIZE)
    ooxml.set_lang(rpr, lang)
    ppr = styles_el.find(qn("w:docDefaults") + "/" + qn("w:pPrDefault") + "/" + qn("w:pPr"))  # type: ignore[attr-defined]
    ooxml.set_spacing(ppr, None)


def _define(styles: Styles, style: BaseStyle, spec: StyleSpec, fonts: FontSet) -> None:
    """Replace the style's pPr and rPr with the spec (the template's spacing, borders, colours go)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    if spec.based_on is not None:
        ooxml.set_child(el, "w:basedOn", ooxml.STYLE_SEQ, w_val=styles[spec.based_on].style_id)
    if spec.next_style is not None:
        ooxml.set_child(el, "w:next", ooxml.STYLE_SEQ, w_val=styles[spec.next_style].style_id)
    ooxml.get_or_add(el, "w:qFormat", ooxml.STYLE_SEQ)
    for tag in ("w:semiHidden", "w:unhideWhenUsed"):
        for old in el.findall(qn(tag)):
            el.remove(old)

    ppr = ooxml.get_or_add(el, "w:pPr", ooxml.STYLE_SEQ)
    if spec.keep_with_next:
        ooxml.set_keep_with_next(ppr)
    ooxml.set_east_asian_line_breaking(ppr)
    ooxml.set_no_hanging_punctuation(ppr)
    ooxml.set_no_auto_space(ppr)
    ooxml.set_snap_to_grid(ppr, spec.snap_to_grid)
    ooxml.set_spacing(ppr, spec.line)
    ooxml.set_ind(ppr, first_line=spec.first_line, left=Length(0), right=Length(0))
    ooxml.set_jc(ppr, spec.align)
    if spec.outline_level is not None:
        ooxml.set_outline_level(ppr, spec.outline_level)

    rpr = ooxml.get_or_add(el, "w:rPr", ooxml.STYLE_SEQ)
    _run_format(rpr, spec, fonts)
    linked = el.find(qn("w:link"))
    if linked is not None:
        # The linked character style ("标题 1 字符") is what Word applies to part of a paragraph.
        char_style = styles.element.get_by_id(linked.get(qn("w:val")))
        if char_style is not None:
            for old in char_style.findall(qn("w:rPr")):
                char_style.remove(old)
            _run_format(ooxml.get_or_add(char_style, "w:rPr", ooxml.STYLE_SEQ), spec, fonts)


def _run_format(rpr: object, spec: StyleSpec, fonts: FontSet) -> None:
    ooxml.set_fonts(rpr, fonts[spec.role].docx_name)  # type: ignore[arg-type]
    ooxml.set_plain(rpr)  # type: ignore[arg-type]
    ooxml.set_char_spacing(rpr, spec.tracking)  # type: ignore[arg-type]
    ooxml.set_size(rpr, spec.size)  # type: ignore[arg-type]
