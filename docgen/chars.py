"""Characters no document can hold, and how to show them in a message. A module of its own that loads
nothing but ``re``: the command line checks its arguments with it before any command runs (``docgen --help``
must not pay for the YAML loader), and the loader, the templates and the batch use the same definitions.
"""

from __future__ import annotations

import re

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
