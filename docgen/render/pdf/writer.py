"""The PDF renderer: ``render_pdf(document, plan, fonts, options) -> Rendered``, the pages the pagination
step laid out (``plan.layout``, render/pdf/engine.py) written as PDF bytes.

Writing is where a 定稿 differs (finalize/pdfa.py: document properties, the PDF/A variant, the associated
files); the layout is the same for every variant, so the engine never needs finalize/.
"""

from __future__ import annotations

from ...model import Document
from ...typeset.fonts import FontSet
from ...typeset.plan import PagePlan
from .. import Rendered
from ..options import RenderOptions
from . import weasy
from .engine import PdfLayout, collect_warnings, lay_out


def render_pdf(doc: Document, plan: PagePlan, fonts: FontSet, options: RenderOptions) -> Rendered:
    """The PDF of ``doc`` as paginated in ``plan``, with the layout's warnings and the writer's. Pages laid
    out for other data or options (a plan made by hand, a draft plan written as a 定稿) are laid out anew,
    which must give the plan's pages."""
    from ...errors import LayoutError
    from ...finalize.pdfa import write_options  # 定稿: properties, PDF/A variant, associated files

    layout = plan.layout
    if not (isinstance(layout, PdfLayout) and layout.fits(doc, options)):
        layout, own = lay_out(doc, fonts, options)
        if own.page_count != plan.page_count:
            raise LayoutError.of("layout.pdf_pages", planned=plan.page_count, actual=own.page_count)
    written = layout.written.get(layout.options)
    if written is None:
        with collect_warnings() as warnings:
            properties = write_options(layout.rendered, doc, layout.options)
            with weasy.tuned():
                pdf = layout.rendered.write_pdf(uncompressed_pdf=False, **properties)
        written = layout.written[layout.options] = (pdf, tuple(warnings))
    return Rendered(written[0], layout.warnings + written[1])
