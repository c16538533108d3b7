"""Planning: every unit becomes a ``Job``, plain data a worker process (or a Dask worker) needs for it, with
its output path and the fingerprint ``--resume`` compares. Two units that would write one file are refused
here, before anything runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import InputError
from ..messages import Text
from ..output import safe_name
from ..source import SourceRef
from .signoff import SignOff
from .units import Unit


@dataclass(frozen=True)
class Job:
    """What a worker needs for one unit: plain data, so it pickles for processes and Dask alike."""

    unit: Unit
    stem: str  # output path without suffix, relative to out_dir
    out_dir: str
    formats: tuple[str, ...]
    templates: str | None
    timestamp: str | None
    draft: bool
    fingerprint: str
    write: bool = True  # False: return the bytes (Dask without a shared folder)
    final: SignOff | None = None  # 定稿 (render --final) instead of a draft
    lang: str = "zh"  # the language of the report's messages


def plan_jobs(
    units: list[Unit],
    out_dir: Path,
    pattern: str,
    formats: tuple[str, ...],
    templates: Path | None,
    timestamp: dt.datetime | None,
    draft: bool,
    write: bool = True,
    final: SignOff | None = None,
    lang: str = "zh",
) -> list[Job]:
    """Every unit's job: its output path from ``pattern``, its template folder, its fingerprint."""
    stems: dict[str, str] = {}
    jobs = []
    for unit in units:
        stem = output_stem(pattern, unit)
        key = stem.lower()
        if key in stems:
            raise InputError.of("batch.name.collision", name=unit.name, stems=stems[key], stem=stem)
        stems[key] = unit.name
        template_dir = None
        t = unit.values.get("template")
        if isinstance(t, str):
            from ..catalog import search_path

            template_dir = next((d / t for d in search_path(templates) if (d / t).is_dir()), None)
        fp = fingerprint(unit, template_dir, formats, draft, final)
        jobs.append(
            Job(
                unit,
                stem,
                str(out_dir),
                formats,
                str(templates) if templates else None,
                timestamp.isoformat() if timestamp else None,
                draft,
                fp,
                write,
                final,
                lang,
            )
        )
    return jobs


def output_stem(pattern: str, unit: Unit) -> str:
    """The unit's output path (without suffix) from a pattern such as ``{unit}/{year}-年度报告``.

    Each path component is made safe; ``..``, absolute paths and drive letters cannot come out of it."""
    fields = {k: v for k, v in unit.values.items() if isinstance(v, str | int) and not k.startswith("_")}
    fields["unit"] = unit.name
    try:
        raw = pattern.format_map(fields)
    except KeyError as e:  # a field this unit lacks
        key = e.args[0]
        raise InputError.of(
            "batch.name.unknown_field",
            source=SourceRef(unit.file),
            pattern=pattern,
            key=key,
            name=unit.name,
            fields=Text("、".join("{" + k + "}" for k in fields), ", ".join("{" + k + "}" for k in fields)),
        ) from None
    except (ValueError, IndexError, AttributeError, TypeError) as e:
        raise InputError.of("batch.name.bad_pattern", pattern=pattern, error=e) from None
    parts = [
        safe_name(p, fallback="unit") for p in re.split(r"[/\\]+", raw) if p.strip() not in ("", ".", "..")
    ]
    return "/".join(parts) or safe_name(unit.name)


def fingerprint(
    unit: Unit, template_dir: Path | None, formats: tuple[str, ...], draft: bool, final: SignOff | None = None
) -> str:
    """What ``--resume`` compares: the unit's values and input files, its template's files, docgen's
    version, the formats and the draft/final choice. Any change makes the unit run again."""
    h = hashlib.sha256()
    h.update(json.dumps(unit.values, sort_keys=True, default=str, ensure_ascii=False).encode())
    for src in unit.sources:
        p = Path(src)
        h.update(p.read_bytes() if p.is_file() else src.encode())
    if template_dir is not None and template_dir.is_dir():
        for f in sorted(template_dir.rglob("*")):
            if f.is_file():
                h.update(f.read_bytes())
    h.update(f"{__version__}|{','.join(formats)}|{draft}|{final}".encode())
    return h.hexdigest()
