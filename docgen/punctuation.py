"""Half-width punctuation in Chinese running text, found and corrected (GB/T 15834).

Text pasted from web pages or typed in a half-width input mode carries ASCII ``,`` ``:`` ``;`` ``(`` ``)``
beside Chinese characters; a 公文 uses the full-width marks. Only marks in a Chinese context change:
ASCII stays inside numbers (``1,000``, ``10:30``), e-mail addresses, URLs and Latin phrases. Every
change is reported with its place, so the secretary sees what docgen did to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》]")
# Runs where ASCII punctuation belongs: URLs, e-mail addresses.
_PROTECTED = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\u3000-\u9fff]+|[\w.+-]+@[\w-]+(\.[\w-]+)+", re.ASCII)


@dataclass(frozen=True, slots=True)
class Fix:
    offset: int  # 0-based character offset in the original text
    old: str
    new: str


def _cjk(ch: str | None) -> bool:
    return ch is not None and bool(_CJK.match(ch))


def _neighbour(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else None


def fix_punctuation(text: str) -> tuple[str, list[Fix]]:
    """The text with half-width marks in Chinese context made full-width, and the list of changes."""
    protected = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        for k in range(m.start(), m.end()):
            protected[k] = True
    out = list(text)
    fixes: list[Fix] = []
    for i, ch in enumerate(text):
        if ch not in FULL or protected[i]:
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch in ",:" and before is not None and after is not None and before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if ch == "(":
            close = text.find(")", i)
            inner = text[i + 1 : close] if close > i else text[i + 1 :]
            chinese = _cjk(before) or any(_cjk(c) for c in inner)
        elif ch == ")":
            open_ = text.rfind("(", 0, i)
            inner = text[open_ + 1 : i] if open_ >= 0 else text[:i]
            chinese = _cjk(after) or any(_cjk(c) for c in inner)
        else:
            chinese = _cjk(before) or _cjk(after)
        if chinese:
            out[i] = FULL[ch]
            fixes.append(Fix(i, ch, FULL[ch]))
    return "".join(out), fixes


def describe(fixes: list[Fix], limit: int = 8) -> str:
    """``第 12 字“,”→“，”、…`` for a notice."""
    parts = [f"第 {f.offset + 1} 字“{f.old}”→“{f.new}”" for f in fixes[:limit]]
    more = f" 等 {len(fixes)} 处" if len(fixes) > limit else ""
    return "、".join(parts) + more
