"""定稿 (``docgen render --final``): valid data only, the approval recorded, no draft mark, an archival PDF
carrying its input data and input manifest, and ``NAME.manifest.json`` beside the outputs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import mimetypes
from collections.abc import Mapping
from pathlib import Path

from ..api import Prepared, RenderResult, font_uses, render_document
from ..errors import InputError, ValidationFailed
from ..messages import Text, msg
from ..output import write_all
from ..render.options import Approval, EmbeddedFile, RenderOptions
from ..typeset import fonts as fontlib
from . import manifest as mf
from .pdfa import FINAL_VARIANT, VARIANTS, attachments_allowed


def approval_for(prepared: Prepared, asked: Approval | None) -> Approval:
    """签发人 as asked or, for an 上行文, the 版头's 签发人; the date defaults to today."""
    asked = asked or Approval()
    doc = prepared.document
    name = asked.signer.strip()
    if not name and doc.masthead is not None and doc.masthead.signers:
        name = "、".join(doc.masthead.signers)
    if not name:
        raise InputError.of("final.no_signer")
    return Approval(signer=name, date=asked.date or dt.date.today(), version=(asked.version or "1").strip())


def check_variant(variant: str | None) -> str:
    v = (variant or FINAL_VARIANT).strip().lower()
    if v not in VARIANTS:
        raise InputError.of(
            "final.bad_variant",
            variant=variant,
            variants=Text("、".join(VARIANTS), ", ".join(VARIANTS)),
        )
    return v


def render_final(
    prepared: Prepared, stem: Path, options: RenderOptions, previous: Path | None = None
) -> RenderResult:
    """Render ``prepared`` as a final document to ``stem``.pdf/.docx (``options.formats``) plus
    ``stem``.manifest.json, approved as ``options.approval`` asks (``approval_for``). ``options.embed_data``
    False keeps the data file out of the PDF (data that must not travel); the manifests still record its
    hash, so whoever holds the file can check it. ``previous``: last year's data file, listed as an input."""
    p = prepared
    if p.errors:
        raise ValidationFailed(p.findings, *msg("final.has_errors"))
    blank = [f for f in p.findings if f.blank]  # a final table has no blank cell: what did not occur is 0
    if blank:
        cells = Text("；".join(f.blank for f in blank), "; ".join(f.blank_en for f in blank))
        raise ValidationFailed(blank, *msg("final.blank_cells", cells=cells))
    approval = approval_for(p, options.approval)
    created = (options.timestamp or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    base = stem.parent
    loaded = p.loaded
    doc = p.document
    variant = check_variant(options.pdf_variant)
    embed_data = options.embed_data and attachments_allowed(variant)
    inputs = mf.input_entries(loaded.path, loaded.values, base, previous, embed_data)
    templates = mf.template_entries(p.template, base)
    data_file = Path(loaded.path)
    carried = (
        EmbeddedFile(
            name=inputs[0].name,
            data=data_file.read_bytes(),
            mime=mimetypes.guess_type(data_file.name)[0] or "application/octet-stream",
            description="公文的输入数据",
            relationship="Source",
        ),
    )
    options = dataclasses.replace(
        options,
        draft=False,
        final=True,
        approval=approval,
        pdf_variant=variant,
        timestamp=options.timestamp or created,
    )

    def carrying_the_manifest(fmt: str, done: Mapping[str, bytes]) -> RenderOptions:
        """The manifest the PDF carries: the inputs, the templates and the DOCX rendered before it
        (rendered first for this), so that the PDF alone proves the DOCX beside it; not the PDF itself,
        whose bytes it is part of."""
        if fmt == "docx":
            return options
        docx = done.get("docx")
        outputs = [] if docx is None else [mf.Entry("docx", f"{stem.name}.docx", mf.sha256(docx), len(docx))]
        embedded = mf.build(doc, approval, inputs, templates, outputs, created, variant)
        manifest_file = EmbeddedFile(
            name=f"{stem.name}{mf.SUFFIX}",
            data=mf.dumps(embedded),
            mime="application/json",
            description="输入、模板与 DOCX 的 SHA-256 清单（PDF 本身除外）",
            relationship="Supplement",
        )
        return dataclasses.replace(options, embedded_files=(carried if embed_data else ()) + (manifest_file,))

    fonts = fontlib.resolve()
    fallbacks = fonts.fallbacks(font_uses(doc))
    first = tuple(sorted(options.formats, key=lambda f: f != "docx"))  # the DOCX before the PDF
    blobs, plan, warnings = render_document(doc, first, options, carrying_the_manifest)
    targets = {stem.with_name(f"{stem.name}.{fmt}"): data for fmt, data in blobs.items()}
    outputs = [mf.Entry(t.suffix[1:], t.name, mf.sha256(data), len(data)) for t, data in targets.items()]
    manifest = mf.build(doc, approval, inputs, templates, outputs, created, variant)
    man_path = mf.manifest_path(stem)
    targets[man_path] = mf.dumps(manifest)
    written = write_all(targets)
    return RenderResult(written, p.findings, fallbacks, plan, warnings)
