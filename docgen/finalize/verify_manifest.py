"""``docgen verify``, the manifests: the one embedded in the PDF and the one beside it agree, belong to this
PDF (its document properties and PDF/A marker), record the files the PDF embeds, and the detached signature
of the external manifest holds and was made by the PDF's own certificate."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ..errors import InputError
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
            f"PDF 内嵌的清单无法读取：{e.message}",
            f"the embedded manifest cannot be read: {e.message_en}",
        )
        return None
    if signed_and_whole(report):
        report.add(
            "manifest.embedded",
            True,
            f"PDF 内嵌清单 {name}：在签名范围内，随 PDF 签名一同受保护（无需单独签名）",
            f"embedded manifest {name}: inside the signed range, protected by the PDF's signature",
        )
    else:
        report.add(
            "manifest.embedded",
            None,
            f"PDF 内嵌清单 {name}（PDF 签名无效或未签名，清单未受签名保护）",
            f"embedded manifest {name} (not protected: the PDF's signature is missing or void)",
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


def check_manifests(report, external, man: Path | None, embedded, reader) -> None:
    if external is None and embedded is None:
        part2 = reader is not None and 'pdfaid:part="2"' in xmp_text(reader)
        if part2:
            report.add(
                "manifest.found",
                None,
                "PDF/A-2 不能内嵌清单，旁边也没有清单文件：只核对了 PDF 签名",
                "a PDF/A-2 file cannot embed its manifest and none lies beside it: only the signature checked",
                required=False,
            )
        else:
            report.add(
                "manifest.found",
                False,
                "PDF 中没有 docgen 清单，旁边也没有清单文件（NAME.manifest.json）：不是 docgen 定稿，或清单已丢失",
                "no docgen manifest in the PDF nor beside it: not a docgen final, or the manifest was lost",
            )
        return
    if external is not None:
        report.add("manifest.found", True, f"清单文件：{man}", f"manifest: {man}")
    else:
        report.add(
            "manifest.found",
            None,
            "旁边没有清单文件：以 PDF 内嵌的清单核对",
            "no manifest beside the PDF: checked against the embedded one",
            required=False,
        )
    if external is not None and embedded is not None:
        same = _without_outputs(external) == _without_outputs(embedded)
        report.add(
            "manifest.matches_embedded",
            same,
            "清单文件与 PDF 内嵌清单一致"
            if same
            else "清单文件与 PDF 内嵌清单不一致（清单文件被改动或不属于此 PDF）",
            "the manifest matches the embedded one"
            if same
            else "the manifest differs from the one embedded in the PDF",
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
        "清单与 PDF 的文档属性一致（标题、发文字号、签发人、版本等）"
        if not wrong
        else f"清单与 PDF 的文档属性不一致：{'、'.join(wrong)}（清单不属于此 PDF）",
        "the manifest matches the PDF's document properties"
        if not wrong
        else f"the manifest does not match the PDF's properties: {', '.join(wrong)}",
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
        f"PDF/A 标识与清单一致（{variant}）" if marked else f"PDF 缺少 {variant} 标识",
        f"PDF/A marker matches ({variant})" if marked else f"the PDF lacks the {variant} marker",
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
                    f"数据文件 {entry['name']} 未随 PDF 内嵌（生成时未内嵌数据）：清单记录了它的哈希，持有该文件者可核对",
                    f"the data file {entry['name']} is not embedded; the manifest records its hash",
                    required=False,
                )
            continue
        same = name in attachments and mf.sha256(attachments[name]) == entry.get("sha256")
        report.add(
            "pdf.embedded" if entry.get("role") == "data" else f"pdf.embedded:{name}",
            same,
            f"PDF 内嵌的数据文件 {name} 与清单记录的哈希一致"
            if same
            else f"PDF 内嵌的数据文件 {name} 缺失或与清单不符",
            f"the embedded data file {name} matches"
            if same
            else f"embedded data file {name} missing or different",
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
            "清单没有签名（缺少 .p7s 文件）" + ("，而清单记录了它：签名文件被删除" if declared else ""),
            "the manifest is not signed (no .p7s)" + ("; the manifest says it was" if declared else ""),
            required=declared or require,
        )
        return
    report.add(
        "manifest.signed", True, f"清单签名文件：{sig_path.name}", f"manifest signature: {sig_path.name}"
    )
    try:
        signed = cms.ContentInfo.load(sig_path.read_bytes())["content"]
        status = asyncio.run(
            async_validate_detached_cms(man.read_bytes(), signed, signer_validation_context=context)
        )
    except Exception as e:
        report.add(
            "manifest.signature",
            False,
            f"清单签名无法校验：{e}",
            f"the manifest signature is unreadable: {e}",
        )
        return
    ok = bool(status.intact and status.valid)
    report.add(
        "manifest.signature",
        ok,
        "清单内容与其签名相符" if ok else "清单内容与其签名不符（清单已被改动）",
        "the manifest matches its signature" if ok else "the manifest does not match its signature",
    )
    name, fp = subject_name(status.signing_cert), fingerprint(status.signing_cert)
    if report.certificate is not None:
        same = fp == report.certificate
        report.add(
            "manifest.same_signer",
            same,
            f"清单与 PDF 由同一张证书签名（{name}，指纹 {short(fp)}）"
            if same
            else f"清单与 PDF 不是同一张证书签名（清单：{name} {short(fp)}；PDF：{report.signer} "
            f"{short(report.certificate)}）——同名不等于同一证书",
            f"manifest and PDF signed by the same certificate ({short(fp)})"
            if same
            else f"manifest and PDF signed by different certificates ({short(fp)} vs {short(report.certificate)})",
        )
    elif report.trust_checked and ok:
        report.add(
            "manifest.trusted",
            bool(status.trusted),
            "清单签名证书可追溯到所信任的证书（--trust）"
            if status.trusted
            else "清单签名证书不能追溯到所信任的证书（--trust）",
            "the manifest certificate chains to the trusted root"
            if status.trusted
            else "the manifest certificate is not trusted",
        )
    claimed = recorded.get("certificate_sha256")
    if claimed and report.certificate is not None and claimed != report.certificate:
        report.add(
            "manifest.recorded_certificate",
            False,
            "清单记录的签名证书指纹与 PDF 的签名证书不符",
            "the certificate fingerprint the manifest records differs from the PDF's certificate",
        )
