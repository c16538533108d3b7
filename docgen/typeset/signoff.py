"""W(x) of spec A8: a 落款 text's width in 字 from the font's advances alone, no renderer's spacing (the
DOCX places an unsealed 落款 with it). The 落款's geometry, for both renderers, is ``signblock``."""

from __future__ import annotations

from .. import standard as std
from ..model import Role
from .fonts import FontSet


def width_in_chars(text: str, fonts: FontSet) -> float:
    """W(x) of spec A8: the width of ``text`` in 字 (half-width digits count ½)."""
    return fonts.width(Role.FANGSONG, text, std.BODY_SIZE.pt) / std.BODY_SIZE.pt
