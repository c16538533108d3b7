"""User-supplied images (seals, 签名章): checked on load, carried as bytes.

docgen never draws an official seal: the image is the user's. It must be a PNG or SVG (transparency lets the
text show through the seal's red, as a stamped seal does); anything else is refused with the file named.
"""

from __future__ import annotations

import base64
import io
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
    box = (root.get("viewBox") or "").replace(",", " ").split()
    ratio = float(box[3]) / float(box[2]) if len(box) == 4 and float(box[2]) > 0 else 1.0
    height = Length(round(width * ratio))
    return Image(
        data=data,
        mime="image/svg+xml",
        width=width,
        height=height,
        name=path.name,
        raster=rasterize_svg(data, width, height),
    )


def rasterize_svg(data: bytes, width: Length, height: Length, dpi: int = 300) -> bytes:
    """A transparent PNG of an SVG, for the DOCX (Word and LibreOffice need a raster image).

    WeasyPrint draws the SVG on a page of its own size; poppler's pdftocairo rasterizes it keeping the
    transparency. Both are installed with docgen; no network, no other files are read."""
    from weasyprint import HTML

    from ..render.pdf.fetcher import AssetFetcher

    size = f"width:{width.css()};height:{height.css()}"
    html = (
        f"<style>@page{{size:{width.css()} {height.css()};margin:0}}html,body{{margin:0}}"
        f"img{{display:block;{size}}}</style>"
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(data).decode()}">'
    )
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
        return (Path(tmp) / "seal.png").read_bytes()
