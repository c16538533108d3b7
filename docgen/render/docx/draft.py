"""The draft mark of ``RenderOptions.draft`` in the DOCX: “草稿” in the page header (odd and even pages),
in the 天头 above the 版心, right-aligned, grey 三号黑体, its em box where ``standard.DRAFT_MARK_EM_TOP`` says
(as in the PDF). The header is one exact-height line placed by space before it, so it stays clear of the
37 mm top margin and the body keeps its position and grid."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Emu, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ... import standard as std
from ...model import Role
from ...typeset.fonts import FontSet
from ...typeset.masthead import em_ascent
from ...units import Length
from . import ooxml


def line_top(fonts: FontSet) -> Length:
    """Where the mark's line (exact height: one em) starts below the paper's top edge, for its em box to
    start at ``DRAFT_MARK_EM_TOP`` in LibreOffice, which sets the baseline 4/5 of the line height down."""
    size = std.DRAFT_MARK_SIZE
    return std.DRAFT_MARK_EM_TOP - (size * std.DOCX_EXACT_ASCENT - size * em_ascent(fonts, Role.HEI))


def _mark(para: Paragraph, top: Length, style_run: Callable[[Run], None]) -> None:
    size = std.DRAFT_MARK_SIZE
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ppr = para._p.get_or_add_pPr()
    ooxml.set_snap_to_grid(ppr, False)
    ooxml.set_spacing(ppr, size)
    para.paragraph_format.space_before = Emu(top)  # the header starts at the paper's top (distance 0)
    run = para.add_run(std.DRAFT_MARK_TEXT)
    style_run(run)
    run.font.size = Emu(size)
    run.font.color.rgb = RGBColor.from_string(std.DRAFT_MARK_COLOR.lstrip("#"))
    ooxml.set_char_spacing(run._r.get_or_add_rPr(), size)


def add_draft_mark(section: Section, fonts: FontSet, style_run: Callable[[Run], None]) -> None:
    """Mark every page of ``section``: the default header serves odd pages, the even header even ones
    (the writer turns on ``evenAndOddHeaders`` for the page numbers)."""
    section.header.is_linked_to_previous = False
    top = line_top(fonts)
    _mark(section.header.paragraphs[0], top, style_run)
    _mark(section.even_page_header.paragraphs[0], top, style_run)
