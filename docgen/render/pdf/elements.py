"""Helpers the PDF renderer's modules share to write the HTML element tree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ... import standard as std
from ...typeset.linebreak import Line, Run, break_lines

if TYPE_CHECKING:
    from .html import HtmlBuilder


def el(parent: ET.Element, tag: str, cls: str = "", text: str | None = None, **attrs: str) -> ET.Element:
    """A child element of ``parent`` (its class, text and attributes); escaping is the tree's."""
    e = ET.SubElement(parent, tag, {"class": cls, **attrs} if cls else attrs)
    if text is not None:
        e.text = text
    return e


def break_indented(b: HtmlBuilder, runs: list[Run], first: float, rest: float) -> list[Line]:
    """``runs`` broken into body lines, the first indented ``first`` points, the others ``rest``."""
    return break_lines(
        runs, b.measure, std.TEXT_WIDTH.pt, std.BODY_TRACKING.pt, first_indent=first, indent=rest
    )
