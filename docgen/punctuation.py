"""Half-width punctuation in Chinese running text, found and corrected (GB/T 15834).

Text pasted from web pages or typed in a half-width input mode carries ASCII ``,`` ``:`` ``;`` ``(`` ``)``
``"`` ``.`` beside Chinese characters; a 公文 uses the full-width marks. Only marks in a Chinese context
change: ASCII stays inside numbers (``1,000``, ``10:30``, ``2.5``), e-mail addresses, URLs, file names
(``报告.pdf``) and Latin phrases. A cited 发文字号 typed with the year in other brackets (``国办发[2009]3号``)
gets the six-cornered ones of GB/T 9704 §7.2.5, and an enumerator typed ``一.`` or ``1、`` the mark of its
level (``一、``, ``1.``, §7.3.3). Every
change is one character for one (or a stray 顿号 deleted: ``（一）、``), reported with its place, so the secretary sees what docgen did to the
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》]")
# Runs where ASCII punctuation belongs: URLs, e-mail addresses. The scheme and the local part are bounded
# (RFC 3986 schemes are short, RFC 5321 local parts ≤ 64): unbounded, a paragraph of 200,000 letters took
# minutes, every start retrying the whole run in search of ``://`` or ``@``.
_PROTECTED = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s\u3000-\u9fff]+|[\w.+-]{1,64}@[\w-]+(\.[\w-]+)+", re.ASCII
)
# A URL does not end with the sentence's mark: ``见http://a.cn/b.html,联系`` keeps the comma out of it.
_URL_TAIL = ",.;:!?'\""
# 机关代字, the year in brackets other than 〔〕, 序号号: the year's brackets are replaced.
_DOC_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff]{2})[\[［【(（]((?:19|20)\d{2})[\]］】)）](?=\d{1,5}号)")
# Enumerators typed with the other level's mark (GB/T 9704 §7.3.3): 一. → 一、 and 1、 → 1. (not 1、2月份).
_ENUMERATORS = (
    (re.compile(r"(?m)^[一二三四五六七八九十]{1,3}[.．](?=[^.．\d])"), "、"),
    (re.compile(r"(?m)^\d{1,2}、(?=[^\d、])"), "."),
    # a 顿号 after a bracketed one: （一）、 → （一）, (1)、 → (1)
    (re.compile(r"(?m)^[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]、"), ""),
)
_DQUOTE = re.compile(r'"([^"\n]*)"')
_ANGLES = re.compile(r"<([^<>\n]*)>")
_CJK_TEXT = re.compile(r"[\u3400-\u9fff]")
_SQUOTE = re.compile(r"'([^'\n]*)'")
_BRACKETS = re.compile(r"[()]")
_MARKS_TO_FIX = re.compile(r"[,:;()?!.]")
_QUOTES = frozenset("\"'“”‘’")
# A period after these is no sentence's end of its own (``。.`` is left to the writer).
_MARKS = frozenset("。，、；：？！…")


@dataclass(frozen=True, slots=True)
class Fix:
    offset: int  # 0-based character offset in the original text
    old: str
    new: str
    width: bool = True  # a half-width mark made full-width; else a form of GB/T 9704 (〔2009〕, 一、, 1.)


def _cjk(ch: str | None) -> bool:
    return ch is not None and bool(_CJK.match(ch))


def _neighbour(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else None


def _protected(text: str) -> list[bool]:
    protected = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        end = m.end()
        if "://" in m.group():
            opens, closes = m.group().count("("), m.group().count(")")
            while end > m.start():
                if text[end - 1] == ")" and closes > opens:
                    closes -= 1
                elif text[end - 1] not in _URL_TAIL:
                    break
                end -= 1
        for k in range(m.start(), end):
            protected[k] = True
    return protected


def _pairs(text: str, protected: list[bool]) -> list[tuple[int, int]]:
    """The ASCII brackets of ``text`` that close each other, outside URLs and addresses."""
    opened: list[int] = []
    pairs = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if protected[i]:
            continue
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            pairs.append((opened.pop(), i))
    return pairs


def fix_punctuation(text: str) -> tuple[str, list[Fix]]:
    """The text with half-width marks in Chinese context made full-width, and the list of changes."""
    protected = _protected(text)
    out = list(text)
    fixes: list[Fix] = []

    def change(i: int, new: str, old: str | None = None, width: bool = True) -> None:
        old = text[i] if old is None else old
        out[i : i + len(old)] = [new, *[""] * (len(old) - 1)]  # the slots of ``old``: changed
        fixes.append(Fix(i, old, new, width))

    for m in _DOC_NUMBER.finditer(text):
        if not any(protected[m.start() : m.end()]):
            change(m.start(), f"〔{m.group(1)}〕", m.group(), width=False)
            for k in range(m.start(), m.end()):
                protected[k] = True
    for pattern, mark in _ENUMERATORS:
        for m in pattern.finditer(text):
            change(m.end() - 1, mark, width=False)
            protected[m.end() - 1] = True
    for pattern, marks in ((_DQUOTE, "“”"), (_SQUOTE, "‘’")):
        for m in pattern.finditer(text):
            i, j = m.start(), m.end() - 1
            if protected[i] or protected[j] or out[i] != text[i] or out[j] != text[j]:
                continue
            inner = m.group(1)
            if any(_cjk(c) for c in inner) or _cjk(_neighbour(text, i, -1)) or _cjk(_neighbour(text, j, 1)):
                change(i, marks[0])
                change(j, marks[1])
    # <条例> typed for a 书名号, and inside 《…》 for the inner one (《关于印发〈…〉的通知》); not x<5且y>3
    depth, seen = 0, 0  # 《 opened and not yet closed before ``seen``
    for m in _ANGLES.finditer(text):
        i, j = m.start(), m.end() - 1
        depth += text.count("《", seen, i) - text.count("》", seen, i)
        seen = i
        operands = (i and text[i - 1].isascii() and text[i - 1].isalnum()) or (
            j + 1 < len(text) and text[j + 1].isascii() and text[j + 1].isalnum()
        )
        if not (protected[i] or protected[j] or operands) and _CJK_TEXT.search(m.group(1)):
            change(i, "〈" if depth > 0 else "《")
            change(j, "〉" if depth > 0 else "》")
    for o, c in _pairs(text, protected):  # a pair of brackets is Chinese or not as one
        if _cjk(_neighbour(text, o, -1)) or _cjk(_neighbour(text, c, 1)) or any(map(_cjk, text[o + 1 : c])):
            change(o, FULL["("])
            change(c, FULL[")"])
        protected[o] = protected[c] = True
    span: list[int] = []
    for m in _MARKS_TO_FIX.finditer(text):
        i, ch = m.start(), m.group()
        if protected[i] or out[i] != ch:
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == ".":
            # a sentence's end: after a Chinese character or an address, before the end, a space or
            # Chinese (not 2.5, 1., 报告.pdf or ……); after a number only at the paragraph's end
            # (共计15. but not 图2.示意图), in Chinese text (not 1. alone)
            ends = (_cjk(before) and before not in _MARKS and text[i - 1] != " ") or (i and protected[i - 1])
            last = i + 1 == len(text) or text[i + 1] == "\n"
            after_number = (
                last and i and text[i - 1].isdigit() and _CJK.search(text, text.rfind("\n", 0, i) + 1, i)
            )
            if (ends and (after is None or after.isspace() or _cjk(after))) or after_number:
                change(i, "。")
            continue
        if ch not in FULL:
            continue
        if ch in ",:" and before is not None and after is not None and before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if ch in "()" and not span:  # an unpaired bracket: where Chinese begins and ends, once
            at = [m.start() for m in _CJK.finditer(text)] or [len(text), -1]
            span.extend((at[0], at[-1]))
        if ch == "(":
            chinese = _cjk(before) or i < span[1]
        elif ch == ")":
            chinese = _cjk(after) or span[0] < i
        else:
            chinese = _cjk(before) or _cjk(after)
        if chinese:
            change(i, FULL[ch])
    fixes.sort(key=lambda f: f.offset)
    return "".join(out), fixes


def describe(fixes: list[Fix], limit: int = 8) -> str:
    """``第 12 字“,”→“，”`` (a quotation mark: ``第 3 字 " → “``) for a notice."""
    parts = [
        f"第 {f.offset + 1} 字“{f.old}”删去"
        if not f.new
        else f"第 {f.offset + 1} 字 {f.old} → {f.new}"
        if _QUOTES & {f.old, f.new}
        else f"第 {f.offset + 1} 字“{f.old}”→“{f.new}”"
        for f in fixes[:limit]
    ]
    more = f" 等 {len(fixes)} 处" if len(fixes) > limit else ""
    return "、".join(parts) + more
