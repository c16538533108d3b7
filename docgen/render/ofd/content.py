"""One page's ``Content.xml``: the glyphs, paths and images the PDF painted, in the PDF's order, on one
body layer.

- Glyphs on one baseline in one face, size and colour become one ``TextObject``; its ``TextCode`` holds the
  characters, ``X``/``Y`` the first origin and ``DeltaX`` the advances the layout gave (letter-spacing
  included), so nothing is re-flowed.
- WeasyPrint paints a rule or a border as a filled shape: a thin rectangle, or a frame of two nested
  rectangles filled even-odd. Each becomes stroked lines (``M x y L x y`` with ``LineWidth`` its
  thickness), which cover exactly the same area; any other path is kept as it is (``M``/``L``/``B``/``C``).
- Images (the seal) become ``ImageObject``s over their PNG resource, placed by ``CTM``.

Every object's coordinates are relative to its ``Boundary``'s top-left corner, as the standard defines.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .ofdxml import el, num, nums
from .pdfread import RGB, Glyph, Image, Page, Path, Point

THIN = 2.0  # mm: a filled rectangle no thicker than this is a rule (the thickest GB/T 9704 rule is 0.5 mm)
_EPS = 1e-3
_CAPS = {0: None, 1: "Round", 2: "Square"}
_JOINS = {0: None, 1: "Round", 2: "Bevel"}


class Ids:
    """Object IDs, unique in the document, handed out in writing order (so the same input, the same IDs)."""

    def __init__(self, start: int = 1) -> None:
        self.last = start - 1

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass(frozen=True, slots=True)
class Line:
    """A rule: a stroked straight line of ``width`` mm."""

    start: Point
    end: Point
    width: float
    color: RGB


def color_value(rgb: RGB) -> str:
    return " ".join(str(c) for c in rgb)


# --- text ----------------------------------------------------------------------------------------------


def runs(glyphs: list[Glyph]) -> Iterator[list[Glyph]]:
    """Consecutive glyphs that one TextObject can hold: same face, size, scale, colour and baseline,
    advancing left to right."""
    run: list[Glyph] = []
    for g in glyphs:
        if run:
            p = run[-1]
            same = (
                g.font == p.font
                and abs(g.size - p.size) < _EPS
                and abs(g.hscale - p.hscale) < _EPS
                and g.color == p.color
                and abs(g.y - p.y) < 0.01
                and g.x >= p.x - _EPS
            )
            if not same:
                yield run
                run = []
        run.append(g)
    if run:
        yield run


def text_object(layer: ET.Element, run: list[Glyph], font_id: int, ids: Ids) -> None:
    size = run[0].size
    pad = size * 0.2  # the Boundary is a clip in some readers: leave room for overhanging strokes
    left = min(g.x for g in run) - pad
    right = max(g.x + g.advance for g in run) + pad
    top = min(g.top for g in run) - pad
    bottom = max(g.bottom for g in run) + pad
    obj = el(
        layer,
        "TextObject",
        ID=ids.next(),
        Boundary=nums((left, top, right - left, bottom - top)),
        Font=font_id,
        Size=num(size),
        HScale=num(run[0].hscale) if abs(run[0].hscale - 1) >= _EPS else None,
    )
    el(obj, "FillColor", Value=color_value(run[0].color))
    text = "".join(g.text for g in run)
    # Each character's origin rounded to the micrometre, the advances taken between the rounded origins:
    # no error adds up along a line. A glyph standing for several characters (a ligature) spreads its
    # advance over them.
    xs: list[float] = []
    for g, after in itertools.pairwise([*run, None]):
        end = after.x if after is not None else g.x + g.advance
        xs.extend(g.x + (end - g.x) * i / len(g.text) for i in range(len(g.text)))
    origins = [round(x - left, 3) for x in xs]
    deltas = [b - a for a, b in itertools.pairwise(origins)]
    el(
        obj,
        "TextCode",
        text,
        X=num(origins[0]),
        Y=num(run[0].y - top),
        DeltaX=nums(deltas) if deltas else None,
    )


# --- paths ---------------------------------------------------------------------------------------------


def _rectangle(segments: tuple[tuple, ...]) -> tuple[float, float, float, float] | None:
    """The (left, top, right, bottom) of an axis-aligned rectangle subpath (m l l l [l] h), else None."""
    pts = [s[1] for s in segments if s[0] in ("m", "l")]
    if [s[0] for s in segments if s[0] != "l"] != ["m", "h"] or len(pts) not in (4, 5):
        return None
    if len(pts) == 5 and max(abs(pts[4][0] - pts[0][0]), abs(pts[4][1] - pts[0][1])) > _EPS:
        return None
    xs, ys = sorted({round(p[0], 4) for p in pts[:4]}), sorted({round(p[1], 4) for p in pts[:4]})
    if len(xs) > 2 or len(ys) > 2:
        return None
    corners = {(round(p[0], 4), round(p[1], 4)) for p in pts[:4]}
    if len(corners) != 4 and not (len(xs) == 1 or len(ys) == 1):
        return None
    return xs[0], ys[0], xs[-1], ys[-1]


def _subpaths(segments: tuple[tuple, ...]) -> list[tuple[tuple, ...]]:
    out: list[list[tuple]] = []
    for s in segments:
        if s[0] == "m":
            out.append([])
        if out:
            out[-1].append(s)
    return [tuple(p) for p in out]


def _rule(box: tuple[float, float, float, float], color: RGB) -> Line | None:
    """A filled thin rectangle as the line along its middle, as thick as the rectangle."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    if min(w, h) <= _EPS / 10 or min(w, h) > THIN:
        return None
    if h <= w:
        mid = (top + bottom) / 2
        return Line((left, mid), (right, mid), h, color)
    mid = (left + right) / 2
    return Line((mid, top), (mid, bottom), w, color)


def as_lines(path: Path) -> list[Line] | None:
    """The rules a filled path paints, if it is one thin rectangle or a frame of two nested rectangles
    (filled even-odd: the four sides of a border, each as thick as it is); None for any other path."""
    if path.stroke or not path.fill:
        return None
    boxes = [_rectangle(s) for s in _subpaths(path.segments)]
    if not boxes or any(b is None for b in boxes):
        return None
    if len(boxes) == 1:
        rule = _rule(boxes[0], path.fill_color)  # type: ignore[arg-type]
        return [rule] if rule else None
    if len(boxes) != 2 or not path.evenodd:
        return None
    inner, outer = sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))  # type: ignore[index]
    (il, it, ir, ib), (ol, ot, or_, ob) = inner, outer  # type: ignore[misc]
    if not (ol - _EPS <= il and ot - _EPS <= it and ir <= or_ + _EPS and ib <= ob + _EPS):
        return None
    sides = [(ol, ot, or_, it), (ol, ib, or_, ob), (ol, it, il, ib), (ir, it, or_, ib)]
    lines = []
    for side in sides:
        if side[2] - side[0] > _EPS and side[3] - side[1] > _EPS:
            rule = _rule(side, path.fill_color)
            if rule is None:
                return None
            lines.append(rule)
    return lines


def line_object(layer: ET.Element, line: Line, ids: Ids) -> None:
    (x0, y0), (x1, y1) = line.start, line.end
    half = line.width / 2
    left, top = min(x0, x1) - half, min(y0, y1) - half
    right, bottom = max(x0, x1) + half, max(y0, y1) + half
    obj = el(
        layer,
        "PathObject",
        ID=ids.next(),
        Boundary=nums((left, top, right - left, bottom - top)),
        LineWidth=num(line.width),
    )
    el(obj, "StrokeColor", Value=color_value(line.color))
    # Fill stays false; readers that colour every path by its FillColor (easyofd) still draw it red, and a
    # line has no area for a reader that wrongly fills it
    el(obj, "FillColor", Value=color_value(line.color))
    el(obj, "AbbreviatedData", f"M {nums((x0 - left, y0 - top))} L {nums((x1 - left, y1 - top))}")


def path_object(layer: ET.Element, path: Path, ids: Ids) -> None:
    pts = [p for s in path.segments for p in s[1:]]
    half = path.line_width / 2 if path.stroke else 0.0
    left, top = min(p[0] for p in pts) - half, min(p[1] for p in pts) - half
    right, bottom = max(p[0] for p in pts) + half, max(p[1] for p in pts) + half
    data = []
    for op, *points in path.segments:
        coords = nums(v for p in points for v in (p[0] - left, p[1] - top))
        data.append({"m": f"M {coords}", "l": f"L {coords}", "c": f"B {coords}", "h": "C"}[op])
    obj = el(
        layer,
        "PathObject",
        ID=ids.next(),
        Boundary=nums((left, top, max(right - left, _EPS), max(bottom - top, _EPS))),
        LineWidth=num(path.line_width) if path.stroke else None,
        Cap=_CAPS.get(path.cap) if path.stroke else None,
        Join=_JOINS.get(path.join) if path.stroke else None,
        DashPattern=nums(path.dash) if path.stroke and path.dash else None,
        Stroke=None if path.stroke else "false",
        Fill="true" if path.fill else None,
        Rule="Even-Odd" if path.fill and path.evenodd else None,
    )
    if path.stroke:
        el(obj, "StrokeColor", Value=color_value(path.stroke_color))
    if path.fill:  # (not for an outline: a reader that wrongly filled it would cover what is inside)
        el(obj, "FillColor", Value=color_value(path.fill_color))
    el(obj, "AbbreviatedData", " ".join(data))


# --- images --------------------------------------------------------------------------------------------


def image_object(layer: ET.Element, image: Image, resource_id: int, ids: Ids) -> None:
    a, b, c, d, e, f = image.matrix
    corners = [(e + a * u + c * v, f + b * u + d * v) for u in (0, 1) for v in (0, 1)]
    left, top = min(p[0] for p in corners), min(p[1] for p in corners)
    right, bottom = max(p[0] for p in corners), max(p[1] for p in corners)
    el(
        layer,
        "ImageObject",
        ID=ids.next(),
        Boundary=nums((left, top, right - left, bottom - top)),
        CTM=nums((a, b, c, d, e - left, f - top)),
        ResourceID=resource_id,
    )


# --- the page ------------------------------------------------------------------------------------------


def page_content(
    page: Page, ids: Ids, font_id: Callable[[str], int], image_id: Callable[[bytes], int]
) -> ET.Element:
    """The ``Page`` element of one page's Content.xml."""
    root = el(None, "Page")
    content = el(root, "Content")
    layer = el(content, "Layer", ID=ids.next(), Type="Body")
    pending: list[Glyph] = []

    def flush() -> None:
        for run in runs(pending):
            text_object(layer, run, font_id(run[0].font), ids)
        pending.clear()

    for item in page.items:
        if isinstance(item, Glyph):
            if item.text:
                pending.append(item)
            continue
        flush()
        if isinstance(item, Path):
            lines = as_lines(item)
            if lines is not None:
                for line in lines:
                    line_object(layer, line, ids)
            else:
                path_object(layer, item, ids)
        else:
            image_object(layer, item, image_id(item.png), ids)
    flush()
    return root
