"""PagePlan: the layout decisions of the PDF pass, as a value the DOCX renderer obeys."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ColophonPlacement(StrEnum):
    """Where the 版记 goes (§7.4.1, §7.5; notes/engineering-facts.md has the three cases).

    The body is laid out alone first; its page count and the bottom of its last line decide."""

    NONE = "none"  # the document has no 版记
    SAME_PAGE = "same-page"  # (a) body ends on an even page with room: 版记 at that page's bottom
    NEXT_PAGE = "next-page"  # (b) body ends on an odd page: 版记 alone on the following even page
    AFTER_BLANK = "after-blank"  # (c) even page without room: a blank odd page, then the 版记 page


@dataclass(frozen=True, slots=True)
class Squeeze:
    """A8.9 (§7.3.5.5): when the 落款 (seal or 签名章 and date) does not fit under the last body line, the
    line spacing is tightened instead of leaving the 落款 on a page of its own. From body block ``block``
    (and, in the PDF, from its body line number ``line``) to the end of the 落款, lines are ``pitch`` apart."""

    block: int
    line: int
    pitch: float  # points


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Where pages fell in the PDF layout pass, as a value the DOCX renderer obeys.

    ``page_count`` pages in all; ``numbered[i]`` whether page i+1 shows its number (§7.5: not on a blank
    page before the 版记 nor on that 版记 page; not on page 1 of a 信函); ``body_pages`` how many pages the
    body (with 附件) takes before any page added for the 版记; ``colophon`` which of the three cases."""

    page_count: int
    numbered: tuple[bool, ...]
    body_pages: int = 0
    colophon: ColophonPlacement = ColophonPlacement.NONE
    # §7.3.5.5 / A8.9: the end of the body set closer so the 落款 stays with it
    squeeze: Squeeze | None = None
    # The PDF pass's laid-out pages (render/pdf/engine.PdfLayout), kept by the pagination step so the PDF
    # renderer writes them without laying out again; opaque to every other renderer, never compared, and
    # dropped before a plan leaves a render (render.render_formats).
    layout: object | None = field(default=None, compare=False, repr=False)

    @classmethod
    def simple(cls, page_count: int) -> PagePlan:
        return cls(page_count, (True,) * page_count, page_count)
