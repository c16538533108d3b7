"""What the PDF pass drew, read back from the PDF docgen itself wrote: every glyph with its origin, face and
colour, every painted path with its paint, every image with its placement, in painting order.

The OFD is written from this and not from a second layout, so its pages, positions and line breaks are the
PDF's by construction (docs/design.md says why the PDF and not WeasyPrint's boxes). pdfminer interprets the
content streams; its layout analysis is not used, and its own path handling is bypassed because it splits a
path into subpaths, which turns an even-odd frame (a border) into two filled rectangles.

Coordinates here are already the OFD's: millimetres from the page's top-left corner, y downwards.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_pt

from ...errors import InputError

MM_PER_PT = 25.4 / 72

Point = tuple[float, float]
RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph as the PDF placed it: ``x``/``y`` its origin on the baseline, ``advance`` to the next."""

    text: str
    font: str  # the PDF's font name without its subset tag
    size: float  # em height, mm
    hscale: float  # horizontal scale of the glyph (the 发文机关标志's scaleX), 1 otherwise
    x: float
    y: float
    advance: float
    top: float
    bottom: float
    color: RGB


@dataclass(frozen=True, slots=True)
class Path:
    """One painted path: ``segments`` are (operator, points…) with operators m, l, c (cubic) and h."""

    segments: tuple[tuple, ...]
    stroke: bool
    fill: bool
    evenodd: bool
    line_width: float  # mm
    stroke_color: RGB
    fill_color: RGB
    cap: int = 0  # PDF line cap: 0 butt, 1 round, 2 square
    join: int = 0  # PDF line join: 0 miter, 1 round, 2 bevel
    dash: tuple[float, ...] = ()  # mm


@dataclass(frozen=True, slots=True)
class Image:
    """An image and where it is drawn: the unit square mapped by ``matrix`` (a b c d e f, mm, y down)."""

    png: bytes
    matrix: tuple[float, float, float, float, float, float]


Item = Glyph | Path | Image


@dataclass(frozen=True, slots=True)
class Page:
    width: float  # mm
    height: float
    items: tuple[Item, ...]


def _rgb(color: object) -> RGB:
    """A PDF colour (gray, RGB or CMYK components, 0…1) as 0…255 RGB."""
    values = color if isinstance(color, Sequence) and not isinstance(color, str) else (color,)
    nums = [float(v) for v in values if isinstance(v, int | float)]
    if len(nums) == 3:
        r, g, b = nums
    elif len(nums) == 4:
        c, m, y, k = nums
        r, g, b = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    elif len(nums) == 1:
        r = g = b = nums[0]
    else:
        r = g = b = 0.0
    return tuple(max(0, min(255, round(v * 255))) for v in (r, g, b))  # type: ignore[return-value]


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) else default


class _Collector(PDFLayoutAnalyzer):
    """A pdfminer device that records what is painted, in order, in OFD page coordinates."""

    def __init__(self, rsrcmgr: PDFResourceManager, page_height_pt: float) -> None:
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        self.items: list[Item] = []
        self.page_height = page_height_pt

    def _pt(self, x: float, y: float) -> Point:
        """A user-space point through the current CTM, as OFD millimetres (origin top-left)."""
        dx, dy = apply_matrix_pt(self.ctm, (x, y))
        return dx * MM_PER_PT, (self.page_height - dy) * MM_PER_PT

    def _scale(self) -> float:
        a, b, c, d, _e, _f = self.ctm
        return math.sqrt(abs(a * d - b * c))

    def paint_path(
        self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: Sequence[tuple]
    ) -> None:
        segments: list[tuple] = []
        start: Point | None = None
        current: Point | None = None
        for seg in path:
            op = seg[0]
            nums = [float(v) for v in seg[1:]]
            if op == "m":
                start = current = self._pt(nums[0], nums[1])
                segments.append(("m", current))
            elif op == "l":
                current = self._pt(nums[0], nums[1])
                segments.append(("l", current))
            elif op == "c":
                pts = [self._pt(nums[i], nums[i + 1]) for i in (0, 2, 4)]
                segments.append(("c", *pts))
                current = pts[-1]
            elif op in ("v", "y") and current is not None:  # cubic with one control point on an end
                p1, p2 = self._pt(nums[0], nums[1]), self._pt(nums[2], nums[3])
                segments.append(("c", current, p1, p2) if op == "v" else ("c", p1, p2, p2))
                current = p2
            elif op == "h":
                segments.append(("h",))
                current = start
        if not segments or not (stroke or fill):
            return
        scale = self._scale() * MM_PER_PT
        dash: tuple[float, ...] = ()
        if gstate.dash:
            pattern = resolve1(gstate.dash[0])
            if isinstance(pattern, list):
                dash = tuple(float(resolve1(v)) * scale for v in pattern)
        self.items.append(
            Path(
                segments=tuple(segments),
                stroke=stroke,
                fill=fill,
                evenodd=evenodd,
                line_width=float(gstate.linewidth or 0) * scale,
                stroke_color=_rgb(gstate.scolor),
                fill_color=_rgb(gstate.ncolor),
                cap=_int(gstate.linecap, 0),
                join=_int(gstate.linejoin, 0),
                dash=dash,
            )
        )

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:  # type: ignore[no-untyped-def]
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        assert isinstance(char, LTChar)
        a, b, c, d, _e, _f = matrix
        em = fontsize * math.hypot(c, d)  # the glyph's em height on the page, pt
        width = fontsize * scaling * math.hypot(a, b)
        ox, oy = apply_matrix_pt(matrix, (0, rise))
        ax, ay = apply_matrix_pt(matrix, (adv, rise))
        h = self.page_height
        self.items.append(
            Glyph(
                text=char.get_text(),
                font=str(char.fontname).split("+", 1)[-1],
                size=em * MM_PER_PT,
                hscale=width / em if em else 1.0,
                x=ox * MM_PER_PT,
                y=(h - oy) * MM_PER_PT,
                advance=math.hypot(ax - ox, ay - oy) * MM_PER_PT,
                top=(h - char.y1) * MM_PER_PT,
                bottom=(h - char.y0) * MM_PER_PT,
                color=_rgb(graphicstate.ncolor),
            )
        )
        return adv

    def render_image(self, name: str, stream: PDFStream) -> None:
        a, b, c, d, e, f = self.ctm
        k, h = MM_PER_PT, self.page_height
        # the unit square, y flipped: the image's top row is drawn at the top
        top_left = ((c + e) * k, (h - (d + f)) * k)
        self.items.append(Image(png=image_png(stream), matrix=(a * k, -b * k, -c * k, d * k, *top_left)))


def image_png(stream: PDFStream) -> bytes:
    """An image XObject as PNG bytes, its soft mask (the seal's transparency) as the alpha channel."""
    img = _decode(stream)
    smask = stream.get("SMask")
    if smask is not None:
        mask = _decode(resolve1(smask)).convert("L")
        if mask.size != img.size:
            mask = mask.resize(img.size)
        img = img.convert("RGB")
        img.putalpha(mask)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _decode(stream: PDFStream):  # type: ignore[no-untyped-def]
    """Decode an image stream to a Pillow image: JPEG as it is, otherwise the raw samples pdfminer
    decompressed (Flate with PNG predictors), 8 bits per component in gray, RGB or CMYK."""
    from PIL import Image as PILImage

    filters = stream.get_filters()
    if filters and str(filters[-1][0]).strip("/'").endswith("DCTDecode"):
        return PILImage.open(io.BytesIO(stream.get_rawdata()))
    width, height = int(resolve1(stream["Width"])), int(resolve1(stream["Height"]))
    data = stream.get_data()
    bits = int(resolve1(stream.get("BitsPerComponent", 8)) or 8)
    space = resolve1(stream.get("ColorSpace"))
    name = space.name if isinstance(space, PSLiteral) else ""
    if isinstance(space, list) and space and getattr(space[0], "name", "") == "ICCBased":
        components = int(resolve1(resolve1(space[1]).get("N", 3)))
        name = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}.get(components, "")
    if isinstance(space, list) and space and getattr(space[0], "name", "") == "Indexed" and bits == 8:
        base = resolve1(space[1])
        lookup = resolve1(space[3])
        table = lookup.get_data() if isinstance(lookup, PDFStream) else bytes(lookup)
        if getattr(base, "name", "") == "DeviceRGB":
            img = PILImage.frombytes("P", (width, height), data)
            img.putpalette(table)
            return img.convert("RGB")
    mode = {"DeviceGray": "L", "DeviceRGB": "RGB", "DeviceCMYK": "CMYK"}.get(name)
    if mode is None and space is None and len(data) == width * height:
        mode = "L"  # a soft mask has no colour space of its own
    if mode is None or bits != 8:
        raise InputError.of("ofd.image_mode", space=space, bits=bits)
    return PILImage.frombytes(mode, (width, height), data)


def read_pages(pdf: bytes) -> list[Page]:
    """Every page of ``pdf`` as the glyphs, paths and images it paints."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    rsrcmgr = PDFResourceManager(caching=True)
    pages = []
    for page in PDFPage.create_pages(document):
        x0, y0, x1, y1 = page.mediabox
        device = _Collector(rsrcmgr, y1 - y0)
        PDFPageInterpreter(rsrcmgr, device).process_page(page)
        pages.append(Page((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT, tuple(device.items)))
    return pages
