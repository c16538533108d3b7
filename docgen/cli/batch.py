"""``docgen batch`` (many units in one run, with progress, a summary and a report file) and ``docgen rollup``
(the units' annual-report tables added up)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, InputError
from ..messages import Text, msg
from ..output import ensure_writable
from ..source import SourceRef
from .args import formats_of, sign_off_date
from .checking import check_units, folder_defaults
from .console import State, _t, err, out

if TYPE_CHECKING:
    from ..batch import UnitResult


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
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式，逗号分隔：pdf,docx,ofd")] = "pdf,docx",
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
    check_only: Annotated[
        bool, typer.Option("--check-only", help="只检查各单位的数据（不生成文件），逐个单位列出问题")
    ] = False,
    final: Annotated[
        bool, typer.Option("--final", help="为每个数据无误的单位生成定稿（有错误的单位逐个拒绝）")
    ] = False,
    signer: Annotated[str | None, typer.Option("--signer", help="签发人（定稿）")] = None,
    approved: Annotated[str | None, typer.Option("--approved", help="签发日期 YYYY-MM-DD（定稿）")] = None,
    doc_version: Annotated[str, typer.Option("--doc-version", help="定稿版本号")] = "1",
) -> None:
    """批量生成各单位的公文，汇总失败原因，写出 batch-report.json/.csv。有单位失败时退出码为 1。"""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .. import api

    formats = formats_of(fmt)
    _one_of(
        "--executor",
        executor,
        ("local", "dask"),
        msg("batch.args.executor.hint"),
    )
    _one_of(
        "--dask-output",
        dask_output,
        ("return", "shared"),
        msg("batch.args.dask_output.hint"),
    )
    _check_sign_off(final, draft, signer, approved, executor, dask_output)
    stamp = _timestamp(fixed_time)
    if not check_only:
        api.start_batch_workers(jobs, executor)  # they warm up while the units are read and planned here
    defaults = folder_defaults(source, defaults)
    units = api.batch_units(source, defaults, template)
    lacking = [u for u in units if api.missing_template(u)]
    if lacking and len(lacking) == len(units):  # the manifest has no template column at all
        missing = api.missing_template(units[0])
        assert missing is not None  # every unit lacks its template
        raise InputError.of(
            "batch.args.no_template",
            source=SourceRef(units[0].file),
            hint=Text(missing.hint, missing.hint_en),
            count=len(units),
        )
    if check_only:
        check_units(units, templates, strict=False)
        return
    out_dir = ensure_writable(out_dir)
    write = executor != "dask" or dask_output == "shared"  # else the bytes come back and are written here
    lang = _t("zh", "en")
    job_list = api.plan_batch(
        units,
        out_dir,
        name,
        formats,
        templates,
        stamp,
        draft,
        write,
        lang,
        final=final,
        signer=signer,
        approved=approved,
        version=doc_version,
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn(_t("剩余", "left")),
        TimeRemainingColumn(),
    )
    failed = 0
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(_t("批量生成", "batch"), total=len(job_list))

        def tick(r: UnitResult) -> None:
            nonlocal failed
            failed += r.status == "failed"
            desc = (
                _t(f"批量生成（失败 {failed}）", f"batch ({failed} failed)")
                if failed
                else _t("批量生成", "batch")
            )
            progress.update(task, advance=1, description=desc)

        report = api.run_batch(job_list, out_dir, jobs, resume, tick, executor, scheduler, State.verbose)
    from rich.table import Table as RichTable  # here, not at import: --help draws no table

    table = RichTable(title=_t("批量结果", "batch results"))
    for col in (_t("单位", "unit"), _t("状态", "status"), _t("说明", "messages")):
        table.add_column(col)
    for r in report.results:
        if r.status in ("failed", "interrupted") or (State.verbose and r.messages):
            table.add_row(r.unit, r.status_label(_t("zh", "en")), "\n".join(r.messages[:3]))
        elif r.status == "produced" and r.messages:
            table.add_row(
                r.unit,
                r.status_label(_t("zh", "en")),
                _t(f"{len(r.messages)} 条警告，见报告", f"{len(r.messages)} warnings; see the report"),
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


def _check_sign_off(
    final: bool, draft: bool, signer: str | None, approved: str | None, executor: str, dask_output: str
) -> None:
    """The sign-off flags of ``--final``, checked as ``render --final`` checks them, before anything runs."""
    sign_off_date(final, draft, signer, approved)
    if not final:
        return
    if executor == "dask" and dask_output == "return":
        raise InputError.of("batch.args.final_dask")


def _timestamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError.of("batch.args.timestamp", value=value) from None


def _one_of(option: str, value: str, allowed: tuple[str, ...], hint: Text) -> None:
    """Refuse a value outside ``allowed`` before anything runs (a misspelt one would otherwise mean the
    default)."""
    if value not in allowed:
        raise InputError.of(
            "batch.args.one_of",
            hint=hint,
            option=option,
            allowed=Text(" 或 ".join(allowed), " or ".join(allowed)),
            value=value,
        )


def rollup(
    source: Annotated[
        Path, typer.Argument(help="各单位年度报告数据：文件夹或 CSV/XLSX 清单", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("out"),
    organ: Annotated[str, typer.Option("--organ", help="汇总机关名称（用于标题）")] = "",
    defaults: Annotated[Path | None, typer.Option("--defaults", help="各单位共用的默认值文件")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="表格文档格式（另总是生成 .xlsx）")] = "pdf,docx",
    allow_excluded: Annotated[
        bool, typer.Option("--allow-excluded", help="有单位未计入时仍以退出码 0 结束（默认为 1）")
    ] = False,
) -> None:
    """汇总各单位年度报告的三张统计表（先逐个校验，有错误的单位不计入并列出原因；有单位未计入时退出码为 1）。"""
    from .. import api

    formats = formats_of(fmt)
    out_dir = ensure_writable(out_dir)
    defaults = folder_defaults(source, defaults)
    with err.status(_t("正在校验并汇总……", "checking and summing…"), spinner="dots"):
        result, written = api.rollup(source, out_dir, defaults, organ, formats)
    for path in written:
        out.print(_t(f"已生成 {path}", f"wrote {path}"))
    out.print(_t(f"计入 {len(result.included)} 个单位", f"{len(result.included)} units summed"))
    for x in result.excluded:
        where = f"（{x.source}）" if x.source else ""
        where_en = f" ({x.source})" if x.source else ""
        err.print(
            _t(
                f"[yellow]未计入[/] {x.unit}{where}：{x.detail}",
                f"[yellow]excluded[/] {x.unit}{where_en}: {x.detail_en or x.detail}",
            ),
            markup=True,
        )
    if result.excluded and not allow_excluded:
        err.print(
            _t(
                f"有 {len(result.excluded)} 个单位未计入汇总（见 .xlsx 的“未计入单位”表）；"
                "改正后重新汇总，或加 --allow-excluded 接受",
                f"{len(result.excluded)} units were left out; fix them or add --allow-excluded",
            )
        )
        raise typer.Exit(ExitCode.FINDINGS)
