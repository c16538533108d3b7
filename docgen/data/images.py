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
        raise InputError(
            message=f"找不到{what}图片“{path}”",
            message_en=f"image file not found: {path}",
            source=where,
            hint="路径相对于数据文件所在的文件夹；请确认文件存在",
            hint_en="paths are relative to the data file's folder",
        )
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        raise InputError(
            message=f"{what}图片过大（超过 8 MB）", message_en="image larger than 8 MB", source=where
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data, path, where, width, what)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return _svg(data, path, where, width, what)
    raise InputError(
        message=f"“{path.name}”不是 PNG 或 SVG 图片，不能用作{what}",
        message_en=f"{path.name} is not a PNG or SVG image",
        source=where,
        hint="请提供带透明背景的 PNG（或 SVG）印章图片",
        hint_en="supply a PNG (or SVG) with a transparent background",
    )


def _png(data: bytes, path: Path, where: SourceRef, width: Length, what: str) -> Image:
    from PIL import Image as PILImage

    _check_pixels(data, path, where, what)
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            im.load()
            w, h = im.size
            transparent = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    except Exception:
        raise InputError(
            message=f"{what}图片“{path.name}”已损坏，无法读取",
            message_en=f"{path.name} is damaged",
            source=where,
        ) from None
    if not transparent:
        raise InputError(
            message=f"{what}图片“{path.name}”没有透明背景，盖在文字上会遮住署名和日期",
            message_en=f"{path.name} has no transparency; it would hide the text under it",
            source=where,
            hint="请导出带透明背景（Alpha 通道）的 PNG",
            hint_en="export the seal as a PNG with an alpha channel",
        )
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
        raise InputError(
            message=f"{what}图片“{path.name}”像素过多（{w}×{h}，上限 {MAX_PIXELS // 1_000_000} 百万像素）",
            message_en=f"{path.name} has too many pixels ({w}×{h}; at most {MAX_PIXELS // 1_000_000} megapixels)",
            source=where,
            hint="请缩小图片：42 毫米的印章按 600 dpi 约 1000×1000 像素即可",
            hint_en="scale it down: a 42 mm seal at 600 dpi is about 1000×1000 pixels",
        )


_SVG_HINT = (
    "请另存为不含样式表引用的普通 SVG，或导出为带透明背景的 PNG",
    "save it as a plain SVG, or export a PNG with a transparent background",
)
_VIEWBOX_HINT = (
    "请在绘图软件中重新导出 SVG：viewBox 应是“0 0 420 420”这样的四个数",
    "export the SVG again: a viewBox is four numbers such as 0 0 420 420",
)


def _svg_refused(
    path: Path, where: SourceRef, what: str, zh: str, en: str, hint: tuple[str, str] = _SVG_HINT
) -> InputError:
    return InputError(
        message=f"{what}图片“{path.name}”{zh}，已拒绝",
        message_en=f"{path.name}: {en}",
        source=where,
        hint=hint[0],
        hint_en=hint[1],
    )


_CSS_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?(?!#|data:)", re.I)


def _check_svg_content(root: ET.Element, path: Path, where: SourceRef, what: str) -> None:
    """Style sheets that reach outside the file (WeasyPrint drops such an image from the PDF without an error),
    and ``<use>`` chains that multiply into more elements than any seal has."""
    for el in root.iter():
        css = (el.text or "") if el.tag.endswith("style") else el.get("style", "")
        if _CSS_OUTSIDE.search(css):
            raise _svg_refused(
                path,
                where,
                what,
                "的样式引用了外部样式表或文件（@import 或 url()），无法绘制",
                "its style sheet refers to outside files (@import or url()), so it cannot be drawn",
            )
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
        raise _svg_refused(
            path,
            where,
            what,
            f"展开 <use> 引用后超过 {MAX_SVG_ELEMENTS} 个元素",
            f"more than {MAX_SVG_ELEMENTS} elements once <use> references are expanded",
        )


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
            path,
            where,
            what,
            f"的 viewBox“{raw}”无效（应为四个数：x y 宽 高，宽和高为正数）",
            f"invalid viewBox {raw!r} (four numbers: x y width height, both sizes positive)",
            _VIEWBOX_HINT,
        )
    if not 1 / MAX_ASPECT <= h / w <= MAX_ASPECT:
        raise _svg_refused(
            path,
            where,
            what,
            f"的 viewBox“{raw}”宽高比例不合理",
            f"the viewBox {raw!r} is absurdly narrow or wide",
            _VIEWBOX_HINT,
        )
    return h / w


def _svg(data: bytes, path: Path, where: SourceRef, width: Length, what: str) -> Image:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError(
            message=f"{what}图片“{path.name}”不是有效的 SVG：{e}",
            message_en=f"invalid SVG: {e}",
            source=where,
        ) from None
    if not root.tag.endswith("svg"):
        raise InputError(message=f"“{path.name}”不是 SVG 图片", message_en="not an SVG image", source=where)
    if any(el.tag.endswith(("script", "foreignObject")) for el in root.iter()):
        raise InputError(
            message=f"{what}图片“{path.name}”含有脚本或外部内容，已拒绝",
            message_en="the SVG contains scripts or foreign content",
            source=where,
        )
    for el in root.iter():
        for key, value in el.attrib.items():
            if key.endswith("href") and not value.startswith(("#", "data:")):
                raise InputError(
                    message=f"{what}图片“{path.name}”引用了外部文件（{value}），已拒绝",
                    message_en=f"the SVG refers to an outside resource: {value}",
                    source=where,
                )
    _check_svg_content(root, path, where, what)
    height = Length(round(width * _aspect(root, path, where, what)))
    raster = rasterize_svg(data, width, height)
    if raster is None:
        raise _svg_refused(
            path,
            where,
            what,
            "无法绘制（空白，或含有绘图程序不支持的内容）",
            "cannot be drawn (blank, or content the renderer does not support)",
        )
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
