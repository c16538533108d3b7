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
from . import PASSWORD_ENV
from . import manifest as mf
from .properties import STATUS_FINAL

FIELD_NAME = "docgen-signature"


@dataclass(frozen=True, slots=True)
class SignResult:
    pdf: Path
    signer: str
    time: dt.datetime
    manifest: Path | None = None
    manifest_signature: Path | None = None


def load_signer(p12: Path, password: bytes | None, env: str = PASSWORD_ENV):
    """A pyHanko SimpleSigner from a PKCS#12 file. ``password`` None means none was given (no variable, no
    terminal to ask at): a file without a password still opens, any other is refused saying so."""
    from pyhanko.sign import signers

    try:
        data = Path(p12).read_bytes()
    except OSError as e:
        raise InputError.of(
            "sign.p12.unreadable", source=SourceRef(str(p12)), strerror=e.strerror or e
        ) from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password or None)
    except (ValueError, TypeError):
        if password is None:
            raise InputError.of("sign.p12.no_password", source=SourceRef(str(p12)), env=env) from None
        raise InputError.of("sign.p12.wrong_password", source=SourceRef(str(p12)), env=env) from None


def subject_name(cert) -> str:
    """The certificate's common name (else its whole subject), for messages and the manifest."""
    names = cert.subject.native
    return str(names.get("common_name") or cert.subject.human_friendly)


# The visible signature's text band: two lines, a little apart from the 落款's text.
SIG_BAND = 18.0  # pt, the band's greatest height
SIG_GAP = 2.0  # pt between the band and the 署名/date glyphs


def signature_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]] | None:
    """Page index and PDF box (x1, y1, x2, y2) of the visible signature: inside the seal's area (the last
    image on the last page that has one), in the band just above the 落款's text the seal overlaps (the
    署名 and the date, which a seal 压 by design), never over those glyphs; its width is the seal circle's
    chord there, so the text stays on the seal."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index in range(len(doc.pages) - 1, -1, -1):
            page = doc.pages[index]
            if not page.images:
                continue
            im = page.images[-1]
            x0, x1, top, bottom = (float(im[k]) for k in ("x0", "x1", "top", "bottom"))
            lines = [
                (float(c["top"]) - SIG_GAP, float(c["bottom"]) + SIG_GAP)
                for c in page.chars
                if c["text"].strip()
                and float(c["x1"]) > x0
                and float(c["x0"]) < x1
                and float(c["bottom"]) > top
                and float(c["top"]) < bottom
            ]
            t0, t1 = _free_band(top, bottom, lines)
            if t1 - t0 > SIG_BAND:  # keep the band next to the text it signs (above it)
                t0 = t1 - SIG_BAND
            half = _chord(x0, x1, top, bottom, t0, t1) / 2 * 0.92
            cx, h = (x0 + x1) / 2, float(page.height)
            return index, (cx - half, h - t1, cx + half, h - t0)
    return None


def _free_band(top: float, bottom: float, taken: list[tuple[float, float]]) -> tuple[float, float]:
    """The band of [top, bottom] free of ``taken`` intervals: the one right above the first text line when
    it is tall enough for the signature's two lines, else the tallest."""
    edges = sorted((max(a, top), min(b, bottom)) for a, b in taken if b > top and a < bottom)
    bands, at = [], top
    for a, b in edges:
        if a > at:
            bands.append((at, a))
        at = max(at, b)
    if at < bottom:
        bands.append((at, bottom))
    if not edges:  # the seal covers no text: the band across its middle
        middle, half = (top + bottom) / 2, min(SIG_BAND, bottom - top) / 2
        return middle - half, middle + half
    if not bands:
        return top, top + min(SIG_BAND, bottom - top)
    if bands[0][0] == top and bands[0][1] - bands[0][0] >= SIG_BAND * 0.75:
        return bands[0]
    return max(bands, key=lambda b: b[1] - b[0])


def _chord(x0: float, x1: float, top: float, bottom: float, t0: float, t1: float) -> float:
    """The width of a round seal (a square image: its inscribed circle) across the whole band [t0, t1],
    its narrowest chord there; a rectangular seal (a 签名章) is as wide as its image."""
    if abs((x1 - x0) - (bottom - top)) > 0.15 * max(x1 - x0, bottom - top):
        return x1 - x0
    r = min(x1 - x0, bottom - top) / 2
    cy = (top + bottom) / 2
    d = max(abs(t0 - cy), abs(t1 - cy))
    return 2 * (r * r - d * d) ** 0.5 if d < r else (x1 - x0) / 4


def _stamp_style(font: Path | None):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    kwargs = {}
    if font is not None:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

        kwargs["font"] = GlyphAccumulatorFactory(str(font), font_size=7)
    # no margins inside the text box (pyHanko's default 10 pt would shrink the text to a smudge), no
    # border and no background: the seal shows through
    tight = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MID,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins.uniform(0),
    )
    return TextStampStyle(
        stamp_text="数字签名：%(signer)s\n%(ts)s",
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
        text_box_style=TextBoxStyle(font_size=7, leading=8, box_layout_rule=tight, **kwargs),
        inner_content_layout=tight,
        border_width=0,
        background=None,
    )


def sign_pdf_bytes(
    pdf: bytes, signer, visible: bool = False, font: Path | None = None, timestamp_url: str | None = None
) -> bytes:
    """PAdES signature as an incremental update: baseline B, or B-T with a timestamp from the TSA at
    ``timestamp_url``; with ``visible``, its appearance in the seal's area."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except Exception as e:
        raise InputError.of("sign.pdf.damaged", error=e) from None
    spec = None
    if visible:
        where = signature_box(pdf)
        if where is None:
            raise InputError.of("sign.pdf.no_seal")
        page, box = where
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(round(v, 1) for v in box))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url)
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=_stamp_style(font) if visible else None,
        new_field_spec=spec,
    )
    params = {"signer": subject_name(signer.signing_cert)} if visible else None
    if timestamper is None:
        return pdf_signer.sign_pdf(writer, appearance_text_params=params).getvalue()
    import aiohttp
    from pyhanko.sign.general import SigningError

    try:
        return pdf_signer.sign_pdf(writer, appearance_text_params=params).getvalue()
    except (OSError, TimeoutError, aiohttp.ClientError, SigningError, ValueError) as e:
        # OSError covers pyHanko's TimestampRequestError (a refusal or a reply that is no timestamp)
        raise InputError.of(
            "sign.tsa.no_timestamp", timestamp_url=timestamp_url, error_type=type(e).__name__, error=e
        ) from None


def sign_detached(data: bytes, signer) -> bytes:
    """A detached CMS SignedData (DER) over ``data``."""
    import asyncio

    ci = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    return ci.dump()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A PDF in a folder that ``docgen sign FOLDER`` leaves alone, and why."""

    path: Path
    zh: str
    en: str
    signed: bool = False


def pdf_state(pdf: bytes, where: Path | None = None) -> tuple[bool, bool]:
    """(final, signed): whether the PDF carries the final marker (Info ``/Status`` 定稿, written only by
    ``render --final``) and whether it already has a signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signed = bool(reader.embedded_signatures)
        try:
            status = str(reader.trailer["/Info"].get("/Status", ""))
        except KeyError:  # no Info dictionary: not a docgen final
            status = ""
        return status == STATUS_FINAL, signed
    except Exception as e:
        raise InputError.of(
            "sign.pdf.damaged", source=SourceRef(str(where)) if where else None, error=e
        ) from None


def _read(pdf_path: Path) -> bytes:
    try:
        return Path(pdf_path).read_bytes()
    except OSError as e:
        raise InputError.of(
            "sign.pdf.unreadable", source=SourceRef(str(pdf_path)), strerror=e.strerror or e
        ) from None


def _draft_refused(pdf_path: Path) -> InputError:
    return InputError.of("sign.pdf.draft_refused", source=SourceRef(str(pdf_path)))


def targets(paths: list[Path], allow_draft: bool = False) -> tuple[list[Path], list[Skipped]]:
    """The PDFs ``docgen sign`` will sign, checked before any password is asked for: each named file (a
    draft refused unless ``allow_draft``), and every final, unsigned PDF in each named folder and its
    subfolders (a batch may write one folder per unit); the others are skipped and listed, so signing a
    folder twice signs nothing twice."""
    chosen: list[Path] = []
    skipped: list[Skipped] = []
    for path in map(Path, paths):
        if path.is_dir():
            pdfs = sorted(path.rglob("*.pdf"))
            if not pdfs:
                raise InputError.of("sign.folder.no_pdf", source=SourceRef(str(path)))
            for pdf in pdfs:
                final, signed = pdf_state(_read(pdf), pdf)
                if signed:
                    skipped.append(Skipped(pdf, "已签名", "already signed", signed=True))
                elif not (final or allow_draft):
                    skipped.append(Skipped(pdf, "不是定稿（草稿）", "not a final document (a draft)"))
                else:
                    chosen.append(pdf)
            continue
        if not allow_draft and not pdf_state(_read(path), path)[0]:
            raise _draft_refused(path)
        chosen.append(path)
    return list(dict.fromkeys(chosen)), skipped


def sign(
    pdf_path: Path,
    p12: Path,
    password: bytes | None,
    visible: bool = False,
    out: Path | None = None,
    manifest: bool = True,
    font: Path | None = None,
    now: dt.datetime | None = None,
    allow_draft: bool = False,
    timestamp_url: str | None = None,
    password_env: str = PASSWORD_ENV,
) -> SignResult:
    """Sign ``pdf_path`` (in place unless ``out``). If ``NAME.manifest.json`` lies beside it, the manifest
    gets the new PDF hash, the signer, the certificate's fingerprint and the time, and (``manifest``) a
    detached CMS signature. A PDF without the final marker is refused unless ``allow_draft``."""
    from .verify import quiet_pyhanko

    with quiet_pyhanko():
        signer = load_signer(p12, password, password_env)
        return _sign(Path(pdf_path), signer, visible, out, manifest, font, now, allow_draft, timestamp_url)


def sign_many(
    pdfs: list[Path],
    p12: Path,
    password: bytes | None,
    visible: bool = False,
    manifest: bool = True,
    font: Path | None = None,
    allow_draft: bool = False,
    timestamp_url: str | None = None,
    password_env: str = PASSWORD_ENV,
) -> list[SignResult | InputError]:
    """Sign each PDF with one certificate, opened once (one password). A PDF that cannot be signed does
    not stop the others: its error takes its place in the list."""
    from .verify import quiet_pyhanko

    results: list[SignResult | InputError] = []
    with quiet_pyhanko():
        signer = load_signer(p12, password, password_env)
        for pdf in pdfs:
            try:
                results.append(
                    _sign(Path(pdf), signer, visible, None, manifest, font, None, allow_draft, timestamp_url)
                )
            except InputError as e:
                results.append(e)
    return results


def _sign(pdf_path, signer, visible, out, manifest, font, now, allow_draft, timestamp_url) -> SignResult:
    original = _read(pdf_path)
    if not allow_draft and not pdf_state(original, pdf_path)[0]:
        raise _draft_refused(pdf_path)
    man_path = mf.manifest_path(pdf_path)
    data = None
    if man_path.is_file():
        data = mf.load(man_path)
        entry = next((o for o in data.get("outputs", []) if o.get("role") == "pdf"), None)
        if entry is None or entry.get("sha256") != mf.sha256(original):
            raise InputError.of("sign.pdf.manifest_mismatch", source=SourceRef(str(pdf_path)))
    try:
        signed = sign_pdf_bytes(original, signer, visible=visible, font=font, timestamp_url=timestamp_url)
    except InputError as e:  # say which PDF: several may be signed in one run
        e.source = e.source or SourceRef(str(pdf_path))
        raise
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    name = subject_name(signer.signing_cert)
    target = Path(out) if out else pdf_path
    files: dict[Path, bytes] = {target: signed}
    result_man = result_sig = None
    if data is not None and target.parent.resolve() == man_path.parent.resolve():
        for o in data["outputs"]:
            if o.get("role") == "pdf":
                # the PDF as rendered is the signed file's first revision (signing only appends)
                o.setdefault("unsigned_sha256", o["sha256"])
                o.setdefault("unsigned_size", o["size"])
                o["name"] = target.name
                o["sha256"], o["size"] = mf.sha256(signed), len(signed)
        cert = signer.signing_cert
        data["signature"] = {
            "signer": name,
            "subject": cert.subject.human_friendly,
            "issuer": cert.issuer.human_friendly,
            "serial": format(cert.serial_number, "x"),
            "certificate_sha256": mf.sha256(cert.dump()),
            "time": when.isoformat(),
            "timestamp_url": timestamp_url,
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
