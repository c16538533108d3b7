"""Typesetting decisions between the Document and the renderers: fonts, CJK line breaking, page plans."""
