"""The run: jobs to workers and results back. Units run in a local process pool (forkserver, workers forked
warm, recycled every ``RECYCLE_AFTER`` documents) or on a Dask cluster; every result is remembered for
``--resume`` as it arrives; a Ctrl-C or a stop still ends with a report of what is on disk. Worker processes
end with the batch however it ends. The scheduling lives here alone, so a change to it stays in this module.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..output import write_all
from .job import run_unit, warm_worker
from .plan import Job
from .report import BatchReport, UnitResult, say, write_report
from .resume import load_state, on_disk, remember, remove_partials, save_state, unchanged

# What the fork server imports once (``docgen.warmup`` last: fonts, metrics, DOCX base), so that every worker
# forked from it starts with docgen, WeasyPrint and python-docx loaded.
PRELOAD = (
    "docgen.api",
    "docgen.batch",
    "docgen.render.pdf.engine",
    "docgen.render.docx.writer",
    "docgen.warmup",
)
# A worker's memory is flat after its first documents (~97 MB for annual reports, measured over 50);
# a fresh worker every 200 documents bounds whatever WeasyPrint's caches gather over many different ones.
RECYCLE_AFTER = 200

# --- processes end with the batch ---------------------------------------------------------------------------
MAIN_PID_ENV = "DOCGEN_BATCH_MAIN_PID"  # the batch's main process, for the fork server it starts
_fork_server_pid = 0  # set in the fork server; its forked workers inherit it
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` dies, however it dies (SIGKILL included): a worker or fork server
    left behind keeps writing into the output folder for minutes. On Linux the kernel sends SIGKILL
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread polls the parent's id once a second."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="docgen-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def serve_as_fork_server() -> None:
    """Run in the fork server (docgen/warmup.py): it ends with the batch's main process, and its workers
    with it."""
    global _fork_server_pid
    _fork_server_pid = os.getpid()
    main = int(os.environ.get(MAIN_PID_ENV) or 0)
    if main:
        die_with_parent(main)


def _worker_init() -> None:
    """A pool worker: ends with its fork server; leaves Ctrl-C to the main process, which lets the units in
    progress finish so that the report says exactly what is on disk."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(_fork_server_pid or os.getppid())
    warm_worker()


Progress = Callable[[UnitResult], None]


Done = Callable[[int, UnitResult], None]


def run(
    jobs: list[Job],
    out_dir: Path,
    n_jobs: int,
    resume: bool = False,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    verbose: bool = False,
) -> BatchReport:
    """Run the jobs (skipping unchanged ones with ``resume``) and write the batch report, whatever
    happens: a unit stopped by Ctrl-C is reported with what it left on disk."""
    import time

    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    since = time.time_ns()
    remove_partials(out_dir)
    state = load_state(out_dir)
    results: dict[int, UnitResult] = {}  # by the job's index: unique whatever the units are called

    def done(i: int, res: UnitResult) -> None:
        results[i] = res
        remember(state, res)
        save_state(out_dir, state)
        if progress:
            progress(res)

    try:
        todo: list[tuple[int, Job]] = []
        for i, job in enumerate(jobs):
            skipped = unchanged(job, state, out_dir) if resume else None
            if skipped:
                results[i] = skipped
                if progress:
                    progress(skipped)
            else:
                todo.append((i, job))
        if executor == "dask":
            _run_dask(todo, out_dir, scheduler, done)
        elif n_jobs <= 1 or len(todo) <= 1:
            for i, job in todo:
                done(i, run_unit(job)[0])
        else:
            _run_pool(todo, n_jobs, done)
    except KeyboardInterrupt:
        pass
    finally:
        remove_partials(out_dir)
        ordered = [results.get(i) or on_disk(j, out_dir, since) for i, j in enumerate(jobs)]
        report = BatchReport(
            started, dt.datetime.now().astimezone().isoformat(timespec="seconds"), ordered, str(out_dir)
        )
        write_report(report, out_dir, jobs[0].lang if jobs else "zh", verbose)
    return report


def start_fork_server() -> Any:
    """Start the fork server the pool's workers are forked from, and return the multiprocessing context.

    The server imports docgen, WeasyPrint and python-docx and loads the fonts (``PRELOAD``, ~0.6 s)
    before it forks the first worker. Started as soon as the batch knows it will use a pool (the CLI calls
    this before it reads the units), that time overlaps the main process's own work of reading, checking
    and planning every unit, instead of following it; the pool's first workers are then forked warm at
    once. Calling it again, or when the server runs, does nothing more."""
    import multiprocessing as mp
    from multiprocessing import forkserver

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))  # (no effect once this process's fork server runs)
    os.environ[MAIN_PID_ENV] = str(os.getpid())  # the fork server ends with this process
    forkserver.ensure_running()  # returns at once: the server imports and warms up on its own
    return ctx


def _run_pool(todo: list[tuple[int, Job]], n_jobs: int, done: Done) -> None:
    """The local pool: workers forked from a warm fork server, recycled every ``RECYCLE_AFTER`` units."""
    ctx = start_fork_server()
    pool = ProcessPoolExecutor(
        max_workers=n_jobs, mp_context=ctx, initializer=_worker_init, max_tasks_per_child=RECYCLE_AFTER
    )
    pending: dict[Future, tuple[int, Job]] = {pool.submit(run_unit, job): (i, job) for i, job in todo}
    try:
        try:
            help_while_warming(pending, done)
            _collect(pending, done)
        except KeyboardInterrupt:
            # Units not started are dropped; those in progress finish and are reported (workers ignore
            # Ctrl-C), so the report lists what is on disk. A second Ctrl-C stops them too.
            for fut in list(pending):
                if fut.cancel():
                    del pending[fut]
            try:
                _collect(pending, done)
            except KeyboardInterrupt:
                for proc in list(getattr(pool, "_processes", {}).values()):
                    proc.terminate()
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def help_while_warming(
    pending: dict[Future, tuple[int, Job]],
    done: Done,
    run: Callable[[Job], tuple[UnitResult, dict[str, bytes]]] = run_unit,
) -> None:
    """Render units here, in the main process, until the pool's first result comes back.

    Until the fork server has warmed up and forked the workers (~0.6 s), this process, its units read and
    planned, would only wait while a core stays idle. It takes units from the end of the queue (the pool
    takes them from the front) that no worker has been handed yet (``Future.cancel`` succeeds only
    then), so no unit runs twice; once a worker's result is in, the pool has the cores to itself."""
    while pending and not any(f.done() for f in pending):
        stolen = next((f for f in reversed(list(pending)) if f.cancel()), None)
        if stolen is None:
            return  # every unit left is with a worker already
        i, job = pending.pop(stolen)
        done(i, run(job)[0])


def _collect(pending: dict[Future, tuple[int, Job]], done: Done) -> None:
    """Results as workers finish them; a worker that died is its unit's failure, not the batch's."""
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in finished:
            i, job = pending.pop(fut)
            if fut.cancelled():
                continue
            try:
                res, _ = fut.result()
            except Exception as e:  # a worker died (out of memory, killed)
                res = UnitResult(
                    job.unit.name,
                    "failed",
                    [say(job.lang, f"工作进程异常退出：{e}", f"the worker process died: {e}")],
                    source=job.unit.where,
                )
            done(i, res)


def _run_dask(todo: list[tuple[int, Job]], out_dir: Path, scheduler: str | None, done: Done) -> None:
    """The jobs on a Dask cluster; outputs returned as bytes (``write=False``) are written here."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError.of("batch.dask.missing") from None
    if not scheduler:
        raise InputError.of("batch.dask.no_scheduler")
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as e:
        raise InputError.of("batch.dask.unreachable", scheduler=scheduler, error=e) from None
    try:
        futures = {
            client.submit(run_unit, job, key=f"docgen-{i}-{job.fingerprint[:12]}", pure=False): (i, job)
            for i, job in todo
        }
        for fut in as_completed(futures):
            i, job = futures[fut]
            try:
                res, blobs = fut.result()
                if blobs:  # outputs came back as bytes: written here, atomically
                    targets = {out_dir / rel: data for rel, data in blobs.items()}
                    for t in targets:
                        t.parent.mkdir(parents=True, exist_ok=True)
                    write_all(targets)
            except Exception as e:
                res = UnitResult(
                    job.unit.name,
                    "failed",
                    [say(job.lang, f"Dask 任务失败：{e}", f"the Dask task failed: {e}")],
                    source=job.unit.where,
                )
            done(i, res)
    finally:
        client.close()


def default_jobs() -> int:
    """The CPUs this process may use (its affinity, not the machine's count, in a container)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
