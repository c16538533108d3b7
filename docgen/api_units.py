"""The api over many units: ``docgen batch``, ``docgen check FOLDER`` and ``docgen rollup`` call these
(through ``docgen.api``, which names them), never ``docgen.batch`` or ``docgen.rollup`` themselves.

Each function imports its engine when called, so ``import docgen.api`` (a single file's check) loads no
batch engine, process pool or workbook writer. A module of its own beside ``api.py`` only to keep that one
readable; it imports ``api`` lazily too, so neither needs the other to be loaded first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .batch import BatchReport, Job, Unit, UnitResult
    from .errors import Finding, InputError
    from .rollup import Rollup


def is_batch_source(path: Path) -> bool:
    """A folder, a CSV manifest, or a workbook that is not one filled report (a manifest, a sheet per
    unit): what ``docgen check`` hands to the batch's discovery."""
    from .data.loader import WORKBOOK_SUFFIXES
    from .errors import InputError

    if path.is_dir() or path.suffix.lower() == ".csv":
        return True
    if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file():
        from . import batch  # only for a workbook: a YAML file's check does not load batch

        try:
            return batch.workbook_kind(path) != "report"
        except InputError:  # not a workbook: the single-file check says so
            return False
    return False


def batch_defaults(source: Path) -> Path | None:
    """The defaults file a data folder carries (``_defaults.yaml``), used when none is named."""
    from . import batch

    return batch.folder_defaults(source)


def batch_units(source: Path, defaults: Path | None = None, template: str | None = None) -> list[Unit]:
    """The units of a folder, data file or CSV/XLSX manifest, ``defaults`` merged under each and
    ``template`` for the units that name none; refused as a whole (two units of one name …) before
    anything runs. See docgen/batch/discover.py."""
    from . import batch

    units = batch.discover(source, defaults)
    if template:
        for u in units:
            u.values.setdefault("template", template)
    return units


def missing_template(unit: Unit) -> InputError | None:
    """The error of a manifest row or sheet that names no template, told in manifest terms; else None."""
    from . import batch

    return batch.missing_template(unit)


def check_unit(unit: Unit, templates: Path | None = None, previous: Path | None = None) -> list[Finding]:
    """A unit's findings without rendering (its load or template error as a finding: never raises)."""
    from . import batch

    return batch.check_unit(unit, templates, previous)


def plan_batch(
    units: list[Unit],
    out_dir: Path,
    pattern: str,
    formats: tuple[str, ...],
    templates: Path | None = None,
    timestamp: dt.datetime | None = None,
    draft: bool = False,
    write: bool = True,
    lang: str = "zh",
    *,
    final: bool = False,
    signer: str | None = None,
    approved: str | None = None,
    version: str = "1",
) -> list[Job]:
    """Every unit's job, planned before anything runs (two units writing one file are refused here): its
    output path from ``pattern`` (``{unit}/{year}-年度报告``), its resume fingerprint, and with ``final``
    the sign-off its 定稿 records (``approved``: an ISO date). ``write`` False: the outputs come back as
    bytes (a Dask cluster without a shared folder). See docgen/batch/plan.py."""
    from . import batch

    sign_off = batch.SignOff(signer, approved, version) if final else None
    return batch.plan_jobs(
        units, out_dir, pattern, formats, templates, timestamp, draft, write, sign_off, lang
    )


def start_batch_workers(n_jobs: int = 0, executor: str = "local") -> None:
    """Start warming the workers of a local pool now (``n_jobs`` as :func:`run_batch` takes it), so their
    start-up overlaps the reading and planning of the units; nothing for one worker or for Dask. Optional:
    :func:`run_batch` starts them itself otherwise. See ``batch.start_fork_server``."""
    from . import batch

    if executor == "local" and (n_jobs or batch.default_jobs()) > 1:
        batch.start_fork_server()


def run_batch(
    jobs: list[Job],
    out_dir: Path,
    n_jobs: int = 0,
    resume: bool = False,
    progress: Callable[[UnitResult], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    verbose: bool = False,
) -> BatchReport:
    """Run the planned jobs on ``n_jobs`` worker processes (0: every CPU this process may use) or a Dask
    cluster, ``progress`` told of each unit as it ends, and write batch-report.json/.csv whatever happens.
    See docgen/batch/pool.py."""
    from . import batch

    n = n_jobs or batch.default_jobs()
    return batch.run(jobs, out_dir, n, resume, progress, executor, scheduler, verbose)


def rollup(
    source: Path, out_dir: Path, defaults: Path | None, organ: str, formats: tuple[str, ...]
) -> tuple[Rollup, list[Path]]:
    """The units' annual-report tables checked and added up (docgen/rollup.py): the summary document in
    ``formats`` and its workbook (.xlsx) written to ``out_dir``; the units left out, and why, are in the
    returned ``Rollup``."""
    from . import rollup as lib
    from .api import render_document
    from .output import write_all
    from .render.options import RenderOptions

    result, doc, xlsx = lib.run(source, defaults, organ)
    blobs, _plan, _warnings = render_document(doc, formats, RenderOptions(formats=formats))
    stem = lib.stem(organ, result.year)
    files = {out_dir / f"{stem}.{k}": v for k, v in blobs.items()}
    files[out_dir / f"{stem}.xlsx"] = xlsx
    return result, write_all(files)
