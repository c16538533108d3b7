"""版记 in the PDF (§7.4): bottom-anchored on the last, even page, placed as the PagePlan says.

SAME_PAGE: the block is absolutely positioned at the bottom of the page area, as the last body element.
NEXT_PAGE / AFTER_BLANK: a page-tall wrapper after a break to the next left (even) page holds the block at
its bottom; AFTER_BLANK puts the wrapper on the named page ``banji``, which (like the blank page the break
inserts) shows no page number (§7.5).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from weasyprint.document import Document as WeasyDocument
from weasyprint.formatting_structure import boxes

from ... import standard as std
from ...model import Role
from ...typeset.colophon import ColophonLayout
from ...typeset.fonts import FontSet
from ...typeset.plan import ColophonPlacement
from ...units import Length, pt

PX = 0.75  # CSS px → pt
PAGE_NAME = "banji"


def colophon_css() -> str:
    """Named page and blank pages without page numbers (§7.5, A10.4)."""
    none = "@bottom-left { content: none; } @bottom-right { content: none; }"
    return f"""
@page {PAGE_NAME} {{ {none} }}
@page :blank {{ {none} }}
.colophon {{
  position: absolute; bottom: 0; left: 0; width: {std.TEXT_WIDTH.css()}; margin: 0;
  font-size: {std.COLOPHON_SIZE.css()}; line-height: {std.COLOPHON_LINE.css()}; letter-spacing: 0;
}}
.colophon.ruled {{
  border-top: {std.COLOPHON_RULE_THICK.css()} solid black; border-bottom: {std.COLOPHON_RULE_THICK.css()} solid black;
}}
.colophon .co {{ padding: 0 {std.COLOPHON_INSET.css()}; }}
.colophon .co.thin {{ border-top: {std.COLOPHON_RULE_THIN.css()} solid black; }}
.colophon .co-right {{ float: right; }}
.colophon-page {{ break-before: left; height: {std.TEXT_HEIGHT.css()}; position: relative; margin: 0; }}
.colophon-page.unnumbered {{ page: {PAGE_NAME}; }}
"""


def add_colophon(
    body: ET.Element, layout: ColophonLayout, placement: ColophonPlacement, fonts: FontSet
) -> None:
    parent = body
    if placement in (ColophonPlacement.NEXT_PAGE, ColophonPlacement.AFTER_BLANK):
        cls = "colophon-page" + (" unnumbered" if placement is ColophonPlacement.AFTER_BLANK else "")
        parent = ET.SubElement(body, "div", {"class": cls})
    box = ET.SubElement(parent, "div", {"class": "colophon fs" + (" ruled" if layout.rules else "")})
    size = std.COLOPHON_SIZE.pt
    for i, entry in enumerate(layout.entries):
        cls = "co"
        if entry.kind == "printer" and layout.thin_rule and i > 0:
            cls += " thin"
        line = ET.SubElement(box, "div", {"class": cls})
        if entry.kind == "printer":
            if entry.right:
                ET.SubElement(line, "span", {"class": "co-right"}).text = entry.right
            ET.SubElement(line, "span").text = entry.text or "\u00a0"
            continue
        label = fonts.width(Role.FANGSONG, entry.label, size)
        line.set(
            "style",
            f"padding-left: {std.COLOPHON_INSET.pt + label:.3f}pt; text-indent: -{label:.3f}pt",
        )
        line.text = entry.label + entry.text


def content_bottom(rendered: WeasyDocument) -> Length:
    """The lowest line box or image of the last page's page area, from the paper's top."""
    page = rendered.pages[-1]
    lowest = 0.0
    stack = [c for c in page._page_box.children if not isinstance(c, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            lowest = max(lowest, box.position_y + box.margin_height())
            if isinstance(box, boxes.LineBox):
                stack.extend(c for c in box.children if isinstance(c, boxes.ReplacedBox | boxes.ParentBox))
            continue
        stack.extend(getattr(box, "children", ()))
    return pt(lowest * PX)
