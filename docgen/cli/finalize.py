"""``docgen sign`` and ``docgen verify``: signing final PDFs and verifying them with their manifests."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, InputError
from ..finalize import PASSWORD_ENV  # the package alone: --help does not load the signing code
from .console import State, _t, err, out


def _password(env: str) -> bytes | None:
    """From the environment variable, else a hidden prompt when a person is at the terminal; None when
    neither gave one. Never echoed."""
    value = os.environ.get(env)
    if value is None and sys.stdin.isatty():
        value = typer.prompt(
            _t("证书密码", "certificate password"), hide_input=True, default="", show_default=False
        )
    # surrogateescape: a variable holding bytes that are not UTF-8 is the password's own bytes, given back
    return value.encode("utf-8", "surrogateescape") if value else None


def sign(
    pdfs: Annotated[
        list[Path],
        typer.Argument(
            help="要签名的定稿 PDF，或文件夹（签署其中每份未签名的定稿），可多个", show_default=False
        ),
    ],
    p12: Annotated[Path, typer.Option("--p12", help="签名证书（PKCS#12：.p12 / .pfx）", show_default=False)],
    password_env: Annotated[
        str, typer.Option("--password-env", help="存放证书密码的环境变量名（未设置时在终端提示输入一次）")
    ] = PASSWORD_ENV,
    visible: Annotated[
        bool, typer.Option("--visible", help="在印章区域显示可见签名（不压署名和日期）")
    ] = False,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="签名后的 PDF（只签一份时；默认覆盖原文件并更新清单）")
    ] = None,
    manifest_signature: Annotated[
        bool,
        typer.Option("--manifest-signature/--no-manifest-signature", help="同时用该证书签署清单（.p7s）"),
    ] = True,
    allow_draft: Annotated[
        bool, typer.Option("--allow-draft", help="也签署没有定稿标记的 PDF（默认拒绝草稿）")
    ] = False,
    timestamp: Annotated[
        str | None,
        typer.Option(
            "--timestamp", help="时间戳服务（TSA）网址：签名带可信时间（PAdES-B-T）", show_default=False
        ),
    ] = None,
) -> None:
    """用 PAdES 数字签名签署定稿 PDF，并更新、签署清单。可给多个文件或文件夹，只输入一次密码。"""
    from .. import api

    chosen, skipped = api.sign_targets(pdfs, allow_draft)
    for s in skipped:
        err.print(
            _t(f"[yellow]跳过[/] {s.path}：{s.zh}", f"[yellow]skipped[/] {s.path}: {s.en}"), markup=True
        )
    if not chosen:
        if any(s.signed for s in skipped):  # a folder signed before: nothing left to do
            out.print(_t("没有需要签名的 PDF：定稿都已签名", "nothing to sign: every final PDF is signed"))
            return
        raise InputError.of("sign.args.no_final")
    if out_path is not None and (len(chosen) > 1 or any(p.is_dir() for p in pdfs)):
        raise InputError.of("sign.args.out_one")
    if timestamp is not None and not timestamp.lower().startswith(("http://", "https://")):
        raise InputError.of("sign.args.timestamp", timestamp=timestamp)
    password = _password(password_env)
    with err.status(_t("正在签名……", "signing…"), spinner="dots"):
        if out_path is not None:
            results = [
                api.sign(
                    chosen[0],
                    p12,
                    password,
                    visible=visible,
                    out=out_path,
                    manifest=manifest_signature,
                    allow_draft=allow_draft,
                    timestamp_url=timestamp,
                    password_env=password_env,
                )
            ]
        else:
            results = api.sign_many(
                chosen, p12, password, visible, manifest_signature, allow_draft, timestamp, password_env
            )
    failed = 0
    for result in results:
        if isinstance(result, InputError):
            failed += 1
            err.print(f"[bold red]{_t('错误', 'error')}[/] {result.text(State.lang)}", markup=True)
            continue
        out.print(
            _t(
                f"已签名 {result.pdf}（签名人：{result.signer}）",
                f"signed {result.pdf} (signer: {result.signer})",
            )
        )
        if result.manifest:
            out.print(_t(f"已更新清单 {result.manifest}", f"updated {result.manifest}"))
        if result.manifest_signature:
            out.print(
                _t(
                    f"已签署清单 {result.manifest_signature}",
                    f"signed the manifest: {result.manifest_signature}",
                )
            )
    if failed:
        err.print(
            _t(
                f"[bold red]{failed} 份未签名[/]，{len(results) - failed} 份已签名",
                f"[bold red]{failed} not signed[/], {len(results) - failed} signed",
            ),
            markup=True,
        )
        raise typer.Exit(ExitCode.BAD_INPUT)


def verify(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="PDF（单独一份即可核验）、清单文件（.manifest.json）或文件夹（核验其中每份定稿），可多个",
            show_default=False,
        ),
    ],
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help="所信任的证书：机关的根证书（CA），或其签名证书本身（PEM/DER），可重复"),
    ] = None,
    allow_unsigned: Annotated[
        bool, typer.Option("--allow-unsigned", help="未签名也可通过（只核对哈希）")
    ] = False,
) -> None:
    """核验定稿：PDF 签名、内嵌清单与数据、旁边的清单及其签名、各文件哈希。先给结论，再列事实。

    退出码：0 全部核验通过；1 有未通过的，或签名有效但证书未经信任验证（未给 --trust）。"""
    from rich.markup import escape

    from .. import api

    en = State.lang == "en"
    files, skipped = api.verify_targets(paths)
    for s in skipped:
        out.print(_t(f"[dim]–[/] {s.path}：{s.zh}", f"[dim]–[/] {s.path}: {s.en}"), markup=True)
    several = len(files) > 1
    passed = 0
    for path in files:
        report = api.verify(path, trust or [], require_signature=not allow_unsigned)
        zh_line, en_line = report.headline()
        ok = report.bottom_line
        passed += ok
        colour = "green" if ok else ("yellow" if report.verdict == "untrusted" else "red")
        line = en_line if en else zh_line
        if several:
            line = f"{report.pdf or path}{'：' if not en else ': '}{line}"
        # the verdict first, on the same stream as the facts so that it stays first when piped
        out.print(f"[bold {colour}]{escape(line)}[/]", markup=True)
        if several and ok:
            continue  # a pass among many: its verdict is enough
        for f in report.facts:
            mark = "[green]✓[/]" if f.ok else ("[dim]–[/]" if f.ok is None else "[bold red]✗[/]")
            if f.ok is False and not f.required:
                mark = "[yellow]![/]"
            out.print(f"{'  ' if several else ''}{mark} {escape(f.en if en else f.zh)}", markup=True)
    if several:
        out.print(
            _t(
                f"共 {len(files)} 份：{passed} 份核验通过，{len(files) - passed} 份未通过",
                f"{len(files)} documents: {passed} verified, {len(files) - passed} not",
            )
        )
    if passed < len(files):
        raise typer.Exit(ExitCode.FINDINGS)
