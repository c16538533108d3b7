"""OFD renderer (GB/T 33190-2016): ``render_ofd(doc, plan, fonts, options) -> Rendered``, a vector OFD of
the very pages the PDF pass laid out (``ofd_from_pdf`` reads them back from the PDF renderer's bytes).

pdfread.py reads what the PDF painted; fonts.py subsets the faces behind it; content.py writes each page's
Content.xml; package.py writes OFD.xml, Document.xml, the resource lists and the zip.
"""

from __future__ import annotations

import hashlib

from ... import __version__
from ...model import Document
from ...typeset.fonts import FontFace, FontSet
from ...typeset.plan import PagePlan
from .. import Rendered
from ..options import UNDATED, RenderOptions
from . import package as pkg
from .content import Ids, page_content
from .fonts import FontFile, face_for, font_file
from .ofdxml import tostring
from .pdfread import Glyph, Image, Page, read_pages

__all__ = ["ofd_from_pdf", "render_ofd"]


def _info(doc: Document, options: RenderOptions) -> pkg.DocInfo:
    from ...finalize.properties import document_properties

    # the date where docgen runs; the time comes from the caller (api.render_document), never the clock
    stamp = (options.timestamp or UNDATED).astimezone()
    custom = tuple((p.label, p.value) for p in document_properties(doc, options))
    return pkg.DocInfo(
        title=doc.meta.title,
        author=doc.meta.author,
        created=stamp.date(),
        creator_version=__version__,
        subject=doc.meta.subject,
        keywords=doc.meta.keywords,
        custom=custom,
    )


def render_ofd(doc: Document, plan: PagePlan, fonts: FontSet, options: RenderOptions) -> Rendered:
    """The OFD of the PDF written from ``plan`` (never laid out again): the PDF's warnings, then its own."""
    from ..pdf import render_pdf

    pdf = render_pdf(doc, plan, fonts, options)
    data, warnings = ofd_from_pdf(pdf.data, doc, fonts, options)
    return Rendered(data, (*pdf.warnings, *warnings))


def ofd_from_pdf(
    pdf: bytes, doc: Document, fonts: FontSet, options: RenderOptions
) -> tuple[bytes, list[str]]:
    """The OFD of ``pdf`` (the PDF pass's output for ``doc``), with ``doc``'s metadata, and warnings for
    the user (a face whose file was not found is named but not embedded: a reader substitutes a font)."""
    pages = read_pages(pdf)
    ids = Ids()
    parts: dict[str, bytes] = {}
    warnings: list[str] = []

    # Fonts: one resource per face, in order of first use; the characters each face prints.
    faces: dict[str, FontFace | None] = {}
    chars: dict[FontFace | str, set[str]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Glyph):
                if item.font not in faces:
                    faces[item.font] = face_for(item.font, fonts)
                chars.setdefault(faces[item.font] or item.font, set()).update(item.text)
    font_ids: dict[FontFace | str, int] = {}
    font_list: list[tuple[int, FontFile | None, str]] = []
    for key, used in chars.items():
        font_ids[key] = ids.next()
        if isinstance(key, FontFace):
            file = font_file(key, "".join(sorted(used)), font_ids[key])
            parts[f"{pkg.DOC}/{pkg.RES}/{file.name}"] = file.data
            font_list.append((font_ids[key], file, key.name))
        else:  # no font file found for it: named only, a reader substitutes
            font_list.append((font_ids[key], None, key))
            warnings.append(f"OFD：未找到字体“{key}”的字体文件，未嵌入（阅读器将以其他字体显示）")

    # Images: one resource per distinct picture (a seal used twice is stored once).
    image_ids: dict[str, int] = {}
    image_list: list[tuple[int, str]] = []
    for page in pages:
        for item in page.items:
            if isinstance(item, Image):
                digest = hashlib.sha256(item.png).hexdigest()
                if digest not in image_ids:
                    image_ids[digest] = ids.next()
                    name = f"image_{image_ids[digest]}.png"
                    parts[f"{pkg.DOC}/{pkg.RES}/{name}"] = item.png
                    image_list.append((image_ids[digest], name))

    def font_id(pdf_name: str) -> int:
        return font_ids[faces[pdf_name] or pdf_name]

    def image_id(png: bytes) -> int:
        return image_ids[hashlib.sha256(png).hexdigest()]

    page_refs = []
    for n, page in enumerate(pages):
        loc = f"Pages/Page_{n}/Content.xml"
        page_refs.append((ids.next(), loc))
        parts[f"{pkg.DOC}/{loc}"] = tostring(page_content(page, ids, font_id, image_id))

    files = options.embedded_files
    for n, f in enumerate(files, start=1):
        parts[f"{pkg.DOC}/Attachs/{pkg.attachment_file(n, f.name)}"] = f.data
    info = _info(doc, options)
    if files:
        parts[f"{pkg.DOC}/Attachments.xml"] = tostring(pkg.attachments_xml(files, info.created))
    parts[f"{pkg.DOC}/PublicRes.xml"] = tostring(pkg.public_res(font_list))
    parts[f"{pkg.DOC}/DocumentRes.xml"] = tostring(pkg.document_res(image_list))
    box = _page_box(pages)
    parts[f"{pkg.DOC}/Document.xml"] = tostring(pkg.document_xml(ids.last, box, page_refs, bool(files)))
    entry = tostring(pkg.ofd_xml(info, pkg.doc_id(parts)))
    ordered = {"OFD.xml": entry, **dict(sorted(parts.items(), key=lambda kv: _order(kv[0])))}
    return pkg.zip_parts(ordered), warnings


def _page_box(pages: list[Page]) -> tuple[float, float]:
    """The physical page, mm, to 0.01 mm (the PDF's A4 is 595.276 × 841.89 pt: 210 × 297)."""
    first = pages[0] if pages else Page(210.0, 297.0, ())
    return round(first.width, 2), round(first.height, 2)


def _order(name: str) -> tuple:
    """Zip order: the document's XML first, then pages in page order, then resources and attachments."""
    if name.endswith("Document.xml"):
        return (0, 0, "")
    if name.endswith("Res.xml") or name.endswith("Attachments.xml"):
        return (1, 0, name)
    if "/Pages/Page_" in name:
        return (2, int(name.split("/Page_")[1].split("/")[0]), name)
    return (3, 0, name)
