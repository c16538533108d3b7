"""Renderers: one contract for every output format.

A render is two steps. ``paginate(document, fonts, options) -> PagePlan`` runs the PDF layout pass once and
records its decisions (page count, where the 版记 goes, the A8.9 squeeze). Then each format's renderer,
looked up in ``RENDERERS`` by format name, is a function of the same four values::

    renderer(document, plan, fonts, options) -> Rendered  # bytes + warnings for the user

The PDF writes the pages the plan was made from; the DOCX obeys the plan; the OFD records the PDF's pages.
No renderer lays a document out for another, and none reads the clock (``options.timestamp``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import import_module
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from ..model import Document
    from ..typeset.fonts import FontSet
    from ..typeset.plan import PagePlan
    from .options import RenderOptions


@dataclass(frozen=True, slots=True)
class Rendered:
    """What every renderer returns: the file's bytes and the warnings its user must see (a PDF resource
    WeasyPrint refused, an OFD face that could not be embedded)."""

    data: bytes
    warnings: tuple[str, ...] = ()


Renderer = Callable[["Document", "PagePlan", "FontSet", "RenderOptions"], Rendered]


class _Registry(Mapping[str, Renderer]):
    """Format name → renderer, each module imported on first use: importing ``docgen.render.options`` (the
    CLI does at start) must not load WeasyPrint and python-docx."""

    def __init__(self, paths: Mapping[str, str]) -> None:
        self._paths = dict(paths)

    def __getitem__(self, fmt: str) -> Renderer:
        module, name = self._paths[fmt].split(":")
        renderer: Renderer = getattr(import_module(module, __name__), name)
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


# In the order a render writes them: the PDF first, so the OFD reuses the PDF it wrote.
RENDERERS: Mapping[str, Renderer] = _Registry(
    {"pdf": ".pdf:render_pdf", "docx": ".docx:render_docx", "ofd": ".ofd:render_ofd"}
)


def paginate(document: Document, fonts: FontSet, options: RenderOptions) -> PagePlan:
    """The one pagination step: the PDF layout pass (render/pdf/engine.py), its decisions as a PagePlan
    that carries the laid-out pages for the PDF renderer."""
    from .pdf.engine import paginate as run

    return run(document, fonts, options)


# Options of one format from the bytes of the formats rendered before it (``render_formats``).
OptionsFor: TypeAlias = "Callable[[str, Mapping[str, bytes]], RenderOptions]"


def render_formats(
    document: Document,
    formats: tuple[str, ...],
    fonts: FontSet,
    options: RenderOptions,
    options_for: OptionsFor | None = None,
) -> tuple[dict[str, bytes], PagePlan, list[str]]:
    """Paginate once, then run the renderer of each requested format on the plan. Returns the bytes by
    format (in ``RENDERERS`` order), the plan (without its laid-out pages, which would keep a whole
    WeasyPrint document alive) and the warnings, each told once.

    With ``options_for``, the formats are rendered in the order ``formats`` gives, each with the options
    ``options_for(fmt, bytes so far)`` returns: a 定稿 renders its DOCX first so that the manifest its
    PDF carries records the DOCX's hash (finalize/final.py)."""
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ValueError(f"no renderer for {unknown}; formats are {tuple(RENDERERS)}")
    from .pdf.engine import one_collection

    out: dict[str, bytes] = {}
    warnings: list[str] = []
    order = tuple(dict.fromkeys(formats)) if options_for else tuple(f for f in RENDERERS if f in formats)
    with one_collection():
        plan = paginate(document, fonts, options)
        for fmt in order:
            opts = options_for(fmt, out) if options_for else options
            result = RENDERERS[fmt](document, plan, fonts, opts)
            out[fmt] = result.data
            told = set(warnings)  # the OFD repeats the warnings of the PDF it was written from
            warnings += [w for w in result.warnings if w not in told]
        # let go of the laid-out pages inside the collection: they are cyclic garbage it must free
        plan = replace(plan, layout=None)
    return {f: out[f] for f in RENDERERS if f in out}, plan, warnings
