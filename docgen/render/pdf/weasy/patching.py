"""Replacing a WeasyPrint function everywhere it is known, and putting the original back.

WeasyPrint's modules import each other's functions by name (``from .percent import resolve_percentages``
in eight layout modules), so replacing one means rebinding every copy of the name. Each tuning module
declares what it replaces in a :class:`Patches`; :func:`docgen.render.pdf.weasy.tuned` installs them
all around docgen's own layout and write calls and removes them after, so WeasyPrint is WeasyPrint's
for everyone else. Once installed, a :class:`Patches` holds (owner, attribute, original) for each
replacement (the tests put single ones back to compare the PDFs).
"""

from __future__ import annotations

import sys
from typing import Any

ABSENT = object()  # an attribute the owner did not have before (removed again, not set back)


class Patches(list[tuple[Any, str, Any]]):
    """What a tuning module replaces, and while installed, (owner, attribute, original) for each."""

    def __init__(
        self,
        attributes: tuple[tuple[Any, str, Any], ...] = (),
        functions: tuple[tuple[Any, Any], ...] = (),
    ) -> None:
        super().__init__()
        self.attributes = attributes  # (owner, attribute, replacement)
        self.functions = functions  # (original, replacement): rebound wherever WeasyPrint imported it
        self._sites: list[tuple[Any, str, Any]] | None = None

    def sites(self) -> list[tuple[Any, str, Any]]:
        """(owner, attribute, replacement) for every binding, the functions' found once by scanning
        WeasyPrint's modules (all of them are imported with ``weasyprint``, so none comes later)."""
        if self._sites is None:
            sites = list(self.attributes)
            for old, new in self.functions:
                for module_name, module in list(sys.modules.items()):
                    if module_name.split(".")[0] == "weasyprint":
                        sites.extend((module, name, new) for name, value in list(vars(module).items())
                                     if value is old)  # fmt: skip
            self._sites = sites
        return self._sites

    @property
    def installed(self) -> bool:
        return bool(self)

    def install(self) -> None:
        """Replace everything (nothing happens when already installed)."""
        if not self:
            for owner, name, new in self.sites():
                self.append((owner, name, owner.__dict__.get(name, ABSENT)))
                setattr(owner, name, new)

    def uninstall(self) -> None:
        """Put every original back, in reverse order."""
        while self:
            owner, name, original = self.pop()
            if original is ABSENT:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
