"""How both renderers reach a block: one table from each model block type to the name of the visitor
method that writes it. ``HtmlBuilder`` (PDF) and ``DocxWriter`` (DOCX) both dispatch through it, so a new
block type in model.py is either handled by both or refused by both (tests/test_renderer_contract.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ..model import Attendance, Heading, Paragraph, Table

BLOCK_HANDLERS: Mapping[type, str] = {
    Heading: "visit_heading",
    Paragraph: "visit_paragraph",
    Table: "visit_table",
    Attendance: "visit_attendance",
}


class BlockDispatch:
    """Mixin: ``handler(block)`` is the bound ``visit_…`` method for the block's type; a type without one is
    a defect (``NotImplementedError``), never skipped."""

    HANDLERS: ClassVar[Mapping[type, str]] = BLOCK_HANDLERS
    RENDERER: ClassVar[str] = ""

    def handler(self, block: object) -> Callable[..., Any]:
        name = self.HANDLERS.get(type(block))
        if name is None:
            raise NotImplementedError(f"{self.RENDERER} renderer has no handler for {type(block).__name__}")
        method: Callable[..., Any] = getattr(self, name)
        return method
