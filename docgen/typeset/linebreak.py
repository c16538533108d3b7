"""CJK line breaking with 避头尾 rules, so every non-final line is flush at both edges.

WeasyPrint's ``text-align: justify`` stretches only spaces, which Chinese text has none of, so lines
holding digits or a pushed-down punctuation mark end short of the right edge. Here each line is chosen
and then given its own tracking (letter-spacing) that makes its last glyph end exactly on the edge.
Pure: text, a measuring function and widths in; lines out. No font files, no renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# 避头: never at the start of a line (GB/T 15834 closing marks, and half-width ones in case any survive).
NO_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰℃．,.;:?!)]}")
# 避尾: never at the end of a line.
NO_END = frozenset("（《「『【〔〈“‘([{")
# Runs kept on one line: Latin letters, digits and the ASCII marks inside numbers, addresses and codes;
# numbers joined by a dash (a telephone number 0736—7251105, a span 2023—2024); doubled 破折号 and 省略号.
_ATOM = re.compile(r"[0-9]+(?:—[0-9]+)+|[\x21-\x7e]+|——|……|\s|.", re.S)

# Where a long ASCII run (a URL, a file path) may break: after its separators.
_PIECE = re.compile(r"[^/.?&=_#-]*[/.?&=_#-]+|[^/.?&=_#-]+")

# How much tighter than the grid a line may be set to keep a closing mark off the next line's start,
# before a character is pushed down instead (points of tracking per character).
MAX_SQUEEZE = 1.0


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one style (a role key the caller understands, e.g. a font role)."""

    text: str
    style: str


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line: its runs, left offset and tracking (points after every character)."""

    runs: tuple[Run, ...]
    indent: float
    tracking: float
    final: bool

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class _Atom:
    """An unbreakable piece of a run. (Not frozen: a frozen dataclass's ``__init__`` sets each field
    through ``object.__setattr__``, and a report's paragraphs make ~5,000 atoms per document.)"""

    text: str
    style: str
    width: float  # advances only
    space: bool
    chars: int


Measure = Callable[[str, str], float]  # (text, style) -> advance width in pt


def _atoms(runs: Sequence[Run], measure: Measure) -> list[_Atom]:
    atoms: list[_Atom] = []
    append = atoms.append
    for run in runs:
        style = run.style
        widths: dict[str, float] = {}  # each distinct atom of the run measured once
        for t in _ATOM.findall(run.text):
            width = widths.get(t)
            if width is None:
                width = widths[t] = measure(t, style)
            append(_Atom(t, style, width, t.isspace(), len(t)))
    return atoms


def _split_long(atoms: list[_Atom], measure: Measure, room: float) -> list[_Atom]:
    """``atoms`` with every ASCII run wider than half a line (a URL, a long address) broken after its
    separators (``/ . ? & = _ # -``), and a piece still wider than a line between its characters.

    Kept whole, such a run is pushed down and leaves the line before it stretched by half its width, and
    one wider than the line is squeezed until its letters overlap (a pasted URL of 80 characters did both).
    """
    out: list[_Atom] = []
    for a in atoms:
        if a.width <= room / 2 or a.chars == 1:
            out.append(a)
            continue
        for piece in _PIECE.findall(a.text):
            w = measure(piece, a.style)
            if w <= room:
                out.append(_Atom(piece, a.style, w, False, len(piece)))
            else:
                out.extend(_Atom(ch, a.style, measure(ch, a.style), False, 1) for ch in piece)
    return out


def _can_break_before(atoms: Sequence[_Atom], i: int) -> bool:
    """A line may end after atom i-1 and start with atom i."""
    return atoms[i].text[0] not in NO_START and atoms[i - 1].text[-1] not in NO_END


def _trim(atoms: list[_Atom]) -> list[_Atom]:
    while atoms and atoms[-1].space:
        atoms = atoms[:-1]
    while atoms and atoms[0].space:
        atoms = atoms[1:]
    return atoms


def _runs_of(atoms: Sequence[_Atom]) -> tuple[Run, ...]:
    """The atoms joined into runs, one per stretch of one style."""
    runs: list[Run] = []
    texts: list[str] = []
    style = ""
    for a in atoms:
        if a.style != style or not texts:
            if texts:
                runs.append(Run("".join(texts), style))
            texts, style = [], a.style
        texts.append(a.text)
    if texts:
        runs.append(Run("".join(texts), style))
    return tuple(runs)


def break_lines(
    runs: Sequence[Run],
    measure: Measure,
    width: float,
    tracking: float,
    first_indent: float = 0.0,
    indent: float = 0.0,
    slack: float = 0.5,
) -> list[Line]:
    """Break ``runs`` into lines of ``width`` points; every line but the last is made flush.

    ``tracking`` is the grid's nominal tracking (the final line keeps it). A line fits when its ink
    width at nominal tracking exceeds the room by at most ``slack`` points.
    """
    atoms = _split_long(_atoms(runs, measure), measure, width - max(first_indent, indent))
    lines: list[Line] = []
    start = 0
    while start < len(atoms):
        left = first_indent if not lines else indent
        room = width - left
        end, width_sum, chars = start, 0.0, 0
        while end < len(atoms):
            a = atoms[end]
            if width_sum + a.width + tracking * (chars + a.chars - 1) > room + slack:
                break
            width_sum, chars, end = width_sum + a.width, chars + a.chars, end + 1
        if end >= len(atoms):
            body = _trim(atoms[start:])
            if body:
                lines.append(Line(_runs_of(body), left, tracking, True))
            break
        # a single atom wider than the line stands alone; otherwise apply 避头尾
        end = start + 1 if end == start else _kinsoku_break(atoms, start, end, room, tracking)
        body = _trim(atoms[start:end])
        n = sum(a.chars for a in body)
        flush = (room - sum(a.width for a in body)) / (n - 1) if n > 1 else tracking
        lines.append(Line(_runs_of(body), left, flush, False))
        start = end
    return lines


def _kinsoku_break(atoms: Sequence[_Atom], start: int, end: int, room: float, tracking: float) -> int:
    """Where to end a line that would overflow at ``end``: the latest allowed break, squeezing in a closing
    mark when that costs little, otherwise pushing characters down."""
    if _can_break_before(atoms, end):
        return end
    # Squeeze: take the closing marks that may not start the next line onto this one.
    squeezed = end
    while squeezed < len(atoms) and atoms[squeezed].text[0] in NO_START:
        squeezed += 1
    body = atoms[start:squeezed]
    n = sum(a.chars for a in body)
    breakable = squeezed >= len(atoms) or _can_break_before(atoms, squeezed)
    if breakable and n > 1 and (room - sum(a.width for a in body)) / (n - 1) >= tracking - MAX_SQUEEZE:
        return squeezed
    # Push down: the latest earlier position where a break is allowed.
    for i in range(end - 1, start, -1):
        if _can_break_before(atoms, i):
            return i
    return squeezed if squeezed < len(atoms) else end
