"""WeasyPrint, fenced: docgen's tunings of WeasyPrint 70, applied only around docgen's own calls.

Importing this package patches nothing. :func:`tuned` installs the tunings (the modules of this package)
around docgen's layout and PDF writing and removes them after, so a program that imports docgen and
calls ``weasyprint.HTML`` itself, and docgen's own SVG rasteriser (``data/images.py``, run while the
data is read), get WeasyPrint's own functions. On any other WeasyPrint than the pinned one, or with
``DOCGEN_PLAIN_WEASYPRINT=1``, :func:`tuned` installs nothing and :func:`render_tree` goes through the
public API: the same pages, for about twice the CPU (``compat.py``; docs/performance.md).

Threads (batch under Dask, ``serve``): the tunings are installed for the whole process, so
:func:`tuned` counts its users under a lock: the first to enter installs, the last to leave removes,
and no document is ever laid out or written with half of them. While any docgen document renders,
another thread's own WeasyPrint call sees the tunings too; every one of them leaves the pages the same
(tests/test_pdf_writing.py), only streams are deflated at level 6 and table rules drawn whole.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from . import compat

if TYPE_CHECKING:
    from types import ModuleType

    from weasyprint import CSS
    from weasyprint.document import Document as WeasyDocument
    from weasyprint.text.fonts import FontConfiguration

    from ..fetcher import AssetFetcher

_lock = threading.Lock()
_users = 0  # documents being laid out or written under the tunings, in all threads


def tunings() -> tuple[ModuleType, ...]:
    """The tuning modules, imported on first use (each reads WeasyPrint's originals from compat)."""
    from . import deflate, drawtext, fontembed, keeplayouts, nofloats, tablerules, textsetup, usedvalues

    return (fontembed, deflate, keeplayouts, textsetup, usedvalues, tablerules, nofloats, drawtext)


@contextmanager
def tuned() -> Iterator[bool]:
    """docgen's tunings installed for the block (reentrant, counted across threads); yields whether
    they are (False: plain WeasyPrint, see :mod:`.compat`)."""
    global _users
    if not compat.active():
        yield False
        return
    with _lock:
        if _users == 0:
            for module in tunings():
                module.PATCHES.install()
        _users += 1
    try:
        yield True
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                for module in reversed(tunings()):
                    module.PATCHES.uninstall()


def installed() -> bool:
    """Whether the tunings are installed right now (by any thread)."""
    return _users > 0


def render_tree(
    root: ET.Element,
    fetcher: AssetFetcher,
    ua: CSS,
    stylesheets: list[CSS],
    font_config: FontConfiguration,
) -> WeasyDocument:
    """Lay out docgen's element tree with ``ua`` as the user-agent sheet: handed over as a tree on the
    pinned WeasyPrint (``tree.TreeHTML``), else serialised, parsed by WeasyPrint and ``ua`` given as the
    first author sheet (docgen's sheet sets every property WeasyPrint's own user-agent sheet sets on the
    elements docgen writes, so the pages are the same: tested)."""
    if compat.active():
        from .tree import TreeHTML

        return TreeHTML(root, fetcher, ua).render(stylesheets=stylesheets, font_config=font_config)
    from weasyprint import HTML

    from ..html import to_html

    html = HTML(string=to_html(root), url_fetcher=fetcher)
    return html.render(stylesheets=[ua, *stylesheets], font_config=font_config)


__all__ = ["compat", "installed", "render_tree", "tuned", "tunings"]
