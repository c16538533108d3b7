"""The PDF's streams deflated at zlib's default level (6) instead of pydyf's fixed 9.

Level 9 spent ~36 ms of an annual report's writing on 0.9 MB of streams (mostly the embedded font
subsets); level 6 takes ~21 ms for 0.3 % more bytes. pydyf offers no option, so the module's ``zlib`` is
swapped for one whose ``compressobj`` ignores the level asked for, while docgen writes (``weasy.tuned``).
"""

from __future__ import annotations

import zlib
from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
LEVEL = 6


class _DefaultLevelZlib:
    """zlib, but every compressor at ``LEVEL`` (anything else pydyf asks of zlib passes through)."""

    @staticmethod
    def compressobj(level: int = LEVEL, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(LEVEL, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


PATCHES = Patches(attributes=((W.pydyf, "zlib", _DefaultLevelZlib()),))
