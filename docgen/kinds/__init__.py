"""Document kinds: each a pydantic data model plus a compose function (and, where it has any, rules)."""

from __future__ import annotations

from types import ModuleType

from . import report

KINDS: dict[str, ModuleType] = {"report": report}
