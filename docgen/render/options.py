"""Options of one rendering run: one frozen record, each CLI flag sets one field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = ("pdf", "docx")
    draft: bool = False
    # Fixed creation/modification time for reproducible output (tests, batch comparisons); None = now.
    timestamp: dt.datetime | None = None
    lang: str = "zh"
