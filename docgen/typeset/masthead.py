"""版头 geometry, §7.2 and §10 (信函 / 命令（令） / 纪要), shared by both renderers.

Every vertical position is the top of an element's em box, measured from the 版心's top edge (negative
above it: the 信函 mark). A 3号 line of the head is laid out like a body line: a box one grid pitch tall
with its em box in the middle, so "下空二行" between two lines of text means exactly what it means between
two body lines: two empty grid rows, i.e. an em-box gap of ``3·pitch − 3号``.

The chain that decides the mark's size (standard format, §7.2.4–7.2.7, §7.3.1)::

    标志 top = 35 mm → 标志 (height H) → 二行 → 发文字号 (or the 签发人 lines) → 4 mm → 分隔线 → 二行 → 标题

The 标题 must land on a grid row (everything after it is on the 22-line grid), so H = T·pitch − c for an
integer row T. Of those heights the largest not above ``MARK_HEIGHT_MAX`` (plus ``MARK_HEIGHT_PER_EXTRA_LINE``
per stacked 联合行文 name) is taken; the mark's text is then condensed horizontally to fit the 156 mm 版心
(down to ``MARK_MIN_SCALE``; below that the next smaller height is taken). For the standard format this
gives a 22.28 mm (63 pt) single-line mark with the title on row 11 (line 12). The 信函 and 命令 chains are
built the same way from their own clauses (§10.1, §10.2).

Rules (red lines): ``y`` of a single separator is its centre line; a 信函 double line is placed by the edge
facing its reference (the upper one's top edge 4 mm below the mark, the lower one's bottom edge 20 mm above
the paper's bottom edge).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache

from fontTools.ttLib import TTFont

from .. import standard as std
from ..errors import FitError
from ..model import DocFormat, Document, Masthead, Role
from ..source import SourceRef
from ..units import Length
from .fonts import FontFace, FontSet
from .plan import PagePlan

L = std.LINE_PITCH
E = std.BODY_SIZE


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of 3号 text on a head line. ``x`` is its left edge from the 版心's left edge; ``None``
    centres it on the 版心."""

    text: str
    role: Role
    x: Length | None
    flush_right: bool = False  # ends on the 版心's right edge (a consumer may set digits wider)


@dataclass(frozen=True, slots=True)
class HeadLine:
    """One 3号 line of the head: its em box top (from the 版心 top) and its pieces."""

    em_top: Length
    pieces: tuple[Piece, ...]
    kind: str  # "stack" | "number" | "signers" | "order-number" | "letter"

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True, slots=True)
class Mark:
    """发文机关标志: ``names`` stacked (one line unless 联合行文), ``suffix`` to the right of a stacked
    block (a single-line mark carries its suffix inside ``names[0]``)."""

    names: tuple[str, ...]
    suffix: str
    top: Length  # em top of the first name, from the 版心 top
    size: Length  # font size (= em height) of every line
    pitch: Length  # distance between the em tops of stacked names
    scale: float  # horizontal condensation (1 = none)
    names_width: Length  # widest name at ``size``, unscaled
    suffix_width: Length  # at ``size``, unscaled (0 when no separate suffix)
    gap: Length  # between names and suffix, unscaled

    @property
    def height(self) -> Length:
        return self.pitch * (len(self.names) - 1) + self.size

    @property
    def width(self) -> Length:
        """The printed width, condensation applied."""
        return (self.names_width + self.gap + self.suffix_width) * self.scale

    @property
    def left(self) -> Length:
        """Left edge of the printed mark from the 版心's left edge (centred)."""
        return (std.TEXT_WIDTH - self.width) / 2  # type: ignore[return-value]

    @property
    def suffix_top(self) -> Length:
        return self.top + (self.height - self.size) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A red line: ``y`` from the 版心 top (see the module notes for which edge), ``x`` its left end from
    the 版心's left edge, ``kind`` "single" | "thick-thin" (上粗下细) | "thin-thick" (上细下粗)."""

    y: Length
    x: Length
    length: Length
    kind: str
    page_anchored: bool = False  # 信函's lower double line: drawn on page 1 below the 版心

    @property
    def strokes(self) -> tuple[tuple[Length, Length], ...]:
        """(top edge, thickness) of each stroke, from the 版心 top."""
        if self.kind == "single":
            t = std.SEPARATOR_THICKNESS
            return ((self.y - t / 2, t),)  # type: ignore[operator]
        thick, thin, gap = std.LETTER_RULE_THICK, std.LETTER_RULE_THIN, std.LETTER_RULE_GAP
        if self.kind == "thick-thin":  # y = top edge
            return ((self.y, thick), (self.y + thick + gap, thin))
        total = thin + gap + thick  # thin-thick, y = bottom edge
        top = self.y - total
        return ((top, thin), (top + thin + gap, thick))

    @property
    def top(self) -> Length:
        return self.strokes[0][0]

    @property
    def bottom(self) -> Length:
        t, h = self.strokes[-1]
        return t + h


@dataclass(frozen=True, slots=True)
class MastheadLayout:
    """The head of page 1. ``rows``: grid rows it takes; the element after it (标题, or 正文 for a 命令)
    starts on row ``rows``. ``show_title``: False for the 命令 format (§10.2: 正文 follows the 令号)."""

    format: DocFormat
    rows: int
    mark: Mark
    lines: tuple[HeadLine, ...]
    rules: tuple[Rule, ...] = field(default=())
    show_title: bool = True


# --- font metrics ---------------------------------------------------------------------------------------
@cache
def _metrics(face: FontFace) -> tuple[float, float, float]:
    """(hhea ascent, hhea descent, em-box ascent) in em: Pango places a baseline by the hhea extents; the
    em box's top lies ``typoAscender/(typoAscender−typoDescender)`` em above the baseline."""
    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    upem = font["head"].unitsPerEm
    hhea, os2 = font["hhea"], font["OS/2"]
    asc, desc = hhea.ascent / upem, abs(hhea.descent) / upem
    typo_a, typo_d = os2.sTypoAscender, abs(os2.sTypoDescender)
    em_asc = typo_a / (typo_a + typo_d) if typo_a + typo_d else 0.88
    font.close()
    return asc, desc, em_asc


def em_ascent(fonts: FontSet, role: Role) -> float:
    """Height of the em box above the baseline, in em, of the face serving ``role``."""
    return _metrics(fonts[role].face)[2]


def em_top_in_box(fonts: FontSet, role: Role, size: Length, box: Length) -> Length:
    """Where the em box's top lies inside a CSS line box of height ``box`` (WeasyPrint/Pango: half-leading
    around the hhea extents)."""
    asc, desc, em_asc = _metrics(fonts[role].face)
    baseline = (box.pt - (asc + desc) * size.pt) / 2 + asc * size.pt
    return Length(round((baseline - em_asc * size.pt) * 12700))


def text_width(
    fonts: FontSet, role: Role, text: str, size: Length = E, tracking: Length | None = None
) -> Length:
    """Advance width of ``text``; 3号 text on the grid carries the grid tracking between characters."""
    if tracking is None:
        tracking = std.BODY_TRACKING if size == E else Length(0)
    adv = fonts.width(role, text, size.pt)
    return Length(round((adv + tracking.pt * max(len(text) - 1, 0)) * 12700))


# --- layout ---------------------------------------------------------------------------------------------
def _mark_lines(m: Masthead, fmt: DocFormat) -> tuple[tuple[str, ...], str]:
    issuers = m.issuers[:1] if fmt is DocFormat.LETTER else m.issuers  # §10.1: only the 主办机关
    if len(issuers) <= 1:
        return ((issuers[0] if issuers else "") + m.suffix,), ""
    return tuple(issuers), m.suffix


def _height_max(n: int) -> Length:
    return std.MARK_HEIGHT_MAX + std.MARK_HEIGHT_PER_EXTRA_LINE * (n - 1)


def _fit_mark(
    fonts: FontSet,
    names: tuple[str, ...],
    suffix: str,
    top: Length,
    c: Length,
    source: SourceRef | None = None,
) -> tuple[Mark, int]:
    """The mark whose height H = T·pitch − c for the largest fitting T; returns it and T."""
    n = len(names)
    t = math.floor((_height_max(n) + c) / L)
    while True:
        height = L * t - c
        if height < std.MARK_HEIGHT_MIN:
            t += 1
            continue
        lead = std.MARK_STACK_LEADING if n > 1 else 1.0
        size = Length(round(height / (n + (n - 1) * (lead - 1))))
        names_w = max(text_width(fonts, Role.XIAOBIAOSONG, s, size, Length(0)) for s in names)
        suffix_w = text_width(fonts, Role.XIAOBIAOSONG, suffix, size, Length(0)) if suffix else Length(0)
        gap = size * std.MARK_SUFFIX_GAP if suffix else Length(0)
        scale = min(1.0, std.TEXT_WIDTH / (names_w + gap + suffix_w))  # type: ignore[operator]
        mark = Mark(names, suffix, top, size, size * lead, scale, names_w, suffix_w, gap)
        if scale >= std.MARK_MIN_SCALE:
            return mark, t
        if L * (t - 1) - c < std.MARK_HEIGHT_MIN:
            text = "".join(names) + suffix
            raise FitError.of(
                "masthead.mark_too_long",
                source=source,
                text=text,
                min_height=std.MARK_HEIGHT_MIN.mm,
                min_scale=std.MARK_MIN_SCALE,
                text_width=std.TEXT_WIDTH.mm,
            )
        t -= 1


def _stack(m: Masthead) -> list[tuple[int, str, Role]]:
    """§7.2.1–7.2.3: 份号 line 1, 密级 line 2 (even without 份号), 紧急程度 on the next line."""
    out: list[tuple[int, str, Role]] = []
    if m.copy_number:
        out.append((0, m.copy_number, Role.FANGSONG))
    if m.secrecy:
        out.append((1, m.secrecy, Role.HEI))
    if m.urgency:
        out.append((out[-1][0] + 1 if out else 0, m.urgency, Role.HEI))
    return out


def _row_em_top(row: int) -> Length:
    return L * row + (L - E) / 2  # type: ignore[operator]


def _signer_lines(fonts: FontSet, m: Masthead, first_top: Length) -> list[HeadLine]:
    """§7.2.5/§7.2.6 上行文: 签发人 right-aligned 1 字 from the right edge, two names a line, continuation
    lines aligned with the first name; the 发文字号 left, 1 字 in, on the line of the last names."""
    label = "签发人："
    groups = [m.signers[i : i + std.SIGNERS_PER_LINE] for i in range(0, len(m.signers), std.SIGNERS_PER_LINE)]
    texts = ["\u3000".join(g) for g in groups]
    label_w = text_width(fonts, Role.FANGSONG, label) + std.BODY_TRACKING
    names_w = max(text_width(fonts, Role.KAI, t) for t in texts)
    right = std.TEXT_WIDTH - std.CHAR_PITCH * std.SIGNER_INDENT_CHARS
    x_label = right - label_w - names_w
    x_names = x_label + label_w
    lines = []
    for i, t in enumerate(texts):
        pieces: list[Piece] = []
        if i == len(texts) - 1 and m.doc_number:
            pieces.append(Piece(m.doc_number, Role.FANGSONG, std.CHAR_PITCH * std.SIGNER_INDENT_CHARS))
        if i == 0:
            pieces.append(Piece(label, Role.FANGSONG, x_label))
        pieces.append(Piece(t, Role.KAI, x_names))
        lines.append(HeadLine(first_top + L * i, tuple(pieces), "signers"))
    return lines


def layout_masthead(doc: Document, fonts: FontSet) -> MastheadLayout | None:
    m = doc.masthead
    if m is None:
        return None
    fmt = doc.format
    names, suffix = _mark_lines(m, fmt)
    stack = _stack(m)
    if fmt is DocFormat.LETTER:
        return _letter(fonts, m, names, suffix, stack)
    if fmt is DocFormat.ORDER:
        return _order(fonts, m, names, suffix, stack)
    # standard 文件格式 and 纪要 (§10.3: its mark 35 mm below the 版心 top like §7.2.4)
    y_m = std.ISSUER_MARK_TOP
    n_lines = math.ceil(len(m.signers) / std.SIGNERS_PER_LINE) if m.upward else 1
    # T·L = y_m + H + (二行: 3L − E) + (n−1)L + E + 4 mm + 二行 (2L)
    below = L * (std.LINES_BELOW_MARK + 1) + L * (n_lines - 1) + std.SEPARATOR_BELOW_DOC_NUMBER
    c = y_m + below + L * std.LINES_BELOW_SEPARATOR
    mark, rows = _fit_mark(fonts, names, suffix, y_m, c, m.source)
    first = y_m + mark.height + L * (std.LINES_BELOW_MARK + 1) - E
    lines = [HeadLine(_row_em_top(r), (Piece(t, role, Length(0)),), "stack") for r, t, role in stack]
    if m.upward:
        lines += _signer_lines(fonts, m, first)
    elif m.doc_number:
        lines.append(HeadLine(first, (Piece(m.doc_number, Role.FANGSONG, None),), "number"))
    last_bottom = first + L * (n_lines - 1) + E
    sep = Rule(last_bottom + std.SEPARATOR_BELOW_DOC_NUMBER, Length(0), std.SEPARATOR_WIDTH, "single")
    assert abs(sep.y + L * std.LINES_BELOW_SEPARATOR - L * rows) < 2, "masthead chain off the grid"
    return MastheadLayout(fmt, rows, mark, tuple(lines), (sep,))


def _letter(fonts: FontSet, m: Masthead, names, suffix, stack) -> MastheadLayout:  # type: ignore[no-untyped-def]
    """§10.1: mark 30 mm from the paper top; 上粗下细 double line 4 mm below it; 份号/密级/紧急 left and
    发文字号 right, the first 7/8 of a 3号 height below that line; 标题 二行 below the last of them;
    上细下粗 double line 20 mm above the paper's bottom edge (page 1)."""
    y_m = std.LETTER_MARK_TOP - std.MARGIN_TOP
    rule_total = std.LETTER_RULE_THICK + std.LETTER_RULE_GAP + std.LETTER_RULE_THIN
    n = max(len(stack), 1)
    # T·L = y_m + H + 4 mm + rule + 7/8·E + (n−1)L + E + (L−E)/2 + 2L
    after = std.LETTER_RULE_BELOW_MARK + rule_total + std.LETTER_BELOW_RULE + L * (n - 1) + E + (L - E) / 2
    c = y_m + after + L * std.LINES_BELOW_SEPARATOR
    mark, rows = _fit_mark(fonts, names, suffix, y_m, c, m.source)
    x_rule = (std.TEXT_WIDTH - std.LETTER_RULE_LENGTH) / 2  # centred on the 版心 [UNCERTAIN A12.7]
    top_rule = Rule(
        y_m + mark.height + std.LETTER_RULE_BELOW_MARK, x_rule, std.LETTER_RULE_LENGTH, "thick-thin"
    )
    first = top_rule.bottom + std.LETTER_BELOW_RULE
    lines = [
        HeadLine(first + L * i, (Piece(t, role, Length(0)),), "letter")
        for i, (_, t, role) in enumerate(stack)
    ]
    if m.doc_number:
        x = std.TEXT_WIDTH - text_width(fonts, Role.FANGSONG, m.doc_number)
        lines.append(HeadLine(first, (Piece(m.doc_number, Role.FANGSONG, x, flush_right=True),), "letter"))
    bottom_y = std.PAGE_HEIGHT - std.LETTER_RULE_ABOVE_BOTTOM - std.MARGIN_TOP
    bottom_rule = Rule(bottom_y, x_rule, std.LETTER_RULE_LENGTH, "thin-thick", page_anchored=True)
    return MastheadLayout(DocFormat.LETTER, rows, mark, tuple(lines), (top_rule, bottom_rule))


def _order(fonts: FontSet, m: Masthead, names, suffix, stack) -> MastheadLayout:  # type: ignore[no-untyped-def]
    """§10.2: mark 20 mm below the 版心 top; 令号 centred 二行 below; 正文 二行 below the 令号. No
    separator line (the clause names none)."""
    y_m = std.ORDER_MARK_TOP
    # 令号 on grid row R: R·L + (L−E)/2 = y_m + H + 3L − E
    c = y_m + L * (std.LINES_BELOW_MARK + 1) - E - (L - E) / 2
    mark, r = _fit_mark(fonts, names, suffix, y_m, c, m.source)
    lines = [HeadLine(_row_em_top(row), (Piece(t, role, Length(0)),), "stack") for row, t, role in stack]
    if m.doc_number:
        lines.append(HeadLine(_row_em_top(r), (Piece(m.doc_number, Role.FANGSONG, None),), "order-number"))
    return MastheadLayout(
        DocFormat.ORDER, r + std.LINES_BELOW_MARK + 1, mark, tuple(lines), (), show_title=False
    )


# --- pages ----------------------------------------------------------------------------------------------
def numbered_pages(doc: Document, page_count: int) -> tuple[bool, ...]:
    """Which pages show a page number as far as the head is concerned: all, except page 1 of a 信函
    (§10.1). The 版记 logic narrows this further."""
    numbered = [True] * page_count
    if doc.format is DocFormat.LETTER and page_count:
        numbered[0] = False
    return tuple(numbered)


def with_head_numbering(doc: Document, plan: PagePlan) -> PagePlan:
    """``plan`` with the head's page-number rule applied on top of the 版记's (a page stays numbered only
    if both say so). Called by the PDF pass's plan builder."""
    head = numbered_pages(doc, plan.page_count)
    numbered = tuple(a and b for a, b in zip(plan.numbered, head, strict=True))
    return replace(plan, numbered=numbered)
