"""Dates as offices write them (``2018-03-16``, ``2018年3月16日``, ``二〇一八年三月十六日``): read into a
date for every kind's date fields (``CNDate``), with a notice where the printed form differs from the one
written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator

from ..data.loader import Loaded
from ..errors import Finding, Severity, ValueErrorEn
from ..messages import msg
from ..model import chinese_date

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_CN_YEAR = "[〇○零Ｏ一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十廿卅]{1,3}"
# 2018-03-16, 2018.3.16, 2018/3/16 (the four-digit year first: never ambiguous) …
_NUMERIC_DATE = re.compile(r"^(\d{4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
# … and 2018年3月16日, 二〇一八年三月十六日 or a mixture (2018年三月十六日), 日 optional
_WRITTEN_DATE = re.compile(
    rf"^(\d{{4}}|{_CN_YEAR})\s*年\s*(\d{{1,2}}|{_CN_SMALL})\s*月\s*(\d{{1,2}}|{_CN_SMALL})\s*日?$"
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cn_number(text: str) -> int:
    """``2018`` / ``二〇一八`` (digit by digit) / ``十六``, ``二十``, ``廿一`` (tens): the number they write."""
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    text = text.replace("廿", "二十").replace("卅", "三十")
    tens, ten, units = text.partition("十")
    if not ten or any(c not in _CN_DIGITS for c in tens + units) or len(tens) > 1 or len(units) > 1:
        raise ValueError(text)
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_date_text(value: str) -> dt.date:
    """A date as offices write it: ``2018-03-16``, ``2018.3.16``, ``2018年3月16日`` or in Chinese numerals
    ``二〇一八年三月十六日`` (full-width digits too). Raises ValueError with the Chinese reason, which
    validation shows at the field's line: an impossible date (二〇一二年二月三十日) is refused, not moved."""
    text = unicodedata.normalize("NFKC", value).strip()
    m = _NUMERIC_DATE.match(text)
    parts = (m[1], m[3], m[4]) if m else None
    if parts is None and (w := _WRITTEN_DATE.match(text)):
        parts = (w[1], w[2], w[3])
    if parts is None:
        raise ValueErrorEn.of("dates.not_a_date", value=value)
    try:
        year, month, day = (_cn_number(p) for p in parts)
    except ValueError:
        raise ValueErrorEn.of("dates.bad_numerals", value=value) from None
    try:
        return dt.date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            what = msg("dates.invalid.month", year=year, month=month)
        else:
            what = msg("dates.invalid.day", year=year, month=month, day=day)
        raise ValueErrorEn.of("dates.invalid", value=value, what=what) from None


def _date(value: Any) -> Any:
    """Accept 2018-03-16 (YAML date) and the written forms of ``parse_date_text``."""
    if isinstance(value, str):
        return parse_date_text(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


DATE_FIELDS = {"date": "成文日期", "print_date": "印发日期"}


def date_notices(loaded: Loaded) -> list[Finding]:
    """A notice for each date written otherwise than ``2018-03-16`` or as printed (``2018年3月16日``): the
    document prints it in Arabic numerals (GB/T 9704 §7.3.5.4), so the secretary sees what was made of it."""
    found = []
    for key, label in DATE_FIELDS.items():
        raw = loaded.values.get(key)
        if not isinstance(raw, str) or ISO_DATE.match(raw.strip()):
            continue
        try:
            printed = chinese_date(parse_date_text(raw))
        except ValueError:
            continue  # refused by validation already
        if raw.strip() != printed:
            found.append(
                Finding.of(
                    Severity.NOTICE,
                    "date-normalised",
                    "dates.taken_as",
                    loaded.locate((key,)),
                    label=label,
                    strip=raw.strip(),
                    printed=printed,
                )
            )
    return found


CNDate = Annotated[dt.date, BeforeValidator(_date)]
