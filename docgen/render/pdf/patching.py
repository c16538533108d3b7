"""Replacing a WeasyPrint function everywhere it is known, and remembering what was there.

WeasyPrint's modules import each other's functions by name (``from .percent import resolve_percentages``
in eight layout modules), so replacing one means rebinding every copy of the name. Each tuning module
keeps what it replaced in a :class:`Patches`, so that installing twice changes nothing and the tests can
put the originals back and compare the PDFs.
"""

from __future__ import annotations

import sys
from typing import Any

# the WeasyPrint every tuning module was written and measured on (pyproject.toml pins it)
WEASYPRINT_VERSION = "70.0"


class Patches(list[tuple[Any, str, Any]]):
    """What a tuning module replaces, and once installed, (owner, attribute, original) for each."""

    def __init__(
        self,
        attributes: tuple[tuple[Any, str, Any], ...] = (),
        functions: tuple[tuple[Any, Any], ...] = (),
    ) -> None:
        super().__init__()
        self.attributes = attributes  # (owner, attribute, replacement)
        self.functions = functions  # (original, replacement): rebound wherever WeasyPrint imported it

    def install(self) -> bool:
        """Replace everything (once, and only on the pinned WeasyPrint). True when active."""
        if not pinned():
            return False
        if not self:
            for owner, name, new in self.attributes:
                self._set(owner, name, new)
            for old, new in self.functions:
                for module_name, module in list(sys.modules.items()):
                    if module_name.split(".")[0] == "weasyprint":
                        for name, value in list(vars(module).items()):
                            if value is old:
                                self._set(module, name, new)
        return True

    def _set(self, owner: Any, name: str, new: Any) -> None:
        self.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, new)


def pinned() -> bool:
    """Whether the WeasyPrint installed is the one the tuning modules were written and measured on."""
    import weasyprint

    return bool(weasyprint.__version__ == WEASYPRINT_VERSION)
