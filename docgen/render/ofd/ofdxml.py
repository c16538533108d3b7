"""Writing OFD XML: the one namespace, numbers in millimetres as short decimals, serialised the same way
every time (ElementTree keeps attribute order as written; no timestamps, no random IDs)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

NS = "http://www.ofdspec.org/2016"
ET.register_namespace("ofd", NS)


def q(tag: str) -> str:
    """The qualified name of an OFD element."""
    return f"{{{NS}}}{tag}"


def el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """An OFD element with its attributes in the order given (None values left out)."""
    values = {k: str(v) for k, v in attrs.items() if v is not None}
    e = ET.Element(q(tag), values) if parent is None else ET.SubElement(parent, q(tag), values)
    if text is not None:
        e.text = text
    return e


def num(value: float) -> str:
    """A length in mm to the micrometre, without trailing zeros (``12.5``, ``0``, ``-3.125``)."""
    s = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def nums(values: Iterable[float]) -> str:
    return " ".join(num(v) for v in values)


def tostring(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
