"""Document kinds: each a pydantic data model plus a compose function (and, where it has any, rules)."""

from __future__ import annotations

from types import ModuleType

from . import gongwen, report
from .annual_report import kind as annual_report

KINDS: dict[str, ModuleType] = {"report": report, "gongwen": gongwen, "annual-report": annual_report}
