"""Batch production: every subordinate unit's documents in one run.

Units come from a folder of data files, or from a manifest (CSV / XLSX: one row per unit). Shared defaults
are deep-merged under each unit's values. Units run in parallel (a local process pool by default, a Dask
cluster when asked); one unit's bad data never stops the others. Every unit ends as a row of the batch
report with its status, messages, outputs and their SHA-256. ``resume`` skips units whose inputs, template
and docgen version are unchanged since their outputs were written.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .data.loader import Loaded, Locator, load_data
from .errors import DocgenError, InputError, OutputError, Severity
from .output import safe_name, write_all
from .render.options import RenderOptions
from .source import SourceRef

DATA_SUFFIXES = (".yaml", ".yml", ".json")
STATE_FILE = ".docgen-batch-state.json"
REPORT_NAME = "batch-report"
UNIT_COLUMNS = ("unit", "单位", "单位名称")
DATA_COLUMNS = ("data", "数据文件", "file")


@dataclass
class Unit:
    """One unit's inputs: its values (defaults merged in), positions, and the files they came from."""

    name: str
    values: dict[str, Any]
    positions: dict[tuple, SourceRef]
    file: str  # the unit's own data file (or the manifest) for messages
    sources: list[str]  # every input file, hashed for --resume


@dataclass
class UnitResult:
    unit: str
    status: str  # "produced" | "failed" | "skipped" | "interrupted"
    messages: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # path → sha256
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time for this unit (steadier than wall time on a busy host)
    fingerprint: str = ""
    peak_mb: float = 0.0  # the worker's peak resident memory after this unit


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


# --- discovering units -------------------------------------------------------------------------------------
def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


FOLDER_DEFAULTS = ("_defaults.yaml", "_defaults.yml", "_defaults.json")


def folder_defaults(source: Path) -> Path | None:
    """The defaults file a data folder carries (``_defaults.yaml``), used when none is named: a folder
    prepared for a batch holds its shared values beside the units (files starting with ``_`` are no unit)."""
    found = (Path(source) / name for name in FOLDER_DEFAULTS)
    return next((p for p in found if p.is_file()), None)


def discover(source: Path, defaults: Path | None = None) -> list[Unit]:
    """The units of a batch, in a stable order."""
    source = Path(source)
    base: dict[str, Any] = {}
    base_pos: dict[tuple, SourceRef] = {}
    base_files: list[str] = []
    if defaults is not None:
        d = load_data(defaults)
        base, base_pos, base_files = d.values, dict(d.locate.positions), [str(defaults)]
    if source.is_dir():
        files = sorted(
            p for p in source.iterdir() if p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith("_")
        )
        if not files:
            raise InputError(
                message="文件夹中没有数据文件（.yaml/.yml/.json）",
                message_en="no data files in the folder",
                source=SourceRef(str(source)),
            )
        units = []
        for f in files:
            units.append(_unit_from_file(f.stem, f, {}, base, base_pos, base_files))
        return units
    if source.suffix.lower() == ".csv":
        return _from_rows(source, _csv_rows(source), base, base_pos, base_files)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        if _is_manifest(source):
            return _from_rows(source, _xlsx_rows(source), base, base_pos, base_files)
        return _from_sheets(source, base, base_pos, base_files)
    raise InputError(
        message="批量来源应为数据文件夹、CSV 或 XLSX 清单",
        message_en="the batch source must be a folder of data files or a CSV/XLSX manifest",
        source=SourceRef(str(source)),
    )


def _unit_from_file(
    name: str,
    path: Path,
    extra: dict,
    base: dict,
    base_pos: dict,
    base_files: list[str],
    extra_pos: dict | None = None,
) -> Unit:
    try:
        loaded = load_data(path)
        values, positions = loaded.values, dict(loaded.locate.positions)
    except DocgenError as e:  # the unit fails later with this message; discovery goes on
        values, positions = {"__error__": e.text()}, {}
    merged = deep_merge(deep_merge(base, values), extra)
    return Unit(
        name, merged, {**base_pos, **positions, **(extra_pos or {})}, str(path), [*base_files, str(path)]
    )


def _set_path(values: dict, dotted: str, value: Any) -> tuple[str, ...]:
    keys = dotted.split(".")
    node = values
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    return tuple(keys)


def _from_rows(
    manifest: Path,
    rows: Iterator[tuple[int, dict[str, Any]]],
    base: dict,
    base_pos: dict,
    base_files: list[str],
) -> list[Unit]:
    units = []
    for line, row in rows:
        name = next((str(row[c]).strip() for c in UNIT_COLUMNS if row.get(c) not in (None, "")), "")
        where = SourceRef(str(manifest), line=line)
        if not name:
            raise InputError(
                message=f"清单第 {line} 行缺少单位名称（unit 列）",
                message_en="a row lacks the unit name",
                source=where,
            )
        data_file = next((str(row[c]).strip() for c in DATA_COLUMNS if row.get(c) not in (None, "")), "")
        extra: dict[str, Any] = {}
        extra_pos: dict[tuple, SourceRef] = {}
        for i, (col, value) in enumerate(row.items(), start=1):
            if col in UNIT_COLUMNS or col in DATA_COLUMNS or value in (None, ""):
                continue
            # the cell's row and column, so that a bad value is found without searching the row
            extra_pos[_set_path(extra, col, value)] = SourceRef(str(manifest), line=line, column=i)
        if data_file:
            path = Path(data_file)
            path = path if path.is_absolute() else manifest.parent / path
            units.append(
                _unit_from_file(name, path, extra, base, base_pos, [*base_files, str(manifest)], extra_pos)
            )
        else:
            values = deep_merge(base, extra)
            units.append(
                Unit(name, values, {**base_pos, **extra_pos}, str(manifest), [*base_files, str(manifest)])
            )
    return units


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield i, {k.strip(): _scalar(v) for k, v in row.items() if k}


def _is_manifest(path: Path) -> bool:
    """A manifest names its units in a column of its first sheet; otherwise each sheet is a unit."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    header = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), ())
    return any(str(h).strip() in UNIT_COLUMNS for h in header if h is not None)


def _from_sheets(path: Path, base: dict, base_pos: dict, base_files: list[str]) -> list[Unit]:
    """One workbook, one sheet per unit: the sheet's name is the unit, its rows are ``field | value``
    (dotted fields such as ``t3.new_received.total`` reach into nested data)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    units = []
    for ws in wb.worksheets:
        values: dict[str, Any] = {}
        positions: dict[tuple, SourceRef] = {}
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if not row or row[0] in (None, "") or str(row[0]).strip() in ("字段", "field"):
                continue
            value = row[1] if len(row) > 1 else None
            if isinstance(value, dt.datetime):
                value = value.date()
            if value in (None, ""):
                continue
            key = _set_path(values, str(row[0]).strip(), value)
            positions[key] = SourceRef(str(path), sheet=ws.title, cell=f"B{r}")
        if values:
            units.append(
                Unit(
                    ws.title,
                    deep_merge(base, values),
                    {**base_pos, **positions},
                    str(path),
                    [*base_files, str(path)],
                )
            )
    if not units:
        raise InputError(
            message="工作簿中没有单位数据（每个工作表一个单位：字段 | 值）",
            message_en="no unit sheets in the workbook",
            source=SourceRef(str(path)),
        )
    return units


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    for i, row in enumerate(rows, start=2):
        if all(v in (None, "") for v in row):
            continue
        yield i, {h: v for h, v in zip(header, row, strict=False) if h}


def _scalar(text: str | None) -> Any:
    """CSV cells are text; numbers and dates become values as YAML would read them."""
    if text is None:
        return None
    t = text.strip()
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return dt.date.fromisoformat(t)
    return t


# --- names ---------------------------------------------------------------------------------------------------
def output_stem(pattern: str, unit: Unit) -> str:
    """The unit's output path (without suffix) from a pattern such as ``{unit}/{year}-年度报告``.

    Each path component is made safe; ``..``, absolute paths and drive letters cannot come out of it."""
    fields = {k: v for k, v in unit.values.items() if isinstance(v, str | int)}
    fields["unit"] = unit.name
    try:
        raw = pattern.format_map(_Missing(fields))
    except (ValueError, IndexError) as e:
        raise InputError(
            message=f"输出文件名模式“{pattern}”有误：{e}", message_en=f"bad name pattern: {e}"
        ) from None
    parts = [
        safe_name(p, fallback="unit") for p in re.split(r"[/\\]+", raw) if p.strip() not in ("", ".", "..")
    ]
    return "/".join(parts) or safe_name(unit.name)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        raise InputError(
            message=f"输出文件名模式用到的字段“{key}”在数据中不存在",
            message_en=f"the name pattern uses {key!r}, which the data lacks",
        )


# --- fingerprints (resume) ---------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(unit: Unit, template_dir: Path | None, formats: tuple[str, ...], draft: bool) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(unit.values, sort_keys=True, default=str, ensure_ascii=False).encode())
    for src in unit.sources:
        p = Path(src)
        h.update(p.read_bytes() if p.is_file() else src.encode())
    if template_dir is not None and template_dir.is_dir():
        for f in sorted(template_dir.rglob("*")):
            if f.is_file():
                h.update(f.read_bytes())
    h.update(f"{__version__}|{','.join(formats)}|{draft}".encode())
    return h.hexdigest()


# --- one unit (runs in a worker) ----------------------------------------------------------------------------
_warm = False
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


def warm_worker() -> None:
    """Load fonts and WeasyPrint once per worker process."""
    global _warm
    if not _warm:
        from .render.pdf import engine  # noqa: F401
        from .typeset.fonts import resolve

        resolve()
        _warm = True


def warm_up() -> None:
    """Render the annual report's blank form once (as a draft, nothing written but a temporary data file):
    the faces loaded by Pango, the stylesheet parsed, the DOCX base package built, every lazy import made.
    Run by the fork server (docgen/warmup.py), so every worker it forks starts warm: a worker's first
    document cost ~0.6 s more than the next ones. Never fails: a worker warms itself on its first unit."""
    import tempfile

    from . import api

    try:
        with tempfile.TemporaryDirectory(prefix="docgen-warm-") as tmp:
            prepared = api.prepare(api.init("annual-report", 2024, Path(tmp)))
            api.render_document(prepared.document, ("pdf", "docx"), RenderOptions(draft=True))
    except Exception:  # a cold worker is slower, not wrong
        return
    warm_worker()


def run_unit(job: Job) -> tuple[UnitResult, dict[str, bytes]]:
    """Prepare and render one unit. Never raises for the unit's own faults: they become its result."""
    import time

    from . import api

    warm_worker()
    start, cpu = time.perf_counter(), time.process_time()
    unit = job.unit
    result = UnitResult(unit.name, "failed", fingerprint=job.fingerprint)
    blobs: dict[str, bytes] = {}
    try:
        if "__error__" in unit.values:
            raise InputError(message=str(unit.values["__error__"]), message_en=str(unit.values["__error__"]))
        loaded = Loaded(Path(unit.file), unit.values, Locator(unit.file, unit.positions))
        prepared = api.prepare_loaded(loaded, Path(job.templates) if job.templates else None)
        ts = dt.datetime.fromisoformat(job.timestamp) if job.timestamp else None
        options = RenderOptions(formats=job.formats, draft=job.draft, timestamp=ts)
        if prepared.errors and not job.draft:
            from .errors import ValidationFailed

            raise ValidationFailed(prepared.findings)
        rendered, _plan, _warnings = api.render_document(prepared.document, job.formats, options)
        blobs = {f"{job.stem}.{fmt}": data for fmt, data in rendered.items()}
        result.messages = [f.text() for f in prepared.findings if f.severity is not Severity.NOTICE]
        if job.write:
            targets = {Path(job.out_dir) / rel: data for rel, data in blobs.items()}
            for t in targets:
                t.parent.mkdir(parents=True, exist_ok=True)
            write_all(targets)
        result.outputs = {rel: _sha256(data) for rel, data in blobs.items()}
        result.status = "produced"
    except DocgenError as e:
        findings = getattr(e, "findings", [])
        result.messages = [f.text() for f in findings if f.severity is Severity.ERROR] or [e.text()]
    except Exception as e:  # a defect must not take the other units down with it
        result.messages = [f"内部错误 {type(e).__name__}: {e}"]
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, ({} if job.write else blobs)


# --- the run -------------------------------------------------------------------------------------------------
@dataclass
class BatchReport:
    started: str
    finished: str
    results: list[UnitResult]
    out_dir: str

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> bool:
        return any(r.status in ("failed", "interrupted") for r in self.results)


Progress = Callable[[UnitResult], None]


def plan_jobs(
    units: list[Unit],
    out_dir: Path,
    pattern: str,
    formats: tuple[str, ...],
    templates: Path | None,
    timestamp: dt.datetime | None,
    draft: bool,
    write: bool = True,
) -> list[Job]:
    stems: dict[str, str] = {}
    jobs = []
    for unit in units:
        stem = output_stem(pattern, unit)
        key = stem.lower()
        if key in stems:
            raise InputError(
                message=f"单位“{unit.name}”和“{stems[key]}”的输出文件名相同（{stem}），会相互覆盖",
                message_en=f"units {unit.name!r} and {stems[key]!r} would write the same file {stem}",
                hint="在 --name 模式中加入 {unit}，或修改单位名称",
                hint_en="put {unit} in the --name pattern",
            )
        stems[key] = unit.name
        template_dir = None
        t = unit.values.get("template")
        if isinstance(t, str):
            from .catalog import search_path

            template_dir = next((d / t for d in search_path(templates) if (d / t).is_dir()), None)
        fp = fingerprint(unit, template_dir, formats, draft)
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
            )
        )
    return jobs


def _load_state(out_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _unchanged(job: Job, state: dict[str, Any], out_dir: Path) -> UnitResult | None:
    prev = state.get(job.unit.name)
    if not prev or prev.get("fingerprint") != job.fingerprint or prev.get("status") != "produced":
        return None
    for rel, sha in prev.get("outputs", {}).items():
        p = out_dir / rel
        if not p.is_file() or _sha256(p.read_bytes()) != sha:
            return None
    return UnitResult(
        job.unit.name, "skipped", ["未改变，跳过（--resume）"], prev["outputs"], 0.0, job.fingerprint
    )


def run(
    jobs: list[Job],
    out_dir: Path,
    n_jobs: int,
    resume: bool = False,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> BatchReport:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    state = _load_state(out_dir) if resume else {}
    results: dict[str, UnitResult] = {}
    todo = []
    for job in jobs:
        skipped = _unchanged(job, state, out_dir) if resume else None
        if skipped:
            results[job.unit.name] = skipped
            if progress:
                progress(skipped)
        else:
            todo.append(job)
    try:
        if executor == "dask":
            _run_dask(todo, out_dir, scheduler, results, progress)
        elif n_jobs <= 1 or len(todo) <= 1:
            for job in todo:
                res, _ = run_unit(job)
                results[job.unit.name] = res
                if progress:
                    progress(res)
        else:
            _run_pool(todo, n_jobs, results, progress)
    except KeyboardInterrupt:
        for job in todo:
            results.setdefault(job.unit.name, UnitResult(job.unit.name, "interrupted", ["已中止，未生成"]))
    finally:
        ordered = [
            results.get(j.unit.name) or UnitResult(j.unit.name, "interrupted", ["已中止，未生成"])
            for j in jobs
        ]
        report = BatchReport(
            started, dt.datetime.now().astimezone().isoformat(timespec="seconds"), ordered, str(out_dir)
        )
        _save_state(out_dir, state, ordered)
        write_report(report, out_dir)
    return report


def _run_pool(
    todo: list[Job], n_jobs: int, results: dict[str, UnitResult], progress: Progress | None
) -> None:
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    # The fork server imports docgen, WeasyPrint and python-docx once (~1.5 s); every worker forked from it
    # starts with them loaded. (No effect when this process already started its fork server.)
    ctx.set_forkserver_preload(list(PRELOAD))
    with ProcessPoolExecutor(
        max_workers=n_jobs,
        mp_context=ctx,
        initializer=warm_worker,
        max_tasks_per_child=RECYCLE_AFTER,
    ) as pool:
        pending: dict[Future, Job] = {pool.submit(run_unit, job): job for job in todo}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    try:
                        res, _ = fut.result()
                    except Exception as e:  # a worker died (out of memory, killed)
                        res = UnitResult(job.unit.name, "failed", [f"工作进程异常退出：{e}"])
                    results[job.unit.name] = res
                    if progress:
                        progress(res)
        except KeyboardInterrupt:
            for fut in pending:
                fut.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _run_dask(
    todo: list[Job],
    out_dir: Path,
    scheduler: str | None,
    results: dict[str, UnitResult],
    progress: Progress | None,
) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError(
            message="未安装 Dask：pip install 'docgen[dask]'",
            message_en="Dask is not installed",
            hint="pip install 'docgen[dask]'",
        ) from None
    if not scheduler:
        raise InputError(
            message="--executor dask 需要 --scheduler tcp://主机:端口",
            message_en="--executor dask needs --scheduler tcp://HOST:PORT",
        )
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as e:
        raise InputError(
            message=f"无法连接 Dask 调度器 {scheduler}：{e}", message_en=f"cannot reach {scheduler}"
        ) from None
    try:
        futures = {
            client.submit(run_unit, job, key=f"docgen-{i}-{job.fingerprint[:12]}", pure=False): job
            for i, job in enumerate(todo)
        }
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                res, blobs = fut.result()
                if blobs:  # outputs came back as bytes: written here, atomically
                    targets = {out_dir / rel: data for rel, data in blobs.items()}
                    for t in targets:
                        t.parent.mkdir(parents=True, exist_ok=True)
                    write_all(targets)
            except Exception as e:
                res = UnitResult(job.unit.name, "failed", [f"Dask 任务失败：{e}"])
            results[job.unit.name] = res
            if progress:
                progress(res)
    finally:
        client.close()


def _save_state(out_dir: Path, state: dict[str, Any], results: list[UnitResult]) -> None:
    for r in results:
        if r.status in ("produced", "skipped"):
            state[r.unit] = {"fingerprint": r.fingerprint, "status": "produced", "outputs": r.outputs}
        elif r.status == "failed":
            state.pop(r.unit, None)
    with contextlib.suppress(OutputError):  # resume information is a convenience; outputs and report matter
        write_all({out_dir / STATE_FILE: json.dumps(state, ensure_ascii=False, indent=1).encode()})


def write_report(report: BatchReport, out_dir: Path) -> list[Path]:
    rows = [asdict(r) for r in report.results]
    payload = {
        "docgen": __version__,
        "started": report.started,
        "finished": report.finished,
        "produced": report.count("produced"),
        "failed": report.count("failed"),
        "skipped": report.count("skipped"),
        "interrupted": report.count("interrupted"),
        "units": rows,
    }
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["unit", "status", "messages", "outputs", "sha256", "seconds"])
    for r in report.results:
        w.writerow(
            [
                r.unit,
                r.status,
                " | ".join(r.messages),
                " ".join(r.outputs),
                " ".join(r.outputs.values()),
                f"{r.seconds:.2f}",
            ]
        )
    return write_all(
        {
            out_dir / f"{REPORT_NAME}.json": json.dumps(payload, ensure_ascii=False, indent=1).encode(),
            out_dir / f"{REPORT_NAME}.csv": buf.getvalue().encode("utf-8-sig"),
        }
    )


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
