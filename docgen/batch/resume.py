"""What a batch finds on disk: the resume state (a fingerprint per produced unit, saved after every unit so a
batch killed at any moment resumes where it was), the temporary files a killed write left, and the files of
units whose result never came back because the batch was stopped.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..output import write_all
from .plan import Job
from .report import UnitResult, say, sha256
from .signoff import signed_final

STATE_FILE = ".docgen-batch-state.json"


def load_state(out_dir: Path) -> dict[str, Any]:
    """The resume state left by an earlier run; a missing or damaged one means none (all units run)."""
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def unchanged(job: Job, state: dict[str, Any], out_dir: Path) -> UnitResult | None:
    """The unit's ``skipped`` result when its fingerprint and its files on disk match the state."""
    prev = state.get(job.unit.name)
    if not isinstance(prev, dict) or prev.get("fingerprint") != job.fingerprint:
        return None
    outputs = prev.get("outputs") or {}
    if prev.get("status") != "produced" or not outputs:
        return None
    changed = any(
        not (out_dir / rel).is_file() or sha256((out_dir / rel).read_bytes()) != sha
        for rel, sha in outputs.items()
    )
    if changed and not signed_final(job):  # a final signed since (docgen sign) has changed on purpose
        return None
    return UnitResult(
        job.unit.name,
        "skipped",
        [say(job.lang, "未改变，跳过（--resume）", "unchanged, skipped (--resume)")],
        dict(outputs),
        fingerprint=job.fingerprint,
        source=job.unit.where,
    )


def remember(state: dict[str, Any], r: UnitResult) -> None:
    """A unit's outcome in the resume state: produced units with the fingerprint of what made them."""
    if r.status == "produced" and r.fingerprint:
        state[r.unit] = {"fingerprint": r.fingerprint, "status": "produced", "outputs": r.outputs}
    elif r.status == "failed":
        state.pop(r.unit, None)


def save_state(out_dir: Path, state: dict[str, Any]) -> None:
    """Written after every unit (atomically: write_all), so a batch killed at any moment resumes where it
    was."""
    with contextlib.suppress(OutputError):  # resume information is a convenience; outputs and report matter
        write_all({out_dir / STATE_FILE: json.dumps(state, ensure_ascii=False, indent=1).encode()})


def remove_partials(out_dir: Path) -> None:
    """Temporary files write_all left when its process was killed mid-write (``.NAME.xxxx.part``)."""
    for p in out_dir.rglob(".*.part"):
        with contextlib.suppress(OSError):
            p.unlink()


def _expected(job: Job) -> list[Path]:
    """The files a unit's job writes (with ``--final``, its manifest too)."""
    stem = Path(job.out_dir) / job.stem
    paths = [stem.with_name(f"{stem.name}.{fmt}") for fmt in job.formats]
    if job.final is not None:
        from ..finalize.manifest import manifest_path

        paths.append(manifest_path(stem))
    return paths


def on_disk(job: Job, out_dir: Path, since_ns: int) -> UnitResult:
    """A unit whose result never came back (the batch was stopped): what its files on disk are. A worker
    may have written them just before the stop; older ones are from an earlier run."""
    lang = job.lang
    present = [p for p in _expected(job) if p.is_file()]
    fresh = [p for p in present if p.stat().st_mtime_ns >= since_ns]
    outputs = {p.relative_to(out_dir).as_posix(): sha256(p.read_bytes()) for p in present}
    if present and len(fresh) == len(_expected(job)):
        msg = say(lang, "中止前已写出", "written before the stop")
        return UnitResult(job.unit.name, "produced", [msg], outputs, source=job.unit.where)
    if fresh:
        msg = say(lang, "已中止：只写出了一部分文件", "interrupted: only some files were written")
    elif present:
        msg = say(lang, "已中止，未生成；磁盘上是先前生成的文件", "interrupted; the files on disk are older")
    else:
        msg = say(lang, "已中止，未生成", "interrupted, not produced")
    return UnitResult(job.unit.name, "interrupted", [msg], outputs, source=job.unit.where)
