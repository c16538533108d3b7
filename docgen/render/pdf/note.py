"""PDF: 附注 (§7.3.6), the line after the 成文日期 (the DOCX: render/docx/note.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ...model import Document, Role
from ...typeset.linebreak import Run

if TYPE_CHECKING:
    from .html import HtmlBuilder


def note_text(doc: Document) -> str:
    return f"（{doc.note}）"


def add_note(b: HtmlBuilder, body: ET.Element, doc: Document) -> None:
    """附注, §7.3.6: on the line after the 成文日期, 2 字 in, in full-width parentheses."""
    if doc.note:
        b.lines(body, "note", [Run(note_text(doc), Role.FANGSONG)])
