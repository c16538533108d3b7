"""The draft mark of ``RenderOptions.draft`` in the DOCX: “草稿” in the page header (odd and even pages),
in the 天头 above the 版心, right-aligned, grey 三号黑体. The header is one exact-height line placed by space
before it, so it stays clear of the 37 mm top margin and the body keeps its position and grid."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Emu, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ... import standard as std
from ...units import mm
from . import ooxml

DRAFT_TEXT = "草稿"
DRAFT_TOP = mm(15)  # the mark's line box starts 15 mm below the paper's top edge (the 天头 is 37 mm)


def _mark(para: Paragraph, style_run: Callable[[Run], None]) -> None:
    size = std.SIZE["三号"]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ppr = para._p.get_or_add_pPr()
    ooxml.set_snap_to_grid(ppr, False)
    ooxml.set_spacing(ppr, size)
    para.paragraph_format.space_before = Emu(DRAFT_TOP)
    run = para.add_run(DRAFT_TEXT)
    style_run(run)
    run.font.size = Emu(size)
    run.font.color.rgb = RGBColor(0x7F, 0x7F, 0x7F)
    ooxml.set_char_spacing(run._r.get_or_add_rPr(), size)


def add_draft_mark(section: Section, style_run: Callable[[Run], None]) -> None:
    """Mark every page of ``section``: the default header serves odd pages, the even header even ones
    (the writer turns on ``evenAndOddHeaders`` for the page numbers)."""
    section.header.is_linked_to_previous = False
    _mark(section.header.paragraphs[0], style_run)
    _mark(section.even_page_header.paragraphs[0], style_run)
