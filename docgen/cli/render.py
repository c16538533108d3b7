"""The commands over one data file: ``render``, ``check``, ``init``, ``fonts``, ``templates``, ``fields`` and
``dump``; and the sign-off options of ``render --final``.

The library (``api``, the renderers, fonts, templates) is imported inside each command, so ``docgen --help``
and the commands that do not render load none of WeasyPrint, python-docx or pyHanko.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, InputError, Severity, ValidationFailed
from ..messages import msg
from .args import DataArg, PreviousOpt, TemplatesOpt, sign_off_date
from .console import State, _print_findings, _t, _unchecked_summary, err, out

if TYPE_CHECKING:
    from ..api import RenderResult
    from ..render.options import RenderOptions


def render(
    data: DataArg,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式，逗号分隔：pdf,docx,ofd")] = "pdf,docx",
    templates: TemplatesOpt = None,
    keep_punctuation: Annotated[bool, typer.Option("--keep-punctuation", help="不自动更正半角标点")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也不生成")] = False,
    previous: PreviousOpt = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="数据有错误也生成，每页标注“草稿”（供内部核对，不得印发）")
    ] = False,
    final: Annotated[
        bool, typer.Option("--final", help="生成定稿：数据须无错误，记录签发，无草稿标记，PDF/A 归档并写清单")
    ] = False,
    signer: Annotated[
        str | None, typer.Option("--signer", help="签发人（定稿；默认取数据中的签发人）")
    ] = None,
    approved: Annotated[
        str | None, typer.Option("--approved", help="签发日期 YYYY-MM-DD（定稿；默认今天）")
    ] = None,
    doc_version: Annotated[str, typer.Option("--doc-version", help="定稿版本号")] = "1",
    pdf_standard: Annotated[
        str | None, typer.Option("--pdf-standard", help="PDF 标准：pdf/a-3b（定稿默认）或 pdf/a-2b")
    ] = None,
    embed_data: Annotated[
        bool,
        typer.Option(
            "--embed-data/--no-embed-data",
            help="定稿 PDF 内嵌数据文件（--no-embed-data 不内嵌，清单仍记录其哈希）",
        ),
    ] = True,
    draft_mark: Annotated[
        bool,
        typer.Option("--draft-mark/--no-draft-mark", help="非定稿每页标注“草稿”（--no-draft-mark 不标注）"),
    ] = True,
) -> None:
    """生成 PDF 和 DOCX：未定稿的每页标注“草稿”；--final 生成定稿。"""
    from .. import api
    from ..render.options import RenderOptions
    from .args import formats_of

    formats = formats_of(fmt)
    if strict and not draft:
        findings = api.check(data, templates, previous)
        if any(f.severity is not Severity.NOTICE for f in findings):
            raise ValidationFailed(findings, *msg("render.strict_warnings"))
    options = RenderOptions(formats=formats, draft=draft, draft_mark=draft or draft_mark, lang=State.lang)
    options, run = final_options(options, final, signer, approved, doc_version, pdf_standard, embed_data)
    with err.status(_t("正在排版……", "laying out…"), spinner="dots"):
        result = run(
            data,
            out_dir,
            formats,
            templates,
            options=options,
            fix_punctuation=False if keep_punctuation else None,
            previous=previous,
        )
    _print_findings(result.findings)
    if draft:
        errors = sum(f.severity is Severity.ERROR for f in result.findings)
        err.print(
            _t(
                "[yellow]草稿[/] 每页已标注“草稿”" + (f"；数据仍有 {errors} 处错误" if errors else ""),
                "[yellow]draft[/] every page is marked as a draft"
                + (f"; the data still has {errors} errors" if errors else ""),
            ),
            markup=True,
        )
    for fb in result.fonts:
        served = fb.served_by or _t("无可用字体，将显示为空框", "no installed font: shown as boxes")
        err.print(
            _t(
                f"[yellow]字体[/] “{fb.role.value}”字体缺少 {fb.chars}，改用 {served}",
                f"[yellow]font[/] the {fb.role.value} face lacks {fb.chars}; using {served}",
            ),
            markup=True,
        )
    for w in result.warnings:
        err.print(_t(f"[yellow]排版警告[/] {w}", f"[yellow]layout warning[/] {w}"), markup=True)
    n = result.plan.page_count if result.plan else None
    pages = _t(f"（{n} 页）", f" ({n} pages)") if n else ""
    for p in result.outputs:
        out.print(_t(f"已生成 {p}", f"wrote {p}") + (pages if p.suffix == ".pdf" else ""))


def check(
    data: DataArg,
    templates: TemplatesOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="警告、空白单元格及因空白未能进行的核对也视为不通过")
    ] = False,
    previous: PreviousOpt = None,
    defaults: Annotated[
        Path | None, typer.Option("--defaults", help="与批量生成相同的共用默认值文件（合并后检查）")
    ] = None,
) -> None:
    """检查数据文件（不生成文件）；也可检查一个文件夹或清单中的全部单位。有错误时退出码为 1；空白单元格使部分核对无法进行时另行说明。"""
    from .. import api
    from .checking import check_folder

    if defaults is not None or api.is_batch_source(data):
        return check_folder(data, defaults, templates, strict, previous)
    findings = api.check(data, templates, previous)
    _print_findings(findings)
    failing = {Severity.ERROR} | ({Severity.WARNING, Severity.UNCHECKED} if strict else set())
    bad = [f for f in findings if f.severity in failing]
    unchecked = [f for f in findings if f.severity is Severity.UNCHECKED]
    if bad:
        skipped = 0 if strict else sum(1 for f in unchecked if not f.blank)
        err.print(
            _t(f"检查未通过：{len(bad)} 个问题", f"check failed: {len(bad)} problems")
            + (
                _t(
                    f"；另有 {skipped} 项核对因空白单元格未能进行",
                    f"; {skipped} checks not made (blank cells)",
                )
                if skipped
                else ""
            )
        )
        raise typer.Exit(ExitCode.FINDINGS)
    if unchecked:  # no errors, but not every check could be made: never "passed"
        out.print(_unchecked_summary(unchecked))
        return
    out.print(_t(f"检查通过：{data}", f"check passed: {data}"))


def init(
    kind: Annotated[
        str,
        typer.Argument(
            help="模板名（docgen templates 列出，如 notice、annual-report-pre2019），"
            "或 annual-report（全国统一格式年度报告，按 --year 选格式）",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="报告年度（年度报告：决定使用 2019（试行）或 2021 年格式）")
    ] = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="生成 Excel 工作簿（按官方表格排布）而不是 YAML")
    ] = False,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="输出文件或文件夹（默认当前文件夹）")] = Path(
        "."
    ),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
    templates: TemplatesOpt = None,
) -> None:
    """生成待填写的数据文件（YAML 或 Excel）：每个字段附中文说明，可选字段以注释列出。"""
    from .. import api

    path = api.init(kind, year, out_path, xlsx=xlsx, force=force, templates=templates)
    out.print(
        _t(
            f"已生成 {path}；填写后运行 docgen check {path}",
            f"wrote {path}; fill it, then docgen check {path}",
        )
    )


def fonts(
    data: Annotated[
        Path | None, typer.Argument(help="可选：检查该数据文件的用字", show_default=False)
    ] = None,
    templates: TemplatesOpt = None,
) -> None:
    """列出各字体角色实际使用的字体，并检查缺字。"""
    from rich.table import Table as RichTable  # here, not at import: --help draws no table

    from .. import api

    fs, hb = api.font_choices()
    table = RichTable(title=_t("字体角色", "font roles"))
    for col in (
        _t("角色", "role"),
        _t("使用字体", "face"),
        _t("类别", "kind"),
        _t("缺字时改用", "fallback"),
        _t("DOCX 中的名称", "name in DOCX"),
    ):
        table.add_column(col)
    for role, c in fs.choices.items():
        kind = _t("正式字体", "official") if c.official else _t("开源替代", "open stand-in")
        table.add_row(
            _t(role.value, role.en),
            f"{c.face.name}\n{c.face.path}",
            kind,
            c.fallback.name if c.fallback else "—",
            c.docx_name,
        )
    out.print(table)
    out.print(
        _t(
            "PDF 字体子集化：HarfBuzz（快）"
            if hb
            else "[red]PDF 字体子集化：未找到 libharfbuzz-subset0，速度慢约 20 倍[/]",
            "PDF subsetting: HarfBuzz"
            if hb
            else "[red]libharfbuzz-subset0 missing: subsetting ~20x slower[/]",
        )
    )
    if data is not None:
        fallbacks = api.font_fallbacks(api.prepare(data, templates).document)
        if not fallbacks:
            out.print(_t("所有字符均由所选字体覆盖。", "every character is covered by its chosen face."))
        for fb in fallbacks:
            out.print(
                _t(
                    f"“{fb.role.value}”缺字：{fb.chars} → {fb.served_by or '无字体可用'}",
                    f"{fb.role.en} lacks: {fb.chars} → {fb.served_by or 'none'}",
                )
            )


def templates(
    templates: TemplatesOpt = None,
) -> None:
    """列出可用模板。"""
    from rich.table import Table as RichTable

    from .. import api

    table = RichTable(title=_t("可用模板", "templates"))
    for col in (_t("名称", "name"), _t("类型", "kind"), _t("说明", "description"), _t("来源", "source")):
        table.add_column(col)
    for t in api.available_templates(templates):
        table.add_row(
            t.name, t.kind, t.describe(State.lang), _t("内置", "built-in") if t.builtin else str(t.folder)
        )
    out.print(table)


def fields(
    template: Annotated[str, typer.Argument(help="模板名（docgen templates 列出）", show_default=False)],
    templates: TemplatesOpt = None,
) -> None:
    """列出模板数据文件的每个字段：名称、类型、是否必填、默认值和含义（由数据模型生成）。"""
    from rich.table import Table as RichTable

    from .. import api
    from ..fields import meaning

    t, specs = api.template_fields(template, templates)
    table = RichTable(title=_t(f"{t.name}：{t.description}", f"{t.name}: {t.describe('en')}"))
    for col in (_t("字段", "field"), _t("类型", "type"), _t("必填", "required"), _t("默认值", "default"),
                _t("含义", "meaning")):  # fmt: skip
        table.add_column(col, overflow="fold", no_wrap=col in ("字段", "field"))
    from ..fields_en import meaning_en, type_en

    for spec in specs:
        table.add_row(
            "  " * spec.depth + spec.name,
            _t(spec.type_zh, type_en(spec.type_zh)),
            _t("必填", "yes") if spec.required else _t("可不填", "no"),
            spec.default_text() or "—",
            meaning(spec, with_default=False) if State.lang != "en" else meaning_en(t.kind, spec),
        )
    out.print(table)
    out.print(_t(f"生成待填写的数据文件：docgen init {t.name}", f"a file to fill: docgen init {t.name}"))


def dump(data: DataArg, templates: TemplatesOpt = None) -> None:
    """以缩进文本显示组装后的文档结构（调试模板用）。"""
    from .. import api

    out.print(api.dump_text(data, templates), markup=False)


def final_options(
    options: RenderOptions,
    final: bool,
    signer: str | None,
    approved: str | None,
    version: str,
    pdf_standard: str | None,
    embed_data: bool = True,
) -> tuple[RenderOptions, Callable[..., RenderResult]]:
    """The options and the api function of ``docgen render`` given its sign-off flags."""
    from .. import api

    date = sign_off_date(final, options.draft, signer, approved)
    if not final and not embed_data:
        raise InputError.of("render.args.embed_needs_final")
    if pdf_standard:
        options = dataclasses.replace(options, pdf_variant=api.pdf_variant(pdf_standard))
    if not final:
        return options, api.render
    return options, functools.partial(
        api.render_final, signer=signer, approved=date, version=version, embed_data=embed_data
    )
