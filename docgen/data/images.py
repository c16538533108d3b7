"""User-supplied images (seals, 签名章): checked on load, carried as bytes.

docgen never draws an official seal: the image is the user's. It must be a PNG or SVG (transparency lets the
text show through the seal's red, as a stamped seal does); anything else is refused with the file named.
"""

from __future__ import annotations

import base64
import io
import logging
import math
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from .. import standard as std
from ..errors import InputError
from ..messages import Text, msg
from ..model import Image
from ..source import SourceRef
from ..units import Length

MAX_IMAGE_BYTES = 8 * 1024 * 1024
# A 42 mm seal scanned at 1,200 dpi is 2,000 × 2,000 pixels; 25 megapixels (100 MB decoded) is far above any
# real seal and far below what a crafted PNG can claim (a 20,000 × 20,000 one decodes to 1.6 GB).
MAX_PIXELS = 25_000_000
MAX_SVG_ELEMENTS = 20_000  # after <use> references are expanded (an SVG can repeat a group 10⁹ times in 1 KB)
MAX_ASPECT = 20  # a seal or 签名章 is at most 20 times as tall as it is wide, or the other way round
MAX_VIEWBOX = 1e6  # user units; a viewBox beyond this is not a drawing


def load_image(path: Path, where: SourceRef, width: Length = std.SEAL_SIZE, what: str = "印章") -> Image:
    """Read and check an image named in the data (relative paths are taken from the data file's folder)."""
    if not path.is_file():
        raise InputError.of("image.not_found", source=where, what=what, path=path)
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        raise InputError.of("image.too_large", source=where, what=what)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data, path, where, width, what)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return _svg(data, path, where, width, what)
    raise InputError.of("image.unsupported_type", source=where, name=path.name, what=what)


def _png(data: bytes, path: Path, where: SourceRef, width: Length, what: str) -> Image:
    from PIL import Image as PILImage

    _check_pixels(data, path, where, what)
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            im.load()
            w, h = im.size
            transparent = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    except Exception:
        raise InputError.of("image.png.damaged", source=where, what=what, name=path.name) from None
    if not transparent:
        raise InputError.of("image.png.opaque", source=where, what=what, name=path.name)
    return Image(
        data=data, mime="image/png", width=width, height=Length(round(width * h / w)), name=path.name
    )


def _check_pixels(data: bytes, path: Path, where: SourceRef, what: str) -> None:
    """The size a PNG declares (its IHDR, bytes 16–24) is checked before anything is decoded: PIL would only warn
    (with a raw English DecompressionBombWarning) up to 179 megapixels and call a larger image damaged."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return  # not a well-formed PNG: PIL's own error says so
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if w * h > MAX_PIXELS:
        raise InputError.of(
            "image.png.too_many_pixels",
            source=where,
            what=what,
            name=path.name,
            w=w,
            h=h,
            max_pixels=MAX_PIXELS // 1000000,
        )


def _svg_refused(
    path: Path, where: SourceRef, what: str, reason: Text, hint: Text | None = None
) -> InputError:
    """An SVG refused for ``reason``; the hint says how to export a usable one."""
    return InputError.of(
        "image.svg.refused",
        source=where,
        hint=hint or msg("image.svg.hint"),
        what=what,
        name=path.name,
        reason=reason,
    )


_CSS_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?(?!#|data:)", re.I)


def _check_svg_content(root: ET.Element, path: Path, where: SourceRef, what: str) -> None:
    """Style sheets that reach outside the file (WeasyPrint drops such an image from the PDF without an error),
    and ``<use>`` chains that multiply into more elements than any seal has."""
    for el in root.iter():
        css = (el.text or "") if el.tag.endswith("style") else el.get("style", "")
        if _CSS_OUTSIDE.search(css):
            raise _svg_refused(path, where, what, msg("image.svg.outside_css"))
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    sizes: dict[int, int] = {}

    def size(el: ET.Element, depth: int) -> int:
        if id(el) in sizes:
            return sizes[id(el)]
        if depth > 100:  # a <use> cycle (or absurd nesting): WeasyPrint would recurse without end
            return MAX_SVG_ELEMENTS + 1
        n = 1 + sum(size(child, depth + 1) for child in el)
        if el.tag.endswith("use"):
            ref = next((v for k, v in el.attrib.items() if k.endswith("href")), "")
            target = by_id.get(ref[1:]) if ref.startswith("#") else None
            if target is not None:
                n += size(target, depth + 1)
        sizes[id(el)] = n = min(n, MAX_SVG_ELEMENTS + 1)
        return n

    if size(root, 0) > MAX_SVG_ELEMENTS:
        raise _svg_refused(path, where, what, msg("image.svg.too_many_elements", max=MAX_SVG_ELEMENTS))


def _aspect(root: ET.Element, path: Path, where: SourceRef, what: str) -> float:
    """Height over width from the viewBox (1 without one). ``nan``, ``inf``, ``a b``, a negative or absurd size
    is refused: it could only draw nothing, or a page 10⁹ times as tall as wide."""
    raw = root.get("viewBox")
    if raw is None:
        return 1.0
    parts = raw.replace(",", " ").split()
    try:
        x, y, w, h = (float(v) for v in parts) if len(parts) == 4 else (0.0, 0.0, math.nan, math.nan)
    except ValueError:
        w = h = x = y = math.nan
    if not all(math.isfinite(v) and abs(v) <= MAX_VIEWBOX for v in (x, y, w, h)) or w <= 0 or h <= 0:
        raise _svg_refused(
            path, where, what, msg("image.svg.bad_viewbox", raw=raw), msg("image.svg.viewbox_hint")
        )
    if not 1 / MAX_ASPECT <= h / w <= MAX_ASPECT:
        raise _svg_refused(path, where, what, msg("image.svg.aspect", raw=raw), msg("image.svg.viewbox_hint"))
    return h / w


def _svg(data: bytes, path: Path, where: SourceRef, width: Length, what: str) -> Image:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError.of("image.svg.invalid", source=where, what=what, name=path.name, error=e) from None
    if not root.tag.endswith("svg"):
        raise InputError.of("image.svg.not_svg", source=where, name=path.name)
    if any(el.tag.endswith(("script", "foreignObject")) for el in root.iter()):
        raise InputError.of("image.svg.scripts", source=where, what=what, name=path.name)
    for el in root.iter():
        for key, value in el.attrib.items():
            if key.endswith("href") and not value.startswith(("#", "data:")):
                raise InputError.of(
                    "image.svg.outside_href", source=where, what=what, name=path.name, value=value
                )
    _check_svg_content(root, path, where, what)
    height = Length(round(width * _aspect(root, path, where, what)))
    raster = rasterize_svg(data, width, height)
    if raster is None:
        raise _svg_refused(path, where, what, msg("image.svg.not_drawable"))
    return Image(data=data, mime="image/svg+xml", width=width, height=height, name=path.name, raster=raster)


def rasterize_svg(data: bytes, width: Length, height: Length, dpi: int = 300) -> bytes | None:
    """A transparent PNG of an SVG, for the DOCX (Word and LibreOffice need a raster image); None when the SVG
    cannot be drawn — WeasyPrint then only logs an error and leaves the image out, the PDF's too.

    WeasyPrint draws the SVG on a page of its own size; poppler's pdftocairo rasterizes it keeping the
    transparency. Both are installed with docgen; no network, no other files are read."""
    from ..render.pdf.weasy.quickimport import load

    load()
    from PIL import Image as PILImage
    from weasyprint import HTML

    from ..render.pdf.engine import _WarningsAsErrors
    from ..render.pdf.fetcher import AssetFetcher

    size = f"width:{width.css()};height:{height.css()}"
    url = f"data:image/svg+xml;base64,{base64.b64encode(data).decode()}"
    html = (
        f"<style>@page{{size:{width.css()} {height.css()};margin:0}}html,body{{margin:0}}"
        f"img{{display:block;{size}}}</style>"
        f'<img src="{url}">'
    )
    logger = logging.getLogger("weasyprint")
    failed = _WarningsAsErrors()
    logger.addHandler(failed)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "seal.pdf"
            HTML(string=html, url_fetcher=AssetFetcher()).write_pdf(pdf)
            subprocess.run(
                [
                    "pdftocairo",
                    "-png",
                    "-transp",
                    "-r",
                    str(dpi),
                    "-singlefile",
                    str(pdf),
                    str(Path(tmp) / "seal"),
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
            png = (Path(tmp) / "seal.png").read_bytes()
    finally:
        logger.removeHandler(failed)
    # another thread's records are not this image's: only those that name it count
    if any(url[:200] in r.getMessage() for r in failed.records):
        return None
    with PILImage.open(io.BytesIO(png)) as im:
        blank = im.getbbox() is None  # fully transparent: nothing was drawn
    return None if blank else png
