"""落款 (§7.3.5) as grid rows and stamps, format-neutral: both renderers draw the same block.

Row 0 is the first grid row after the last body line (or 附件说明). Horizontal positions are in 字 (one
``standard.CHAR_PITCH``) from the 版心's left edge; vertical ones in grid rows (``standard.LINE_PITCH``).
Widths come from the renderer's own ``measure`` (LibreOffice sets digits wider than the PDF does), so a
seal is centred on the date as each renderer prints it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .. import standard as std
from ..model import Image, Party, Signoff, chinese_date

Measure = Callable[[str], float]  # text → width in 字 as the renderer sets it (3号 body text)

LINE = std.CHARS_PER_LINE


@dataclass(frozen=True, slots=True)
class Item:
    """A piece of text on a row. ``anchor``: the edge the renderer pins (``left``: the left indent is the
    rule, ``right``: the right indent, ``center``: the centre, e.g. a 署名 centred on its seal)."""

    text: str
    x: float  # left edge, 字 from the 版心's left edge
    width: float  # 字
    anchor: str = "right"

    @property
    def right(self) -> float:
        """Right indent in 字."""
        return LINE - self.x - self.width

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class Stamp:
    """A seal or 签名章: ``image`` (None = geometry reserved, nothing printed: A8.10), centred at
    (``cx`` 字, ``cy`` rows); ``row`` is the row whose line carries it (the DOCX anchor paragraph)."""

    image: Image | None
    width: float  # 字
    height: float  # rows
    cx: float
    cy: float
    row: int

    @property
    def left(self) -> float:
        return self.cx - self.width / 2

    @property
    def top(self) -> float:
        return self.cy - self.height / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.height / 2


@dataclass(frozen=True, slots=True)
class SignBlock:
    mode: str  # "sealed" | "unsealed" | "signature"
    rows: tuple[tuple[Item, ...], ...]  # one entry per grid row; () is an empty row
    stamps: tuple[Stamp, ...]
    date_row: int

    @property
    def extent(self) -> float:
        """Rows taken below the last body line, stamps included."""
        return max([float(len(self.rows)), *(s.bottom for s in self.stamps)])


def _size(image: Image | None, default: tuple[std.Length, std.Length]) -> tuple[float, float]:
    w, h = (image.width, image.height) if image is not None else default
    return w / std.CHAR_PITCH, h / std.LINE_PITCH  # type: ignore[return-value]


def _rows(n: int, placed: dict[int, list[Item]]) -> tuple[tuple[Item, ...], ...]:
    return tuple(tuple(sorted(placed.get(r, []), key=lambda i: i.x)) for r in range(n))


def sign_block(signoff: Signoff, measure: Measure) -> SignBlock:
    if signoff.mode == "signature":
        return _signature(signoff, measure)
    if signoff.mode == "sealed":
        return _sealed(signoff, measure)
    return _unsealed(signoff, measure)


def _unsealed(signoff: Signoff, measure: Measure) -> SignBlock:
    """§7.3.5.2: 署名 one line below the body, right 2 字; the date's first character 2 字 right of the
    署名's; a longer date keeps 2 字 right and pushes the 署名 left. 联合行文: the others stacked below
    the 主办机关, all sharing the left edge of the longest."""
    organs = [p.organ for p in signoff.parties]
    date = chinese_date(signoff.date)
    w_sig = max(measure(o) for o in organs)
    w_date = measure(date)
    sig_right = float(std.SIGNATURE_UNSEALED_RIGHT_CHARS)
    date_right = sig_right + w_sig - std.DATE_OFFSET_CHARS - w_date
    if date_right < std.SIGNATURE_UNSEALED_RIGHT_CHARS:
        date_right = float(std.SIGNATURE_UNSEALED_RIGHT_CHARS)
        sig_right = date_right + w_date + std.DATE_OFFSET_CHARS - w_sig
    left = LINE - sig_right - w_sig
    anchor = "right" if len(organs) == 1 else "left"
    placed = {1 + i: [Item(o, left if anchor == "left" else LINE - sig_right - measure(o), measure(o), anchor)]
              for i, o in enumerate(organs)}  # fmt: skip
    date_row = 1 + len(organs)
    placed[date_row] = [Item(date, left + std.DATE_OFFSET_CHARS, w_date, "left")]
    return SignBlock("unsealed", _rows(date_row + 1, placed), (), date_row)


def _sealed(signoff: Signoff, measure: Measure) -> SignBlock:
    """§7.3.5.1: date right 4 字, 署名 centred over it (a 署名 longer than the date takes the 4 字 and the
    date is centred under it, A8.2); the seal centred on them, its centre ``SEAL_CENTRE_DROP`` below the
    署名 row's top so both lines sit below the centre, its top within the first row after the body.
    联合行文: one seal per 署名 in rows of at most ``SEALS_PER_ROW``, right-aligned on the date's centre,
    rows and columns far enough apart that no two seals touch; the last seal also covers the date."""
    parties = signoff.parties
    date = chinese_date(signoff.date)
    w_date = measure(date)
    widths = [measure(p.organ) for p in parties]
    sizes = [_size(p.seal, (std.SEAL_SIZE, std.SEAL_SIZE)) for p in parties]
    seal_w = max(w for w, _ in sizes)
    seal_h = max(h for _, h in sizes)
    drop = std.SEAL_CENTRE_DROP / std.LINE_PITCH
    first = max(1, math.ceil(seal_h / 2 - drop - 1e-9))  # empty rows so the seal's top clears the body
    right = float(std.DATE_SEALED_RIGHT_CHARS)
    centre = LINE - right - max(w_date, widths[-1]) / 2
    gap_x = std.SEAL_GAP / std.CHAR_PITCH
    step_x = max(seal_w + gap_x, max(widths) + 1)
    cols = min(std.SEALS_PER_ROW, len(parties))
    half = max(seal_w, max(widths)) / 2
    while cols > 1 and (centre - (cols - 1) * step_x - half < 0):
        cols -= 1
    step_y = math.ceil(seal_h + std.SEAL_GAP / std.LINE_PITCH)
    nrows = math.ceil(len(parties) / cols)
    placed: dict[int, list[Item]] = {}
    stamps = []
    row_of = []
    for i, (party, w, size) in enumerate(zip(parties, widths, sizes, strict=True)):
        r = i // cols
        in_row = cols if r < nrows - 1 else len(parties) - cols * (nrows - 1)
        c = i - r * cols
        cx = centre - (in_row - 1 - c) * step_x
        row = first + r * step_y
        anchor = "right" if in_row == 1 else "center"
        placed.setdefault(row, []).append(Item(party.organ, cx - w / 2, w, anchor))
        row_of.append(row)
        stamps.append((party, size, cx, row))
    date_row = row_of[-1] + 1
    placed[date_row] = [Item(date, centre - w_date / 2, w_date, "right")]
    out = tuple(
        Stamp(party.seal, w, h, cx, row + drop, date_row if k == len(stamps) - 1 else row)
        for k, (party, (w, h), cx, row) in enumerate(stamps)
    )
    return SignBlock("sealed", _rows(date_row + 1, placed), out, date_row)


def _title(signoff: Signoff, k: int, party: Party) -> str:
    if k == 0:
        return signoff.signature_title
    return party.title or party.organ


def _signature(signoff: Signoff, measure: Measure) -> SignBlock:
    """§7.3.5.3: two empty lines below the body, the 签名章 right 4 字 with the signer's 职务 2 字 to its
    left, vertically centred on it (the 职务's row is the 签名章's middle); one empty line below the
    签名章, the date right 4 字. 联合行文: one organ per line, each below the previous, aligned."""
    date = chinese_date(signoff.date)
    w_date = measure(date)
    right = float(std.SIGNATURE_STAMP_RIGHT_CHARS)
    placed: dict[int, list[Item]] = {}
    stamps = []
    bottom = 0.0
    for k, party in enumerate(signoff.parties):
        w, h = _size(party.seal, std.SIGNATURE_STAMP_SIZE)
        # the 签名章 takes the line after the two empty ones, centred on it; the next organ's is on the
        # first line where it clears the one above
        t = std.SIGNATURE_BLANK_LINES if k == 0 else math.ceil(bottom + h / 2 - 0.5 - 1e-9)
        cx = LINE - right - w / 2
        title = _title(signoff, k, party)
        wt = measure(title)
        placed[t] = [Item(title, LINE - right - w - std.SIGNATURE_TITLE_GAP_CHARS - wt, wt, "right")]
        stamps.append(Stamp(party.seal, w, h, cx, t + 0.5, t))
        bottom = t + 0.5 + h / 2 + std.SEAL_GAP / std.LINE_PITCH
    date_row = math.ceil(stamps[-1].bottom - 1e-9) + std.SIGNATURE_DATE_GAP_LINES
    placed[date_row] = [Item(date, LINE - right - w_date, w_date, "right")]
    return SignBlock("signature", _rows(date_row + 1, placed), tuple(stamps), date_row)
