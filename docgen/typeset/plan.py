"""PagePlan: the layout decisions of the PDF pass, as a value the DOCX renderer obeys."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Where pages fell in the PDF layout pass.

    ``page_count`` pages in all; ``numbered[i]`` tells whether page i+1 shows a page number (§7.5).
    """

    page_count: int
    numbered: tuple[bool, ...]

    @classmethod
    def simple(cls, page_count: int) -> PagePlan:
        return cls(page_count, (True,) * page_count)
