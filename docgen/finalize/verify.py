"""``docgen verify``: the PDF's signature, the manifest's signature and every hash, as separate facts with
one bottom line. Nothing here prints; the CLI turns the report into a verdict."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..source import SourceRef
from . import manifest as mf


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing checked. ``ok`` None: not checked (e.g. trust without --trust); ``required`` facts decide
    the bottom line."""

    key: str
    ok: bool | None
    zh: str
    en: str
    required: bool = True


@dataclass
class VerifyReport:
    pdf: Path | None
    manifest: Path | None
    facts: list[Fact] = field(default_factory=list)
    signer: str | None = None
    signed_at: dt.datetime | None = None

    def add(self, key: str, ok: bool | None, zh: str, en: str, required: bool = True) -> None:
        self.facts.append(Fact(key, ok, zh, en, required))

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def failed(self) -> list[Fact]:
        return [f for f in self.facts if f.required and f.ok is not True]

    @property
    def bottom_line(self) -> bool:
        return bool(self.facts) and not self.failed()


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
        data = mf.load(path)
        entry = next((o for o in data.get("outputs", []) if o.get("role") == "pdf"), None)
        return (mf.resolve(entry, path.parent) if entry else None), path
    man = mf.manifest_path(path)
    return path, (man if man.is_file() else None)


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
    report = VerifyReport(pdf, man)
    vc_factory = (lambda: _context(trust)) if trust else (lambda: _context([]))
    data: dict[str, Any] | None = None
    if man is not None:
        data = mf.load(man)
    if pdf is not None:
        _check_pdf(report, pdf, vc_factory, bool(trust), require_signature, data)
    report.add(
        "manifest.found",
        man is not None,
        f"清单文件：{man}" if man else "未找到清单文件（NAME.manifest.json）",
        f"manifest: {man}" if man else "no manifest (NAME.manifest.json) found",
    )
    if man is not None and data is not None:
        _check_manifest_signature(report, man, vc_factory, bool(trust), require_signature)
        _check_hashes(report, data, man.parent)
    return report


# --- PDF ------------------------------------------------------------------------------------------------
def _check_pdf(report, pdf: Path, vc_factory, trusted_check: bool, require: bool, data) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
        sigs = reader.embedded_signatures
    except Exception as e:
        report.add(
            "pdf.readable", False, f"PDF 无法解析（已损坏或被改动）：{e}", f"the PDF cannot be parsed: {e}"
        )
        return
    report.add("pdf.readable", True, "PDF 可以解析", "the PDF parses")
    if not sigs:
        report.add(
            "pdf.signed", False, "PDF 没有数字签名", "the PDF has no digital signature", required=require
        )
    else:
        report.add(
            "pdf.signed", True, f"PDF 有 {len(sigs)} 个数字签名", f"the PDF has {len(sigs)} signature(s)"
        )
        sig = sigs[-1]
        try:
            status = validate_pdf_signature(sig, vc_factory())
        except Exception as e:
            report.add("pdf.intact", False, f"签名无法校验：{e}", f"the signature cannot be validated: {e}")
        else:
            report.signer = _cn(status.signing_cert)
            report.signed_at = status.signer_reported_dt
            when = report.signed_at.isoformat() if report.signed_at else "未知"
            report.add(
                "pdf.intact",
                bool(status.intact),
                "签名范围内的内容未被改动" if status.intact else "签名范围内的内容已被改动（摘要不符）",
                "signed bytes intact" if status.intact else "the signed bytes were changed (digest mismatch)",
            )
            report.add(
                "pdf.valid",
                bool(status.valid),
                "签名值有效" if status.valid else "签名值无效",
                "signature value valid" if status.valid else "signature value invalid",
            )
            whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            report.add(
                "pdf.coverage",
                whole,
                "签名覆盖整个文件" if whole else "签名之后文件又被追加或改动（签名未覆盖整个文件）",
                "the signature covers the whole file" if whole else "the file was changed after signing",
            )
            report.add(
                "pdf.signer",
                True,
                f"签名人：{report.signer}；签名时间：{when}",
                f"signer: {report.signer}; signed at {when}",
            )
            if not (status.intact and status.valid):
                report.add(
                    "pdf.trusted",
                    None,
                    "签名已失效，未再核验信任链",
                    "signature broken; trust not checked",
                    required=False,
                )
            elif trusted_check:
                report.add(
                    "pdf.trusted",
                    bool(status.trusted),
                    "签名证书由所信任的 CA 签发" if status.trusted else "签名证书不能追溯到所信任的 CA",
                    "the certificate chains to the trusted CA"
                    if status.trusted
                    else "the certificate does not chain to the trusted CA",
                )
            else:
                report.add(
                    "pdf.trusted",
                    None,
                    "未核验证书信任链（未给出 --trust）",
                    "trust not checked (no --trust)",
                    required=False,
                )
    _check_archival(report, reader, data)


def _check_archival(report, reader, data) -> None:
    """The PDF/A marker matches the manifest's variant; the embedded data file matches the recorded input."""
    if data is None or not data.get("pdf_variant"):
        return
    variant = data["pdf_variant"]  # "pdf/a-3b"
    part, conformance = variant[-2], variant[-1].upper()
    try:
        xmp = reader.root["/Metadata"].get_object().data.decode("utf-8", "replace")
    except Exception:
        xmp = ""
    marked = f'pdfaid:part="{part}"' in xmp and f'pdfaid:conformance="{conformance}"' in xmp
    report.add(
        "pdf.pdfa",
        marked,
        f"PDF/A 标识与清单一致（{variant}）" if marked else f"PDF 缺少 {variant} 标识",
        f"PDF/A marker matches ({variant})" if marked else f"the PDF lacks the {variant} marker",
    )
    recorded = next((i for i in data.get("inputs", []) if i.get("role") == "data"), None)
    if recorded is None or part == "2":  # PDF/A-2 carries no data file
        return
    embedded = embedded_files(reader)
    name = Path(recorded["path"]).name
    same = name in embedded and mf.sha256(embedded[name]) == recorded["sha256"]
    report.add(
        "pdf.embedded",
        same,
        f"PDF 内嵌的数据文件 {name} 与清单一致" if same else f"PDF 内嵌的数据文件 {name} 缺失或与清单不符",
        f"the embedded data file {name} matches"
        if same
        else f"embedded data file {name} missing or different",
    )


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


def _cn(cert) -> str:
    return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)


# --- manifest -------------------------------------------------------------------------------------------
def _check_manifest_signature(report, man: Path, vc_factory, trusted_check: bool, require: bool) -> None:
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    sig_path = mf.signature_path(man)
    if not sig_path.is_file():
        report.add(
            "manifest.signed",
            False,
            "清单没有签名（缺少 .p7s 文件）",
            "the manifest is not signed (no .p7s)",
            required=require,
        )
        return
    report.add(
        "manifest.signed", True, f"清单签名文件：{sig_path.name}", f"manifest signature: {sig_path.name}"
    )
    try:
        signed = cms.ContentInfo.load(sig_path.read_bytes())["content"]
        vc = vc_factory()
        status = asyncio.run(
            async_validate_detached_cms(man.read_bytes(), signed, signer_validation_context=vc)
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
        "清单内容与签名相符" if ok else "清单内容与签名不符（清单已被改动）",
        "the manifest matches its signature" if ok else "the manifest does not match its signature",
    )
    name = _cn(status.signing_cert)
    if report.signer is not None:
        same = name == report.signer
        report.add(
            "manifest.same_signer",
            same,
            f"清单与 PDF 由同一证书签名（{name}）" if same else f"清单签名人 {name} 与 PDF 签名人不同",
            f"manifest and PDF signed by the same certificate ({name})" if same else "different signers",
        )
    if trusted_check and ok:
        report.add(
            "manifest.trusted",
            bool(status.trusted),
            "清单签名证书由所信任的 CA 签发" if status.trusted else "清单签名证书不能追溯到所信任的 CA",
            "the manifest certificate chains to the trusted CA"
            if status.trusted
            else "the manifest certificate is not trusted",
        )


ROLE_ZH = {
    "data": "数据文件",
    "previous": "上年数据",
    "image": "图片",
    "template": "模板",
    "pdf": "PDF",
    "docx": "DOCX",
    "ofd": "OFD",
}


def _check_hashes(report, data: dict[str, Any], base: Path) -> None:
    for group in ("inputs", "templates", "outputs"):
        for entry in data.get(group, []):
            role = entry.get("role", group)
            label = ROLE_ZH.get(role, role)
            shown = (
                f"{entry['builtin_template']}/{entry['path']}"
                if entry.get("builtin_template")
                else entry["path"]
            )
            path = mf.resolve(entry, base)
            key = f"hash.{role}:{shown}"
            try:
                actual = mf.sha256(path.read_bytes())
            except OSError:
                report.add(key, False, f"{label} {shown}：文件缺失", f"{role} {shown}: missing")
                continue
            ok = actual == entry.get("sha256")
            report.add(
                key,
                ok,
                f"{label} {shown}：哈希一致" if ok else f"{label} {shown}：哈希不符（文件已被改动）",
                f"{role} {shown}: hash matches" if ok else f"{role} {shown}: hash differs (file changed)",
            )
