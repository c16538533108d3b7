"""WeasyPrint's HTML document made from docgen's own element tree (the pinned WeasyPrint only).

``HTML(string=...)`` would serialise the tree only for tinyhtml5 to parse it back (~15 % of a
document's layout time). :class:`TreeHTML` sets what ``HTML.__init__`` sets after parsing
(``compat.HTML_ATTRIBUTES``, checked against the installed WeasyPrint once) and gives docgen's own
user-agent sheet instead of WeasyPrint's HTML5 one; tests/test_safety.py checks the fetcher still
guards this path. On another version ``render_tree`` parses the serialised tree instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import cssselect2
from weasyprint import CSS, HTML

if TYPE_CHECKING:
    from ..fetcher import AssetFetcher


class TreeHTML(HTML):
    """WeasyPrint's HTML document made from docgen's element tree, with ``ua`` as its user-agent sheet."""

    def __init__(self, root: ET.Element, url_fetcher: AssetFetcher, ua: CSS | None = None) -> None:
        self.base_url = None
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element
        self._ua = ua

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        if self._ua is None:
            return list(super()._ua_stylesheets(forms))
        return [self._ua]
