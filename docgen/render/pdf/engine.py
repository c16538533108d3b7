"""WeasyPrint, driven: HTML tree + CSS → layout → PagePlan → PDF bytes."""

from __future__ import annotations

import gc
import logging
from functools import cache
from importlib.resources import files
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ...model import Document
from ...render.options import RenderOptions
from ...typeset.fonts import FontSet
from ...typeset.plan import PagePlan
from .css import stylesheet
from .fetcher import AssetFetcher
from .html import build_html


def asset_roots() -> tuple[Path, ...]:
    return (Path(str(files("docgen") / "assets")), Path(str(files("docgen.templates"))))


@cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@cache
def _css(fonts: FontSet) -> str:
    return stylesheet(fonts)


class _WarningsAsErrors(logging.Handler):
    """WeasyPrint reports refused or broken resources and unsupported CSS only as log records;
    collect them so a silently degraded PDF becomes a visible problem."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def render_pdf(doc: Document, fonts: FontSet, options: RenderOptions) -> tuple[bytes, PagePlan, list[str]]:
    """Lay out and write the PDF. Returns the bytes, the page plan and WeasyPrint's warnings."""
    html = build_html(doc, fonts, options)
    fetcher = AssetFetcher(roots=asset_roots())
    logger = logging.getLogger("weasyprint")
    handler = _WarningsAsErrors()
    logger.addHandler(handler)
    try:
        css = CSS(string=_css(fonts), font_config=_font_config(), url_fetcher=fetcher)
        rendered = HTML(string=html, url_fetcher=fetcher, base_url=None).render(
            stylesheets=[css], font_config=_font_config()
        )
        plan = PagePlan.simple(len(rendered.pages))
        pdf = rendered.write_pdf(uncompressed_pdf=False)
    finally:
        logger.removeHandler(handler)
        gc.collect()  # WeasyPrint keeps cycles alive; without this a long batch grows to GBs
    return pdf, plan, [r.getMessage() for r in handler.records]
