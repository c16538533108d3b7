"""Each text box's Pango layout kept from layout to drawing instead of made again.

WeasyPrint 70 drops a text box's Pango layout once the box is laid out and, to draw the box, builds it
again: a new Pango context, the font description, the text shaped a second time (~3 % of an annual
report's CPU). Kept, a document holds a few hundred more small layouts until it is written; they go with
its boxes. A layout is built again only where WeasyPrint would set it differently (justified text) or
for another style than it was made with.

Drawing sets every layout to single-paragraph mode, and Pango lays out again any layout whose setting
changes: a text without a paragraph separator is the same paragraph in either mode, so its layout is
made in that mode from the start and drawing finds nothing to redo (~1 % more).

The PDF is byte for byte the same (tests/test_pdf_writing.py).
"""

from __future__ import annotations

from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
Layout = W.Layout
_ORIGINAL_REACTIVATE = W.Layout_reactivate
_ORIGINAL_SET_TEXT = W.Layout_set_text
_PARAGRAPH_SEPARATORS = ("\n", "\r", "\u2029")  # Pango's


def _keep(layout: Any) -> None:
    """``Layout.deactivate``: nothing to drop."""


def _reactivate(layout: Any, style: Any) -> None:
    if "layout" not in layout.__dict__ or layout.style is not style or layout.justification_spacing:
        _ORIGINAL_REACTIVATE(layout, style)


def _set_text(layout: Any, text: str, justify: bool = False) -> None:
    _ORIGINAL_SET_TEXT(layout, text, justify)
    if not any(separator in layout.text for separator in _PARAGRAPH_SEPARATORS):
        W.pango.pango_layout_set_single_paragraph_mode(layout.layout, True)


PATCHES = Patches(
    attributes=(
        (Layout, "deactivate", _keep),
        (Layout, "reactivate", _reactivate),
        (Layout, "set_text", _set_text),
    )
)
