"""``docgen verify``: the PDF's signature, the manifests and every hash, as separate facts with one
verdict. Nothing here prints; the CLI shows the verdict first, then the facts. This module finds the files and
runs the checks; ``verify_pdf``, ``verify_manifest`` and ``verify_hashes`` each add their facts to a
``verdict.VerifyReport``.

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

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..messages import Text, msg
from ..source import SourceRef
from . import manifest as mf
from .sign import Skipped, pdf_state
from .verdict import VerifyReport
from .verify_hashes import check_hashes
from .verify_manifest import (
    check_archival,
    check_embedded,
    check_manifest_signature,
    check_manifests,
    embedded_manifest,
)
from .verify_pdf import check_pdf, embedded_files


def _context(trust: list[Path]):
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for p in trust:
        try:
            roots.extend(load_certs_from_pemder([str(p)]))
        except Exception:
            raise InputError.of("verify.trust_unreadable", source=SourceRef(str(p))) from None
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def locate(path: Path) -> tuple[Path | None, Path | None]:
    """(pdf, manifest) from a PDF, a manifest, or a folder holding one manifest."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*" + mf.SUFFIX))
        if len(found) != 1:
            raise InputError.of("verify.folder.many_manifests", source=SourceRef(str(path)), count=len(found))
        path = found[0]
    if not path.is_file():
        raise InputError.of("verify.no_file", source=SourceRef(str(path)))
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
            raise InputError.of("verify.folder.empty", source=SourceRef(str(path)))
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
        reader = check_pdf(report, pdf_bytes, context, require_signature)
    elif pdf is not None:
        report.add("pdf.readable", False, msg("verify.pdf_missing", name=pdf.name))
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
                msg(
                    "verify.manifest_cannot_read_damaged",
                    name=man.name,
                    error=Text(e.message, e.message_en),
                ),
            )
    embedded = embedded_manifest(report, attachments, pdf)
    check_manifests(report, external, man, embedded, reader)
    data = external or embedded
    if data is not None:
        if reader is not None:
            check_archival(report, reader, data)
            check_embedded(report, data, attachments)
        check_hashes(report, data, (man or pdf).parent, pdf, pdf_bytes)  # type: ignore[union-attr]
    if external is not None and man is not None:
        check_manifest_signature(report, man, external, context, require_signature)
    return report
