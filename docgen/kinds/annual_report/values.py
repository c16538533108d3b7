"""Reading one number cell of the annual report's tables exactly as it was typed.

Why strict: a lenient reader turned ``12,5`` into 125 and ``132件`` into 132 without a word, and a published
table with a silently wrong figure is worse than a refused file. The rule, the same for YAML, JSON, XLSX and
batch manifests (they all hand their values to these functions):

* A count is a whole number written with ASCII or full-width digits (``132``, ``１３２``), optionally with
  thousands separators in the exact ``1,234`` shape (full-width ``１，２３４`` too). A spreadsheet's number
  that is whole (``132.0``) is that number. A minus sign is read (``-3``) so that R1/R7 can report the
  negative figure with its cell; ``+`` is read only where the table prints a sign (本年增/减).
* Anything else — ``12,5``, ``132件``, ``1.5``, ``约30`` — is refused with a ``Bad`` that says what was
  typed and what to write; the loader turns it into a finding at file:line:col or sheet!cell.
* A blank (``None``, an empty or all-space string) stays blank (``None``): nothing was typed.
* The markers ``无``, ``—``, ``——``, ``/``, ``-``, ``－`` that published tables print where nothing happened are
  a deliberate "none", distinct from a blank: ``is_none_marker`` recognises them and the loader reads them as
  0, with one notice per table saying so (the national format writes such a cell as 0).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from ...messages import EMPTY, Text, msg

Count = int | None  # None: the cell was left blank

# After NFKC (which makes ``－`` ``-`` and ``／`` ``/``): the dashes, slashes and 无 of printed tables.
NONE_MARKERS = frozenset({"无", "-", "--", "—", "——", "–", "―", "/", "\\"})
_BLANK_WORDS = frozenset({"", "空"})
YUAN_PER_UNIT = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}  # the units of money

_DIGITS = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"  # 1,234 (exact groups) or plain digits
_INTEGER = re.compile(rf"(?P<sign>[-+]?){_DIGITS}")
_DECIMAL = re.compile(rf"(?P<number>-?{_DIGITS}(?:\.[0-9]+)?)(?P<unit>\D{{0,4}})")
_DIGIT_RUN = re.compile(r"[0-9][0-9,.]*")


class Amount(BaseModel):
    """A sum of money with the unit it was written in: the 2019 采购总金额 header names no unit (B2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Decimal
    unit: str = ""


class Bad(ValueError):
    """A value that a cell cannot hold: why (``zh``/``en``) and what to write instead (``want``)."""

    def __init__(self, why: Text, want: Text = EMPTY) -> None:
        super().__init__(why.zh)
        self.zh, self.en, self.want, self.want_en = *why, *want


def typed(raw: Any) -> str:
    """The value as the user typed it, for messages: ``1.5`` not ``1.5000``, text as it is."""
    if isinstance(raw, float) and raw == int(raw):
        return str(int(raw)) if abs(raw) < 1e15 else str(raw)
    return str(raw)


def _text(raw: str) -> str:
    """NFKC (full-width digits, ``，`` and ``－`` become ASCII) and no spaces of any kind."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))


def is_blank(raw: Any) -> bool:
    """Nothing typed: ``None``, an empty or all-space string, or the word 空."""
    return raw is None or (isinstance(raw, str) and _text(raw) in _BLANK_WORDS)


def is_none_marker(raw: Any) -> bool:
    """``无``, ``—``, ``/``, ``-`` …: the cell says that nothing happened (read as 0, see the module doc)."""
    return isinstance(raw, str) and _text(raw) in NONE_MARKERS


def _want_count() -> Text:
    return msg("values.want.count")


def _refuse_number(s: str, *, want: Text, whole: bool) -> Bad:
    """Why ``s`` is not a number in the accepted shape, with a suggestion when one is evident."""
    run = _DIGIT_RUN.search(s)
    if run is not None and run.group() == s:  # only digits, commas and points
        if "," in s and not re.fullmatch(rf"-?{_DIGITS}(?:\.[0-9]+)?", s):
            return Bad(msg("values.bad.comma"), want)
        if whole:
            return Bad(msg("values.bad.not_whole"), want)
    if run is not None:
        words = re.sub(r"[0-9,.]+", "", s)
        runs = _DIGIT_RUN.findall(s)
        number = runs[0].rstrip(",.") if len(runs) == 1 else ""
        return Bad(
            msg("values.bad.text", words=words), msg("values.want.number", number=number) if number else want
        )
    return Bad(msg("values.bad.not_number"), want)


def parse_count(raw: Any, *, signed: bool = False) -> Count:
    """A count as typed (see the module doc). ``signed``: the cell prints a sign (本年增/减), so ``+461`` is
    accepted. Raises ``Bad``; markers are the caller's business (``is_none_marker``)."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise Bad(msg("values.bad.not_number"), _want_count())
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal):
        if raw == raw and raw not in (float("inf"), float("-inf")) and raw == int(raw):
            return int(raw)
        raise Bad(msg("values.bad.not_whole"), _want_count())
    if isinstance(raw, str):
        s = _text(raw)
        m = _INTEGER.fullmatch(s)
        if m is not None and (signed or m.group("sign") != "+"):
            return int(s.replace(",", ""))
        raise _refuse_number(s, want=_want_count(), whole=True)
    raise Bad(msg("values.bad.not_number"), _want_count())


def parse_signed(raw: Any) -> Count:
    """本年增/减: a count that may carry ``+`` or ``-``."""
    return parse_count(raw, signed=True)


def _decimal(raw: Any, want: Text) -> tuple[Decimal, str] | None:
    """A decimal number and the unit written after it (``25.1万元`` → (25.1, 万元)); None for a blank."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise Bad(msg("values.bad.not_number"), want)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw)), ""
    if isinstance(raw, str):
        s = _text(raw)
        m = _DECIMAL.fullmatch(s)
        if m is None:
            raise _refuse_number(s, want=want, whole=False)
        unit = m.group("unit")
        if unit not in ("", *YUAN_PER_UNIT):
            units = "、".join(YUAN_PER_UNIT)
            raise Bad(msg("values.bad.suffix_unit", unit=unit, units=units), want)
        return Decimal(m.group("number").replace(",", "")), unit
    raise Bad(msg("values.bad.not_number"), want)


def parse_decimal(raw: Any, unit: str = "万元") -> Decimal | None:
    """An amount in ``unit``; a string may repeat the unit (``316441万元``) but not name another one."""
    found = _decimal(raw, msg("values.want.amount_in", unit=unit))
    if found is None:
        return None
    value, written = found
    if written not in ("", unit):
        raise Bad(
            msg("values.bad.other_unit", unit=unit, written=written), msg("values.want.convert", unit=unit)
        )
    return value


def parse_amount(raw: Any) -> Amount | None:
    """A sum with its unit: ``251000元``, ``{value: 25.1, unit: 万元}`` or a bare number (unit unknown).
    The unit is one of 元, 万元, 亿元."""
    want = msg("values.want.amount")
    if isinstance(raw, Mapping):
        unit = str(raw.get("unit", "") or "")
        if unit and unit not in YUAN_PER_UNIT:
            raise Bad(msg("values.bad.unit", unit=unit), want)
        value = parse_decimal(raw.get("value"), unit=unit)
        return None if value is None else Amount(value=value, unit=unit)
    found = _decimal(raw, want)
    return None if found is None else Amount(value=found[0], unit=found[1])


def zero_like(parse: Any) -> Any:
    """What a none-marker (``无``, ``—`` …) stands for in a cell read by ``parse``: 0 of the cell's kind."""
    if parse is parse_decimal:
        return Decimal(0)
    if parse is parse_amount:
        return Amount(value=Decimal(0))
    return 0


__all__ = [
    "NONE_MARKERS",
    "YUAN_PER_UNIT",
    "Amount",
    "Bad",
    "Count",
    "is_blank",
    "is_none_marker",
    "parse_amount",
    "parse_count",
    "parse_decimal",
    "parse_signed",
    "typed",
    "zero_like",
]
