"""Table cells laid out once, here, and set exactly so by both renderers: each cell's lines, the table's
type size and every row's height.

Why: WeasyPrint and LibreOffice break a cell's text greedily, a character at a time, and so print
``自然/人``, ``补正后申请内容仍不明/确`` or ``结/果/维/持`` in a narrow column. Here a cell's text is broken
into balanced lines at word boundaries, never leaving one character alone on a line, and the PDF
(``white-space: pre``) and the DOCX (``w:br``) set exactly these lines, so both read alike and the row
heights computed from the lines are the heights both print. A table whose header cannot be set in 小四
without a header stacked one character per line is set in 五号 (GB/T 9704 practice for dense
statistical tables). Pure geometry: a table and font advances in, lines and lengths out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import standard as std
from ..model import Cell, Role, Table
from ..units import Length
from .linebreak import Run, _Atom, _atoms, _can_break_before

# A line may end after these (closing marks, the enumerators 1. and （一）) or start before those: a break
# there falls between words.
_BREAK_AFTER = frozenset("，。、；：？！）》」』】〕〉”’.)")
_BREAK_BEFORE = frozenset("（《「『【〔〈“‘(")
if TYPE_CHECKING:  # (fontTools is not needed to import this module)
    from .fonts import FontSet

# LibreOffice adds space between a CJK character and a digit or Latin letter whatever autoSpaceDN says
# (standard.DOCX_DIGIT_SPACE, measured at 3号); a line is measured with it so it fits in both renderings.
_CJK_ALNUM = re.compile(
    r"(?<=[\u2e80-\u9fff\uff00-\uffef])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u2e80-\u9fff\uff00-\uffef])"
)


Measure = Callable[[str], float]  # text -> width in points


def measure_with_spacing(measure: Measure, size: float) -> Measure:
    """``measure`` plus the space LibreOffice puts between CJK and digits, scaled to the type size."""
    extra = std.DOCX_DIGIT_SPACE.pt * size / std.BODY_SIZE.pt
    return lambda text: measure(text) + extra * len(_CJK_ALNUM.findall(text))


def break_cell(
    text: str, room: float, measure: Measure, words: frozenset[int] = frozenset()
) -> tuple[str, ...]:
    """``text`` as the lines to print in a cell ``room`` points wide.

    The fewest lines that fit, none of one character (where the room allows two), broken between words
    where the words are known (``words``: offsets in ``text``, ``model.Cell.words``), after a closing
    mark or an enumerator, before an opening one, and otherwise balanced: of the breakings that achieve the above, the one whose widest
    line is narrowest. 避头尾 (typeset.linebreak) holds at every break. A newline in the text is kept.
    """
    if "\n" in text:
        lines: list[str] = []
        start = 0
        for part in text.split("\n"):
            inside = frozenset(k - start for k in words if start < k < start + len(part))
            lines.extend(break_cell(part, room, measure, inside))
            start += len(part) + 1
        return tuple(lines)
    if measure(text) <= room:
        return (text,)
    atoms = _atoms([Run(text, "")], lambda t, _s: measure(t))
    broken = _break_atoms(text, atoms, room, measure, words, kinsoku=True)
    if not broken:  # 避头尾 leaves no way to fit (a column one character wide): break anywhere
        broken = _break_atoms(text, atoms, room, measure, words, kinsoku=False)
    if any(measure(line) > room for line in broken):
        # a number or word wider than the cell: broken between its characters (as WeasyPrint's
        # overflow-wrap would) rather than printed over the next cell
        chars = [_Atom(ch, "", measure(ch), ch.isspace(), 1) for ch in text]
        broken = _break_atoms(text, chars, room, measure, words, kinsoku=False)
    return broken


def _break_atoms(
    text: str, atoms: Sequence[_Atom], room: float, measure: Measure, words: frozenset[int], kinsoku: bool
) -> tuple[str, ...]:
    """``break_cell`` over the atoms of ``text``; () when no breaking fits (only a line of a single atom
    may be wider than the room).

    A breaking's cost is compared in this order: lines wider than the cell (a single atom that cannot
    be broken), lines of one character, breaks inside a word, lines; then the widest line (balance); then
    breaks between words that are not after a punctuation mark, and the squares of each line's
    shortfall from the widest. Two passes of the same dynamic programme over the break positions: the
    first finds the narrowest widest line the best breakings allow, the second the best breaking under
    it (a maximum is no sum, so the later criteria cannot ride in the first pass).
    """
    n = len(atoms)
    offsets = [0]
    for a in atoms:
        offsets.append(offsets[-1] + len(a.text))
    lone = len(text.replace(" ", "")) > 1
    breaks = [i for i in range(1, n) if not kinsoku or _can_break_before(atoms, i)]
    starts = [0, *breaks]
    # per break position: (inside a word, not after a punctuation mark)
    marks = {0: (0, 0)}
    for i in breaks:
        k = offsets[i]
        marked = text[k - 1] in _BREAK_AFTER or text[k] in _BREAK_BEFORE
        marks[i] = (int(not marked and k not in words), int(not marked))
    # every possible line: (start, end, width, overflow, lone character)
    lines: list[tuple[int, int, float, int, int]] = []
    for i in starts:
        for j in (*breaks, n):
            if j > i:
                body = text[offsets[i] : offsets[j]].strip()
                w = measure(body) if body else 0.0
                if w <= room or j - i == 1:  # only a single atom may be wider than the cell
                    lines.append((i, j, w, int(w > room), int(lone and len(body) == 1)))
    lines.sort(key=lambda line: line[1])

    first: dict[int, tuple[tuple[int, int, int, int, float], int]] = {0: ((0, 0, 0, 0, 0.0), -1)}
    for i, j, w, over, one in lines:
        if i in first:
            (o, l1, inside, count, widest), _ = first[i]
            key = (o + over, l1 + one, inside + marks[i][0], count + 1, max(widest, w))
            if j not in first or key < first[j][0]:
                first[j] = (key, i)
    if n not in first:
        return ()
    cap = first[n][0][4]  # the first pass's breaking is among the second's, so the shape stays the best
    second: dict[int, tuple[tuple[int, int, int, int, int, float], int]] = {0: ((0, 0, 0, 0, 0, 0.0), -1)}
    for i, j, w, over, one in lines:
        if i in second and w <= cap:
            (o, l1, inside, count, unmarked, ragged), _ = second[i]
            key = (
                o + over,
                l1 + one,
                inside + marks[i][0],
                count + 1,
                unmarked + marks[i][1],
                ragged + (cap - w) ** 2,
            )
            if j not in second or key < second[j][0]:
                second[j] = (key, i)
    cuts, j = [], n
    while j > 0:
        cuts.append(j)
        j = second[j][1]
    out, start = [], 0
    for cut in reversed(cuts):
        out.append(text[offsets[start] : offsets[cut]].strip())
        start = cut
    return tuple(out)


def lone_characters(lines: Sequence[str]) -> bool:
    """Whether a text of two characters or more has a line holding a single character."""
    return sum(len(ln.strip()) for ln in lines) > 1 and any(len(ln.strip()) == 1 for ln in lines)


# --- the table as a whole ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a model cell lands on the grid: its top-left slot and extent."""

    row: int
    col: int
    cell: Cell


def place_cells(table: Table) -> tuple[list[Placement], int]:
    """Lay the cells out as HTML does: each cell takes the next free slot of its row, and slots taken by
    a rowspan from above are skipped. Returns the placements and the number of columns."""
    taken: set[tuple[int, int]] = set()
    placements: list[Placement] = []
    ncols = len(table.widths)
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placements.append(Placement(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        ncols = max(ncols, c)
    if len(table.widths) != ncols:
        raise ValueError(f"table has {ncols} columns but {len(table.widths)} widths")
    if any(r >= len(table.rows) for r, _ in taken):
        raise ValueError("a rowspan reaches past the last row of the table")
    return placements, ncols


@dataclass(frozen=True, slots=True)
class LaidCell:
    """A cell as both renderers set it: its place, its width (points, the columns it spans), the width of
    its whole text at the table's size, and its lines."""

    row: int
    col: int
    cell: Cell
    width: float
    text_width: float
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A table's type size and line height, its cells in reading order, and each row's height (a whole
    number of grid lines, so the text after the table stays on the 22-line grid)."""

    size: Length
    line: Length
    cells: tuple[LaidCell, ...]
    heights: tuple[Length, ...]


def cell_room(width: float) -> float:
    """The width a cell's lines may take: its columns less the cell margins (the DOCX's cell margins, the
    PDF's padding and half rules) and a spare that absorbs the renderers' rounding of widths."""
    return width - 2 * std.TABLE_CELL_PAD.pt - std.TABLE_CELL_SPARE.pt


@lru_cache(maxsize=4096)
def _cell_lines(
    text: str, words: frozenset[int], room: float, size: float, fonts: FontSet
) -> tuple[str, ...]:
    """``break_cell`` in 仿宋 of ``size``, remembered: a document's tables repeat their labels and numbers,
    and the PDF lays a document out more than once."""
    if not text:
        return ("",)
    measure = measure_with_spacing(lambda t: fonts.width(Role.FANGSONG, t, size), size)
    return break_cell(text, room, measure, words)


def _cells_at(table: Table, placements: list[Placement], fonts: FontSet, size: Length) -> list[LaidCell]:
    total = sum(table.widths)
    cols = [std.TEXT_WIDTH.pt * w / total for w in table.widths]
    laid = []
    for p in placements:
        width = sum(cols[p.col : p.col + p.cell.colspan])
        text_width = fonts.width(Role.FANGSONG, p.cell.text, size.pt)
        lines = _cell_lines(p.cell.text, p.cell.words, cell_room(width), size.pt, fonts)
        laid.append(LaidCell(p.row, p.col, p.cell, width, text_width, lines))
    return laid


def layout_table(table: Table, fonts: FontSet) -> TableLayout:
    """Break every cell, choose the type size, and size the rows from the lines their cells need.

    The size is 小四 (``TABLE_SIZE``) unless a header cell would then be left with a line of one character
    (a header stacked 结/果/维/持): then 五号 (``TABLE_SIZE_DENSE``), for the whole table. A cell spanning
    rows that needs more height than its rows have gets it added to its last row.
    """
    placements, _ = place_cells(table)
    size, line = std.TABLE_SIZE, std.TABLE_LINE
    cells = _cells_at(table, placements, fonts, size)
    if any(c.cell.header and lone_characters(c.lines) for c in cells):
        size, line = std.TABLE_SIZE_DENSE, std.TABLE_LINE_DENSE
        cells = _cells_at(table, placements, fonts, size)

    def pitches(c: LaidCell) -> int:
        return math.ceil((len(c.lines) * line + 2 * std.TABLE_CELL_PAD) / std.LINE_PITCH - 1e-9)

    rows = [1] * len(table.rows)
    for c in cells:
        if c.cell.rowspan == 1:
            rows[c.row] = max(rows[c.row], pitches(c))
    for c in cells:
        if c.cell.rowspan > 1:
            last = c.row + c.cell.rowspan - 1
            rows[last] += max(0, pitches(c) - sum(rows[c.row : last + 1]))
    return TableLayout(size, line, tuple(cells), tuple(std.LINE_PITCH * n for n in rows))
