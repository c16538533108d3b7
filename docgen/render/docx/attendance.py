"""DOCX: the 出席/列席 lists of a 纪要 (§10.3), an ``Attendance`` block (the PDF: render/pdf/attendance.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import standard as std
from ...model import Attendance, Role
from ...typeset.masthead import text_width
from . import ooxml, styles

if TYPE_CHECKING:
    from .writer import DocxWriter


def write_attendance(w: DocxWriter, a: Attendance) -> None:
    """§10.3: 2 字 in, label in 3号黑体 + "：", names in 仿宋, wrapped lines aligned after the colon (a
    hanging indent); one empty line before the first of consecutive attendance blocks."""
    body = w.out.element.body
    previous = body[-2] if len(body) > 1 else None  # the last child is sectPr
    # the lists stay together and with the last body lines: everything before a list keeps with it
    if w.out.paragraphs:
        w.out.paragraphs[-1].paragraph_format.keep_with_next = True
    if previous is None or previous is not w.attendance_tail:
        w._paragraph(styles.NORMAL).paragraph_format.keep_with_next = True
    label = f"{a.label}："
    left = std.FIRST_LINE_INDENT + text_width(w.fonts, Role.HEI, label) + std.BODY_TRACKING
    para = w._paragraph(styles.NORMAL)
    ooxml.set_hanging(para._p.get_or_add_pPr(), left=left, hanging=left - std.FIRST_LINE_INDENT)
    w._run(para, label, Role.HEI)
    w._run(para, a.names, Role.FANGSONG)
    w.attendance_tail = para._p
