"""PDF: the 版头 (§7.2, and the 信函 and 命令 heads of §10).

The head is one block exactly ``rows`` grid rows tall, so whatever follows it (标题, or a 命令's 正文) starts
on a grid row; inside it every element is absolutely positioned at the em-box positions of
``typeset.masthead``. Styles are inline: the shared stylesheet stays untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ... import standard as std
from ...model import DocFormat, Document, Role
from ...typeset.masthead import MastheadLayout, em_top_in_box, layout_masthead, text_width
from ...units import Length
from .css import ROLE_CLASS
from .elements import el as _el

if TYPE_CHECKING:
    from .html import HtmlBuilder

L = std.LINE_PITCH


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
