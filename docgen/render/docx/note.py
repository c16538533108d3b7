"""DOCX: 附注 (§7.3.6), the line after the 成文日期 (the PDF: render/pdf/note.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Role
from . import styles

if TYPE_CHECKING:
    from .writer import DocxWriter


def write_note(w: DocxWriter) -> None:
    """附注, §7.3.6: the line after the 成文日期, 2 字 in, in full-width parentheses."""
    if w.doc.note:
        w._run(w._paragraph(styles.NORMAL), f"（{w.doc.note}）", Role.FANGSONG)
