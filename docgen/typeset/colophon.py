"""版记 (§7.4) lines and the page plan that places it on the last, even page (§7.4.1, §7.5).

Format-neutral: which lines, their wrapped line counts, the rules, and the decision between the three
placements once the body's pagination is known (the PDF pass lays the body out alone first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import standard as std
from ..errors import FitError
from ..model import Colophon, DocFormat, Role, chinese_date
from ..units import Length
from .fonts import FontSet
from .linebreak import Run, break_lines
from .plan import ColophonPlacement, PagePlan


@dataclass(frozen=True, slots=True)
class ColophonLine:
    """One 版记 element: ``label`` (主送：/抄送：) and ``text``, wrapped lines aligned after the label; or
    the 印发 line (``kind == "printer"``): ``text`` = 印发机关 left, ``right`` = 印发日期 right."""

    kind: str  # "addressee" | "cc" | "printer"
    label: str
    text: str
    right: str = ""
    lines: int = 1


@dataclass(frozen=True, slots=True)
class ColophonLayout:
    entries: tuple[ColophonLine, ...]
    rules: bool  # thick first and last rules, thin before the 印发 line (none in the letter format, §10.1)

    @property
    def height(self) -> Length:
        return std.COLOPHON_LINE * sum(e.lines for e in self.entries)

    @property
    def thin_rule(self) -> bool:
        """A thin rule separates 主送/抄送 from the 印发 line (§7.4.3)."""
        return self.rules and any(e.kind == "printer" for e in self.entries) and len(self.entries) > 1


def names(organs: tuple[str, ...]) -> str:
    """抄送/主送 names, §7.4.2: separated by "，", ending with "。"."""
    return "，".join(organs) + "。"


def layout_colophon(colophon: Colophon | None, fmt: DocFormat, fonts: FontSet) -> ColophonLayout | None:
    if colophon is None:
        return None
    size = std.COLOPHON_SIZE.pt
    measure: Callable[[str, str], float] = lambda text, style: fonts.width(Role(style), text, size)  # noqa: E731
    inset = std.COLOPHON_INSET.pt
    entries = []
    for kind, label, organs in (("addressee", "主送：", colophon.addressee), ("cc", "抄送：", colophon.cc)):
        if not organs:
            continue
        text = names(organs)
        room = std.TEXT_WIDTH.pt - 2 * inset - measure(label, Role.FANGSONG)
        lines = len(break_lines([Run(text, Role.FANGSONG)], measure, room, 0.0))
        entries.append(ColophonLine(kind, label, text, lines=max(1, lines)))
    letter = fmt is DocFormat.LETTER
    if not letter and (colophon.printer or colophon.print_date):
        date = chinese_date(colophon.print_date) + "印发" if colophon.print_date else ""
        entries.append(ColophonLine("printer", "", colophon.printer, date))
    if not entries:
        return None
    layout = ColophonLayout(tuple(entries), rules=not letter)
    if layout.height > std.TEXT_HEIGHT:
        raise FitError.of("colophon.too_long", source=colophon.source, lines=sum(e.lines for e in entries))
    return layout


def decide_placement(
    body_pages: int, content_bottom: Length, layout: ColophonLayout | None
) -> ColophonPlacement:
    """The three cases of notes/engineering-facts.md, from the body laid out alone: ``content_bottom`` is
    the lowest ink or line box of the last body page, from the paper's top."""
    if layout is None:
        return ColophonPlacement.NONE
    if body_pages % 2:
        return ColophonPlacement.NEXT_PAGE
    if content_bottom + layout.height <= std.TEXT_BOTTOM:
        return ColophonPlacement.SAME_PAGE
    return ColophonPlacement.AFTER_BLANK


def page_plan(body_pages: int, placement: ColophonPlacement) -> PagePlan:
    """Pages and page numbers for a placement (§7.5: a blank page before the 版记 page and that page carry
    no number; a 版记 page right after the body is numbered)."""
    if placement is ColophonPlacement.NEXT_PAGE:
        return PagePlan(body_pages + 1, (True,) * (body_pages + 1), body_pages, placement)
    if placement is ColophonPlacement.AFTER_BLANK:
        return PagePlan(body_pages + 2, (True,) * body_pages + (False, False), body_pages, placement)
    return PagePlan(body_pages, (True,) * body_pages, body_pages, placement)
