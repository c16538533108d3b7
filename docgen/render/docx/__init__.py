"""DOCX renderer: ``render_docx(doc, plan, fonts, options) -> bytes``, an editable GB/T 9704 Word file.

writer.py walks the Document, styles.py defines the named styles, tables.py the tables, and ooxml.py holds
every piece of raw OOXML (inserted in schema order).
"""

from .writer import DocxWriter, footer_distance, render_docx

__all__ = ["DocxWriter", "footer_distance", "render_docx"]
