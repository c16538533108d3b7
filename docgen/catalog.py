"""Where templates come from: the user's folder first (``--templates DIR`` or ``DOCGEN_TEMPLATES``), then
the templates shipped with docgen. A template is a folder holding ``template.yaml``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from .data.loader import Locator, load_data
from .errors import TemplateError
from .messages import Text
from .source import SourceRef

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Template:
    name: str
    kind: str
    description: str
    folder: Path
    spec: dict[str, Any]
    locate: Locator
    builtin: bool
    description_en: str = ""  # for --lang en; a user's template without one shows its Chinese description

    def describe(self, lang: str = "zh") -> str:
        return self.description_en if lang == "en" and self.description_en else self.description

    def where(self, *path: str | int) -> SourceRef:
        return self.locate(tuple(path))


def builtin_dir() -> Path:
    return Path(str(files("docgen.templates")))


def search_path(user_dir: Path | None = None) -> list[Path]:
    dirs = []
    if user_dir is not None:
        dirs.append(Path(user_dir))
    elif os.environ.get("DOCGEN_TEMPLATES"):
        dirs.append(Path(os.environ["DOCGEN_TEMPLATES"]))
    dirs.append(builtin_dir())
    return dirs


def available(user_dir: Path | None = None) -> list[Template]:
    seen: dict[str, Template] = {}
    for d in search_path(user_dir):
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            if (sub / "template.yaml").is_file() and sub.name not in seen and _NAME.match(sub.name):
                seen[sub.name] = _read(sub, builtin=d == builtin_dir())
    return sorted(seen.values(), key=lambda t: t.name)


def find(name: str, user_dir: Path | None = None, where: SourceRef | None = None) -> Template:
    if not _NAME.match(name or ""):
        raise TemplateError.of("catalog.bad_name", source=where, name=name)
    for d in search_path(user_dir):
        folder = d / name
        if (folder / "template.yaml").is_file():
            return _read(folder, builtin=d == builtin_dir())
    names = [t.name for t in available(user_dir)]
    raise TemplateError.of(
        "catalog.unknown",
        source=where,
        name=name,
        names=Text("、".join(names) or "（无）", ", ".join(names) or "(none)"),
    )


def _read(folder: Path, builtin: bool) -> Template:
    loaded = load_data(folder / "template.yaml")
    spec = loaded.values
    for key in ("name", "kind", "description"):
        if not isinstance(spec.get(key), str):
            raise TemplateError.of("catalog.missing_key", source=loaded.locate(()), key=key)
    return Template(
        name=spec["name"],
        kind=spec["kind"],
        description=spec["description"],
        folder=folder,
        spec=spec,
        locate=loaded.locate,
        builtin=builtin,
        description_en=spec["description_en"] if isinstance(spec.get("description_en"), str) else "",
    )
