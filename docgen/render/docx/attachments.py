"""DOCX: 附件说明 (§7.3.4), the list of attachments after the 正文, and the 附件 themselves (§7.3.7), each
from a new page after the 落款 and 附注 (the PDF: render/pdf/attachments.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import standard as std
from ...model import Role, Title
from ...typeset.masthead import text_width
from ...units import Length
from . import ooxml, styles

if TYPE_CHECKING:
    from .writer import DocxWriter


def write_attachment_notes(w: DocxWriter) -> None:
    """附件说明, §7.3.4: one empty line after the 正文; "附件：" 2 字 in; several: numbered, the numbers
    under each other and the names (and their wrapped lines) under the first name, by a hanging indent
    and a tab (robust to how a consumer widens digits)."""
    notes = w.doc.attachment_notes
    if not notes:
        return
    # kept whole and with the last body lines (the 落款 after it keeps itself with its last line)
    first = len(w.out.paragraphs) - 1
    w._paragraph(styles.NORMAL)
    label = "附件："
    x_label = std.FIRST_LINE_INDENT
    x_num = x_label + text_width(w.fonts, Role.FANGSONG, label) + std.BODY_TRACKING
    if len(notes) == 1:
        _hanging(w, label, notes[0], x_label, x_num, tab=False)
        _keep_together(w, first)
        return
    nums = [f"{i}." for i in range(1, len(notes) + 1)]
    x_name = x_num + max(text_width(w.fonts, Role.FANGSONG, n) for n in nums) + std.DOCX_ATTACHMENT_NUMBER_GAP
    for i, (num, name) in enumerate(zip(nums, notes, strict=True)):
        _hanging(w, (label if i == 0 else "") + num, name, x_label if i == 0 else x_num, x_name, tab=True)
    _keep_together(w, first)


def _keep_together(w: DocxWriter, first: int) -> None:
    paras = w.out.paragraphs
    for para in paras[max(first, 0) : len(paras) - 1]:
        para.paragraph_format.keep_with_next = True


def _hanging(w: DocxWriter, prefix: str, name: str, first: Length, left: Length, *, tab: bool) -> None:
    para = w._paragraph(styles.NORMAL)
    ooxml.set_hanging(para._p.get_or_add_pPr(), left=left, hanging=left - first)
    w._run(para, prefix + ("\t" if tab else ""), Role.FANGSONG)
    w._run(para, name, Role.FANGSONG)


def write_attachments(w: DocxWriter) -> None:
    """附件, §7.3.7: each from a new page; "附件N" in 3号黑体 on line 1; its title (2号小标宋) centred on
    line 3; an empty line; its blocks like the 正文. Page numbers continue (same section)."""
    for att in w.doc.attachments:
        label = w._paragraph(styles.ADDRESSEE)
        label.paragraph_format.page_break_before = True
        w._run(label, att.label, Role.HEI)
        for _ in range(std.ATTACHMENT_TITLE_ROW - 1):
            w._paragraph(styles.NORMAL)
        w.title(Title(att.title))
        for block in att.body:
            w.visit(block)
