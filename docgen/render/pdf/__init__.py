"""PDF renderer: Document → HTML tree + CSS → WeasyPrint → PDF."""

from .engine import render_pdf

__all__ = ["render_pdf"]
