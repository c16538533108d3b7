"""Archival PDF (PDF/A-3b, PDF/A-2b): WeasyPrint writes the variant (output intent, embedded fonts, XMP
``pdfaid``); this module adds the 公文's properties to the Info dictionary and, declared through a PDF/A
extension schema, to the XMP packet, and hands WeasyPrint the associated files (PDF/A-3 only: PDF/A-2
forbids embedding anything but PDF/A files)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import pydyf

from ..model import Document
from ..render.options import UNDATED, RenderOptions
from .properties import Property, document_properties

if TYPE_CHECKING:  # WeasyPrint is imported by the renderer, the quick way (render/pdf/weasy/quickimport.py)
    from weasyprint.document import Document as WeasyDocument

VARIANTS = ("pdf/a-3b", "pdf/a-2b")
FINAL_VARIANT = "pdf/a-3b"
# A namespace of docgen's own for the 公文 properties in XMP, declared in the packet as PDF/A requires.
GONGWEN_NS = "http://ns.docgen.invalid/gongwen/1.0/"
GONGWEN_PREFIX = "gongwen"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFA_EXT = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROP = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (
    (GONGWEN_PREFIX, GONGWEN_NS),
    ("pdfaExtension", PDFA_EXT),
    ("pdfaSchema", PDFA_SCHEMA),
    ("pdfaProperty", PDFA_PROP),
):
    ET.register_namespace(_prefix, _uri)


def attachments_allowed(variant: str | None) -> bool:
    """PDF/A-1 and -2 cannot carry a YAML or JSON file; plain PDF and PDF/A-3 can."""
    return variant is None or not (variant.startswith("pdf/a-1") or variant.startswith("pdf/a-2"))


def write_options(rendered: WeasyDocument, doc: Document, options: RenderOptions) -> dict[str, Any]:
    """Keyword arguments for ``rendered.write_pdf`` (and the metadata set on ``rendered``) that make the
    PDF carry the document's properties, its variant and its associated files. Empty for a plain draft."""
    if not (options.final or options.pdf_variant or options.embedded_files):
        return {}
    props = document_properties(doc, options)
    stamp = (options.timestamp or UNDATED).replace(microsecond=0)  # the caller supplies the time
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    meta = rendered.metadata
    meta.created = meta.created or stamp.isoformat()
    meta.modified = meta.modified or stamp.isoformat()
    kwargs: dict[str, Any] = {"finisher": _Finisher(props, options.pdf_variant)}
    if options.pdf_variant:
        kwargs["pdf_variant"] = options.pdf_variant
    if options.embedded_files and attachments_allowed(options.pdf_variant):
        from weasyprint import Attachment

        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        kwargs["attachments"] = [
            Attachment(
                string=f.data,
                name=f.name,
                description=f.description,
                relationship=f.relationship,
                created=naive,
                modified=naive,
            )
            for f in options.embedded_files
        ]
    return kwargs


class _Finisher:
    """Runs after WeasyPrint built the PDF objects, before it writes them."""

    def __init__(self, props: list[Property], variant: str | None) -> None:
        self.props = props
        self.variant = variant

    def __call__(self, document: WeasyDocument, pdf: pydyf.PDF) -> None:
        for p in self.props:
            pdf.info[p.key] = pydyf.String(p.value)
        if "AF" in pdf.catalog:  # WeasyPrint 70 lists each associated file twice
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(_bytes(r) for r in pdf.catalog["AF"]))
        if "Metadata" in pdf.catalog:
            stream = pdf.objects[int(_bytes(pdf.catalog["Metadata"]).split()[0])]
            stream.stream = [add_to_xmp(b"".join(_bytes(s) for s in stream.stream), self.props)]
            stream.compress = False  # readable by tools that look for the packet without inflating it


def _bytes(chunk: object) -> bytes:
    return chunk if isinstance(chunk, bytes) else str(chunk).encode()


def add_to_xmp(packet: bytes, props: list[Property]) -> bytes:
    """Insert the properties (and the extension schema that declares them) into the packet's rdf:RDF."""
    start, end = packet.index(b"<rdf:RDF"), packet.rindex(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = ET.fromstring(packet[start:end])
    rdf.append(_extension_schema(props))
    values = ET.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    for p in props:
        ET.SubElement(values, f"{{{GONGWEN_NS}}}{_xmp_name(p.key)}").text = p.value
    return packet[:start] + ET.tostring(rdf, encoding="utf-8", xml_declaration=False) + packet[end:]


def _xmp_name(key: str) -> str:
    return key[0].lower() + key[1:]


def _extension_schema(props: list[Property]) -> ET.Element:
    desc = ET.Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    bag = ET.SubElement(ET.SubElement(desc, f"{{{PDFA_EXT}}}schemas"), f"{{{RDF}}}Bag")
    schema = ET.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    ET.SubElement(schema, f"{{{PDFA_SCHEMA}}}schema").text = "docgen 公文 properties"
    ET.SubElement(schema, f"{{{PDFA_SCHEMA}}}namespaceURI").text = GONGWEN_NS
    ET.SubElement(schema, f"{{{PDFA_SCHEMA}}}prefix").text = GONGWEN_PREFIX
    seq = ET.SubElement(ET.SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    for p in props:
        item = ET.SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        ET.SubElement(item, f"{{{PDFA_PROP}}}name").text = _xmp_name(p.key)
        ET.SubElement(item, f"{{{PDFA_PROP}}}valueType").text = "Text"
        ET.SubElement(item, f"{{{PDFA_PROP}}}category").text = "external"
        ET.SubElement(item, f"{{{PDFA_PROP}}}description").text = p.label
    return desc
