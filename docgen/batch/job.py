"""One unit's job, run in a worker: prepare and render the unit, and turn everything that happens into its
row of the report (never an exception: one unit's bad data or a defect must not stop the others). Also the
warm-up that loads fonts and WeasyPrint once per worker, and the check of a unit without rendering.
"""

from __future__ import annotations

import datetime as dt
import resource
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocgenError, Finding, Severity, ValidationFailed
from ..output import write_all
from ..render.options import RenderOptions
from .plan import Job
from .report import UnitResult, finding_row, sha256
from .signoff import render_unit_final
from .units import Unit, missing_template, unit_error, unit_loaded

if TYPE_CHECKING:
    from ..api import Prepared

_warm = False


def warm_worker() -> None:
    """Load fonts and WeasyPrint once per worker process."""
    global _warm
    if not _warm:
        from ..render.pdf import engine  # noqa: F401
        from ..typeset.fonts import resolve

        resolve()
        _warm = True


def warm_up() -> None:
    """What every worker would otherwise load on its first unit, loaded once in the fork server
    (docgen/warmup.py) so that the workers it forks share it: the fonts resolved and their metrics read,
    the DOCX base package read (both from the user's cache), the renderers imported (``PRELOAD``).

    Not a warm-up render: rendering the annual report's form here (~0.4 s) made every worker wait for it
    before its first unit, while a worker's first unit costs only ~0.2 s more than the next ones now that
    fonts, metrics and the DOCX base come from caches, and the workers pay it side by side (the fork
    server is on the batch's critical path: what it does, every worker waits for). No kind is imported
    here: workers render units the main process prepared (``prepare_unit``). Never fails: a cold worker
    is slower, not wrong."""
    try:
        from .. import api
        from ..render.docx import base

        fonts = api.fontlib.resolve()
        base.package(fonts, "zh")
    except Exception:  # a cold worker is slower, not wrong
        return
    warm_worker()


def check_unit(unit: Unit, templates: Path | None = None, previous: Path | None = None) -> list[Finding]:
    """A unit's findings without rendering (``docgen check FOLDER``, ``batch --check-only``)."""
    from .. import api

    try:
        if error := unit_error(unit) or missing_template(unit):
            raise error
        return api.prepare_loaded(unit_loaded(unit), templates, previous=previous).findings
    except DocgenError as e:
        return [
            *getattr(e, "findings", []),
            Finding(Severity.ERROR, "input", e.text(), message_en=e.text("en"), origin="data"),
        ]


def run_unit(job: Job) -> tuple[UnitResult, dict[str, bytes]]:
    """Prepare and render one unit. Never raises for the unit's own faults: they become its result, with
    everything a single render would tell (findings, font fallbacks, WeasyPrint's warnings)."""
    prepared = prepare_unit(job)
    if isinstance(prepared, UnitResult):
        return prepared, {}
    return render_unit(job, prepared)


def prepare_unit(job: Job) -> Prepared | UnitResult:
    """The unit's data checked and composed, as a worker receives it: ``api.Prepared`` without its
    validated model (only the unit's kind could read it back; the Document carries all the renderers
    read, the words of its table cells included), or the unit's failed result. In a pooled batch the
    main process does this, so that workers only render: a worker then never imports a kind's models and
    templates (~0.12 s of its first unit), and a unit whose data is refused is reported at once."""
    import time
    from dataclasses import replace

    from .. import api

    start, cpu = time.perf_counter(), time.process_time()
    unit = job.unit
    try:
        if error := unit_error(unit) or missing_template(unit):
            raise error
        prepared = api.prepare_loaded(unit_loaded(unit), Path(job.templates) if job.templates else None)
        return replace(prepared, data=None)
    except Exception as e:  # the unit's fault, or a defect: its result either way
        result = UnitResult(unit.name, "failed", fingerprint=job.fingerprint, source=unit.where)
        _failed(result, job, e, [])
        result.seconds = time.perf_counter() - start
        result.cpu_seconds = time.process_time() - cpu
        return result


def render_unit(job: Job, prepared: Prepared) -> tuple[UnitResult, dict[str, bytes]]:
    """Render a prepared unit (:func:`prepare_unit`): its result, and its outputs' bytes when the job
    does not write them itself."""
    import time

    from .. import api

    warm_worker()
    start, cpu = time.perf_counter(), time.process_time()
    unit = job.unit
    result = UnitResult(unit.name, "failed", fingerprint=job.fingerprint, source=unit.where)
    blobs: dict[str, bytes] = {}
    findings: list[Finding] = list(prepared.findings)
    try:
        ts = dt.datetime.fromisoformat(job.timestamp) if job.timestamp else None
        options = RenderOptions(formats=job.formats, draft=job.draft, timestamp=ts, lang=job.lang)
        if job.final is not None:
            findings, written = render_unit_final(job, prepared, options)
            result.outputs = {
                p.relative_to(job.out_dir).as_posix(): sha256(p.read_bytes()) for p in map(Path, written)
            }
        else:
            if prepared.errors and not job.draft:
                raise ValidationFailed(prepared.findings)
            fallbacks = api.font_fallbacks(prepared.document)
            rendered, _plan, warnings = api.render_document(prepared.document, job.formats, options)
            findings = api.diagnostics(prepared.findings, fallbacks, warnings)
            blobs = {f"{job.stem}.{fmt}": data for fmt, data in rendered.items()}
            if job.write:
                targets = {Path(job.out_dir) / rel: data for rel, data in blobs.items()}
                for t in targets:
                    t.parent.mkdir(parents=True, exist_ok=True)
                write_all(targets)
            result.outputs = {rel: sha256(data) for rel, data in blobs.items()}
        result.messages = [f.text(job.lang) for f in findings if f.severity is not Severity.NOTICE]
        result.status = "produced"
        result.findings = [finding_row(f, job.lang) for f in findings]
    except Exception as e:
        _failed(result, job, e, findings)
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, ({} if job.write else blobs)


def _failed(result: UnitResult, job: Job, e: Exception, findings: list[Finding]) -> None:
    """``result`` as the failure ``e`` makes it: a unit's own fault (a DocgenError) in its words, anything
    else as a defect of docgen's that must not take the other units down with it."""
    if isinstance(e, DocgenError):
        findings = getattr(e, "findings", None) or findings
        errors = [f.text(job.lang) for f in findings if f.severity is Severity.ERROR]
        result.messages = [e.text(job.lang)] if not errors or not isinstance(e, ValidationFailed) else errors
        if not isinstance(e, ValidationFailed):
            findings = [*findings, Finding(Severity.ERROR, "input", e.text(job.lang), origin="data")]
    else:
        defect = Finding.of(
            Severity.ERROR,
            "internal",
            "batch.internal",
            origin="docgen",
            error_type=type(e).__name__,
            error=e,
        )
        result.messages = [defect.message]
        findings = [*findings, defect]
    result.findings = [finding_row(f, job.lang) for f in findings]
