"""Characters no document can hold, and how to show them in a message. A module of its own that loads
nothing but ``re``: the command line checks its arguments with it before any command runs (``docgen --help``
must not pay for the YAML loader), and the loader, the templates and the batch use the same definitions.
"""

from __future__ import annotations

import re
from typing import Any

# Characters that XML 1.0 (and so a DOCX) cannot hold; tab and newlines are allowed. Lone surrogates (from a
# ``"\ud800"`` escape in YAML or JSON) cannot even be encoded as UTF-8.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# A lone surrogate: U+DC80–U+DCFF are the bytes surrogateescape could not decode; the rest cannot come
# from a command line (or a file name) but would fail the same way when main() is called with such a string.
SURROGATE = re.compile(r"[\ud800-\udfff]")


def shown(value: str) -> str:
    """The value as it can be printed: each undecodable byte as ``\\xff``, a control character as
    ``\\x01``, any other character no document holds as ``\\ud800``; the rest as it is."""

    def escape(m: re.Match[str]) -> str:
        c = ord(m.group())
        if 0xDC80 <= c <= 0xDCFF:
            return f"\\x{c - 0xDC00:02x}"
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return UNWRITABLE.sub(escape, value)


# Invisible format characters (Unicode category Cf) that text copied from web pages and word processors
# carries: zero-width spaces and joiners, the byte-order mark, soft hyphens, direction marks. No face of
# a 公文 draws them (they print as boxes), and inside a 发文字号 or a date they make a valid value invalid
# with no visible cause.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
INVISIBLE_NAMES = {
    0x00AD: ("软连字符", "soft hyphen"),
    0x200B: ("零宽空格", "zero width space"),
    0x200C: ("零宽不连字", "zero width non-joiner"),
    0x200D: ("零宽连字", "zero width joiner"),
    0x200E: ("从左至右标记", "left-to-right mark"),
    0x200F: ("从右至左标记", "right-to-left mark"),
    0x2060: ("零宽不换行", "word joiner"),
    0xFEFF: ("字节顺序标记 BOM", "byte order mark"),
}


Removed = tuple[tuple[str | int, ...], str, int]  # a value's path, its invisible characters, lines before


def strip_invisible(values: Any, path: tuple[str | int, ...] = ()) -> tuple[Any, list[Removed]]:
    """``values`` (a loaded data file's mappings, lists and texts) without invisible format characters,
    and where they were: the value's path, the characters removed, and how many lines of the value come
    before the first (a long text block: the notice names the line itself, since the characters cannot
    be seen in an editor)."""
    if isinstance(values, str):
        first = INVISIBLE.search(values)
        if first is None:
            return values, []
        found = "".join(INVISIBLE.findall(values))
        return INVISIBLE.sub("", values), [(path, found, values.count("\n", 0, first.start()))]
    removed: list[Removed] = []
    if isinstance(values, dict):
        for key, value in values.items():
            values[key], more = strip_invisible(value, (*path, key))
            removed += more
    elif isinstance(values, list):
        for i, value in enumerate(values):
            values[i], more = strip_invisible(value, (*path, i))
            removed += more
    return values, removed
