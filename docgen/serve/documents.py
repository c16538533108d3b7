"""What the page asks of a data file: open it as a form, check or render the form, list the folder.

Everything goes through docgen's library (``api.prepare_loaded``, ``api.render_document``, ``api.check``,
``api.init``): the page checks and lays out exactly what ``docgen check`` / ``docgen render`` would for the
same data. The form is turned into plain data and handed over as a ``Loaded`` whose locator names data paths
(``annual.cell_source``), so findings point at the page's fields and cells.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .. import api
from ..catalog import Template, available, find
from ..data import Loaded, Locator, load_data
from ..errors import SEVERITY_ZH, DocgenError, Finding, InputError, Severity
from ..kinds.annual_report.tables import version_for_year
from ..render.options import RenderOptions
from ..source import SourceRef
from . import annual, forms
from .paths import confine, data_files, relative
from .session import Session

P = ParamSpec("P")
R = TypeVar("R")


# docgen's loaders keep module-level state (the YAML constructor of data/loader.py): the requests the
# server runs in its worker threads use the library one at a time. Only the layout of a render (seconds)
# runs outside it, behind preview.render_lock.
LIBRARY = threading.RLock()
_listed: dict[tuple[Path, Path | None], tuple[tuple[int, int], dict[str, Any]]] = {}


def serialised(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with LIBRARY:
            return fn(*args, **kwargs)

    return run


def digest(path: Path) -> str:
    """The content hash a save compares with, to refuse overwriting a file changed since it was opened."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def where_of(src: SourceRef | None) -> str | None:
    """The page's data path a finding or an error is about (``attachments/1/title``): the locator's path
    (``annual.cell_source``) without the union member validation names on the way (``AttachmentData``,
    ``<table>``), which the page's fields do not have."""
    if src is None or src.sheet is not None or not src.cell:
        return None
    parts = [p for p in src.cell.split(annual.SEP) if not _MEMBER.fullmatch(p)]
    return annual.SEP.join(parts) or None


_MEMBER = re.compile(r"[A-Z][A-Za-z0-9]*|<[a-z]+>")


def finding_json(f: Finding) -> dict[str, Any]:
    src = f.source
    where = where_of(src)
    located = src is not None and (src.line is not None or src.sheet is not None)
    return {
        "severity": f.severity.value,
        "label": SEVERITY_ZH[f.severity],
        "code": f.code,
        "text": f.text() if located else replace(f, source=None).text(),
        "where": where,
        "blank": bool(f.blank),  # the summary of a table's blank cells: listed, not put on one cell
    }


def counts(findings: list[Finding]) -> dict[str, int]:
    """Errors, warnings and checks not made (the summary finding that lists blank cells not counted, as
    ``docgen check`` counts them)."""
    return {
        "error": sum(f.severity is Severity.ERROR for f in findings),
        "warning": sum(f.severity is Severity.WARNING for f in findings),
        "unchecked": sum(f.severity is Severity.UNCHECKED and not f.blank for f in findings),
        "blank": sum(f.severity is Severity.UNCHECKED and bool(f.blank) for f in findings),
    }


def error_json(e: DocgenError) -> dict[str, Any]:
    where = where_of(e.source)
    return {"error": e.text(), "message": e.message, "hint": e.hint, "where": where}


def templates_json(session: Session) -> list[dict[str, str]]:
    return [
        {"name": t.name, "kind": t.kind, "description": t.description} for t in available(session.templates)
    ]


@serialised
def listing(session: Session) -> list[dict[str, Any]]:
    """The data files of the folder with their template, year and check status (a file unchanged since
    the last listing is not checked again)."""
    out = []
    for path in data_files(session.root):
        stat = path.stat()
        stamp, key = (stat.st_mtime_ns, stat.st_size), (path, session.templates)
        if key in _listed and _listed[key][0] == stamp:
            out.append(_listed[key][1])
            continue
        entry: dict[str, Any] = {"path": relative(session.root, path), "template": None, "year": None}
        try:
            loaded = load_data(path)
            entry["template"] = loaded.template
            entry["year"] = loaded.values.get("year")
            entry["counts"] = counts(api.check(path, session.templates))
        except DocgenError as e:
            entry["problem"] = e.text()
        _listed[key] = (stamp, entry)
        out.append(entry)
    return out


@serialised
def create(session: Session, template: str, year: int | None, name: str | None) -> str:
    """``docgen init``'s file for ``template`` (or ``annual-report`` and a year), in the folder."""
    out: Path = session.root
    if name:
        out = confine(session.root, name, (".yaml", ".yml"))
    path = api.init(template, year, out, templates=session.templates)
    return relative(session.root, path)


@serialised
def start_from(session: Session, previous: str) -> str:
    """A new annual report for the year after ``previous``'s, started from it (``annual.carried_over``):
    the file ``docgen init`` writes, with last year's organ, headings and 结转 filled in and saved."""
    from .saving import save

    last = open_file(session, previous)
    year = str(last["form"]["values"].get("year") or "")
    if last["layout"]["kind"] != annual.ANNUAL_KIND or not year.isdigit():
        raise InputError.of("serve.from_last_year.not_annual", source=SourceRef(str(session.root / previous)))
    name = create(session, annual.ANNUAL_KIND, int(year) + 1, None)
    fresh = open_file(session, name)
    save(session, name, fresh["form"], annual.carried_over(last["form"], fresh["form"]), fresh["hash"])
    return name


def is_annual(template_name: str | None, session: Session) -> bool:
    if not template_name:
        return False
    try:
        return find(template_name, session.templates).kind == annual.ANNUAL_KIND
    except DocgenError:
        return False


def format_version(values: dict[str, Any], template_name: str, session: Session) -> str:
    declared = find(template_name, session.templates).spec.get("version")
    if declared is not None:
        return str(declared)
    year = values.get("year")
    return version_for_year(int(year)) if str(year).isdigit() else "2021"


def annual_extra(template: Template) -> list[dict[str, Any]]:
    """The annual report's fields besides 基本信息, its parts and tables: a generated form."""
    return forms.field_nodes(template, annual.OWN_FIELDS)


@serialised
def open_file(session: Session, name: str) -> dict[str, Any]:
    """The form of a data file, its layout, and the hash a later save is compared with."""
    path = confine(session.root, name)
    loaded = load_data(path)
    template = loaded.template
    if template is None:  # the library says what is missing, in the CLI's words
        api.prepare_loaded(loaded, session.templates)
        raise AssertionError("prepare_loaded accepts no data without a template")
    if is_annual(template, session):
        version = format_version(loaded.values, template, session)
        grid = annual.layout(version)  # type: ignore[arg-type]
        form = annual.form_of(loaded, version, grid)  # type: ignore[arg-type]
        if path.suffix.lower() != ".xlsx":  # a workbook holds only the cells of its own sheets
            grid["extra"] = annual_extra(find(template, session.templates))
            grid["images"] = forms.images(session.root)
            form["extra"] = forms.values_of(grid["extra"], loaded.values)
    else:
        grid = forms.layout(find(template, session.templates))
        grid["images"] = forms.images(session.root)
        form = forms.form_of(loaded, grid)
    form["template"] = template
    others = [relative(session.root, p) for p in data_files(session.root) if p != path]
    return {
        "others": others,  # candidates for last year's file (--previous)
        "path": relative(session.root, path),
        "template": template,
        "layout": grid,
        "form": form,
        "hash": digest(path),
        "saveable": path.suffix.lower() in (".yaml", ".yml", ".json") or grid["kind"] == annual.ANNUAL_KIND,
    }


def loaded_form(
    session: Session, name: str, form: dict[str, Any], located: list[SourceRef] | None = None
) -> Loaded:
    """The form as a loaded data file (values and a locator naming data paths); every place the library
    asks the locator for is appended to ``located``."""
    path = confine(session.root, name)
    template = str(form.get("template") or "")
    if is_annual(template, session):
        values = annual.form_data(template, form)
        if "extra" in form:
            values.update(
                forms.data_of_fields(annual_extra(find(template, session.templates)), form["extra"])
            )
    else:
        values = forms.form_data(find(template, session.templates), form)
    resolve = annual.cell_source(str(path))
    if located is not None:
        plain = resolve

        def resolve(data_path: tuple[str | int, ...]) -> SourceRef:
            located.append(plain(data_path))
            return located[-1]

    return Loaded(path, values, Locator(str(path), resolver=resolve))


def error_places(e: DocgenError, located: list[SourceRef]) -> list[dict[str, Any]]:
    """Each further problem of a refusal that lists several (validation's “另有 N 处问题，见下”), with the
    field it is about, so that every one lands at its field, not only the first. Validation locates its
    problems in the order it lists them, just before it refuses: the last places asked for are theirs
    (checked against the first problem's own place; nothing is placed when they do not agree)."""
    n = len(e.details)
    if not n or len(located) < n + 1 or located[-n - 1] is not e.source:
        return [{"text": d, "where": None} for d in e.details]
    return [{"text": d, "where": where_of(src)} for d, src in zip(e.details, located[-n:], strict=True)]


@serialised
def check_form(
    session: Session, name: str, form: dict[str, Any], previous: str | None = None
) -> dict[str, Any]:
    """The findings of the form's data, as ``docgen check [--previous LAST]`` finds them."""
    located: list[SourceRef] = []
    try:
        last = confine(session.root, previous) if previous else None
        loaded = loaded_form(session, name, form, located)
        prepared = api.prepare_loaded(loaded, session.templates, previous=last)
    except DocgenError as e:  # the data cannot be read at all (no year, a bad date, a field left out …)
        failure = {**error_json(e), "also": error_places(e, located)}
        errors = 1 + len(failure["also"])
        return {"findings": [], "counts": {"error": errors, "warning": 0, "unchecked": 0, "blank": 0},
                "fatal": failure}  # fmt: skip
    result = {"findings": [finding_json(f) for f in prepared.findings], "counts": counts(prepared.findings)}
    if prepared.template.kind == annual.ANNUAL_KIND:
        result["totals"] = computed_totals(loaded, prepared.template.spec.get("version"))
    return result


def computed_totals(loaded: Loaded, template_version: Any) -> dict[str, int | None]:
    """The figures the typed totals of 表三/表四 should hold, by cell id: computed by the rules' own sums
    (``rules.expected_totals``) from the report the rules check, so the page never adds up a cell itself."""
    from ..kinds.annual_report.kind import load_report
    from ..kinds.annual_report.rules import expected_totals

    version = str(template_version) if template_version is not None else None
    report, _ = load_report(loaded, version)
    return {annual.cell_id(path): n for path, n in expected_totals(report).items()}


def render_form(
    session: Session, name: str, form: dict[str, Any], formats: tuple[str, ...]
) -> dict[str, bytes]:
    """The form's document in ``formats``, as a draft (every page marked 草稿, findings or not)."""
    with LIBRARY:
        prepared = api.prepare_loaded(loaded_form(session, name, form), session.templates)
    options = RenderOptions(formats=formats, draft=True, timestamp=dt.datetime.now(dt.UTC))
    blobs, _, _ = api.render_document(prepared.document, formats, options)
    return blobs


@serialised
def finalize(session: Session, name: str, signer: str | None = None) -> list[str]:
    """定稿 of the saved file: the same path as ``docgen render --final`` (outputs in FOLDER/out);
    ``signer`` as ``--signer`` (default: the data's 签发人)."""
    path = confine(session.root, name)
    result = api.render_final(path, session.root / "out", templates=session.templates, signer=signer)
    return [relative(session.root, p) for p in result.outputs]
