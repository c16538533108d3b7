"""WeasyPrint, driven: HTML tree + CSS → layout → PagePlan. The one pagination step (``paginate``); the
PDF renderer (writer.py) writes the pages laid out here."""

from __future__ import annotations

import gc
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path

from weasyprint import CSS
from weasyprint.document import Document as WeasyDocument
from weasyprint.text.fonts import FontConfiguration

from ... import standard as std
from ...errors import LayoutError
from ...model import Document, Table
from ...render.options import RenderOptions
from ...typeset.colophon import ColophonLayout, decide_placement, layout_colophon, page_plan
from ...typeset.fonts import FontSet
from ...typeset.masthead import with_head_numbering
from ...typeset.plan import ColophonPlacement, PagePlan, Squeeze
from . import weasy
from .colophon import content_bottom
from .css import UA_STYLESHEET, stylesheet
from .fetcher import AssetFetcher
from .html import build_tree
from .weasy.tree import TreeHTML as TreeHTML  # (tests/test_safety.py checks its fetcher)


def asset_roots() -> tuple[Path, ...]:
    return (Path(str(files("docgen") / "assets")), Path(str(files("docgen.templates"))))


@cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@cache
def _ua_css() -> CSS:
    return CSS(string=UA_STYLESHEET)


@cache
def _css(fonts: FontSet) -> CSS:
    """One parsed stylesheet per process: it names no URL, so it is the same for every document."""
    return CSS(string=stylesheet(fonts), font_config=_font_config())


@contextmanager
def one_collection() -> Iterator[None]:
    """Collect garbage once per document instead of all along.

    WeasyPrint makes hundreds of thousands of short-lived objects, many in reference cycles (boxes point
    at their parents): the automatic collector ran ~50 times per document, a tenth of its time, and could
    free little before the document was done. Without any collection a long batch would grow by ~20 MB
    per document. Before the first document, what the process holds (modules, classes: ~0.5 million
    objects) is frozen out of collections, and after it, what it left (fonts, caches): so each collection
    only walks what one document created. (Collecting before the first freeze walked everything: ~50 ms
    of a single ``docgen render``, a tenth of its work after the imports.)"""
    global _frozen, _depth
    if _depth:  # already inside this document's collection (render_formats around paginate)
        yield
        return
    if not _frozen:
        gc.freeze()  # import-time garbage, if any, stays: a few objects, once
    enabled = gc.isenabled()
    gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if enabled:
            gc.enable()
        gc.collect()
        if not _frozen:
            gc.freeze()
            _frozen = True


_frozen = False
_depth = 0


class _WarningsAsErrors(logging.Handler):
    """WeasyPrint reports refused or broken resources and unsupported CSS only as log records;
    collect them so a silently degraded PDF becomes a visible problem."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS pixels
MAX_PASSES = 3  # plus one per off-grid element


def _boxes(page) -> list:
    """Every box of a laid-out page, depth first."""
    out, stack = [], [page._page_box]
    while stack:
        box = stack.pop()
        out.append(box)
        stack.extend(getattr(box, "children", ()))
    return out


def _grid_pads(rendered: WeasyDocument) -> dict[str, float]:
    """For each off-grid element, how far (points) the bottom of its pad (id ``pad-N``) is from the grid."""
    top = std.MARGIN_TOP.pt * PX_PER_PT
    pitch = std.LINE_PITCH.pt * PX_PER_PT
    bottoms: dict[str, float] = {}
    for page in rendered.pages:
        for box in _boxes(page):
            element = getattr(box, "element", None)
            sid = element.get("id", "") if element is not None else ""
            if sid.startswith("pad-"):
                bottoms["snap-" + sid[4:]] = box.position_y + box.margin_height() - top
    pads = {}
    for sid, b in sorted(bottoms.items(), key=lambda kv: int(kv[0][5:])):
        gap = -b % pitch
        pads[sid] = 0.0 if gap > pitch - 0.01 else gap / PX_PER_PT
    return pads


def _layout(
    doc: Document,
    fonts: FontSet,
    options: RenderOptions,
    fetcher: AssetFetcher,
    colophon: tuple[ColophonLayout, ColophonPlacement] | None = None,
    squeeze: Squeeze | None = None,
) -> WeasyDocument:
    """Lay out until every off-grid element is padded back onto the grid (passes converge or fail)."""
    pads: dict[str, float] = {}
    blocks = (*doc.body, *(b for a in doc.attachments for b in a.body))
    passes = MAX_PASSES + sum(isinstance(b, Table) for b in blocks)
    for _ in range(passes):
        tree = build_tree(doc, fonts, options, pads, colophon, squeeze)
        rendered = weasy.render_tree(tree, fetcher, _ua_css(), [_css(fonts)], _font_config())
        # Mend the first element off the grid only: every later one moves when it is mended.
        off = next(((sid, v) for sid, v in _grid_pads(rendered).items() if v >= 0.05), None)
        if off is None:
            return rendered
        pads[off[0]] = pads.get(off[0], 0.0) + off[1]
    raise LayoutError.of("layout.no_convergence")


def plan_pages(doc: Document, fonts: FontSet, body: WeasyDocument) -> PagePlan:
    """The PagePlan, from the body laid out alone: where the 版记 goes (§7.4.1: bottom of the last page,
    which is even) and which pages show their number (§7.5). Each page-number rule of a special format
    is one more step here."""
    colophon = layout_colophon(doc.colophon, doc.format, fonts)
    pages = len(body.pages)
    placement = decide_placement(pages, content_bottom(body), colophon)
    return with_head_numbering(doc, page_plan(pages, placement))


def plan_squeeze(
    doc: Document, rendered: WeasyDocument, line_blocks: Callable[[], dict[int, int]]
) -> Squeeze | None:
    """A8.9 (§7.3.5.5): the 落款 has pulled the last body lines onto a page of their own (the keep rule that
    forbids a 落款 alone); if the page before can hold all of that page's content at a line pitch no closer
    than ``SQUEEZE_MIN_PITCH``, set it at that pitch there instead."""
    if doc.signoff is None:
        return None
    pages = [_boxes(p) for p in rendered.pages]
    signoff_page = next(
        (i for i, boxes in enumerate(pages) for b in boxes
         if getattr(b, "element", None) is not None and "signoff" in (b.element.get("class") or "").split()),
        None,
    )  # fmt: skip
    if not signoff_page:
        return None

    def numbered(boxes: list) -> list:
        return [b for b in boxes if type(b).__name__ == "BlockBox" and getattr(b, "element", None) is not None
                and b.element.get("data-n")]  # fmt: skip

    prev, here = numbered(pages[signoff_page - 1]), numbered(pages[signoff_page])
    if not prev or not here:
        return None
    top = std.MARGIN_TOP.pt * PX_PER_PT
    pitch = std.LINE_PITCH.pt * PX_PER_PT
    # everything on the 落款's page, from its top to its lowest box, must move back
    content = [b for b in pages[signoff_page] if type(b).__name__ in ("LineBox", "ImageBox", "BlockBox")
               and getattr(b, "element", None) is not None and b.element.tag != "html"
               and b.element.tag != "body"]  # fmt: skip
    here_rows = (max(b.position_y + b.margin_height() for b in content) - top) / pitch
    first = min(prev, key=lambda b: b.position_y)
    prev_rows = (max(b.position_y + b.margin_height() for b in prev) - first.position_y) / pitch
    rows_before = (first.position_y - top) / pitch  # a head or title above the first numbered line
    needed = rows_before + prev_rows + math.ceil(here_rows - 1e-6)
    squeezed = std.LINE_PITCH.pt * (std.LINES_PER_PAGE - rows_before) / (needed - rows_before)
    if needed <= std.LINES_PER_PAGE or squeezed < std.SQUEEZE_MIN_PITCH.pt:
        return None
    n = int(first.element.get("data-n"))
    return Squeeze(block=line_blocks().get(n, len(doc.body)), line=n, pitch=squeezed)


def layout_document(
    doc: Document, fonts: FontSet, options: RenderOptions, fetcher: AssetFetcher
) -> tuple[WeasyDocument, PagePlan]:
    """Lay the body out alone, decide the PagePlan, then lay out the whole document as planned
    (docgen's WeasyPrint tunings installed for it: ``weasy.tuned``)."""
    with weasy.tuned():
        return _layout_document(doc, fonts, options, fetcher)


def _layout_document(
    doc: Document, fonts: FontSet, options: RenderOptions, fetcher: AssetFetcher
) -> tuple[WeasyDocument, PagePlan]:
    rendered = _layout(doc, fonts, options, fetcher)
    squeeze = plan_squeeze(doc, rendered, lambda: _line_blocks(doc, fonts, options))
    if squeeze is not None:
        tight = _layout(doc, fonts, options, fetcher, squeeze=squeeze)
        if len(tight.pages) < len(rendered.pages):  # it worked: the 落款 is back with the body
            rendered = tight
        else:
            squeeze = None
    plan = plan_pages(doc, fonts, rendered)
    if squeeze is not None:
        plan = replace(plan, squeeze=squeeze)
    if plan.colophon is not ColophonPlacement.NONE:
        colophon = layout_colophon(doc.colophon, doc.format, fonts)
        assert colophon is not None
        rendered = _layout(doc, fonts, options, fetcher, (colophon, plan.colophon), squeeze)
        if len(rendered.pages) != plan.page_count:
            raise LayoutError.of("layout.colophon_pages", planned=plan.page_count, actual=len(rendered.pages))
    return rendered, plan


@dataclass(eq=False)
class PdfLayout:
    """The PDF pass's laid-out pages of one document, carried on its PagePlan (``PagePlan.layout``) from the
    pagination step to the PDF renderer (render/pdf/writer.py), which writes them without laying out again.

    ``document`` and ``options`` say what was laid out: the writer lays out anew for anything else.
    ``written`` keeps each PDF written from these pages, by options (the OFD is made from the PDF's bytes)."""

    document: Document
    options: RenderOptions
    rendered: WeasyDocument
    warnings: tuple[str, ...]
    written: dict[RenderOptions, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)

    def fits(self, document: Document, options: RenderOptions) -> bool:
        return self.document is document and self.options == options.for_pdf()


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (refused or broken resources, unsupported CSS) while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _WarningsAsErrors()
    logger.addHandler(handler)
    messages: list[str] = []
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        messages += [r.getMessage() for r in handler.records]


def lay_out(doc: Document, fonts: FontSet, options: RenderOptions) -> tuple[PdfLayout, PagePlan]:
    """The PDF layout pass for ``doc``, as ``options.for_pdf()`` asks (a plain draft PDF carries no clock
    time): its pages with WeasyPrint's warnings, and its PagePlan."""
    options = options.for_pdf()
    with collect_warnings() as warnings:
        rendered, plan = layout_document(doc, fonts, options, AssetFetcher(roots=asset_roots()))
    return PdfLayout(doc, options, rendered, tuple(warnings)), plan


def paginate(doc: Document, fonts: FontSet, options: RenderOptions) -> PagePlan:
    """The one pagination step (``docgen.render.paginate``): the layout pass, its decisions as the PagePlan
    every renderer follows, the laid-out pages carried on it for the PDF renderer."""
    with one_collection():
        layout, plan = lay_out(doc, fonts, options)
    return replace(plan, layout=layout)


def _line_blocks(doc: Document, fonts: FontSet, options: RenderOptions) -> dict[int, int]:
    """Which body block each numbered line belongs to (the DOCX squeezes whole paragraphs)."""
    from .html import HtmlBuilder

    builder = HtmlBuilder(fonts)
    builder.build(doc, options)
    return builder.line_blocks
