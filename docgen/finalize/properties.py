"""Document properties shared by the PDF (Info dictionary, XMP) and the DOCX (custom properties):
发文字号, 发文机关, 成文日期, 签发人, 签发日期, version, status, docgen version."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from .. import __version__
from ..model import Document
from ..render.options import RenderOptions

STATUS_FINAL = "定稿"
STATUS_DRAFT = "草稿"


@dataclass(frozen=True, slots=True)
class Property:
    """One property: ``key`` (ASCII) names it in the PDF Info dictionary and the XMP packet, ``label``
    (Chinese) in the DOCX custom properties."""

    key: str
    label: str
    value: str


def document_properties(doc: Document, options: RenderOptions) -> list[Property]:
    props: list[Property] = []
    m = doc.masthead
    if m is not None and m.doc_number:
        props.append(Property("DocNumber", "发文字号", m.doc_number))
    if doc.meta.author:
        props.append(Property("Issuer", "发文机关", doc.meta.author))
    date = doc.signoff.date if doc.signoff is not None else doc.meta.date
    if date is not None:
        props.append(Property("DocDate", "成文日期", date.isoformat()))
    if options.approval is not None:
        props.append(Property("Signer", "签发人", options.approval.signer))
        props.append(Property("ApprovalDate", "签发日期", options.approval.date.isoformat()))
        props.append(Property("DocVersion", "版本", options.approval.version))
    elif m is not None and m.signers:
        props.append(Property("Signer", "签发人", "、".join(m.signers)))
    props.append(Property("Status", "状态", STATUS_FINAL if options.final else STATUS_DRAFT))
    props.append(Property("DocgenVersion", "docgen 版本", __version__))
    return props


# --- DOCX: docProps/custom.xml ------------------------------------------------------------------------
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid Office uses for user-defined properties


def custom_xml(props: list[Property]) -> bytes:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(p.label, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(p.value)}</vt:lpwstr></property>"
        for pid, p in enumerate(props, start=2)  # pid 0 and 1 are reserved
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()


def add_docx_properties(out: object, doc: Document, options: RenderOptions) -> None:
    """Give a python-docx Document its custom properties part, and the core properties that record the
    approval (``contentStatus``, ``version``). Core title/author/dates are the writer's."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    props = document_properties(doc, options)
    cp = out.core_properties  # type: ignore[attr-defined]
    cp.content_status = next(p.value for p in props if p.key == "Status")
    if options.approval is not None:
        cp.version = options.approval.version
    package = out.part.package  # type: ignore[attr-defined]
    for rid, rel in list(package.rels.items()):
        if rel.reltype == CUSTOM_RT:
            del package.rels[rid]
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, custom_xml(props), package)
    package.relate_to(part, CUSTOM_RT)
