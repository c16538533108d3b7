"""Each text box's Pango layout kept from layout to drawing instead of made again.

WeasyPrint 70 drops a text box's Pango layout once the box is laid out and, to draw the box, builds it
again: a new Pango context, the font description, the text shaped a second time (~3 % of an annual
report's CPU). Kept, a document holds a few hundred more small layouts until it is written; they go with
its boxes. A layout is built again only where WeasyPrint would set it differently (justified text) or
for another style than it was made with. The PDF is byte for byte the same (tests/test_pdf_writing.py).

WeasyPrint is pinned in pyproject.toml; :func:`install` changes nothing on any other version.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.text.line_break import Layout

from .fontembed import WEASYPRINT_VERSION

ORIGINAL = (Layout.deactivate, Layout.reactivate)


def _keep(layout: Layout) -> None:
    """``Layout.deactivate``: nothing to drop."""


def _reactivate(layout: Layout, style: Any) -> None:
    if "layout" not in layout.__dict__ or layout.style is not style or layout.justification_spacing:
        ORIGINAL[1](layout, style)


def install() -> bool:
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return False
    Layout.deactivate = _keep  # type: ignore[method-assign]
    Layout.reactivate = _reactivate  # type: ignore[method-assign]
    return True
