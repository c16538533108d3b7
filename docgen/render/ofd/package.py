"""The OFD container (GB/T 33190-2016 §7): the entry ``OFD.xml``, one document ``Doc_0`` with its
``Document.xml``, resource files, pages and (for a final document) attachments, zipped deterministically.

Element order follows the standard's schema; tests/test_ofd.py encodes it. Every name and ID is derived
from the content, and every zip entry has the same fixed time, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from ..options import EmbeddedFile
from .fonts import FontFile
from .ofdxml import el, nums

DOC = "Doc_0"
RES = "Res"  # the resource files' folder, the BaseLoc of both resource lists
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip's epoch: no build time in the bytes


@dataclass(frozen=True, slots=True)
class DocInfo:
    title: str
    author: str
    created: dt.date
    creator_version: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    custom: tuple[tuple[str, str], ...] = ()  # (name, value): 发文字号, 成文日期, 签发人 …


def ofd_xml(info: DocInfo, doc_id: str) -> ET.Element:
    root = el(None, "OFD", Version="1.0", DocType="OFD")
    body = el(root, "DocBody")
    di = el(body, "DocInfo")
    el(di, "DocID", doc_id)
    if info.title:
        el(di, "Title", info.title)
    if info.author:
        el(di, "Author", info.author)
    if info.subject:
        el(di, "Subject", info.subject)
    el(di, "CreationDate", info.created.isoformat())
    if info.keywords:
        kws = el(di, "Keywords")
        for k in info.keywords:
            el(kws, "Keyword", k)
    el(di, "Creator", "docgen")
    el(di, "CreatorVersion", info.creator_version)
    if info.custom:
        cds = el(di, "CustomDatas")
        for name, value in info.custom:
            el(cds, "CustomData", value, Name=name)
    el(body, "DocRoot", f"{DOC}/Document.xml")
    return root


def document_xml(
    max_id: int, page_box: tuple[float, float], pages: Sequence[tuple[int, str]], attachments: bool
) -> ET.Element:
    root = el(None, "Document")
    common = el(root, "CommonData")
    el(common, "MaxUnitID", str(max_id))
    area = el(common, "PageArea")
    el(area, "PhysicalBox", nums((0, 0, *page_box)))
    el(common, "PublicRes", "PublicRes.xml")
    el(common, "DocumentRes", "DocumentRes.xml")
    pages_el = el(root, "Pages")
    for page_id, loc in pages:
        el(pages_el, "Page", ID=page_id, BaseLoc=loc)
    if attachments:
        el(root, "Attachments", "Attachments.xml")
    return root


def public_res(fonts: Sequence[tuple[int, FontFile | None, str]]) -> ET.Element:
    """The fonts: (ID, subset file or None when no file was found, font name)."""
    root = el(None, "Res", BaseLoc=RES)
    if fonts:
        fonts_el = el(root, "Fonts")
        for font_id, file, name in fonts:
            if file is None:
                el(fonts_el, "Font", ID=font_id, FontName=name, FamilyName=name)
                continue
            f = el(
                fonts_el,
                "Font",
                ID=font_id,
                FontName=file.face.name,
                FamilyName=file.face.family,
                Bold="true" if file.bold else None,
            )
            el(f, "FontFile", file.name)
    return root


def document_res(images: Sequence[tuple[int, str]]) -> ET.Element:
    """The images: (ID, file name inside ``Res``)."""
    root = el(None, "Res", BaseLoc=RES)
    if images:
        media = el(root, "MultiMedias")
        for image_id, name in images:
            m = el(media, "MultiMedia", ID=image_id, Type="Image", Format="PNG")
            el(m, "MediaFile", name)
    return root


def attachments_xml(files: Sequence[EmbeddedFile], created: dt.date) -> ET.Element:
    """The files a final document carries (its data and input manifest, as in the PDF/A-3)."""
    root = el(None, "Attachments")
    for n, a in enumerate(files, start=1):
        att = el(
            root,
            "Attachment",
            ID=f"att{n}",  # xs:ID: a name, not a number
            Name=a.name,
            Format=a.name.rsplit(".", 1)[-1].lower() if "." in a.name else None,
            CreationDate=f"{created.isoformat()}T00:00:00",
            Size=f"{len(a.data) / 1024:.3f}",  # the standard counts attachments in KB
            Visible="false",
        )
        el(att, "FileLoc", f"Attachs/{attachment_file(n, a.name)}")
    return root


def attachment_file(n: int, name: str) -> str:
    """The attachment's file name in the package: numbered, keeping its extension (names stay ASCII)."""
    ext = name.rsplit(".", 1)[-1] if "." in name else "bin"
    return f"attach_{n}.{ext}"


def doc_id(parts: dict[str, bytes]) -> str:
    """The 32-character DocID, from the content: the same document, the same ID."""
    h = hashlib.md5(usedforsecurity=False)
    for name in sorted(parts):
        h.update(name.encode() + b"\0" + parts[name] + b"\0")
    return h.hexdigest()


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """The parts zipped in the given order, with fixed times and modes; PNGs are stored, the rest deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=6 if info.compress_type == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()
