"""The batch's fork server, started as early as a batch can know it will need one.

Every worker of a local pool is forked from one server process that has imported docgen, WeasyPrint
and python-docx and loaded the fonts (``PRELOAD``, ~0.35 s): the workers start warm and share those
pages. The server is a fresh interpreter, so its start-up runs beside the main process's own work
instead of after it — the earlier it starts, the less of it is left on the batch's critical path. This
module imports nothing of docgen, so that the process can start the server before it has imported the
command line interface (``launch.py``).
"""

from __future__ import annotations

import os
from typing import Any

# What the fork server imports once (``docgen.warmup`` last: fonts, metrics, DOCX base), so that every worker
# forked from it starts with docgen, WeasyPrint and python-docx loaded.
PRELOAD = (
    "docgen.api",
    "docgen.batch",
    "docgen.render.pdf.engine",
    "docgen.render.docx.writer",
    "docgen.warmup",
)
MAIN_PID_ENV = "DOCGEN_BATCH_MAIN_PID"  # the batch's main process, for the fork server it starts


def default_jobs() -> int:
    """The CPUs this process may use (its affinity, not the machine's count, in a container)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def start() -> Any:
    """Start the fork server the pool's workers are forked from, and return the multiprocessing context.

    Returns at once: the server imports and warms up on its own while this process goes on (reading,
    checking and planning the units); the pool's first workers are then forked warm. Calling it again, or
    when the server runs, does nothing more."""
    import multiprocessing as mp
    from multiprocessing import forkserver

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))  # (no effect once this process's fork server runs)
    os.environ[MAIN_PID_ENV] = str(os.getpid())  # the fork server ends with this process
    forkserver.ensure_running()
    return ctx
