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

from ..errors import InputError
from ..forkserver import MAIN_PID_ENV
from ..forkserver import start as start_fork_server
from ..output import write_all
from .job import prepare_unit, render_unit, run_unit, warm_worker
from .plan import Job
from .report import BatchReport, UnitResult, say, write_report
from .resume import load_state, on_disk, remember, remove_partials, save_state, unchanged

# A worker's memory is flat after its first documents (~97 MB for annual reports, measured over 50);
# a fresh worker every 200 documents bounds whatever WeasyPrint's caches gather over many different ones.
RECYCLE_AFTER = 200

# --- processes end with the batch ---------------------------------------------------------------------------
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


def _run_pool(todo: list[tuple[int, Job]], n_jobs: int, done: Done) -> None:
    """The local pool: workers forked from a warm fork server, recycled every ``RECYCLE_AFTER`` units.

    This process prepares the units (their data checked and composed: ``job.prepare_unit``) and the
    workers only render them (``job.render_unit``): a worker then never imports a kind's models (~0.12 s
    of its first unit, on the batch's critical path), a refused unit is reported at once, and the first
    units are prepared while the fork server starts. Units are handed over a few at a time (``2 × workers
    + 2`` with the pool), so that no more than that many prepared documents wait in memory.

    This process renders nothing itself. Its first unit would be a cold one (~0.45 s of CPU against
    ~0.18 s in a warm worker: WeasyPrint imported, every cache filled) and the pool's first ``submit``
    returns only once the fork server has forked a worker, so helping could only start when the workers
    do and take a core from them: measured, a batch of 20 ran ~0.15 s slower with the help than without
    it (docs/performance.md, session 7)."""
    ctx = start_fork_server()
    pool = ProcessPoolExecutor(
        max_workers=n_jobs, mp_context=ctx, initializer=_worker_init, max_tasks_per_child=RECYCLE_AFTER
    )
    waiting = list(reversed(todo))  # popped from the end: the units in their order
    window = 2 * n_jobs + 2
    pending: dict[Future, tuple[int, Job]] = {}

    def feed() -> None:
        """Prepare units until ``window`` of them are with the pool, then hand them over."""
        ready = []
        while waiting and len(pending) + len(ready) < window:
            i, job = waiting.pop()
            prepared = prepare_unit(job)
            if isinstance(prepared, UnitResult):
                done(i, prepared)
            else:
                ready.append((i, job, prepared))
        for i, job, prepared in ready:
            pending[pool.submit(render_unit, job, prepared)] = (i, job)

    try:
        try:
            feed()
            _collect(pending, done, feed)
        except KeyboardInterrupt:
            # Units not started are dropped; those in progress finish and are reported (workers ignore
            # Ctrl-C), so the report lists what is on disk. A second Ctrl-C stops them too.
            waiting.clear()
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


def _collect(
    pending: dict[Future, tuple[int, Job]], done: Done, feed: Callable[[], None] | None = None
) -> None:
    """Results as workers finish them (``feed`` called after each, to hand over more); a worker that died
    is its unit's failure, not the batch's."""
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
        if feed is not None:
            feed()


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
