"""Matching the row and column labels people type to the official ones of the tables.

Why: offices copy their tables from last year's report, from a colleague's workbook or from the web, and
what they paste is rarely the official label character for character: ``(一)予以公开`` with half-width
brackets, ``1、属于国家秘密`` or ``（1）属于国家秘密`` for ``1.属于国家秘密``, ``商业 企业`` broken by a space,
``1.逾期不补正`` for ``1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请``, a typo. The
normalisation below maps such a label to its official row, in this order; the first step that finds exactly
one row wins:

1. ``norm``: NFKC (full- and half-width alike), no whitespace, no trailing colon — the declared names
   (keys, official labels and their declared aliases). Silent.
2. ``norm_bare``: as 1, without the leading numbering (``一、`` ``（三）`` ``1.`` ``1、`` ``（1）``), where that
   leaves one row. Silent: the numbering is not part of what a row means.
3. ``plain``: as 2, without any punctuation (brackets, quotes, commas) and with 其它 read as 其他.
4. the known short forms declared with the rows (``逾期不补正``).
5. the beginning of exactly one official label, at least 4 characters long (``部分公开`` for ``（二）部分公开
   （区分处理的，只计这一情形，不计其他情形）``).
6. a typo: an edit distance of at most 1 (labels of 4–7 characters) or 2 (8 or more) to exactly one row
   nearer than every other.

Steps 3–6 apply to labels written in Chinese only (not to the English keys, which are identifiers), and each
label they map is reported once as a notice naming the official label. A label that no step maps is an error
that lists the nearest official labels (``nearest``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）][、.．]?|\d+[.．、])"
)


def norm(text: str) -> str:
    """A label as compared on import: NFKC (full- and half-width alike), no spaces, no trailing colon."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).rstrip(":：")


def norm_bare(text: str) -> str:
    """``norm`` without a leading enumerator (一、 （三） 1.), so that ``予以公开`` finds （一）予以公开."""
    return _ENUM.sub("", norm(text), count=1)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[\W_]+")


def plain(text: str) -> str:
    """``norm_bare`` without punctuation of any kind, 其它 read as 其他: what is left are the words."""
    return _PUNCT.sub("", norm_bare(text)).replace("其它", "其他")


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(str(text)))


def distance(a: str, b: str) -> int:
    """Levenshtein edit distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def typo_allowance(text: str) -> int:
    """How many edits a label of this length may be away from the official one and still be read as it."""
    return 2 if len(text) >= 8 else 1 if len(text) >= 4 else 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One row (or column, block, group) as the index knows it."""

    key: str
    label: str  # the official label, as printed
    names: tuple[str, ...] = ()  # further spellings read silently: the key, declared aliases
    short: tuple[str, ...] = ()  # known short forms (a notice says what they were read as)


@dataclass(frozen=True, slots=True)
class Found:
    """A label mapped to its row. ``how`` is empty when it was written as declared (no notice needed)."""

    key: str
    label: str
    how: str = ""
    how_en: str = ""


class LabelIndex:
    """Every accepted spelling of the entries of one scope (a table, a group of rows, a row's columns)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        self._by_key = {e.key: e for e in self.entries}
        self._exact: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        plains: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        for e in self.entries:
            for name in (e.key, e.label, *e.names):
                self._exact[norm(name)] = e.key
                bare.setdefault(norm_bare(name), set()).add(e.key)
                if is_chinese(name):
                    plains.setdefault(plain(name), set()).add(e.key)
            for name in e.short:
                self._short.setdefault(plain(name), set()).add(e.key)
        for name, keys in bare.items():
            if len(keys) == 1:
                self._exact.setdefault(name, next(iter(keys)))
        self._plain = {p: next(iter(keys)) for p, keys in plains.items() if len(keys) == 1}
        self._labels = [(plain(n), e.key) for e in self.entries for n in (e.label, *e.names) if is_chinese(n)]

    def __contains__(self, text: object) -> bool:
        return self.find(str(text)) is not None

    def label(self, key: str) -> str:
        return self._by_key[key].label

    def find(self, text: str) -> Found | None:
        """The entry ``text`` names, by the steps of the module doc; None when none or several fit."""
        key = self._exact.get(norm(text))
        if key is None:
            key = self._exact.get(norm_bare(text))
        if key is not None:
            return Found(key, self.label(key))
        if not is_chinese(text):
            return None
        p = plain(text)
        if p in self._plain:
            return self._found(self._plain[p], "标点或写法不同", "punctuation differs")
        keys = self._short.get(p, set())
        if len(keys) == 1:
            return self._found(next(iter(keys)), "简称", "a short form")
        if len(p) >= 4:
            keys = {k for name, k in self._labels if name.startswith(p)}
            if len(keys) == 1:
                return self._found(next(iter(keys)), "只写了前半部分", "the beginning of the label")
        allowed = typo_allowance(p)
        if allowed:
            best: dict[str, int] = {}
            for name, k in self._labels:
                d = distance(p, name)
                best[k] = min(best.get(k, d), d)
            ranked = sorted(best.items(), key=lambda kv: kv[1])
            if ranked and ranked[0][1] <= allowed and (len(ranked) == 1 or ranked[1][1] > ranked[0][1]):
                return self._found(ranked[0][0], "疑有错别字", "probably a typo")
        return None

    def _found(self, key: str, how: str, how_en: str) -> Found:
        return Found(key, self.label(key), how, how_en)

    def nearest(self, text: str, n: int = 3) -> list[Entry]:
        """Up to ``n`` entries whose labels (or keys, for a label typed in Latin letters) are nearest: the
        nearest and those at most two edits farther, so that the list does not trail off into noise."""
        chinese = is_chinese(text)
        typed = plain(text) if chinese else norm(text).lower()

        def score(e: Entry) -> int:
            names = [plain(x) for x in (e.label, *e.names) if is_chinese(x)] if chinese else [e.key.lower()]
            return min((distance(typed, x) for x in names), default=len(typed))

        scored = sorted((score(e), i, e) for i, e in enumerate(self.entries))
        if not scored:
            return []
        best = scored[0][0]
        return [e for s, _, e in scored[:n] if s <= best + 2]


def nearest_text(entries: Sequence[Entry], *, keys: bool) -> str:
    """``“（一）予以公开”（granted）、…`` for an error message."""
    return "、".join(f"“{e.label}”" + (f"（{e.key}）" if keys and e.key != e.label else "") for e in entries)


__all__ = [
    "Entry",
    "Found",
    "LabelIndex",
    "distance",
    "is_chinese",
    "nearest_text",
    "plain",
    "typo_allowance",
]
