"""``docgen verify``: the PDF's signature, the manifests and every hash, as separate facts with one
verdict. Nothing here prints; the CLI shows the verdict first, then the facts.

What a recipient holds decides what can be checked, and the PDF alone is enough:

* The PDF's PAdES signature covers the whole file, so it covers the manifest and the data file the PDF
  embeds (PDF/A-3 associated files). The embedded manifest therefore needs no signature of its own: it is
  signed by the PDF's signature, with the same certificate, and a change to it breaks that signature. The
  detached ``NAME.manifest.json.p7s`` signs only the *external* manifest, which cannot be embedded (it
  records the signed PDF's own hash and the DOCX's); it travels beside the PDF and is checked when present.
* The embedded manifest is bound to this PDF by the document properties both record (title, 发文字号,
  签发人, 签发日期, version, status); the embedded data file must match the hash it records.
* The external manifest, when present, must say what the embedded one says (inputs, templates, approval),
  must be signed by the very certificate that signed the PDF (compared by SHA-256 fingerprint, never by
  name), and its record of the PDF as rendered must match the signed PDF's first revision.
* Files are looked for by name beside the manifest, then where they lay at render time; a file found must
  match, a file not found is not checked (its embedded copy is, when there is one).
* Trust: without ``--trust`` nothing says who owns the certificate (anyone can make one with the organ's
  name), so a valid but unanchored signature gives the verdict UNTRUSTED, which is not a pass."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from ..source import SourceRef
from . import manifest as mf
from .sign import Skipped, pdf_state, subject_name


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing checked. ``ok`` None: not checked (e.g. trust without --trust); ``required`` facts decide
    the bottom line."""

    key: str
    ok: bool | None
    zh: str
    en: str
    required: bool = True


class Verdict(StrEnum):
    PASSED = "passed"
    UNTRUSTED = "untrusted"  # every check holds, but no trusted root vouches for the signing certificate
    FAILED = "failed"


@dataclass
class VerifyReport:
    pdf: Path | None
    manifest: Path | None
    facts: list[Fact] = field(default_factory=list)
    signer: str | None = None
    signed_at: dt.datetime | None = None
    certificate: str | None = None  # SHA-256 fingerprint (hex) of the PDF's signing certificate
    trust_checked: bool = False

    def add(self, key: str, ok: bool | None, zh: str, en: str, required: bool = True) -> None:
        self.facts.append(Fact(key, ok, zh, en, required))

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def failed(self) -> list[Fact]:
        return [f for f in self.facts if f.required and f.ok is not True]

    @property
    def verdict(self) -> Verdict:
        if not self.facts or self.failed():
            return Verdict.FAILED
        if self.certificate is not None and not self.trust_checked:
            return Verdict.UNTRUSTED
        return Verdict.PASSED

    @property
    def bottom_line(self) -> bool:
        """True only for a pass: an untrusted signature is not one."""
        return self.verdict is Verdict.PASSED

    def headline(self) -> tuple[str, str]:
        """The verdict in plain words (zh, en); the first failed fact decides and is named."""
        verdict = self.verdict
        if verdict is Verdict.FAILED:
            failed = self.failed()
            if not failed:
                return "核验未通过：没有可核验的内容", "verification failed: nothing to verify"
            more_zh = f"（共 {len(failed)} 项不成立，见下）" if len(failed) > 1 else ""
            more_en = f" ({len(failed)} checks failed, see below)" if len(failed) > 1 else ""
            return f"核验未通过：{failed[0].zh}{more_zh}", f"verification failed: {failed[0].en}{more_en}"
        if verdict is Verdict.UNTRUSTED:
            return (
                "签名有效，但签名证书未经信任验证：请用 --trust 指定机关的根证书",
                "the signature is valid, but its certificate was not checked against a trusted root: "
                "name the organ's root certificate with --trust",
            )
        if self.certificate is None:
            return (
                "核验通过（未签名）：各文件与清单一致，但没有签名，不能证明由谁发出",
                "verified (unsigned): the files match the manifest, but nothing proves who issued them",
            )
        return (
            f"核验通过：签名有效，签名证书经所信任的证书（--trust）验证（签名人：{self.signer}），签名后未被改动",
            f"verified: valid signature by {self.signer}, certificate trusted, unchanged since signing",
        )


def _context(trust: list[Path]):
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for p in trust:
        try:
            roots.extend(load_certs_from_pemder([str(p)]))
        except Exception:
            raise InputError(
                message="无法读取信任证书（--trust 需要 PEM 或 DER 格式的 CA 证书）",
                message_en="cannot read the trust anchor (--trust takes a PEM or DER CA certificate)",
                source=SourceRef(str(p)),
            ) from None
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def locate(path: Path) -> tuple[Path | None, Path | None]:
    """(pdf, manifest) from a PDF, a manifest, or a folder holding one manifest."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*" + mf.SUFFIX))
        if len(found) != 1:
            raise InputError(
                message=f"文件夹中有 {len(found)} 个清单文件，请直接指定 PDF 或清单",
                message_en=f"the folder holds {len(found)} manifests; name the PDF or the manifest",
                source=SourceRef(str(path)),
            )
        path = found[0]
    if not path.is_file():
        raise InputError(message="文件不存在", message_en="no such file", source=SourceRef(str(path)))
    if path.name.endswith(mf.SUFFIX):
        return _manifest_pdf(path), path
    man = mf.manifest_path(path)
    return path, (man if man.is_file() else None)


def _manifest_pdf(man: Path) -> Path | None:
    """The PDF a manifest names, beside it; None when the manifest cannot be read or names none (the
    verification of the manifest then says so)."""
    try:
        data = mf.load(man)
    except InputError:
        return None
    entry = next((o for o in data.get("outputs", []) if o.get("role") == "pdf"), None)
    return mf.candidates(entry, man.parent)[0] if entry else None


def targets(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """What ``docgen verify`` checks, one report each: a named file as such; a folder holding one document
    (one manifest, at most one PDF) as that document; any other folder as every final in it and its
    subfolders: each PDF with a manifest beside it, a final marker or a signature, plus every manifest
    whose PDF is missing (so a deleted PDF is reported, not overlooked). Other PDFs (drafts, a roll-up)
    are listed as not checked."""
    out: list[Path] = []
    skipped: list[Skipped] = []
    for path in map(Path, paths):
        if not path.is_dir():
            out.append(path)
            continue
        manifests = sorted(path.rglob("*" + mf.SUFFIX))
        pdfs = sorted(path.rglob("*.pdf"))
        if not pdfs and not manifests:
            raise InputError(
                message="文件夹中没有 PDF 或清单文件",
                message_en="the folder holds no PDF and no manifest",
                source=SourceRef(str(path)),
            )
        if len(manifests) == 1 and len(pdfs) <= 1 and manifests[0].parent == path:
            out.append(path)
            continue
        for pdf in pdfs:
            if mf.manifest_path(pdf).is_file():
                out.append(pdf)
                continue
            try:
                final, signed = pdf_state(pdf.read_bytes(), pdf)
            except (InputError, OSError):
                final = signed = True  # unreadable: verifying it says so
            if final or signed:
                out.append(pdf)
            else:
                skipped.append(Skipped(pdf, "不是定稿，未核验", "not a final document, not checked"))
        present = set(pdfs)
        for man in manifests:
            pdf = _manifest_pdf(man)
            if pdf is None or pdf not in present:
                out.append(man)
    return list(dict.fromkeys(out)), skipped


@contextlib.contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs failed path building with a traceback; the report states the fact instead."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    saved = [(lg.propagate, lg.handlers[:]) for lg in loggers]
    for lg in loggers:
        lg.propagate = False
        lg.handlers = [logging.NullHandler()]
    try:
        yield
    finally:
        for lg, (propagate, handlers) in zip(loggers, saved, strict=True):
            lg.propagate, lg.handlers = propagate, handlers


def verify(path: Path, trust: list[Path] | None = None, require_signature: bool = True) -> VerifyReport:
    with quiet_pyhanko():
        return _verify(path, trust, require_signature)


def _verify(path: Path, trust: list[Path] | None, require_signature: bool) -> VerifyReport:
    trust = list(trust or [])
    pdf, man = locate(path)
    report = VerifyReport(pdf, man, trust_checked=bool(trust))
    context = _context(trust)  # read (and refused) before anything is reported
    pdf_bytes = None
    reader = None
    if pdf is not None and pdf.is_file():
        pdf_bytes = pdf.read_bytes()
        reader = _check_pdf(report, pdf_bytes, context, require_signature)
    elif pdf is not None:
        report.add("pdf.readable", False, f"PDF 缺失：{pdf.name}", f"the PDF is missing: {pdf.name}")
    attachments = embedded_files(reader) if reader is not None else {}
    if man is None and pdf is not None:  # a renamed PDF: its manifest beside it keeps the original name
        inner = next((n for n in attachments if n.endswith(mf.SUFFIX)), None)
        if inner and (pdf.parent / Path(inner).name).is_file():
            man = report.manifest = pdf.parent / Path(inner).name
    external = None
    if man is not None:
        try:
            external = mf.load(man)
        except InputError as e:  # a damaged manifest is a finding about the filing, not bad input
            report.add(
                "manifest.readable",
                False,
                f"清单文件 {man.name} 无法读取（已损坏或被改动）：{e.message}",
                f"the manifest {man.name} cannot be read (damaged or changed): {e.message_en}",
            )
    embedded = _embedded_manifest(report, attachments, pdf)
    _check_manifests(report, external, man, embedded, reader)
    data = external or embedded
    if data is not None:
        if reader is not None:
            _check_archival(report, reader, data)
            _check_embedded(report, data, attachments)
        _check_hashes(report, data, (man or pdf).parent, pdf, pdf_bytes)  # type: ignore[union-attr]
    if external is not None and man is not None:
        _check_manifest_signature(report, man, external, context, require_signature)
    return report


# --- PDF ------------------------------------------------------------------------------------------------
def fingerprint(cert) -> str:
    """SHA-256 of the certificate's DER: what identifies a certificate (a name can be copied)."""
    return mf.sha256(cert.dump())


def short(fp: str) -> str:
    return ":".join(fp[i : i + 2] for i in range(0, 16, 2)).upper() + "…"


def _check_pdf(report: VerifyReport, pdf: bytes, context, require: bool):
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


def _signed_and_whole(report: VerifyReport) -> bool:
    return all(
        (f := report.fact(k)) is not None and f.ok is True
        for k in ("pdf.intact", "pdf.valid", "pdf.coverage")
    )


# --- manifests ------------------------------------------------------------------------------------------
def _embedded_manifest(report: VerifyReport, attachments: dict[str, bytes], pdf: Path | None):
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
    if _signed_and_whole(report):
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


def _check_manifests(report, external, man: Path | None, embedded, reader) -> None:
    if external is None and embedded is None:
        part2 = reader is not None and 'pdfaid:part="2"' in _xmp(reader)
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


def _xmp(reader) -> str:
    try:
        return reader.root["/Metadata"].get_object().data.decode("utf-8", "replace")
    except Exception:
        return ""


def _check_archival(report, reader, data) -> None:
    """The PDF/A marker matches the manifest's variant."""
    variant = data.get("pdf_variant")
    if not variant:
        return
    part, conformance = variant[-2], variant[-1].upper()
    xmp = _xmp(reader)
    marked = f'pdfaid:part="{part}"' in xmp and f'pdfaid:conformance="{conformance}"' in xmp
    report.add(
        "pdf.pdfa",
        marked,
        f"PDF/A 标识与清单一致（{variant}）" if marked else f"PDF 缺少 {variant} 标识",
        f"PDF/A marker matches ({variant})" if marked else f"the PDF lacks the {variant} marker",
    )


def _check_embedded(report, data, attachments: dict[str, bytes]) -> None:
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


def _check_manifest_signature(report, man: Path, external, context, require: bool) -> None:
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


# --- hashes ---------------------------------------------------------------------------------------------
ROLE_ZH = {
    "data": "数据文件",
    "previous": "上年数据",
    "image": "图片",
    "template": "模板",
    "pdf": "PDF",
    "docx": "DOCX",
    "ofd": "OFD",
}


def _check_hashes(
    report, data: dict[str, Any], base: Path, pdf: Path | None, pdf_bytes: bytes | None
) -> None:
    same_docgen = data.get("docgen_version") == __version__
    for group in ("inputs", "templates", "outputs"):
        for entry in data.get(group, []):
            role = entry.get("role", group)
            label = ROLE_ZH.get(role, role)
            shown = mf.shown(entry)
            key = f"hash.{role}:{shown}"
            if role == "pdf" and pdf_bytes is not None:
                _check_pdf_hash(report, entry, key, pdf_bytes)
                continue
            path = mf.resolve(entry, base)
            if path is None:
                if role == "pdf":
                    report.add(key, False, f"PDF {shown}：文件缺失", f"PDF {shown}: missing")
                elif entry.get("embedded"):
                    report.add(
                        key,
                        None,
                        f"{label} {shown}：外部文件不在，以 PDF 内嵌的副本核对",
                        f"{role} {shown}: not beside; its embedded copy is checked",
                        required=False,
                    )
                else:
                    report.add(
                        key,
                        None,
                        f"{label} {shown}：未随附，未核对（清单记录了其哈希）",
                        f"{role} {shown}: not present, not checked (the manifest records its hash)",
                        required=False,
                    )
                continue
            ok = mf.sha256(path.read_bytes()) == entry.get("sha256")
            if not ok and entry.get("builtin_template") and not same_docgen:
                report.add(
                    key,
                    None,
                    f"模板 {shown}：本机 docgen 版本（{__version__}）与生成时（{data.get('docgen_version')}）不同，内置模板不可比",
                    f"template {shown}: this docgen ({__version__}) differs from the one that rendered it",
                    required=False,
                )
                continue
            beside = path.parent == base or entry.get("builtin_template")
            where = "" if beside else f"（{mf.rel(path, base)}）"
            report.add(
                key,
                ok,
                f"{label} {shown}{where}：哈希一致"
                if ok
                else f"{label} {shown}{where}：哈希不符（文件已被改动）",
                f"{role} {shown}: hash matches" if ok else f"{role} {shown}: hash differs (file changed)",
            )


def _check_pdf_hash(report, entry: dict[str, Any], key: str, pdf: bytes) -> None:
    """The PDF the manifest records (after signing: the signed file), and its first revision (the PDF as
    rendered; signing only appends)."""
    ok = mf.sha256(pdf) == entry.get("sha256")
    report.add(
        key,
        ok,
        f"PDF {entry['name']}：哈希与清单一致"
        if ok
        else f"PDF {entry['name']}：哈希与清单不符（PDF 已被改动或不是清单记录的那份）",
        "PDF hash matches the manifest" if ok else "the PDF's hash differs from the manifest",
    )
    size, digest = entry.get("unsigned_size"), entry.get("unsigned_sha256")
    if isinstance(size, int) and digest:
        first = mf.sha256(pdf[:size]) == digest
        report.add(
            "pdf.rendered_revision",
            first,
            "PDF 签名前的版本与生成时一致" if first else "PDF 签名前的版本与生成时记录的不符",
            "the PDF's unsigned revision is the one rendered"
            if first
            else "the PDF's unsigned revision differs from the one rendered",
        )
