"""PDF: the 出席/列席 lists of a 纪要 (§10.3), an ``Attendance`` block (the DOCX: render/docx/attendance.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ... import standard as std
from ...model import Attendance, Role
from ...typeset.linebreak import Run
from .css import ROLE_CLASS
from .elements import break_indented
from .elements import el as _el

if TYPE_CHECKING:
    from .html import HtmlBuilder


def attendance_indent(b: HtmlBuilder, a: Attendance) -> tuple[str, float]:
    label = f"{a.label}："
    width = b.fonts.width(Role.HEI, label, std.BODY_SIZE.pt) + std.BODY_TRACKING.pt * len(label)
    return label, std.FIRST_LINE_INDENT.pt + width


def add_attendance(b: HtmlBuilder, parent: ET.Element, a: Attendance) -> None:
    """§10.3: 2 字 in, the label in 3号黑体 with "：", the names in 仿宋, wrapped lines aligned after the
    colon; one empty line before the first of consecutive attendance blocks."""
    if len(parent) == 0 or "attendance" not in (parent[-1].get("class") or ""):
        _el(parent, "div", "blank attendance-gap")
    label, indent = attendance_indent(b, a)
    p = _el(parent, "p", "attendance")
    # the names are broken alone (every line starts after the colon); the label, at the grid's tracking,
    # goes in front of the first line, so a stretched first line cannot move the names off that column
    for k, line in enumerate(break_indented(b, [Run(a.names, Role.FANGSONG)], indent, indent)):
        if k:
            b.line(p, line)
            continue
        span = _el(p, "span", "ln", style=f"margin-left: {std.FIRST_LINE_INDENT.pt:.3f}pt")
        track = std.BODY_TRACKING.pt
        _el(span, "span", ROLE_CLASS[Role.HEI], text=label, style=f"letter-spacing: {track:.4f}pt")
        _el(
            span,
            "span",
            ROLE_CLASS[Role.FANGSONG],
            text=line.text,
            style=f"letter-spacing: {line.tracking:.4f}pt",
        )
