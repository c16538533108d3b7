"""The draft mark of ``RenderOptions.draft`` in the PDF: “草稿” in the 天头 of every page, outside the 版心,
as a page margin box. Appended to the HTML head as a style element, so the cached main stylesheet stays
the same for every document and the body's layout (and its line grid) is untouched."""

from __future__ import annotations

from ... import standard as std
from ...model import Role
from ...typeset.fonts import FontSet
from .css import _family

DRAFT_TEXT = "草稿"
DRAFT_COLOR = "#7f7f7f"
# The mark's baseline region: the 天头 is 37 mm; the mark sits 12 mm above the 版心's top edge.
DRAFT_ABOVE_TEXT = 12  # mm


def draft_css(fonts: FontSet) -> str:
    size = std.SIZE["三号"]
    return f"""
@page {{
  @top-right {{
    content: "{DRAFT_TEXT}"; {_family(fonts[Role.HEI])} font-size: {size.css()}; line-height: {size.css()};
    color: {DRAFT_COLOR}; letter-spacing: {size.css()}; vertical-align: bottom; text-align: right;
    padding-bottom: {DRAFT_ABOVE_TEXT}mm; margin-right: -{size.css()};
  }}
}}
"""
