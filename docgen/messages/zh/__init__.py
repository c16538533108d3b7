"""The Chinese catalogue: its parts, by area, merged (a key is in one part only: tests/test_messages.py)."""

from .annual import MESSAGES as ANNUAL
from .finalize import MESSAGES as FINALIZE
from .general import MESSAGES as GENERAL

PARTS = (GENERAL, ANNUAL, FINALIZE)
MESSAGES: dict[str, str] = {k: v for part in PARTS for k, v in part.items()}
