"""Replacing a WeasyPrint function everywhere it is known, and remembering what was there.

WeasyPrint's modules import each other's functions by name (``from .percent import resolve_percentages``
in eight layout modules), so replacing one means rebinding every copy of the name. Each tuning module
keeps what it replaced in a :class:`Patches`, so that installing twice changes nothing and the tests can
put the originals back and compare the PDFs.
"""

from __future__ import annotations

import sys
from typing import Any

from .fontembed import WEASYPRINT_VERSION


class Patches(list[tuple[Any, str, Any]]):
    """(owner, attribute, original) for every attribute replaced."""

    def set(self, owner: Any, name: str, new: Any) -> None:
        self.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, new)

    def everywhere(self, old: Any, new: Any) -> None:
        """Rebind every WeasyPrint module's name for ``old`` (its own module's included) to ``new``."""
        for module_name, module in list(sys.modules.items()):
            if module_name.split(".")[0] == "weasyprint":
                for name, value in list(vars(module).items()):
                    if value is old:
                        self.set(module, name, new)


def pinned() -> bool:
    """Whether the WeasyPrint installed is the one the tuning modules were written and measured on."""
    import weasyprint

    return bool(weasyprint.__version__ == WEASYPRINT_VERSION)
