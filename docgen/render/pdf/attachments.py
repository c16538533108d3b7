"""PDF: 附件说明 (§7.3.4), the list of attachments after the 正文, and the 附件 themselves (§7.3.7), each on
a new page after the 落款 and 附注 (the DOCX: render/docx/attachments.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ... import standard as std
from ...model import Document, Role, Title
from ...typeset.linebreak import Run
from ...typeset.title import title_lines
from .css import ROLE_CLASS
from .elements import break_indented
from .elements import el as _el

if TYPE_CHECKING:
    from .html import HtmlBuilder


def attachment_note_lines(b: HtmlBuilder, notes: tuple[str, ...]) -> list[tuple[list[Run], float, float]]:
    """(runs, first-line indent, continuation indent) in points for each 附件说明 item (§7.3.4): "附件：" at
    2 字, numbers aligned under the first number, names (and their wrapped lines) under the first name."""
    label = "附件："
    track = std.BODY_TRACKING.pt
    x_label = std.FIRST_LINE_INDENT.pt
    x_num = x_label + b.measure(label, Role.FANGSONG) + track * len(label)
    if len(notes) == 1:
        return [([Run(label + notes[0], Role.FANGSONG)], x_label, x_num)]
    nums = [f"{i}." for i in range(1, len(notes) + 1)]
    x_name = x_num + max(b.measure(n, Role.FANGSONG) + track * len(n) for n in nums)
    out = []
    for i, (num, name) in enumerate(zip(nums, notes, strict=True)):
        prefix = label if i == 0 else ""
        out.append(([Run(prefix + num + name, Role.FANGSONG)], x_label if i == 0 else x_num, x_name))
    return out


def add_attachment_notes(b: HtmlBuilder, body: ET.Element, doc: Document) -> None:
    """附件说明, §7.3.4: one empty line below the 正文."""
    if not doc.attachment_notes:
        return
    box = _el(body, "div", "attachment-notes")
    _el(box, "div", "blank")
    for runs, first, rest in attachment_note_lines(b, doc.attachment_notes):
        p = _el(box, "p", "attachment-note")
        for line in break_indented(b, runs, first, rest):
            b.line(p, line)


def add_attachments(b: HtmlBuilder, body: ET.Element, doc: Document) -> None:
    """附件, §7.3.7: each on a new page; "附件N" (3号黑体) on line 1, flush left; its title (2号小标宋)
    centred on line 3; one empty line; its blocks like the 正文. Page numbers continue."""
    for att in doc.attachments:
        page = _el(body, "div", "attachment", style="break-before: page")
        label = _el(page, "p", "attachment-label")
        _el(label, "span", f"ln {ROLE_CLASS[Role.HEI]}", text=att.label)
        for _ in range(std.ATTACHMENT_TITLE_ROW - 1):
            _el(page, "div", "blank")
        box = _el(page, "h2", "title attachment-title")
        for line in title_lines(Title(att.title), b.fonts):
            _el(_el(box, "span", "ln"), "span", ROLE_CLASS[Role.XIAOBIAOSONG], text=line)
        _el(page, "div", "blank")
        for block in att.body:
            b.visit(page, block)
