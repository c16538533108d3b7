"""The docgen command line: thin commands over api.py, and the one place errors become messages.

Messages are Chinese by default (``--lang en`` for English); a traceback appears only with ``--debug``.
Exit codes: 0 done, 1 validation findings, 2 bad input / template / output location, 3 internal error.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from . import __version__, api
from .errors import SEVERITY_ZH, DocgenError, ExitCode, Finding, Severity, ValidationFailed
from .typeset import fonts as fontlib

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="docgen：按 GB/T 9704-2012 生成公文（PDF 与可编辑 DOCX）。",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class State:
    lang = "zh"
    debug = False
    verbose = False


def _t(zh: str, en: str) -> str:
    return en if State.lang == "en" else zh


LANGS = ("zh", "en")
# The options of the app callback, accepted anywhere on the line (``docgen check -v x.yaml``): main() moves
# them before the command, where click looks for them. Value-taking ones are listed with True.
GLOBAL_OPTIONS = {"--lang": True, "--debug": False, "--verbose": False, "-v": False, "--version": False}


def _lang(value: str) -> str:
    """``zh``/``en`` (also ``zh-CN``, ``en_US``): anything else is refused, not silently read as Chinese."""
    base = value.strip().lower().replace("_", "-").split("-")[0]
    if base not in LANGS:
        from .errors import InputError

        State.lang = "en" if base.startswith("en") else "zh"
        raise InputError(
            message=f"不支持的消息语言“{value}”",
            message_en=f"unsupported message language {value!r}",
            hint="--lang 只能是 zh（中文）或 en（英文）",
            hint_en="--lang takes zh (Chinese) or en (English)",
        )
    State.lang = base
    return base


def _version(value: bool) -> None:
    """Eager, so ``docgen --version`` works without a command."""
    if value:
        out.print(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    lang: Annotated[
        str, typer.Option("--lang", help="消息语言：zh 或 en", callback=_lang, is_eager=True)
    ] = "zh",
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示调用栈（供开发者排查）")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="列出全部提示（如每一处标点更正）")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", help="显示版本", callback=_version, is_eager=True)
    ] = False,
) -> None:
    State.lang = lang
    State.debug = debug
    State.verbose = verbose


NOTICES_SHOWN = 3  # notices of one kind printed in full; the rest are counted (all with --verbose)


SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.NOTICE: "cyan",
    Severity.UNCHECKED: "magenta",
}


def _print_findings(findings: list[Finding]) -> None:
    """Errors and warnings in full; notices (what docgen corrected) a few per kind and then a count, so a
    pasted text with 200 half-width commas does not bury the one warning that matters. Checks not made for
    blank cells likewise (the finding that lists the blank cells always in full)."""
    styles = SEVERITY_STYLES
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for f in findings:
        if f.severity in (Severity.NOTICE, Severity.UNCHECKED) and not f.blank and not State.verbose:
            shown[f.code] = shown.get(f.code, 0) + 1
            if shown[f.code] > NOTICES_SHOWN:
                hidden[f.code] = hidden.get(f.code, 0) + 1
                continue
        label = SEVERITY_ZH[f.severity] if State.lang == "zh" else f.severity.value
        err.print(f"[{styles[f.severity]}]{label}[/] {f.text(State.lang)}", markup=True)
    unchecked = {f.code for f in findings if f.severity is Severity.UNCHECKED}
    for code, n in hidden.items():
        err.print(
            _t(
                f"[magenta]未核对[/] 另有 {n} 项同类核对（{code}）未进行，加 --verbose 查看全部",
                f"[magenta]unchecked[/] {n} more checks of the same kind ({code}) not made; --verbose shows them all",
            )
            if code in unchecked
            else _t(
                f"[cyan]提示[/] 另有 {n} 条同类提示（{code}），加 --verbose 查看全部",
                f"[cyan]notice[/] {n} more notices of the same kind ({code}); --verbose shows them all",
            ),
            markup=True,
        )


def _formats(value: str) -> tuple[str, ...]:
    fmts = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in fmts if f not in api.OUTPUT_FORMATS]
    if bad or not fmts:
        raise typer.BadParameter(
            _t(
                f"不支持的格式：{'、'.join(bad) or '（空）'}；可用 {','.join(api.OUTPUT_FORMATS)}",
                f"unsupported format {bad}; use {','.join(api.OUTPUT_FORMATS)}",
            )
        )
    return fmts


DataArg = Annotated[Path, typer.Argument(help="数据文件（.yaml / .json / .xlsx）", show_default=False)]
TemplatesOpt = Annotated[Path | None, typer.Option("--templates", help="自定义模板文件夹（优先于内置模板）")]
PreviousOpt = Annotated[
    Path | None,
    typer.Option("--previous", help="上一年度的数据文件（年度报告跨年核对：结转、现行有效件数、项目数量）"),
]


@app.command()
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
    from .render.options import RenderOptions

    formats = _formats(fmt)
    if strict and not draft:
        findings = api.check(data, templates, previous)
        if any(f.severity is not Severity.NOTICE for f in findings):
            raise ValidationFailed(
                findings, "存在警告，--strict 模式下不生成文件", "warnings found: --strict writes no files"
            )
    options = RenderOptions(formats=formats, draft=draft, draft_mark=draft or draft_mark, lang=State.lang)
    from .cli_finalize import final_options

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


@app.command()
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
    from .cli_batch import check_folder, is_batch_source

    if defaults is not None or is_batch_source(data):
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


def _unchecked_summary(unchecked: list[Finding]) -> str:
    """``未发现错误；12 项核对因空白单元格未能进行（表三 第（三）至（七）行）``: how many checks were not made
    and where the blank cells are (from the findings that list them)."""
    n = sum(1 for f in unchecked if not f.blank)
    where = _t(
        "；".join(f.blank for f in unchecked if f.blank), "; ".join(f.blank_en for f in unchecked if f.blank)
    )
    if n:
        return _t(
            f"未发现错误；{n} 项核对因空白单元格未能进行" + (f"（{where}）" if where else ""),
            f"no errors found; {n} checks could not be made because of blank cells"
            + (f" ({where})" if where else ""),
        )
    return _t(
        f"未发现错误；有空白单元格（{where}），全国统一格式要求没有发生的事项填 0",
        f"no errors found; blank cells ({where}): the national format writes 0 for what did not occur",
    )


@app.command()
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
    path = api.init(kind, year, out_path, xlsx=xlsx, force=force, templates=templates)
    out.print(
        _t(
            f"已生成 {path}；填写后运行 docgen check {path}",
            f"wrote {path}; fill it, then docgen check {path}",
        )
    )


@app.command()
def fonts(
    data: Annotated[
        Path | None, typer.Argument(help="可选：检查该数据文件的用字", show_default=False)
    ] = None,
    templates: TemplatesOpt = None,
) -> None:
    """列出各字体角色实际使用的字体，并检查缺字。"""
    fs = fontlib.resolve()
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
            role.value,
            f"{c.face.name}\n{c.face.path}",
            kind,
            c.fallback.name if c.fallback else "—",
            c.docx_name,
        )
    out.print(table)
    hb = fontlib.harfbuzz_subsetting()
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
        prepared = api.prepare(data, templates)
        fallbacks = fs.fallbacks(api.font_uses(prepared.document))
        if not fallbacks:
            out.print(_t("所有字符均由所选字体覆盖。", "every character is covered by its chosen face."))
        for fb in fallbacks:
            out.print(
                _t(
                    f"“{fb.role.value}”缺字：{fb.chars} → {fb.served_by or '无字体可用'}",
                    f"{fb.role.value} lacks: {fb.chars} → {fb.served_by or 'none'}",
                )
            )


@app.command()
def templates(
    templates: TemplatesOpt = None,
) -> None:
    """列出可用模板。"""
    from .catalog import available

    table = RichTable(title=_t("可用模板", "templates"))
    for col in (_t("名称", "name"), _t("类型", "kind"), _t("说明", "description"), _t("来源", "source")):
        table.add_column(col)
    for t in available(templates):
        table.add_row(
            t.name, t.kind, t.describe(State.lang), _t("内置", "built-in") if t.builtin else str(t.folder)
        )
    out.print(table)


@app.command()
def fields(
    template: Annotated[str, typer.Argument(help="模板名（docgen templates 列出）", show_default=False)],
    templates: TemplatesOpt = None,
) -> None:
    """列出模板数据文件的每个字段：名称、类型、是否必填、默认值和含义（由数据模型生成）。"""
    from .catalog import find
    from .fields import flatten, meaning, template_fields

    t = find(template, templates)
    table = RichTable(title=_t(f"{t.name}：{t.description}", f"{t.name}: {t.describe('en')}"))
    for col in (_t("字段", "field"), _t("类型", "type"), _t("必填", "required"), _t("默认值", "default"),
                _t("含义", "meaning")):  # fmt: skip
        table.add_column(col, overflow="fold", no_wrap=col in ("字段", "field"))
    from .fields_en import meaning_en, type_en

    for spec in flatten(template_fields(t)):
        table.add_row(
            "  " * spec.depth + spec.name,
            _t(spec.type_zh, type_en(spec.type_zh)),
            _t("必填", "yes") if spec.required else _t("可不填", "no"),
            spec.default_text() or "—",
            meaning(spec, with_default=False) if State.lang != "en" else meaning_en(t.kind, spec),
        )
    out.print(table)
    out.print(_t(f"生成待填写的数据文件：docgen init {t.name}", f"a file to fill: docgen init {t.name}"))


@app.command()
def dump(data: DataArg, templates: TemplatesOpt = None) -> None:
    """以缩进文本显示组装后的文档结构（调试模板用）。"""
    from .dump import dump_document

    out.print(dump_document(api.prepare(data, templates).document), markup=False)


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="数据文件所在的文件夹（只读写该文件夹）")] = Path("."),
    port: Annotated[int, typer.Option("--port", help="端口")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="监听地址（默认仅本机 127.0.0.1；其他地址需带令牌访问）")
    ] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器")] = False,
    templates: TemplatesOpt = None,
) -> None:
    """打开本地网页：填写年度报告等数据文件，实时检查，预览页面，下载 PDF / DOCX，保存。"""
    from .serve import serve as run

    run(folder, host=host, port=port, open_browser=not no_browser, templates=templates, say=out.print)


from .cli_batch import batch, rollup  # noqa: E402  (registered here so cli.py stays the one entry point)

app.command()(batch)
app.command()(rollup)

from .cli_finalize import sign, verify  # noqa: E402

app.command()(sign)
app.command()(verify)


def _click_classes(name: str) -> tuple[type[BaseException], ...]:
    """Typer 0.29+ ships its own copy of click (and no longer depends on click); older Typer uses click.
    Whichever is installed: click is not a dependency of docgen, so it is never imported unconditionally."""
    found = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        with contextlib.suppress(ImportError, AttributeError):
            found.append(getattr(importlib.import_module(module), name))
    return tuple(dict.fromkeys(found))


_CLICK_EXIT = _click_classes("Exit")
_CLICK_ABORT = _click_classes("Abort")
_CLICK_ERROR = _click_classes("ClickException")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options found after the command to the front: ``check -v x.yaml`` →
    ``-v check x.yaml``. Stops at ``--`` (what follows is positional)."""
    from typer.main import get_command_name

    commands = {
        c.name or get_command_name(c.callback.__name__) for c in app.registered_commands if c.callback
    }
    at = next((i for i, a in enumerate(args) if a in commands), None)
    if at is None:
        return list(args)
    front, rest, i = list(args[:at]), [args[at]], at + 1
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in a
            front.extend(args[i : i + 1 + takes_value])
            i += 1 + takes_value
            continue
        rest.append(a)
        i += 1
    return front + rest


def _english(args: list[str]) -> bool:
    """``--lang en`` (or ``--lang=en-US`` …) among the arguments, before any ``--``."""
    for i, a in enumerate(args):
        if a == "--":
            break
        value = (
            a.split("=", 1)[1]
            if a.startswith("--lang=")
            else args[i + 1]
            if a == "--lang" and i + 1 < len(args)
            else None
        )
        if value is not None and value.strip().lower().startswith("en"):
            return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Entry point: the single error boundary."""
    from typer.main import get_command

    from .cli_args import refuse_unusable

    try:
        # without standalone mode click returns the code of a typer.Exit instead of exiting with it
        args = hoist_global_options(sys.argv[1:] if argv is None else argv)
        english = _english(args)
        # for an error found before click parses --lang (its callback sets it again)
        State.lang = "en" if english else "zh"
        refuse_unusable(args, lambda: get_command(app))
        if english:  # the help texts too: their English twins replace them (cli_en.py)
            from .cli_en import translate

            command = get_command(app)
            translate(command)
            code = command(args=args, standalone_mode=False)
        else:
            code = app(args=args, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except DocgenError as e:
        if isinstance(e, ValidationFailed):
            _print_findings(e.findings)
        err.print(f"[bold red]{_t('错误', 'error')}[/] {e.text(State.lang)}", markup=True)
        if State.debug:
            err.print_exception()
        sys.exit(int(e.exit_code))
    except _CLICK_EXIT as e:
        sys.exit(e.exit_code)
    except _CLICK_ABORT:
        err.print(_t("已中止。", "aborted."))
        sys.exit(130)
    except _CLICK_ERROR as e:  # usage errors: click's own message, exit 2
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        err.print(_t("已中止。", "aborted."))
        sys.exit(130)
    except Exception as e:  # a defect in docgen: say so plainly, trace only on request
        err.print(
            _t(
                f"[bold red]内部错误[/] {type(e).__name__}: {e}\n请用 --debug 重新运行并把输出报告给开发者。",
                f"[bold red]internal error[/] {type(e).__name__}: {e}\nrerun with --debug and report it.",
            ),
            markup=True,
        )
        if State.debug:
            err.print_exception()
        sys.exit(int(ExitCode.INTERNAL))
