"""落款 in the PDF: the SignBlock's rows as grid lines, its seals absolutely positioned over them."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from ... import standard as std
from ...model import Document, Image, Role
from ...typeset.fonts import FontSet
from ...typeset.signblock import Measure, SignBlock, sign_block


def pdf_measure(fonts: FontSet) -> Measure:
    """Width in 字 of 3号 仿宋 text as the PDF sets it: font advances plus the grid tracking between glyphs."""

    def measure(text: str) -> float:
        width = fonts.width(Role.FANGSONG, text, std.BODY_SIZE.pt) + std.BODY_TRACKING.pt * (len(text) - 1)
        return width / std.CHAR_PITCH.pt

    return measure


def data_url(image: Image) -> str:
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def add_signoff(body: ET.Element, doc: Document, fonts: FontSet, pitch: float | None = None) -> SignBlock:
    """The 落款 box: one block per grid row (an empty row is a blank line); each seal an image absolutely
    positioned in the row that carries it, painted over the text with its own transparency."""
    assert doc.signoff is not None
    block = sign_block(doc.signoff, pdf_measure(fonts))
    box = ET.SubElement(body, "div", {"class": "signoff"})
    char = std.CHAR_PITCH.pt
    squeezed = pitch is not None  # A8.9: rows closer together so the 落款 stays with the body
    pitch = pitch if pitch is not None else std.LINE_PITCH.pt
    rows = []
    for items in block.rows:
        row = ET.SubElement(box, "div", {"class": "ln" if items else "blank"})
        rows.append(row)
        height = f"height: {pitch:.3f}pt; line-height: {pitch:.3f}pt; " if squeezed else ""
        if not items:
            if squeezed:
                row.set("style", height.rstrip("; "))
            continue
        row.set("style", f"{height}letter-spacing: {std.BODY_TRACKING.pt:.3f}pt")
        end = 0.0
        for k, item in enumerate(items):
            gap = item.x - end
            end = item.x + item.width
            if k == 0:
                row.set("style", row.get("style", "") + f"; margin-left: {gap * char:.3f}pt")
                row.text = item.text
            else:
                # the previous item's trailing tracking is part of its box: add it back to the gap
                span = ET.SubElement(
                    row, "span", {"style": f"margin-left: {(gap * char - std.BODY_TRACKING.pt):.3f}pt"}
                )
                span.text = item.text
    for stamp in block.stamps:
        row = rows[stamp.row]
        row.set("style", (row.get("style", "") + "; position: relative").lstrip("; "))
        if stamp.image is None:
            continue  # A8.10: the geometry is reserved; a seal is never fabricated
        # the row box starts at the column's left edge when the row has no margin: offset by that margin
        margin = block.rows[stamp.row][0].x * char if block.rows[stamp.row] else 0.0
        left = stamp.left * char - margin
        top = (stamp.top - stamp.row) * pitch
        ET.SubElement(
            row,
            "img",
            {
                "class": "stamp",
                "src": data_url(stamp.image),
                "alt": "印章" if block.mode == "sealed" else "签名章",
                "style": (
                    f"position: absolute; left: {left:.3f}pt; top: {top:.3f}pt; z-index: 1; "
                    f"width: {stamp.image.width.css()}; height: {stamp.image.height.css()}"
                ),
            },
        )
    return block
