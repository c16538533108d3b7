"""``docgen verify``, the PDF's own facts: its PAdES signature (intact, valid, covering the whole file,
timestamped, trusted), the certificate that made it, and the files and XMP metadata it carries."""

from __future__ import annotations

import io

from ..messages import msg
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
        report.add("pdf.readable", False, msg("verify.pdf.pdf_cannot_parsed", error=e))
        return None
    report.add("pdf.readable", True, msg("verify.pdf.pdf_parses"))
    if not sigs:
        report.add("pdf.signed", False, msg("verify.pdf.pdf_has_no_digital"), required=require)
        return reader
    report.add("pdf.signed", True, msg("verify.pdf.pdf_has_signature_s", n_sigs=len(sigs)))
    try:
        status = validate_pdf_signature(sigs[-1], context)
    except Exception as e:
        report.add("pdf.intact", False, msg("verify.pdf.signature_cannot_validated", error=e))
        return reader
    report.signer = subject_name(status.signing_cert)
    report.certificate = fingerprint(status.signing_cert)
    stamped = status.timestamp_validity
    report.signed_at = stamped.timestamp if stamped is not None else status.signer_reported_dt
    report.add(
        "pdf.intact",
        bool(status.intact),
        msg("verify.pdf.signed_bytes_are_intact")
        if status.intact
        else msg("verify.pdf.pdf_was_changed_after"),
    )
    if status.intact:
        report.add(
            "pdf.valid",
            bool(status.valid),
            msg("verify.pdf.signature_value_valid")
            if status.valid
            else msg("verify.pdf.signature_value_invalid_void"),
        )
    else:  # a valid value over changed content proves nothing: say so instead of a ✓
        report.add("pdf.valid", None, msg("verify.pdf.signature_value_not_judged"), required=False)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.add(
        "pdf.coverage",
        whole,
        msg("verify.pdf.signature_covers_whole_file") if whole else msg("verify.pdf.file_was_changed_after"),
    )
    if stamped is not None:
        ok = bool(stamped.intact and stamped.valid)
        report.add(
            "pdf.timestamp",
            ok and (stamped.trusted or not report.trust_checked),
            msg("verify.pdf.signing_time_attested_timestamp", isoformat=stamped.timestamp.isoformat())
            if ok
            else msg("verify.pdf.signature_timestamp_invalid"),
        )
    when = report.signed_at.isoformat() if report.signed_at else "未知"
    source = "时间戳" if stamped is not None else "签名人自报，未加时间戳"
    report.add(
        "pdf.signer",
        True,
        msg(
            "verify.pdf.signer_certificate_sha_signed",
            signer=report.signer,
            certificate=short(report.certificate),
            when=when,
            attested=source,
        ),
    )
    if not (status.intact and status.valid):
        report.add("pdf.trusted", None, msg("verify.pdf.signature_void_trust_not"), False)
    elif report.trust_checked:
        report.add(
            "pdf.trusted",
            bool(status.trusted),
            msg("verify.pdf.certificate_chains_trusted_root")
            if status.trusted
            else msg("verify.pdf.certificate_does_not_chain"),
        )
    else:
        report.add("pdf.trusted", None, msg("verify.pdf.certificate_not_checked_against"), required=False)
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
