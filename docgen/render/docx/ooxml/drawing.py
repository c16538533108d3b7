"""Drawings: one floating-anchor builder (``wp:anchor``) for pictures and text boxes, and the text box."""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from ....units import Length

# --- Drawings ---------------------------------------------------------------------------------------------
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def doc_pr(ident: int, name: str) -> etree._Element:
    """``wp:docPr``: a drawing's id (unique within the document) and name."""
    el = etree.Element(qn("wp:docPr"), nsmap={"wp": NS_WP})
    el.set("id", str(ident))
    el.set("name", name)
    return el


def anchor(
    graphic: etree._Element,
    *,
    x: Length,
    y: Length,
    cx: Length,
    cy: Length,
    z: int,
    locked: bool,
    doc_props: etree._Element,
    frame_props: etree._Element | None = None,
    relative_from: tuple[str, str] = ("page", "page"),
) -> etree._Element:
    """A floating drawing (``wp:anchor``) in front of the text, no wrapping: ``graphic`` at (x, y) from
    ``relative_from`` (horizontal, vertical), ``cx`` × ``cy``, stacked by ``z`` (relativeHeight)."""
    el = etree.Element(qn("wp:anchor"), nsmap={"wp": NS_WP, "a": NS_A})
    for key, value in (
        ("distT", 0), ("distB", 0), ("distL", 0), ("distR", 0), ("simplePos", 0), ("relativeHeight", z),
        ("behindDoc", 0), ("locked", int(locked)), ("layoutInCell", 1), ("allowOverlap", 1),
    ):  # fmt: skip
        el.set(key, str(value))
    simple = etree.SubElement(el, qn("wp:simplePos"))
    simple.set("x", "0")
    simple.set("y", "0")
    for tag, rel, offset in (("wp:positionH", relative_from[0], x), ("wp:positionV", relative_from[1], y)):
        pos = etree.SubElement(el, qn(tag))
        pos.set("relativeFrom", rel)
        etree.SubElement(pos, qn("wp:posOffset")).text = str(int(offset))
    extent = etree.SubElement(el, qn("wp:extent"))
    extent.set("cx", str(int(cx)))
    extent.set("cy", str(int(cy)))
    effect = etree.SubElement(el, qn("wp:effectExtent"))
    for side in "ltrb":
        effect.set(side, "0")
    etree.SubElement(el, qn("wp:wrapNone"))
    el.append(doc_props)
    el.append(frame_props if frame_props is not None else etree.Element(qn("wp:cNvGraphicFramePr")))
    el.append(graphic)
    return el


def add_drawing(run: Run, drawing: etree._Element) -> None:
    """Put ``drawing`` (a ``wp:anchor``) into ``run``: a run's content, after its properties."""
    holder = OxmlElement("w:drawing")
    holder.append(drawing)
    run._r.append(holder)


def float_picture(
    run: Run,
    *,
    x: Length,
    y: Length,
    z: int,
    locked: bool,
    relative_from: tuple[str, str],
    doc_props: etree._Element | None = None,
) -> None:
    """Turn the inline picture python-docx's ``add_picture`` put in ``run`` into a floating one (same
    image, same size); ``doc_props`` None keeps the picture's own id, name and frame locks."""
    inline = run._r.find(f".//{qn('wp:inline')}")
    assert inline is not None
    extent = inline.find(qn("wp:extent"))
    graphic = inline.find(qn("a:graphic"))
    assert extent is not None and graphic is not None
    if doc_props is None:
        doc_props, frame_props = inline.find(qn("wp:docPr")), inline.find(qn("wp:cNvGraphicFramePr"))
    else:
        frame_props = None
    floating = anchor(
        graphic, x=x, y=y, cx=Length(int(extent.get("cx"))), cy=Length(int(extent.get("cy"))), z=z,
        locked=locked, doc_props=doc_props, frame_props=frame_props, relative_from=relative_from,
    )  # fmt: skip
    inline.getparent().replace(inline, floating)


def text_box(cx: Length, cy: Length, paragraphs: Iterable[etree._Element]) -> etree._Element:
    """A borderless, unfilled text box (``wps:wsp``) ``cx`` × ``cy`` with no insets, ``paragraphs``
    (``w:p``) inside: the ``a:graphic`` of an anchor."""
    graphic = etree.Element(qn("a:graphic"), nsmap={"a": NS_A})
    data = etree.SubElement(graphic, qn("a:graphicData"))
    data.set("uri", NS_WPS)
    wsp = etree.SubElement(data, f"{{{NS_WPS}}}wsp", nsmap={"wps": NS_WPS})
    etree.SubElement(wsp, f"{{{NS_WPS}}}cNvSpPr").set("txBox", "1")
    sppr = etree.SubElement(wsp, f"{{{NS_WPS}}}spPr")
    xfrm = etree.SubElement(sppr, qn("a:xfrm"))
    off = etree.SubElement(xfrm, qn("a:off"))
    off.set("x", "0")
    off.set("y", "0")
    ext = etree.SubElement(xfrm, qn("a:ext"))
    ext.set("cx", str(int(cx)))
    ext.set("cy", str(int(cy)))
    geom = etree.SubElement(sppr, qn("a:prstGeom"))
    geom.set("prst", "rect")
    etree.SubElement(geom, qn("a:avLst"))
    etree.SubElement(sppr, qn("a:noFill"))
    etree.SubElement(etree.SubElement(sppr, qn("a:ln")), qn("a:noFill"))
    txbx = etree.SubElement(wsp, f"{{{NS_WPS}}}txbx")
    content = etree.SubElement(txbx, f"{{{NS_W}}}txbxContent", nsmap={"w": NS_W})
    content.extend(paragraphs)
    body = etree.SubElement(wsp, f"{{{NS_WPS}}}bodyPr")
    for key, value in (
        ("rot", "0"), ("vert", "horz"), ("wrap", "square"), ("lIns", "0"), ("tIns", "0"), ("rIns", "0"),
        ("bIns", "0"), ("anchor", "t"),
    ):  # fmt: skip
        body.set(key, value)
    etree.SubElement(body, qn("a:noAutofit"))
    return graphic
