"""DOCX renderer: ``render_docx(doc, plan, fonts, options) -> Rendered``, an editable GB/T 9704 Word file.

writer.py walks the Document; each part of a 公文 has its module, named as in render/pdf/: masthead.py (版头),
attachments.py (附件说明, 附件), note.py (附注), attendance.py (纪要 lists), signoff.py (落款), colophon.py (版记),
draft.py (草稿 mark), tables.py; styles.py defines the named styles, and ooxml/ builds every piece of raw
OOXML (in schema order).
"""

from .writer import DocxWriter, footer_distance, render_docx

__all__ = ["DocxWriter", "footer_distance", "render_docx"]
