"""Batch production: every subordinate unit's documents in one run.

Units come from a folder of data files, or from a manifest (CSV / XLSX: one row per unit). Shared defaults
are deep-merged under each unit's values. Units run in parallel (a local process pool by default, a Dask
cluster when asked); one unit's bad data never stops the others. Every unit ends as a row of the batch
report with its status, messages, outputs and their SHA-256. ``resume`` skips units whose inputs, template
and docgen version are unchanged since their outputs were written.

One module per step, in the order a batch runs them: ``discover`` (and ``manifest``, ``units``) finds the
units, ``plan`` makes each a ``Job``, ``pool`` schedules the jobs on workers, ``job`` is what a worker does
for one unit (``signoff`` for ``--final``), ``resume`` is what a batch finds on disk, ``report`` writes the
outcome. This façade names what code outside the package uses (the CLI, ``rollup``, the fork server's
``warmup``, the benchmark and the tests), so callers need not know the layout.
"""

from ..forkserver import PRELOAD, default_jobs
from ..forkserver import start as start_fork_server
from .discover import discover, folder_defaults
from .job import check_unit, run_unit, warm_up
from .manifest import workbook_kind
from .plan import Job, output_stem, plan_jobs
from .pool import run, serve_as_fork_server
from .report import BatchReport, UnitResult, finding_row, status_text, write_report
from .resume import STATE_FILE
from .signoff import SignOff
from .units import Unit, missing_template, unit_loaded

__all__ = [
    "PRELOAD",
    "STATE_FILE",
    "BatchReport",
    "Job",
    "SignOff",
    "Unit",
    "UnitResult",
    "check_unit",
    "default_jobs",
    "discover",
    "finding_row",
    "folder_defaults",
    "missing_template",
    "output_stem",
    "plan_jobs",
    "run",
    "run_unit",
    "serve_as_fork_server",
    "start_fork_server",
    "status_text",
    "unit_loaded",
    "warm_up",
    "workbook_kind",
    "write_report",
]
