"""What the CLI and batch call: load · check · compose · render. Library code: no printing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

# The commands over many units (batch, check FOLDER, rollup): a module of their own, named here for the CLI.
from .api_units import batch_defaults as batch_defaults
from .api_units import batch_units as batch_units
from .api_units import check_unit as check_unit
from .api_units import is_batch_source as is_batch_source
from .api_units import missing_template as missing_template
from .api_units import plan_batch as plan_batch
from .api_units import rollup as rollup
from .api_units import run_batch as run_batch
from .api_units import start_batch_workers as start_batch_workers
from .catalog import Template, find
from .chars import INVISIBLE_NAMES, Removed, strip_invisible
from .data import Loaded, load_data
from .errors import Finding, InputError, Severity, ValidationFailed
from .kinds import KINDS
from .messages import Text
from .model import Attendance, Block, Document, Heading, Paragraph, Role, Table
from .output import ensure_writable, safe_name, write_all
from .render.options import Approval, RenderOptions
from .typeset.plan import PagePlan

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .fields import FieldSpec
    from .render import OptionsFor
    from .typeset import fonts as fontlib


def __getattr__(name: str) -> object:
    """``api.fontlib`` (batch reads it) imported when first asked for: fontTools is not needed to check."""
    if name == "fontlib":
        from .typeset import fonts

        return fonts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FORMATS = ("pdf", "docx")  # what `render` writes unless told otherwise
OUTPUT_FORMATS = (*FORMATS, "ofd")  # every format docgen can write


@dataclass
class Prepared:
    """A data file taken as far as the format-neutral Document."""

    loaded: Loaded
    template: Template
    data: BaseModel
    document: Document
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


@dataclass
class RenderResult:
    outputs: list[Path]
    findings: list[Finding]
    fonts: list[fontlib.Fallback]
    plan: PagePlan | None
    warnings: list[str] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Finding]:
        """Everything this render told, as findings with an origin: the data's findings, then font
        fallbacks and WeasyPrint's warnings (the one channel batch reports share with render)."""
        return diagnostics(self.findings, self.fonts, self.warnings)


def origin_of(finding: Finding) -> str:
    """The part of docgen a finding came from (its ``origin``, else told by its code)."""
    if finding.origin:
        return finding.origin
    if "punct" in finding.code:
        return "punctuation"
    if finding.code[:1] == "R" and finding.code[1:2].isdigit():
        return "rules"
    return "data"


def diagnostics(
    findings: list[Finding], fallbacks: list[fontlib.Fallback], warnings: list[str]
) -> list[Finding]:
    """A render's findings, font fallbacks and layout warnings in one list of findings with origins."""
    out = [f if f.origin else replace(f, origin=origin_of(f)) for f in findings]
    for fb in fallbacks:
        out.append(
            Finding.of(
                Severity.WARNING,
                "font-fallback",
                "api.font_fallback",
                None,
                origin="fonts",
                role=fb.role.value,
                chars=fb.chars,
                served=Text(fb.served_by or "无可用字体，将显示为空框", fb.served_by or "none (boxes)"),
            )
        )
    out += [Finding(Severity.WARNING, "layout", w, None, w, origin="layout") for w in warnings]
    return out


def prepare(
    path: Path,
    templates: Path | None = None,
    fix_punctuation: bool | None = None,
    previous: Path | None = None,
) -> Prepared:
    """``previous``: last year's data file, for the cross-year checks of kinds that have them."""
    return prepare_loaded(load_data(Path(path)), templates, fix_punctuation, previous)


def prepare_loaded(
    loaded: Loaded,
    templates: Path | None = None,
    fix_punctuation: bool | None = None,
    previous: Path | None = None,
) -> Prepared:
    """The same from values already loaded (batch: a unit's data merged with shared defaults)."""
    name = loaded.template
    if name is None:
        raise InputError.of("api.no_template", source=loaded.locate(()))
    from .validation import parse  # pydantic: not for a batch worker, which only renders (batch/pool.py)

    template = find(name, templates, where=loaded.locate(("template",)))
    kind = KINDS[template.kind]
    if fix_punctuation is not None:
        loaded.values["fix_punctuation"] = fix_punctuation
    _, invisible = strip_invisible(loaded.values)
    data = parse(kind.MODEL, loaded)
    if previous is not None:
        if not getattr(kind, "ACCEPTS_PREVIOUS", False):
            raise InputError.of(
                "api.previous_not_applicable", source=loaded.locate(("template",)), name=template.name
            )
        document, findings = kind.compose(data, template, loaded, previous=load_data(Path(previous)))
    else:
        document, findings = kind.compose(data, template, loaded)
    return Prepared(loaded, template, data, document, [*_invisible_notices(invisible, loaded), *findings])


def _invisible_notices(removed: list[Removed], loaded: Loaded) -> list[Finding]:
    """A notice for each text that carried invisible characters, naming them (they cannot be seen in the
    file, so the code point and the line are what the secretary can search for)."""
    out = []
    for path, chars, lines in removed:
        zh, en = [], []
        for c in sorted(set(chars)):
            name_zh, name_en = INVISIBLE_NAMES.get(ord(c), ("格式控制字符", "format character"))
            times = f"×{chars.count(c)}" if chars.count(c) > 1 else ""
            zh.append(f"U+{ord(c):04X}（{name_zh}）{times}")
            en.append(f"U+{ord(c):04X} ({name_en})" + (f" {times}" if times else ""))
        where = loaded.locate(path)
        if where.line is not None and lines:
            where = replace(where, line=where.line + lines, column=None)
        out.append(
            Finding.of(
                Severity.NOTICE,
                "invisible",
                "api.invisible_removed",
                where,
                count=len(chars),
                chars=Text("、".join(zh), ", ".join(en)),
            )
        )
    return out


def check(path: Path, templates: Path | None = None, previous: Path | None = None) -> list[Finding]:
    return prepare(path, templates, previous=previous).findings


def init(
    kind: str,
    year: int | None,
    out: Path,
    xlsx: bool = False,
    force: bool = False,
    templates: Path | None = None,
) -> Path:
    """Write a ready-to-fill data file (YAML with comments, or a workbook) for a template name or
    ``annual-report`` (``year`` then picks the format)."""
    from .init import init_data

    return init_data(kind, year, Path(out), xlsx=xlsx, force=force, templates=templates)


# --- what the listing commands show (fonts, templates, fields, dump), and the final's arguments checked ---
def font_choices() -> tuple[fontlib.FontSet, bool]:
    """The face chosen for each role (``docgen fonts``), and whether HarfBuzz subsets the PDF's fonts
    (without it subsetting is ~20 times slower)."""
    from .typeset import fonts as fontlib

    return fontlib.resolve(), fontlib.harfbuzz_subsetting()


def font_fallbacks(doc: Document) -> list[fontlib.Fallback]:
    """The characters of ``doc`` its chosen faces lack, and the face that serves each instead."""
    from .typeset import fonts as fontlib

    return fontlib.resolve().fallbacks(font_uses(doc))


def available_templates(folder: Path | None = None) -> list[Template]:
    """Every template ``docgen templates`` lists: the built-in ones, then those of ``folder``."""
    from .catalog import available

    return available(folder)


def template_fields(name: str, templates: Path | None = None) -> tuple[Template, list[FieldSpec]]:
    """A template and every field of its data file in reading order (nested ones after their parent,
    ``FieldSpec.depth`` deep), read from its data model (``docgen fields``)."""
    from .fields import flatten
    from .fields import template_fields as fields_of

    template = find(name, templates)
    return template, flatten(fields_of(template))


def dump_text(path: Path, templates: Path | None = None) -> str:
    """The composed Document of a data file as indented text (``docgen dump``, for template authors)."""
    from .dump import dump_document

    return dump_document(prepare(path, templates).document)


def pdf_variant(name: str | None) -> str:
    """The archival PDF standard ``--pdf-standard`` names, checked (default PDF/A-3b)."""
    from .finalize.final import check_variant

    return check_variant(name)


def sign_targets(paths: list[Path], allow_draft: bool = False):
    """The PDFs ``docgen sign`` would sign (folders walked) and those it skips, with why; checked before
    any password is asked for. See finalize/sign.py."""
    from .finalize.sign import targets

    return targets(paths, allow_draft)


def verify_targets(paths: list[Path]):
    """The documents ``docgen verify`` checks (folders walked) and the files it leaves, with why. See
    finalize/verify.py."""
    from .finalize.verify import targets

    return targets(paths)


def font_uses(doc: Document) -> list[tuple[Role, str]]:
    """Which text each font role will print, for the coverage check."""
    from .standard import HEADING_ROLE, lead_role

    def blocks(body: tuple[Block, ...]) -> None:
        for b in body:
            if isinstance(b, Heading):
                uses.append((HEADING_ROLE[b.level], b.text))
            elif isinstance(b, Paragraph):
                uses.append((Role.FANGSONG, b.text))
                if b.lead:
                    uses.append((lead_role(b.lead_level), b.lead))
            elif isinstance(b, Table):
                uses.extend((Role.FANGSONG, c.text) for row in b.rows for c in row)
            elif isinstance(b, Attendance):
                uses.extend([(Role.HEI, b.label), (Role.FANGSONG, b.names)])

    digits = "0123456789年月日"
    uses: list[tuple[Role, str]] = [(Role.XIAOBIAOSONG, doc.title.text), (Role.SONG, "—0123456789")]
    if m := doc.masthead:
        uses += [
            (Role.XIAOBIAOSONG, "".join(m.issuers) + m.suffix),
            (Role.FANGSONG, m.doc_number + m.copy_number),
            (Role.HEI, m.secrecy + m.urgency),
            (Role.KAI, "".join(m.signers)),
            (Role.FANGSONG, "签发人："),
        ]
    blocks(doc.body)
    uses.append((Role.FANGSONG, doc.addressee + "".join(doc.attachment_notes) + doc.note))
    for a in doc.attachments:
        uses += [(Role.HEI, a.label), (Role.XIAOBIAOSONG, a.title)]
        blocks(a.body)
    if s := doc.signoff:
        uses.append((Role.FANGSONG, "".join(p.organ for p in s.parties) + s.signature_title + digits))
    if c := doc.colophon:
        uses.append((Role.FANGSONG, "".join(c.cc + c.addressee) + c.printer + "抄送主送：，。印发" + digits))
    return uses


def render_document(
    doc: Document,
    formats: tuple[str, ...],
    options: RenderOptions,
    options_for: OptionsFor | None = None,
) -> tuple[dict[str, bytes], PagePlan, list[str]]:
    """Render to bytes in every requested format; nothing is written. The one clock reading of a render:
    renderers read none (a plain draft PDF stays free of dates: ``RenderOptions.for_pdf``). The pipeline
    itself, one pagination step then a renderer per format (``options_for``: each format's own options,
    from the bytes of those before it), is docgen/render/__init__.py."""
    from .render import render_formats
    from .typeset import fonts as fontlib

    return render_formats(doc, formats, fontlib.resolve(), options.at(now()), options_for)


def render(
    path: Path,
    out_dir: Path,
    formats: tuple[str, ...] | None = None,
    templates: Path | None = None,
    options: RenderOptions | None = None,
    fix_punctuation: bool | None = None,
    previous: Path | None = None,
) -> RenderResult:
    """Write ``options.formats`` (``formats``, when given, replaces them) of the data file ``path`` to
    ``out_dir``. Refuses data with error findings unless ``options.draft`` (every page then carries a
    draft mark). With ``options.final`` a 定稿 (docgen/finalize/final.py): valid data only, the approval
    recorded, an archival PDF and ``NAME.manifest.json``."""
    options = options or RenderOptions()
    if formats is not None:
        options = replace(options, formats=tuple(formats))
    if options.final:
        from .finalize.final import check_variant

        check_variant(options.pdf_variant)  # before the data is read: a wrong flag is told first
    out_dir = ensure_writable(Path(out_dir))
    prepared = prepare(path, templates, fix_punctuation, previous)
    stem = out_dir / safe_name(Path(path).stem)
    if options.final:
        from .finalize.final import render_final as final

        return final(prepared, stem, options, previous)
    return render_prepared(prepared, stem, options)


def render_prepared(prepared: Prepared, stem: Path, options: RenderOptions) -> RenderResult:
    """Render a prepared document to ``stem``.pdf / .docx … (``options.formats``; the folder must exist
    and be writable)."""
    if prepared.errors and not options.draft:
        raise ValidationFailed(prepared.findings)
    from .typeset import fonts as fontlib

    fonts = fontlib.resolve()
    fallbacks = fonts.fallbacks(font_uses(prepared.document))
    blobs, plan, warnings = render_document(prepared.document, options.formats, options)
    outputs = write_all({stem.with_name(f"{stem.name}.{fmt}"): data for fmt, data in blobs.items()})
    return RenderResult(outputs, prepared.findings, fallbacks, plan, warnings)


def render_final(
    path: Path,
    out_dir: Path,
    formats: tuple[str, ...] | None = None,
    templates: Path | None = None,
    options: RenderOptions | None = None,
    fix_punctuation: bool | None = None,
    previous: Path | None = None,
    signer: str | None = None,
    approved: dt.date | None = None,
    version: str = "1",
    embed_data: bool = True,
) -> RenderResult:
    """定稿: ``render`` with ``RenderOptions.final``, the approval as asked (``signer`` blank: the 版头's
    签发人; ``approved`` None: today) and the data file carried in the PDF unless ``embed_data`` is False.
    The archival PDF follows ``options.pdf_variant`` (default PDF/A-3b). See docgen/finalize/."""
    final = replace(
        options or RenderOptions(),
        final=True,
        approval=Approval(signer or "", approved, version),
        embed_data=embed_data,
    )
    return render(path, out_dir, formats, templates, final, fix_punctuation, previous)


def sign(
    pdf: Path,
    p12: Path,
    password: bytes | None,
    visible: bool = False,
    out: Path | None = None,
    manifest: bool = True,
    allow_draft: bool = False,
    timestamp_url: str | None = None,
    password_env: str | None = None,
):
    """PAdES-sign a final PDF (in place unless ``out``); update and sign its manifest. See finalize/sign.py."""
    from .finalize.sign import PASSWORD_ENV
    from .finalize.sign import sign as run

    return run(
        Path(pdf),
        Path(p12),
        password,
        visible=visible,
        out=out,
        manifest=manifest,
        font=_signature_font(visible),
        allow_draft=allow_draft,
        timestamp_url=timestamp_url,
        password_env=password_env or PASSWORD_ENV,
    )


def sign_many(
    pdfs: list[Path],
    p12: Path,
    password: bytes | None,
    visible: bool = False,
    manifest: bool = True,
    allow_draft: bool = False,
    timestamp_url: str | None = None,
    password_env: str | None = None,
):
    """Sign several PDFs with one certificate opened once; each result or its error. See finalize/sign.py."""
    from .finalize.sign import PASSWORD_ENV
    from .finalize.sign import sign_many as run

    font = _signature_font(visible)
    env = password_env or PASSWORD_ENV
    return run(list(pdfs), Path(p12), password, visible, manifest, font, allow_draft, timestamp_url, env)


def _signature_font(visible: bool) -> Path | None:
    """The visible signature's text in the body face, embedded (the PDF stays PDF/A)."""
    from .typeset import fonts as fontlib

    return Path(fontlib.resolve().choices[Role.FANGSONG].face.path) if visible else None


def verify(path: Path, trust: list[Path] | None = None, require_signature: bool = True):
    """The facts about a final document's signatures and hashes (``VerifyReport``). See finalize/verify.py."""
    from .finalize.verify import verify as run

    return run(Path(path), trust, require_signature)


def now() -> dt.datetime:
    """The wall clock, to the second: the time of a render without a fixed ``RenderOptions.timestamp``."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
