"""PAdES signatures (pyHanko) on the final PDF, and the detached CMS signature of the manifest.

The password is taken as bytes from the caller and handed to the PKCS#12 loader only: it is never part of
a message, a log record or an exception text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..output import write_all
from ..source import SourceRef
from . import manifest as mf

FIELD_NAME = "docgen-signature"
PASSWORD_ENV = "DOCGEN_P12_PASSWORD"


@dataclass(frozen=True, slots=True)
class SignResult:
    pdf: Path
    signer: str
    time: dt.datetime
    manifest: Path | None = None
    manifest_signature: Path | None = None


def load_signer(p12: Path, password: bytes | None):
    """A pyHanko SimpleSigner from a PKCS#12 file."""
    from pyhanko.sign import signers

    try:
        data = Path(p12).read_bytes()
    except OSError as e:
        raise InputError(
            message=f"无法读取证书文件：{e.strerror or e}",
            message_en=f"cannot read the certificate file: {e.strerror or e}",
            source=SourceRef(str(p12)),
        ) from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password or None)
    except (ValueError, TypeError):
        raise InputError(
            message="无法打开证书文件：密码不对，或不是 PKCS#12（.p12/.pfx）文件",
            message_en="cannot open the certificate: wrong password, or not a PKCS#12 (.p12/.pfx) file",
            source=SourceRef(str(p12)),
            hint=f"密码可放在环境变量 {PASSWORD_ENV} 中，或在提示时输入",
            hint_en=f"put the password in the environment variable {PASSWORD_ENV}, or type it when asked",
        ) from None


def subject_name(cert) -> str:
    """The certificate's common name (else its whole subject), for messages and the manifest."""
    names = cert.subject.native
    return str(names.get("common_name") or cert.subject.human_friendly)


def seal_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]] | None:
    """Page index and PDF box (x1, y1, x2, y2) of the seal: the last image on the last page that has one."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index in range(len(doc.pages) - 1, -1, -1):
            page = doc.pages[index]
            if page.images:
                im = page.images[-1]
                h = float(page.height)
                return index, (
                    float(im["x0"]),
                    h - float(im["bottom"]),
                    float(im["x1"]),
                    h - float(im["top"]),
                )
    return None


def _stamp_style(font: Path | None):
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    kwargs = {}
    if font is not None:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

        kwargs["font"] = GlyphAccumulatorFactory(str(font), font_size=7)
    return TextStampStyle(
        stamp_text="数字签名：%(signer)s\n%(ts)s",
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
        text_box_style=TextBoxStyle(**kwargs),
        border_width=0,
        background=None,
    )


def sign_pdf_bytes(pdf: bytes, signer, visible: bool = False, font: Path | None = None) -> bytes:
    """PAdES baseline B signature as an incremental update; with ``visible``, its appearance over the seal."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except Exception as e:
        raise InputError(message=f"无法读取 PDF：{e}", message_en=f"cannot read the PDF: {e}") from None
    spec = None
    if visible:
        where = seal_box(pdf)
        if where is None:
            raise InputError(
                message="PDF 中没有印章图片，无法在印章处显示签名",
                message_en="the PDF has no seal image to place a visible signature over",
                hint="去掉 --visible，或先生成带印章的定稿",
                hint_en="drop --visible, or render a sealed final document first",
            )
        page, box = where
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(round(v) for v in box))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=_stamp_style(font) if visible else None, new_field_spec=spec
    )
    out = pdf_signer.sign_pdf(
        writer, appearance_text_params={"signer": subject_name(signer.signing_cert)} if visible else None
    )
    return out.getvalue()


def sign_detached(data: bytes, signer) -> bytes:
    """A detached CMS SignedData (DER) over ``data``."""
    import asyncio

    ci = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    return ci.dump()


def sign(
    pdf_path: Path,
    p12: Path,
    password: bytes | None,
    visible: bool = False,
    out: Path | None = None,
    manifest: bool = True,
    font: Path | None = None,
    now: dt.datetime | None = None,
) -> SignResult:
    """Sign ``pdf_path`` (in place unless ``out``). If ``NAME.manifest.json`` lies beside it, the manifest
    gets the new PDF hash, the signer and the time, and (``manifest``) a detached CMS signature."""
    pdf_path = Path(pdf_path)
    try:
        original = pdf_path.read_bytes()
    except OSError as e:
        raise InputError(
            message=f"无法读取 PDF：{e.strerror or e}",
            message_en=f"cannot read the PDF: {e.strerror or e}",
            source=SourceRef(str(pdf_path)),
        ) from None
    from .verify import quiet_pyhanko

    with quiet_pyhanko():
        return _sign(pdf_path, original, p12, password, visible, out, manifest, font, now)


def _sign(pdf_path, original, p12, password, visible, out, manifest, font, now) -> SignResult:
    signer = load_signer(p12, password)
    man_path = mf.manifest_path(pdf_path)
    data = None
    if man_path.is_file():
        data = mf.load(man_path)
        entry = next((o for o in data.get("outputs", []) if o.get("role") == "pdf"), None)
        if entry is None or entry.get("sha256") != mf.sha256(original):
            raise InputError(
                message="PDF 与清单中记录的不一致（已被改动或不是这次生成的），拒绝签名",
                message_en="the PDF differs from the one the manifest records; not signing",
                source=SourceRef(str(pdf_path)),
                hint="用 docgen verify 检查，或重新生成定稿",
                hint_en="check with docgen verify, or render the final document again",
            )
    signed = sign_pdf_bytes(original, signer, visible=visible, font=font)
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    name = subject_name(signer.signing_cert)
    target = Path(out) if out else pdf_path
    files: dict[Path, bytes] = {target: signed}
    result_man = result_sig = None
    if data is not None and target.parent.resolve() == man_path.parent.resolve():
        for o in data["outputs"]:
            if o.get("role") == "pdf":
                o["path"] = mf.rel(target, man_path.parent)
                o["sha256"], o["size"] = mf.sha256(signed), len(signed)
        cert = signer.signing_cert
        data["signature"] = {
            "signer": name,
            "subject": cert.subject.human_friendly,
            "issuer": cert.issuer.human_friendly,
            "serial": format(cert.serial_number, "x"),
            "time": when.isoformat(),
            "pdf_field": FIELD_NAME,
            "manifest_signature": mf.signature_path(man_path).name if manifest else None,
        }
        body = mf.dumps(data)
        files[man_path] = body
        result_man = man_path
        if manifest:
            result_sig = mf.signature_path(man_path)
            files[result_sig] = sign_detached(body, signer)
    write_all(files)
    return SignResult(target, name, when, result_man, result_sig)
