"""Renderers: pure functions of (Document, PagePlan, fonts, options) that return bytes."""
