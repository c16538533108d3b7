"""PDF renderer: Document → HTML tree + CSS → WeasyPrint layout (engine.py, the pagination step) → PDF
bytes (writer.py)."""

from .weasy import quickimport

quickimport.load()  # before any module of this package imports WeasyPrint

from .writer import render_pdf  # noqa: E402

__all__ = ["render_pdf"]
