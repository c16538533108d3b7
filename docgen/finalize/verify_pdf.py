"""``docgen verify``, the PDF's own facts: its PAdES signature (intact, valid, covering the whole file,
timestamped, trusted), the certificate that made it, and the files and XMP metadata it carries."""

from __future__ import annotations

import io

from . import manifest as mf
from .sign import subject_name
from .verdict import VerifyReport


def fingerprint(cert) -> str:
    """SHA-256 of the certificate's DER: what identifies a certificate (a name can be copied)."""
    return mf.sha256(cert.dump())


def short(fp: str) -> str:
    return ":".join(fp[i : i + 2] for i in range(0, 16, 2)).upper() + "…"


def check_pdf(report: VerifyReport, pdf: bytes, context, require: bool):
    """The PAdES signature facts; returns the reader (None when the PDF cannot be parsed)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception as e:
        report.add(
            "pdf.readable", False, f"PDF 无法解析（已损坏或被改动）：{e}", f"the PDF cannot be parsed: {e}"
        )
        return None
    report.add("pdf.readable", True, "PDF 可以解析", "the PDF parses")
    if not sigs:
        report.add(
            "pdf.signed", False, "PDF 没有数字签名", "the PDF has no digital signature", required=require
        )
        return reader
    report.add("pdf.signed", True, f"PDF 有 {len(sigs)} 个数字签名", f"the PDF has {len(sigs)} signature(s)")
    try:
        status = validate_pdf_signature(sigs[-1], context)
    except Exception as e:
        report.add("pdf.intact", False, f"签名无法校验：{e}", f"the signature cannot be validated: {e}")
        return reader
    report.signer = subject_name(status.signing_cert)
    report.certificate = fingerprint(status.signing_cert)
    stamped = status.timestamp_validity
    report.signed_at = stamped.timestamp if stamped is not None else status.signer_reported_dt
    report.add(
        "pdf.intact",
        bool(status.intact),
        "签名所覆盖的内容未被改动"
        if status.intact
        else "PDF 在签名后被改动：签名所覆盖的内容与签名不符，签名失效",
        "the signed bytes are intact"
        if status.intact
        else "the PDF was changed after signing: the signed bytes no longer match, the signature is void",
    )
    if status.intact:
        report.add(
            "pdf.valid",
            bool(status.valid),
            "签名值有效（与签名证书的公钥相符）" if status.valid else "签名值与签名证书不符：签名失效",
            "the signature value is valid" if status.valid else "the signature value is invalid: void",
        )
    else:  # a valid value over changed content proves nothing: say so instead of a ✓
        report.add(
            "pdf.valid",
            None,
            "签名值未作判断：所签内容已变，以上一项为准",
            "signature value not judged: the signed content changed (the check above decides)",
            required=False,
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.add(
        "pdf.coverage",
        whole,
        "签名覆盖整个文件" if whole else "签名之后文件又被追加或改动（签名未覆盖整个文件）",
        "the signature covers the whole file" if whole else "the file was changed after signing",
    )
    if stamped is not None:
        ok = bool(stamped.intact and stamped.valid)
        report.add(
            "pdf.timestamp",
            ok and (stamped.trusted or not report.trust_checked),
            f"签名时间由时间戳服务证明：{stamped.timestamp.isoformat()}" if ok else "签名时间戳无效",
            f"signing time attested by a timestamp: {stamped.timestamp.isoformat()}"
            if ok
            else "the signature timestamp is invalid",
        )
    when = report.signed_at.isoformat() if report.signed_at else "未知"
    source = "时间戳" if stamped is not None else "签名人自报，未加时间戳"
    report.add(
        "pdf.signer",
        True,
        f"签名人：{report.signer}；证书指纹 SHA-256 {short(report.certificate)}；签名时间：{when}（{source}）",
        f"signer: {report.signer}; certificate SHA-256 {short(report.certificate)}; signed at {when}",
    )
    if not (status.intact and status.valid):
        report.add(
            "pdf.trusted", None, "签名已失效，未再核验信任链", "signature void; trust not checked", False
        )
    elif report.trust_checked:
        report.add(
            "pdf.trusted",
            bool(status.trusted),
            "签名证书可追溯到所信任的证书（--trust）"
            if status.trusted
            else "签名证书不能追溯到所信任的证书（--trust）",
            "the certificate chains to the trusted root"
            if status.trusted
            else "the certificate does not chain to the trusted root",
        )
    else:
        report.add(
            "pdf.trusted",
            None,
            "签名证书未经信任验证（未给出 --trust）：同名证书谁都能做，只有根证书能证明签名人身份",
            "certificate not checked against a trusted root (no --trust): anyone can make a certificate "
            "with the organ's name",
            required=False,
        )
    return reader


def embedded_files(reader) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return out
    for i in range(0, len(names) - 1, 2):
        spec = names[i + 1].get_object()
        out[str(spec.get("/UF", names[i]))] = spec["/EF"]["/F"].get_object().data
    return out


def signed_and_whole(report: VerifyReport) -> bool:
    return all(
        (f := report.fact(k)) is not None and f.ok is True
        for k in ("pdf.intact", "pdf.valid", "pdf.coverage")
    )


def xmp_text(reader) -> str:
    try:
        return reader.root["/Metadata"].get_object().data.decode("utf-8", "replace")
    except Exception:
        return ""
