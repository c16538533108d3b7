"""``NAME.manifest.json``: the SHA-256 of every input, template and output of a final document, the docgen
version, the approval, and (after ``docgen sign``) the signer, the signing certificate's fingerprint and the
signing time.

Files are recorded **by name and hash**, not by where they were: a filing is copied, mailed and moved, and
its manifest must verify wherever it lands. ``source`` keeps, as a hint only, where an input lay (relative
to the manifest's folder) when the document was rendered, so the issuer's own check still finds the working
copy; ``embedded`` names the copy the PDF carries. Verification looks for a file beside the manifest (by
name), then at the hint; a file found must match, a file not found is not checked (its embedded copy is,
when there is one). Built-in templates are named by template, so a manifest verifies on another machine
with the same docgen. The copy embedded in the PDF has no ``outputs`` (a file cannot contain its own hash)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog import Template, builtin_dir
from ..errors import InputError
from ..model import Document
from ..render.options import Approval
from ..source import SourceRef

FORMAT = "docgen-manifest/2"
FORMATS = ("docgen-manifest/1", FORMAT)  # /1 recorded paths only: read, never written
SUFFIX = ".manifest.json"
SIG_SUFFIX = ".p7s"  # the detached CMS signature: NAME.manifest.json.p7s
IMAGE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(pdf_or_stem: Path) -> Path:
    p = Path(pdf_or_stem)
    return p.with_name((p.stem if p.suffix.lower() in (".pdf", ".docx") else p.name) + SUFFIX)


def signature_path(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + SIG_SUFFIX)


def rel(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(path).resolve().as_posix()


@dataclass(frozen=True, slots=True)
class Entry:
    """One file the manifest vouches for. ``role``: data | previous | image | template | pdf | docx.
    ``name``: the file's name (inside its template for templates); ``source``: where it lay at render time,
    relative to the manifest's folder (a hint, see the module docstring); ``embedded``: the name of its copy
    inside the PDF, if the PDF carries one."""

    role: str
    name: str
    sha256: str
    size: int
    template: str = ""  # built-in templates: the template's name (``name`` is then inside it)
    source: str = ""
    embedded: str = ""

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"role": self.role, "name": self.name, "sha256": self.sha256, "size": self.size}
        if self.template:
            d["builtin_template"] = self.template
        if self.source and self.source != self.name:
            d["source"] = self.source
        if self.embedded:
            d["embedded"] = self.embedded
        return d

    @classmethod
    def of(cls, role: str, path: Path, base: Path, data: bytes | None = None, name: str = "") -> Entry:
        data = Path(path).read_bytes() if data is None else data
        return cls(role, name or Path(path).name, sha256(data), len(data), source=rel(path, base))


def input_entries(
    data_file: Path, values: dict[str, Any], base: Path, previous: Path | None, embed_data: bool = True
) -> list[Entry]:
    """The data file (marked as embedded in the PDF when ``embed_data``), last year's file, and every image
    file the data names (seals, 签名章)."""
    data = Entry.of("data", data_file, base)
    entries = [dataclasses.replace(data, embedded=data.name) if embed_data else data]
    if previous is not None:
        entries.append(Entry.of("previous", previous, base))
    seen: set[Path] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str) and v.lower().endswith(IMAGE_SUFFIXES) and "\n" not in v:
            p = Path(v) if Path(v).is_absolute() else Path(data_file).parent / v
            if p.is_file() and p.resolve() not in seen:
                seen.add(p.resolve())
                entries.append(Entry.of("image", p, base))

    walk(values)
    return entries


def template_entries(template: Template, base: Path) -> list[Entry]:
    out = []
    for f in sorted(p for p in template.folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = f.read_bytes()
        inner = f.relative_to(template.folder).as_posix()
        if template.builtin:
            out.append(Entry("template", inner, sha256(data), len(data), template=template.name))
        else:
            out.append(Entry.of("template", f, base, data, name=inner))
    return out


def candidates(entry: dict[str, Any], base: Path) -> list[Path]:
    """Where a recorded file may be, in the order verification looks: a built-in template inside this
    docgen; else beside the manifest (by name), then at the render-time hint (``source``)."""
    if entry.get("builtin_template"):
        return [builtin_dir() / entry["builtin_template"] / entry["name"]]
    found = [base / Path(entry["name"]).name]
    if entry.get("source"):
        hint = Path(entry["source"])
        found.append(hint if hint.is_absolute() else base / hint)
    return list(dict.fromkeys(found))


def resolve(entry: dict[str, Any], base: Path) -> Path | None:
    """The first place where the recorded file exists, else None."""
    return next((p for p in candidates(entry, base) if p.is_file()), None)


def shown(entry: dict[str, Any]) -> str:
    """How a message names the file: the template's name for built-in templates, else the file's name."""
    return f"{entry['builtin_template']}/{entry['name']}" if entry.get("builtin_template") else entry["name"]


def build(
    doc: Document,
    approval: Approval | None,
    inputs: list[Entry],
    templates: list[Entry],
    outputs: list[Entry],
    created: dt.datetime,
    pdf_variant: str | None,
) -> dict[str, Any]:
    m = doc.masthead
    return {
        "format": FORMAT,
        "docgen_version": __version__,
        "created": created.isoformat(),
        "document": {
            "title": doc.meta.title,
            "issuer": doc.meta.author,
            "doc_number": m.doc_number if m is not None else "",
            "date": (doc.signoff.date if doc.signoff else doc.meta.date or created.date()).isoformat(),
        },
        "approval": (
            {"signer": approval.signer, "date": approval.date.isoformat(), "version": approval.version}
            if approval
            else None
        ),
        "status": "定稿" if approval else "草稿",
        "pdf_variant": pdf_variant,
        "inputs": [e.as_dict() for e in inputs],
        "templates": [e.as_dict() for e in templates],
        "outputs": [e.as_dict() for e in outputs],
        "signature": None,
    }


def dumps(manifest: dict[str, Any]) -> bytes:
    """One canonical form (sorted keys, UTF-8, LF): the bytes that are hashed and signed."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError.of("manifest.unreadable_file", source=SourceRef(str(path)), error=e) from None
    return checked(data, SourceRef(str(path)))


def loads(data: bytes, where: SourceRef) -> dict[str, Any]:
    """A manifest from bytes (the copy embedded in a PDF)."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError.of("manifest.unreadable", source=where, error=e) from None
    return checked(parsed, where)


def checked(data: Any, where: SourceRef) -> dict[str, Any]:
    """The manifest with every entry named (a /1 manifest recorded only paths: their names are the
    paths' last parts, the paths become hints)."""
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise InputError.of("manifest.not_docgen", source=where, format=FORMAT)
    for group in ("inputs", "templates", "outputs"):
        entries = data.get(group)
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("name", e.get("path")), str) for e in entries
        ):
            raise InputError.of("manifest.not_a_list", source=where, group=group)
        for e in entries:
            if "name" not in e:
                path = e.pop("path")
                e["name"] = path if e.get("builtin_template") else Path(path).name
                if not e.get("builtin_template"):
                    e["source"] = path
    data["format"] = FORMAT
    return data
