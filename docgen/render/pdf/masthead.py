"""PDF: 版头 (§7.2, §10), 附件说明 (§7.3.4), 附注 (§7.3.6), 附件 (§7.3.7) and 纪要 attendance (§10.3).

The head is one block exactly ``rows`` grid rows tall, so whatever follows it (标题, or a 命令's 正文) starts
on a grid row; inside it every element is absolutely positioned at the em-box positions of
``typeset.masthead``. Styles are inline: the shared stylesheet stays untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ... import standard as std
from ...model import Attendance, DocFormat, Document, Role, Title
from ...typeset.linebreak import Run, break_lines
from ...typeset.masthead import MastheadLayout, em_top_in_box, layout_masthead, text_width
from ...typeset.title import title_lines
from ...units import Length
from .css import ROLE_CLASS

if TYPE_CHECKING:
    from .html import HtmlBuilder

L = std.LINE_PITCH


def _el(parent: ET.Element, tag: str, cls: str = "", text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, tag, {"class": cls, **attrs} if cls else attrs)
    if text is not None:
        e.text = text
    return e


def _pt(v: Length | float) -> str:
    return f"{(v.pt if isinstance(v, Length) else v):.3f}pt"


# --- 版头 ------------------------------------------------------------------------------------------------
def add_masthead(b: HtmlBuilder, root: ET.Element, body: ET.Element, doc: Document) -> bool:
    """Write the head of page 1; returns whether the 标题 follows (not in a 命令)."""
    lay = layout_masthead(doc, b.fonts)
    if doc.format is DocFormat.LETTER:  # §10.1: no page number on page 1
        head = root.find("head")
        assert head is not None
        _el(
            head,
            "style",
            text="@page :first { @bottom-right { content: none; } @bottom-left { content: none; } }",
        )
    if lay is None:
        return True
    box = _el(body, "div", "masthead", style=f"position: relative; height: {_pt(L * lay.rows)}; margin: 0")
    _mark(b, box, lay)
    for line in lay.lines:
        for piece in line.pieces:
            off = em_top_in_box(b.fonts, piece.role, std.BODY_SIZE, L)
            style = (
                f"position: absolute; top: {_pt(line.em_top - off)}; height: {_pt(L)}; line-height: {_pt(L)}; "
                f"font-size: {_pt(std.BODY_SIZE)}; letter-spacing: {_pt(std.BODY_TRACKING)}; white-space: pre; "
            )
            if piece.x is None:
                style += f"left: 0; width: {_pt(std.TEXT_WIDTH)}; text-align: center"
            else:
                style += f"left: {_pt(piece.x)}"
            _el(box, "div", f"mh-{line.kind} {ROLE_CLASS[piece.role]}", text=piece.text, style=style)
    for rule in lay.rules:
        for top, thick in rule.strokes:
            _el(
                box,
                "div",
                "mh-rule",
                style=f"position: absolute; top: {_pt(top)}; left: {_pt(rule.x)}; width: {_pt(rule.length)}; "
                f"height: {_pt(thick)}; background: {std.RED}",
            )
    return lay.show_title


def _mark(b: HtmlBuilder, box: ET.Element, lay: MastheadLayout) -> None:
    mark = lay.mark
    size = mark.size
    off = em_top_in_box(b.fonts, Role.XIAOBIAOSONG, size, size)
    unscaled = mark.names_width + mark.gap + mark.suffix_width
    wrap = _el(
        box,
        "div",
        "mh-mark " + ROLE_CLASS[Role.XIAOBIAOSONG],
        style=f"position: absolute; top: {_pt(mark.top - off)}; left: {_pt(mark.left)}; width: {_pt(unscaled)}; "
        f"height: {_pt(mark.height)}; color: {std.RED}; font-size: {_pt(size)}; line-height: {_pt(size)}; "
        f"white-space: pre; font-kerning: none; transform: scaleX({mark.scale:.5f}); transform-origin: 0 0",
    )
    for i, name in enumerate(mark.names):
        w = text_width(b.fonts, Role.XIAOBIAOSONG, name, size, Length(0))
        spacing = (
            (mark.names_width - w) / (len(name) - 1) if len(mark.names) > 1 and len(name) > 1 else Length(0)
        )
        _el(
            wrap,
            "div",
            "mh-name",
            text=name,
            style=f"position: absolute; top: {_pt(mark.pitch * i)}; left: 0; height: {_pt(size)}; "
            f"letter-spacing: {_pt(spacing)}",
        )
    if mark.suffix:
        _el(
            wrap,
            "div",
            "mh-suffix",
            text=mark.suffix,
            style=f"position: absolute; top: {_pt(mark.suffix_top - mark.top)}; "
            f"left: {_pt(mark.names_width + mark.gap)}; height: {_pt(size)}",
        )


# --- 附件说明, 附注 ------------------------------------------------------------------------------------
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
        for line in _break(b, runs, first, rest):
            b.line(p, line)


def _break(b: HtmlBuilder, runs: list[Run], first: float, rest: float):  # type: ignore[no-untyped-def]
    return break_lines(
        runs, b.measure, std.TEXT_WIDTH.pt, std.BODY_TRACKING.pt, first_indent=first, indent=rest
    )


def note_text(doc: Document) -> str:
    return f"（{doc.note}）"


def add_note(b: HtmlBuilder, body: ET.Element, doc: Document) -> None:
    """附注, §7.3.6: on the line after the 成文日期, 2 字 in, in full-width parentheses."""
    if doc.note:
        b.lines(body, "note", [Run(note_text(doc), Role.FANGSONG)])


# --- 附件 ------------------------------------------------------------------------------------------------
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


# --- 纪要 attendance -------------------------------------------------------------------------------------
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
    for k, line in enumerate(_break(b, [Run(a.names, Role.FANGSONG)], indent, indent)):
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
