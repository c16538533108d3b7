"""``NAME.manifest.json``: the SHA-256 of every input, template and output of a final document, the docgen
version, the approval, and (after ``docgen sign``) the signer and signing time.

Paths are relative to the manifest's folder; built-in templates are named by template, so a manifest
verifies on another machine with the same docgen. The copy embedded in the PDF has no ``outputs`` (a file
cannot contain its own hash)."""

from __future__ import annotations

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

FORMAT = "docgen-manifest/1"
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
    """One file the manifest vouches for. ``role``: data | previous | image | template | pdf | docx."""

    role: str
    path: str
    sha256: str
    size: int
    template: str = ""  # built-in templates: the template's name (``path`` is then inside it)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"role": self.role, "path": self.path, "sha256": self.sha256, "size": self.size}
        if self.template:
            d["builtin_template"] = self.template
        return d

    @classmethod
    def of(cls, role: str, path: Path, base: Path, data: bytes | None = None) -> Entry:
        data = Path(path).read_bytes() if data is None else data
        return cls(role, rel(path, base), sha256(data), len(data))


def input_entries(data_file: Path, values: dict[str, Any], base: Path, previous: Path | None) -> list[Entry]:
    """The data file, last year's file, and every image file the data names (seals, 签名章)."""
    entries = [Entry.of("data", data_file, base)]
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
        if template.builtin:
            inner = f.relative_to(template.folder).as_posix()
            out.append(Entry("template", inner, sha256(data), len(data), template=template.name))
        else:
            out.append(Entry.of("template", f, base, data))
    return out


def resolve(entry: dict[str, Any], base: Path) -> Path:
    if entry.get("builtin_template"):
        return builtin_dir() / entry["builtin_template"] / entry["path"]
    p = Path(entry["path"])
    return p if p.is_absolute() else base / p


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
        raise InputError(
            message=f"无法读取清单文件：{e}",
            message_en=f"cannot read the manifest: {e}",
            source=SourceRef(str(path)),
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            message="这不是 docgen 的清单文件（缺少 format: docgen-manifest/1）",
            message_en="not a docgen manifest",
            source=SourceRef(str(path)),
        )
    return data
