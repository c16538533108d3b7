"""``batch --final``: the sign-off every unit's final records, and the final made for one unit. A final
signed since (``docgen sign``) is an archive copy: a batch never overwrites it, and ``--resume`` keeps it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Finding, InputError
from ..render.options import RenderOptions
from ..source import SourceRef

if TYPE_CHECKING:
    from .plan import Job


@dataclass(frozen=True)
class SignOff:
    """``batch --final``: the sign-off every unit's final document records."""

    signer: str | None = None
    approved: str | None = None  # ISO date
    version: str = "1"


def signed_final(job: Job) -> Path | None:
    """The manifest of this unit's final when ``docgen sign`` has signed it (a batch must not overwrite it)."""
    if job.final is None:
        return None
    from ..finalize.manifest import manifest_path

    path = manifest_path(Path(job.out_dir) / job.stem)
    try:
        signed = json.loads(path.read_text(encoding="utf-8")).get("signature")
    except (OSError, ValueError, AttributeError):
        return None
    return path if signed else None


def render_unit_final(job: Job, prepared: Any, options: RenderOptions) -> tuple[list[Finding], list[Path]]:
    """``render --final`` for one unit: refused (ValidationFailed) when its data has errors."""
    from dataclasses import replace

    from .. import api
    from ..finalize.final import render_final
    from ..render.options import Approval

    assert job.final is not None
    if signed := signed_final(job):
        raise InputError.of("batch.signed_exists", source=SourceRef(str(signed)))
    stem = Path(job.out_dir) / job.stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    approved = dt.date.fromisoformat(job.final.approved) if job.final.approved else None
    approval = Approval(job.final.signer or "", approved, job.final.version)
    done = render_final(prepared, stem, replace(options, final=True, approval=approval))
    return api.diagnostics(done.findings, done.fonts, done.warnings), done.outputs
