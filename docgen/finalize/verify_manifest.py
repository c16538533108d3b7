"""``docgen verify``, the manifests: the one embedded in the PDF and the one beside it agree, belong to this
PDF (its document properties and PDF/A marker), record the files the PDF embeds, and the detached signature
of the external manifest holds and was made by the PDF's own certificate."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..messages import Text, msg
from ..source import SourceRef
from . import manifest as mf
from .sign import subject_name
from .verdict import VerifyReport
from .verify_pdf import fingerprint, short, signed_and_whole, xmp_text


# --- manifests ------------------------------------------------------------------------------------------
def embedded_manifest(report: VerifyReport, attachments: dict[str, bytes], pdf: Path | None):
    name = next((n for n in attachments if n.endswith(mf.SUFFIX)), None)
    if name is None:
        return None
    try:
        data = mf.loads(attachments[name], SourceRef(f"{pdf}#{name}"))
    except InputError as e:
        report.add(
            "manifest.embedded",
            False,
            msg("verify.manifest.embedded_manifest_cannot_read", error=Text(e.message, e.message_en)),
        )
        return None
    if signed_and_whole(report):
        report.add(
            "manifest.embedded", True, msg("verify.manifest.embedded_manifest_inside_signed", name=name)
        )
    else:
        report.add(
            "manifest.embedded",
            None,
            msg("verify.manifest.embedded_manifest_not_protected", name=name),
            required=False,
        )
    return data


# What the manifest's document and approval must equal in the PDF's Info dictionary.
_INFO = (
    ("/Title", ("document", "title"), "标题"),
    ("/DocNumber", ("document", "doc_number"), "发文字号"),
    ("/DocDate", ("document", "date"), "成文日期"),
    ("/Signer", ("approval", "signer"), "签发人"),
    ("/ApprovalDate", ("approval", "date"), "签发日期"),
    ("/DocVersion", ("approval", "version"), "版本"),
    ("/Status", ("status",), "状态"),
)


def _recorded(data: dict[str, Any], keys: tuple[str, ...]) -> str:
    v: Any = data
    for k in keys:
        v = v.get(k) if isinstance(v, dict) else None
    return "" if v is None else str(v)


def _squeezed(value: object) -> str:
    """A property without whitespace: the PDF writer may fold a title's line breaks and spaces."""
    return "".join(str(value).split())


def _without_outputs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("outputs", "signature")}


def _outputs_agree(external: dict[str, Any], embedded: dict[str, Any]) -> bool:
    """Every output the embedded manifest records (the DOCX, since session 6; none before) is recorded
    alike in the manifest file: a file that names another DOCX does not belong to this PDF."""
    recorded = {(e.get("role"), e.get("name")): e.get("sha256") for e in external.get("outputs", [])}
    return all(
        recorded.get((e.get("role"), e.get("name"))) == e.get("sha256") for e in embedded.get("outputs", [])
    )


def check_manifests(report, external, man: Path | None, embedded, reader) -> None:
    if external is None and embedded is None:
        part2 = reader is not None and 'pdfaid:part="2"' in xmp_text(reader)
        if part2:
            report.add("manifest.found", None, msg("verify.manifest.pdf_file_cannot_embed"), required=False)
        else:
            report.add("manifest.found", False, msg("verify.manifest.no_docgen_manifest_pdf"))
        return
    if external is not None:
        report.add("manifest.found", True, msg("verify.manifest.manifest", man=man))
    else:
        report.add("manifest.found", None, msg("verify.manifest.no_manifest_beside_pdf"), required=False)
    if external is not None and embedded is not None:
        same = _without_outputs(external) == _without_outputs(embedded) and _outputs_agree(external, embedded)
        report.add(
            "manifest.matches_embedded",
            same,
            msg("verify.manifest.manifest_matches_embedded_one")
            if same
            else msg("verify.manifest.manifest_differs_from_one"),
        )
    if reader is None:
        return
    data = embedded or external
    try:
        info = reader.trailer["/Info"]
    except (KeyError, TypeError):
        info = {}
    wrong = [
        label
        for key, path, label in _INFO
        if key in info and _recorded(data, path) and _squeezed(info[key]) != _squeezed(_recorded(data, path))
    ]
    report.add(
        "manifest.pdf_properties",
        not wrong,
        msg("verify.manifest.manifest_matches_pdf_s")
        if not wrong
        else msg("verify.manifest.manifest_does_not_match", wrong=Text("、".join(wrong), ", ".join(wrong))),
    )


def check_archival(report, reader, data) -> None:
    """The PDF/A marker matches the manifest's variant."""
    variant = data.get("pdf_variant")
    if not variant:
        return
    part, conformance = variant[-2], variant[-1].upper()
    xmp = xmp_text(reader)
    marked = f'pdfaid:part="{part}"' in xmp and f'pdfaid:conformance="{conformance}"' in xmp
    report.add(
        "pdf.pdfa",
        marked,
        msg("verify.manifest.pdf_marker_matches", variant=variant)
        if marked
        else msg("verify.manifest.pdf_lacks_marker", variant=variant),
    )


def check_embedded(report, data, attachments: dict[str, bytes]) -> None:
    """Each input the manifest says the PDF carries is there, with the recorded hash."""
    for entry in data.get("inputs", []):
        name = entry.get("embedded")
        if name is None and entry.get("role") == "data" and entry["name"] in attachments:
            name = entry["name"]  # a docgen-manifest/1 final: the data file was embedded unmarked
        if not name:
            if entry.get("role") == "data":
                report.add(
                    "pdf.embedded",
                    None,
                    msg("verify.manifest.data_file_not_embedded", entry_name=entry["name"]),
                    required=False,
                )
            continue
        same = name in attachments and mf.sha256(attachments[name]) == entry.get("sha256")
        report.add(
            "pdf.embedded" if entry.get("role") == "data" else f"pdf.embedded:{name}",
            same,
            msg("verify.manifest.embedded_data_file_matches", name=name)
            if same
            else msg("verify.manifest.embedded_data_file_missing", name=name),
        )


def check_manifest_signature(report, man: Path, external, context, require: bool) -> None:
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    sig_path = mf.signature_path(man)
    recorded = external.get("signature") or {}
    if not sig_path.is_file():
        declared = bool(recorded.get("manifest_signature"))
        report.add(
            "manifest.signed",
            None if not (declared or require) else False,
            msg("verify.manifest.unsigned_deleted") if declared else msg("verify.manifest.unsigned"),
            required=declared or require,
        )
        return
    report.add("manifest.signed", True, msg("verify.manifest.manifest_signature", name=sig_path.name))
    try:
        signed = cms.ContentInfo.load(sig_path.read_bytes())["content"]
        status = asyncio.run(
            async_validate_detached_cms(man.read_bytes(), signed, signer_validation_context=context)
        )
    except Exception as e:
        report.add("manifest.signature", False, msg("verify.manifest.manifest_signature_unreadable", error=e))
        return
    ok = bool(status.intact and status.valid)
    report.add(
        "manifest.signature",
        ok,
        msg("verify.manifest.manifest_matches_signature")
        if ok
        else msg("verify.manifest.manifest_does_not_match_2"),
    )
    name, fp = subject_name(status.signing_cert), fingerprint(status.signing_cert)
    if report.certificate is not None:
        same = fp == report.certificate
        report.add(
            "manifest.same_signer",
            same,
            msg("verify.manifest.manifest_pdf_signed_same", name=name, fp=short(fp))
            if same
            else msg(
                "verify.manifest.manifest_pdf_signed_different",
                name=name,
                fp=short(fp),
                signer=report.signer,
                certificate=short(report.certificate),
            ),
        )
    elif report.trust_checked and ok:
        report.add(
            "manifest.trusted",
            bool(status.trusted),
            msg("verify.manifest.manifest_certificate_chains_trusted")
            if status.trusted
            else msg("verify.manifest.manifest_certificate_not_trusted"),
        )
    claimed = recorded.get("certificate_sha256")
    if claimed and report.certificate is not None and claimed != report.certificate:
        report.add(
            "manifest.recorded_certificate",
            False,
            msg("verify.manifest.certificate_fingerprint_manifest_records"),
        )
