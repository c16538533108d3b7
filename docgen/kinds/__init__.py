"""Document kinds: each a pydantic data model plus a compose function (and, where it has any, rules).

``KINDS`` maps a template's ``kind`` to its module, imported the first time it is asked for: a kind's
models, rules and label tables cost tens of milliseconds to import, and ``docgen check`` of a 通知 has no
use for the annual report's (issue 17: a cold ``check`` is what a secretary runs again and again)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from types import ModuleType

# kind name → the module (in this package) that defines its MODEL and compose()
REGISTRY: dict[str, str] = {
    "report": "report",
    "gongwen": "gongwen",
    "annual-report": "annual_report.kind",
}


class _Kinds(Mapping[str, ModuleType]):
    """The registry as a read-only mapping whose values are imported on first access (an unknown name is
    a ``KeyError``, as with a plain dict)."""

    def __getitem__(self, name: str) -> ModuleType:
        module = f"{__name__}.{REGISTRY[name]}"
        # The import statement's machinery, not importlib.import_module: only the former is reported by
        # ``python -X importtime``, the probe of tests/test_import_boundary.py.
        __import__(module)
        return sys.modules[module]

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


KINDS: Mapping[str, ModuleType] = _Kinds()
