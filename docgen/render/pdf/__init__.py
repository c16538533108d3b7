"""PDF renderer: Document → HTML tree + CSS → WeasyPrint layout (engine.py, the pagination step) → PDF
bytes (writer.py)."""

from .writer import render_pdf

__all__ = ["render_pdf"]
