"""Document → DOCX: a visitor over the model's blocks, writing python-docx objects.

The page set-up, styles and footers come first; then the 主体 in reading order: 标题, 主送机关, the body
blocks (one ``visit_<type>`` method per model block type; a type without one raises), 落款. Formatting
lives in the styles (styles.py); runs carry only their font names, so every run names its East-Asian face
even where a consumer ignores style inheritance.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.section import Section
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from ... import standard as std
from ...model import Attendance, Block, Document, Heading, Paragraph, Role, Table, Title
from ...typeset.colophon import layout_colophon
from ...typeset.fonts import DOCX_ALT_NAME, FontSet
from ...typeset.plan import PagePlan
from ...typeset.title import title_lines
from ...units import Length, pt
from .. import Rendered
from ..dispatch import BlockDispatch
from ..options import UNDATED, RenderOptions
from . import attachments, attendance, base, masthead, note, ooxml, styles
from .colophon import write_colophon
from .signoff import write_signoff
from .tables import add_table

DRAWING_IDS_FROM = 4000  # above the ids python-docx gives the pictures it inserts (1, 2, …)

# The dash of a 4号 page number sits in the middle of its em box, which exact spacing of one em makes
# the footer line box: the dash is half a line above the footer's bottom edge.
FOLIO_LINE = std.FOLIO_SIZE


def footer_distance() -> Length:
    """``w:pgMar/@w:footer``: from the paper's bottom edge to the bottom of the page-number line, so that
    the 一字线 lies ``FOLIO_DASH_BELOW_TEXT`` (7 mm) below the 版心's bottom edge (§7.5)."""
    dash_from_top = std.TEXT_BOTTOM + std.FOLIO_DASH_BELOW_TEXT
    return std.PAGE_HEIGHT - dash_from_top - FOLIO_LINE / 2  # type: ignore[operator]


class DocxWriter(BlockDispatch):
    """Writes one Document; use once (``render``). Blocks are dispatched as in the PDF (render/dispatch.py)."""

    RENDERER = "DOCX"

    def __init__(self, doc: Document, plan: PagePlan, fonts: FontSet, options: RenderOptions) -> None:
        if not isinstance(plan, PagePlan):  # the writer follows the PDF pass; it never lays out itself
            raise ValueError("the DOCX writer needs the document's PagePlan (docgen.render.paginate)")
        self.doc = doc
        self.plan = plan
        self.fonts = fonts
        self.options = options
        self.out: DocxDocument = docx.Document(io.BytesIO(base.package(fonts, doc.meta.lang)))
        self.timestamp = _utc(
            options.timestamp or UNDATED
        )  # the caller (api.render_document) supplies the time
        self._style_ids: dict[str, str] = dict(base.style_ids(fonts, doc.meta.lang))
        # ids of the drawings docgen anchors itself (relativeHeight, docPr id): per document, so the same
        # data gives the same bytes however many documents the process rendered before
        self.drawing_ids: Iterator[int] = itertools.count(DRAWING_IDS_FROM)
        self.attendance_tail: object | None = None  # the last 纪要 attendance paragraph written

    # --- whole document ---------------------------------------------------------------------------------
    def render(self) -> bytes:
        section = self.out.sections[0]
        self._page_setup(section)
        self._footers(section)
        if self.options.marked:
            from .draft import add_draft_mark

            add_draft_mark(section, self.fonts, lambda r: self._style_run(r, Role.HEI))
        if masthead.write_masthead(self):  # 版头 (render/docx/masthead.py)
            self.title(self.doc.title)
        if self.doc.addressee:  # 主送机关, §7.3.2: flush left on the line after the blank line
            self._run(self._paragraph(styles.ADDRESSEE), self.doc.addressee, Role.FANGSONG)
        squeeze = self.plan.squeeze
        start = None
        for i, block in enumerate(self.doc.blocks()):
            if squeeze is not None and i == squeeze.block:
                start = len(self.out.paragraphs)
            self.visit(block)
        if squeeze is not None and start is None:
            start = len(self.out.paragraphs)
        attachments.write_attachment_notes(self)
        self._signoff()
        note.write_note(self)
        if squeeze is not None and start is not None:
            self._squeeze(start, squeeze.pitch)
        attachments.write_attachments(self)
        # 附注 and 附件 go here, before the 版记 (the 版记 stays last)
        self._colophon()
        self._core_properties()
        self._font_table()
        buf = io.BytesIO()
        self.out.save(buf)
        return ooxml.normalize_zip(buf.getvalue(), self.timestamp)

    def visit(self, block: Block) -> None:
        """Dispatch on the block's type; a block type without a handler is a defect, never skipped."""
        self.handler(block)(block)

    def _squeeze(self, start: int, pitch: float) -> None:
        """A8.9 (§7.3.5.5), as the PDF pass decided: from the paragraph where the PDF tightened the lines to
        the end of the 落款 and 附注, exact spacing at the tighter pitch, off the grid."""
        for para in self.out.paragraphs[start:]:
            ppr = para._p.get_or_add_pPr()
            ooxml.set_snap_to_grid(ppr, False)
            ooxml.set_spacing(ppr, pt(pitch))

    # --- page ---------------------------------------------------------------------------------------------
    def _page_setup(self, section: Section) -> None:
        """A4, 天头 37 / 订口 28 mm, 版心 156 × 225 mm (§5.2.1); a 22-line grid of 28.95 pt (§5.2.3)."""
        section.page_width = Emu(std.PAGE_WIDTH)
        section.page_height = Emu(std.PAGE_HEIGHT)
        section.top_margin = Emu(std.MARGIN_TOP)
        section.bottom_margin = Emu(std.MARGIN_BOTTOM)
        section.left_margin = Emu(std.MARGIN_LEFT)
        section.right_margin = Emu(std.MARGIN_RIGHT)
        section.gutter = Emu(0)
        section.header_distance = Emu(0)
        section.footer_distance = Emu(footer_distance())
        ooxml.set_doc_grid(section._sectPr, std.LINE_PITCH)

    def _footers(self, section: Section) -> None:
        """页码, §7.5: ``— n —`` in 4号宋体; odd pages right with 1 字 right inset, even pages left with
        1 字 left inset. The default footer serves odd pages (page 1 is odd) once settings say
        ``evenAndOddHeaders``."""
        self.out.settings.odd_and_even_pages_header_footer = True
        section.different_first_page_header_footer = False
        self._folio(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, odd=True)
        self._folio(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, odd=False)

    def _folio(self, para: DocxParagraph, align: WD_ALIGN_PARAGRAPH, *, odd: bool) -> None:
        para._p.style = self.style_id(styles.FOLIO)
        para.alignment = align
        fmt = para.paragraph_format
        inset = Emu(std.FOLIO_INSET)
        fmt.right_indent, fmt.left_indent = (inset, Emu(0)) if odd else (Emu(0), inset)
        ooxml.set_spacing(para._p.get_or_add_pPr(), FOLIO_LINE)
        self._run(para, std.FOLIO_DASH + std.FOLIO_SPACE, Role.SONG)
        ooxml.add_page_field(para, lambda r: self._style_run(r, Role.SONG))
        self._run(para, std.FOLIO_SPACE + std.FOLIO_DASH, Role.SONG)

    # --- 主体 ---------------------------------------------------------------------------------------------
    def title(self, title: Title) -> None:
        """标题, §7.3.1 (and a 附件's title, §7.3.7): its lines in one centred paragraph, then one empty
        grid line."""
        para = self._paragraph(styles.TITLE)
        run = para.add_run()
        self._style_run(run, Role.XIAOBIAOSONG)
        for i, line in enumerate(title_lines(title, self.fonts)):
            if i:
                run.add_break()
            run.add_text(line)
        self._paragraph(styles.NORMAL)

    def visit_attendance(self, block: Attendance) -> None:
        attendance.write_attendance(self, block)

    def visit_heading(self, block: Heading) -> None:
        if block.level not in styles.HEADINGS:
            raise ValueError(f"heading level {block.level} is not one of GB/T 9704's four levels")
        para = self._paragraph(styles.HEADINGS[block.level])
        self._run(para, block.text, std.HEADING_ROLE[block.level])

    def visit_paragraph(self, block: Paragraph) -> None:
        """A body paragraph; a run-in ``lead`` gets the font of its heading level (level 2 → 楷体)."""
        para = self._paragraph(styles.NORMAL)
        if block.lead:
            self._run(para, block.lead, std.lead_role(block.lead_level))
        if block.text:
            self._run(para, block.text, Role.FANGSONG)

    def visit_table(self, block: Table) -> None:
        add_table(self.out, block, self.fonts, lambda r: self._style_run(r, Role.FANGSONG), self.style_id)

    def _signoff(self) -> None:
        """落款, §7.3.5, every case: sealed, unsealed, 签名章, 联合行文 (render/docx/signoff.py)."""
        write_signoff(self)

    def _colophon(self) -> None:
        """版记, §7.4: where the pagination step's PagePlan put it (render/docx/colophon.py). The plan comes
        from the caller (docgen.render.paginate): the DOCX writer never runs the PDF layout itself."""
        layout = layout_colophon(self.doc.colophon, self.doc.format, self.fonts)
        if layout is None:
            return
        write_colophon(self, layout, self.plan.colophon)

    # --- helpers ------------------------------------------------------------------------------------------
    def style_id(self, name: str) -> str:
        """Style ids looked up once per process: python-docx rescans styles.xml (an XPath over every style)
        on each lookup by name or object, ~0.7 ms each."""
        if name not in self._style_ids:
            self._style_ids[name] = self.out.styles[name].style_id
        return self._style_ids[name]

    def _paragraph(self, style: str) -> DocxParagraph:
        para = self.out.add_paragraph()
        para._p.style = self.style_id(style)
        return para

    def _run(self, para: DocxParagraph, text: str, role: Role) -> Run:
        if "\t" in text or "\n" in text or "\r" in text:
            run = para.add_run(text)  # python-docx turns these into w:tab / w:br
        else:  # python-docx's text setter walks the text a character at a time
            run = para.add_run()
            run._r.add_t(text)
        self._style_run(run, role)
        return run

    def _style_run(self, run: Run, role: Role) -> None:
        ooxml.set_fonts(run._r.get_or_add_rPr(), self.fonts[role].docx_name)

    # --- package ------------------------------------------------------------------------------------------
    def _core_properties(self) -> None:
        meta = self.doc.meta
        cp = self.out.core_properties
        cp.title = meta.title
        cp.author = meta.author
        cp.last_modified_by = meta.author
        cp.subject = meta.subject
        cp.keywords = "，".join(meta.keywords)
        cp.comments = ""
        cp.language = meta.lang
        cp.revision = 1
        cp.created = self.timestamp
        cp.modified = self.timestamp
        from ...finalize.properties import add_docx_properties

        add_docx_properties(self.out, self.doc, self.options)  # 发文字号, 签发人, status (定稿/草稿), version

    def _font_table(self) -> None:
        """fontTable.xml: the families the runs name, each with a Windows alternative (``w:altName``)."""
        entries = [ooxml.FontEntry(self.fonts[role].docx_name, DOCX_ALT_NAME.get(role)) for role in Role]
        part = self.out.part.part_related_by(RT.FONT_TABLE)
        part._blob = ooxml.font_table_xml(entries)  # a plain Part: its XML is its blob


def _utc(when: dt.datetime) -> dt.datetime:
    """Core properties are written as UTC ('Z'); a naive timestamp is taken as UTC already."""
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def render_docx(doc: Document, plan: PagePlan, fonts: FontSet, options: RenderOptions) -> Rendered:
    """The complete .docx of ``doc``, following ``plan`` (the pagination step's decisions: where the 版记
    goes, the A8.9 squeeze)."""
    return Rendered(DocxWriter(doc, plan, fonts, options).render())
