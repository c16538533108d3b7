"""``docgen batch``: many units in one run, with progress, a summary and a report file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table as RichTable

from . import batch as batchlib
from .errors import ExitCode, InputError
from .output import ensure_writable

STATUS_ZH = {"produced": "已生成", "failed": "失败", "skipped": "跳过（未改变）", "interrupted": "已中止"}


def batch(
    source: Annotated[
        Path, typer.Argument(help="数据文件夹，或 CSV/XLSX 清单（每行一个单位）", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("out/batch"),
    defaults: Annotated[
        Path | None, typer.Option("--defaults", help="各单位共用的默认值文件（深度合并）")
    ] = None,
    template: Annotated[
        str | None, typer.Option("--template", "-t", help="模板名（数据未写明时使用）")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="输出文件名模式，如 {unit}/{year}-年度报告")] = "{unit}",
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式，逗号分隔")] = "pdf,docx",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数（默认：全部 CPU 核）")] = 0,
    resume: Annotated[bool, typer.Option("--resume", help="跳过输入、模板和版本均未改变的单位")] = False,
    draft: Annotated[bool, typer.Option("--draft", help="有错误也生成，并标注“草稿”")] = False,
    executor: Annotated[str, typer.Option("--executor", help="local（本机进程池）或 dask")] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask 调度器地址 tcp://主机:端口")
    ] = None,
    dask_output: Annotated[
        str,
        typer.Option(
            "--dask-output",
            help="return：文件以字节传回本机写出；shared：各 worker 直接写入 --out（须为所有 worker 可见的共享文件夹）",
        ),
    ] = "return",
    templates: Annotated[Path | None, typer.Option("--templates", help="自定义模板文件夹")] = None,
    fixed_time: Annotated[
        str | None, typer.Option("--timestamp", help="固定的文档时间（可重复的输出）")
    ] = None,
) -> None:
    """批量生成各单位的公文，汇总失败原因，写出 batch-report.json/.csv。有单位失败时退出码为 1。"""
    from .cli import _formats, _t, err, out

    formats = _formats(fmt)
    _one_of("--executor", executor, ("local", "dask"), "本机运行用 local（默认）")
    _one_of("--dask-output", dask_output, ("return", "shared"), "集群没有共享文件夹时用 return（默认）")
    out_dir = ensure_writable(out_dir)
    defaults = _defaults(source, defaults)
    units = batchlib.discover(source, defaults)
    if template:
        for u in units:
            u.values.setdefault("template", template)
    stamp = dt.datetime.fromisoformat(fixed_time) if fixed_time else None
    write = executor != "dask" or dask_output == "shared"  # else the bytes come back and are written here
    job_list = batchlib.plan_jobs(units, out_dir, name, formats, templates, stamp, draft, write)
    n = jobs or batchlib.default_jobs()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
    )
    failed = 0
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(_t("批量生成", "batch"), total=len(job_list))

        def tick(r: batchlib.UnitResult) -> None:
            nonlocal failed
            failed += r.status == "failed"
            desc = (
                _t(f"批量生成（失败 {failed}）", f"batch ({failed} failed)")
                if failed
                else _t("批量生成", "batch")
            )
            progress.update(task, advance=1, description=desc)

        report = batchlib.run(job_list, out_dir, n, resume, tick, executor, scheduler)
    table = RichTable(title=_t("批量结果", "batch results"))
    for col in (_t("单位", "unit"), _t("状态", "status"), _t("说明", "messages")):
        table.add_column(col)
    for r in report.results:
        if r.status != "produced":
            table.add_row(
                r.unit,
                STATUS_ZH.get(r.status, r.status) if _t("zh", "en") == "zh" else r.status,
                "\n".join(r.messages[:3]),
            )
    if table.row_count:
        out.print(table)
    summary = _t(
        f"已生成 {report.count('produced')} 个，失败 {report.count('failed')} 个，跳过 {report.count('skipped')} 个"
        + (f"，中止 {report.count('interrupted')} 个" if report.count("interrupted") else ""),
        f"produced {report.count('produced')}, failed {report.count('failed')}, skipped {report.count('skipped')}",
    )
    out.print(
        summary + _t(f"。报告：{out_dir / 'batch-report.json'}", f". Report: {out_dir / 'batch-report.json'}")
    )
    if report.count("interrupted"):
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(ExitCode.FINDINGS)


def _one_of(option: str, value: str, allowed: tuple[str, ...], hint: str) -> None:
    """Refuse a value outside ``allowed`` before anything runs (a misspelt one would otherwise mean the
    default)."""
    if value not in allowed:
        raise InputError(
            message=f"{option} 只能是 {' 或 '.join(allowed)}，而不是“{value}”",
            message_en=f"{option} is {' or '.join(allowed)}, not {value!r}",
            hint=hint,
        )


def _defaults(source: Path, named: Path | None) -> Path | None:
    """The defaults file named, else the one the data folder carries (and say so)."""
    from .cli import _t, err

    if named is not None:
        return named
    found = batchlib.folder_defaults(source)
    if found is not None:
        err.print(_t(f"使用文件夹中的默认值文件 {found}", f"using the folder's defaults file {found}"))
    return found


def rollup(
    source: Annotated[
        Path, typer.Argument(help="各单位年度报告数据：文件夹或 CSV/XLSX 清单", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("out"),
    organ: Annotated[str, typer.Option("--organ", help="汇总机关名称（用于标题）")] = "",
    defaults: Annotated[Path | None, typer.Option("--defaults", help="各单位共用的默认值文件")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="表格文档格式（另总是生成 .xlsx）")] = "pdf,docx",
) -> None:
    """汇总各单位年度报告的三张统计表（先逐个校验，有错误的单位不计入并列出原因）。"""
    from . import api
    from . import rollup as rolluplib
    from .cli import _formats, _t, err, out
    from .output import write_all
    from .render.options import RenderOptions

    formats = _formats(fmt)
    out_dir = ensure_writable(out_dir)
    defaults = _defaults(source, defaults)
    with err.status(_t("正在校验并汇总……", "checking and summing…"), spinner="dots"):
        result, doc, xlsx = rolluplib.run(source, defaults, organ)
        blobs, _plan, _warnings = api.render_document(doc, formats, RenderOptions(formats=formats))
    stem = rolluplib.stem(organ, result.year)
    files = {out_dir / f"{stem}.{k}": v for k, v in blobs.items()}
    files[out_dir / f"{stem}.xlsx"] = xlsx
    for path in write_all(files):
        out.print(_t(f"已生成 {path}", f"wrote {path}"))
    out.print(_t(f"计入 {len(result.included)} 个单位", f"{len(result.included)} units summed"))
    for unit, why in result.excluded:
        err.print(_t(f"[yellow]未计入[/] {unit}：{why}", f"[yellow]excluded[/] {unit}: {why}"), markup=True)
