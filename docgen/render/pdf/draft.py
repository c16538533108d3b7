"""The draft mark of ``RenderOptions.draft`` in the PDF: “草稿” in the 天头 of every page, outside the 版心,
as a page margin box. Appended to the HTML head as a style element, so the cached main stylesheet stays
the same for every document and the body's layout (and its line grid) is untouched."""

from __future__ import annotations

from ... import standard as std
from ...model import Role
from ...typeset.fonts import FontSet
from ...typeset.masthead import em_top_in_box
from .css import _family


def draft_css(fonts: FontSet) -> str:
    """The mark's em box where ``standard.DRAFT_MARK_EM_TOP`` says (the DOCX puts it there too): a line box
    one em tall, bottom-aligned in the top-right margin box, lifted by the padding below it."""
    size = std.DRAFT_MARK_SIZE
    line_top = std.DRAFT_MARK_EM_TOP - em_top_in_box(fonts, Role.HEI, size, size)
    padding = std.MARGIN_TOP - (line_top + size)  # the margin box ends at the 版心's top edge
    return f"""
@page {{
  @top-right {{
    content: "{std.DRAFT_MARK_TEXT}"; {_family(fonts[Role.HEI])} font-size: {size.css()}; line-height: {size.css()};
    color: {std.DRAFT_MARK_COLOR}; letter-spacing: {size.css()}; vertical-align: bottom; text-align: right;
    padding-bottom: {padding.mm:.4f}mm; margin-right: -{size.css()};
  }}
}}
"""
