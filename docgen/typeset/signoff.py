"""落款 geometry, §7.3.5, in 字 units of the body grid — shared by both renderers."""

from __future__ import annotations

from dataclasses import dataclass

from .. import standard as std
from ..model import Role, Signoff, chinese_date
from .fonts import FontSet


@dataclass(frozen=True, slots=True)
class SignoffLayout:
    """Right indents of the 署名 and 成文日期 lines, in 字 (one 字 = ``standard.CHAR_PITCH``).

    ``blank_lines_before`` is the number of empty grid lines between the last body line and the 署名.
    """

    organ: str
    date: str
    organ_right: float
    date_right: float
    blank_lines_before: int


def width_in_chars(text: str, fonts: FontSet) -> float:
    """W(x) of spec A8: the width of ``text`` in 字 (half-width digits count ½)."""
    return fonts.width(Role.FANGSONG, text, std.BODY_SIZE.pt) / std.BODY_SIZE.pt


def layout_signoff(signoff: Signoff, fonts: FontSet) -> SignoffLayout:
    date = chinese_date(signoff.date)
    w_sig = width_in_chars(signoff.organ, fonts)
    w_date = width_in_chars(date, fonts)
    if signoff.sealed:
        # §7.3.5.1: date right 4 字, 署名 centred over the date.
        date_right = float(std.DATE_SEALED_RIGHT_CHARS)
        organ_right = date_right + (w_date - w_sig) / 2
        return SignoffLayout(signoff.organ, date, max(organ_right, 0.0), date_right, 2)
    # §7.3.5.2: 署名 right 2 字, date's first character 2 字 right of the 署名's first character;
    # a date longer than the 署名 keeps 2 字 right and pushes the 署名 left.
    organ_right = float(std.SIGNATURE_UNSEALED_RIGHT_CHARS)
    date_right = organ_right + w_sig - std.DATE_OFFSET_CHARS - w_date
    if date_right < std.SIGNATURE_UNSEALED_RIGHT_CHARS:
        date_right = float(std.SIGNATURE_UNSEALED_RIGHT_CHARS)
        organ_right = date_right + w_date + std.DATE_OFFSET_CHARS - w_sig
    return SignoffLayout(signoff.organ, date, organ_right, date_right, 1)
