"""Each text box's Pango layout kept from layout to drawing instead of made again.

WeasyPrint 70 drops a text box's Pango layout once the box is laid out and, to draw the box, builds it
again: a new Pango context, the font description, the text shaped a second time (~3 % of an annual
report's CPU). Kept, a document holds a few hundred more small layouts until it is written; they go with
its boxes. A layout is built again only where WeasyPrint would set it differently (justified text) or
for another style than it was made with.

Drawing sets every layout to single-paragraph mode, and Pango lays out again any layout whose setting
changes: a text without a paragraph separator is the same paragraph in either mode, so its layout is
made in that mode from the start and drawing finds nothing to redo (~1 % more).

The PDF is byte for byte the same (tests/test_pdf_writing.py). WeasyPrint is pinned in pyproject.toml;
:func:`install` changes nothing on any other version.
"""

from __future__ import annotations

from typing import Any

from weasyprint.text.ffi import pango
from weasyprint.text.line_break import Layout

from .patching import Patches

_ORIGINAL_REACTIVATE = Layout.reactivate
_ORIGINAL_SET_TEXT = Layout.set_text
_PARAGRAPH_SEPARATORS = ("\n", "\r", "\u2029")  # Pango's


def _keep(layout: Layout) -> None:
    """``Layout.deactivate``: nothing to drop."""


def _reactivate(layout: Layout, style: Any) -> None:
    if "layout" not in layout.__dict__ or layout.style is not style or layout.justification_spacing:
        _ORIGINAL_REACTIVATE(layout, style)


def _set_text(layout: Layout, text: str, justify: bool = False) -> None:
    _ORIGINAL_SET_TEXT(layout, text, justify)
    if not any(separator in layout.text for separator in _PARAGRAPH_SEPARATORS):
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)


PATCHES = Patches(
    attributes=(
        (Layout, "deactivate", _keep),
        (Layout, "reactivate", _reactivate),
        (Layout, "set_text", _set_text),
    )
)
install = PATCHES.install
